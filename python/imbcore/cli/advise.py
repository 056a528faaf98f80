"""``imbcore advise``: the weight to train with (theory) beside the threshold to use (data)."""

from __future__ import annotations

import argparse
from typing import Any

from ..advice import ADVICE_METRICS, advice_table
from ..bootstrap import interval_fields
from ..calibration import calibration_line
from ..formatting import fmt_threshold, fmt_value, json_text, text_table
from .options import (
    UsageError,
    add_bootstrap_options,
    add_common_options,
    add_data_options,
    add_metrics_option,
    check_metrics,
    probability,
    split_metrics,
)
from .progress import Progress
from .scored import read_and_sweep, summary_text
from .sweep import fmt_interval

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """The ``advise`` subcommand and its options."""
    a = sub.add_parser("advise", help="weight from theory beside threshold from data",
                       description="From a model's validation scores (FILE), or from its "
                       "ROC-AUC and the prevalence: the p whose curve has that AUC, and per "
                       "metric the class weight to train with (theory) beside the best "
                       "threshold for the scores as they are (data).")
    add_data_options(a, optional=True)
    a.add_argument("--auc", type=float, metavar="A",
                   help="ROC-AUC of the model, in (0.5, 1) (instead of FILE)")
    a.add_argument("--prevalence", type=probability, metavar="B",
                   help="prevalence of the positive class, in (0, 1) (instead of FILE)")
    add_metrics_option(a, ADVICE_METRICS)
    add_bootstrap_options(a)
    a.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_common_options(a)
    a.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    """Run ``imbcore advise``; returns the exit code."""
    metrics = check_metrics(split_metrics(args.metrics) or list(ADVICE_METRICS))
    s: Any = None
    data: Any = None
    if args.file is not None:
        if args.auc is not None or args.prevalence is not None:
            raise UsageError("give FILE, or --auc and --prevalence, not both")
        data, s = read_and_sweep(args, progress)
        prevalence = s.n_pos / (s.n_pos + s.n_neg)
        auc = s.roc_auc
        source = data.path
    else:
        if args.auc is None or args.prevalence is None:
            raise UsageError("advise needs a FILE of scores, or both --auc and --prevalence")
        if not 0.5 < args.auc < 1.0:
            raise UsageError(f"--auc {args.auc:g}: give a ROC-AUC strictly between 0.5 "
                             "(chance) and 1 (perfect)")
        prevalence, auc, source = args.prevalence, args.auc, None
    progress.update("advice from theory")
    adv = advice_table(auc, prevalence, sweep=s, metrics=metrics, n_jobs=args.threads)
    boot = None
    if args.bootstrap is not None:
        if s is None:
            raise UsageError("--bootstrap needs a FILE of scores to resample")
        with_data = [r["metric"] for r in adv["rows"] if r.get("data")]
        if with_data:
            progress.update(f"{args.bootstrap:,} bootstrap replicates")
            boot = s.bootstrap(with_data, n_resamples=args.bootstrap, ci=args.ci,
                               random_state=args.seed, n_jobs=args.threads)
            for r in adv["rows"]:
                if r.get("data"):
                    r["data"].update(interval_fields(boot, r["metric"]))
    progress.stop()
    if args.json:
        out = dict(adv)
        if data is not None:
            out["file"] = args.file
            out["n_samples"] = len(data)
        print(json_text(out))
        return 0
    if s is not None:
        print(summary_text(s, source, len(data)))
    nw = adv["natural_weight"]
    print(f"prevalence {prevalence:.4g}   natural weight (1-beta)/beta = {nw:.4g}")
    if adv["p"] is None:
        print(f"ROC-AUC {auc:.4f} is outside (0.5, 1): no curve of the family matches, so "
              "there is no advice on the weight from it; the model's own ROC and the "
              "thresholds below still hold.")
    else:
        print(f"ROC-AUC {auc:.4f}  ->  p = {adv['p']:.4g} (the curve z = (1-x^p)^(1/p) with "
              "this AUC)")
    fit = adv.get("binormal")
    if fit is not None:
        how = (f"fitted to the ROC, largest gap {fit['max_distance']:.3f}"
               if fit["source"] == "fit" else "equal variances, this AUC")
        print(f"binormal curve a = {fit['a']:.4g}, b = {fit['b']:.4g} ({how})")
    calibration = None if s is None else calibration_line(s)
    if calibration is not None:
        print(calibration)
    print()
    headers = ["metric"]
    own = s is not None and any(r.get("empirical") for r in adv["rows"])
    if own:
        headers += ["alpha* own ROC"]
    if fit is not None:
        headers += ["alpha* binormal", "at alpha*", "at alpha=1"]
    if adv["p"] is not None:
        headers += ["alpha* Lp", "alpha* Lp exp.loss"]
    if s is not None:
        headers += ["best threshold", "value", "= weight"]
    if boot is not None:
        headers += [f"threshold {boot.ci:.0%} CI", f"value {boot.ci:.0%} CI"]
    rows = []
    for r in adv["rows"]:
        m = r["metric"]
        cells = [m]
        if own:
            cells += [r["empirical"]["alpha_text"] if r.get("empirical") else "-"]
        if fit is not None:
            bn = r.get("binormal")
            cells += ([bn["alpha_text"], fmt_value(m, bn["value"]), fmt_value(m, bn["at_alpha_1"])]
                      if bn else ["-", "-", "-"])
        if adv["p"] is not None:
            cells += [r["theory"]["alpha_text"], r["lp_expected_loss"]["alpha_text"]]
        if s is not None:
            d = r["data"]
            cells += ([fmt_threshold(d["threshold"]), fmt_value(m, d["value"]),
                       "-" if d["weight"] is None else f"{d['weight']:.4g}"] if d
                      else ["-", "-", "-"])
            if boot is not None:
                cells += ([fmt_interval(d["threshold_ci"][0], d["threshold_ci"][1]),
                           fmt_interval(d["value_ci"][0], d["value_ci"][1], m)] if d
                          else ["-", "-"])
        rows.append(cells)
    print(text_table(headers, rows))
    print()
    print("alpha*: the class weight to train with (weighted cross-entropy) for that metric, "
          "where a well-specified model lands by the Bayes rule (threshold 1/(1+alpha) on "
          "calibrated scores), on the model's own ROC, on the binormal curve and on the Lp "
          "curve; 'Lp exp.loss': the original analysis's expected-loss rule, for comparison "
          "(training does not follow it). 'at ...': the metric expected on the binormal curve.")
    if s is not None:
        print("best threshold: where to cut these scores for that metric, keeping the model "
              "as it is (predict positive when score >= threshold); '= weight': the class "
              "weight (1-t)/t that threshold t equals on calibrated scores. A class weight "
              "does what moving the threshold does, and the threshold can be moved after "
              "training at no cost.")
    if boot is not None:
        print(f"CI: {boot.ci:.0%} percentile intervals over {boot.n_resamples:,} Poisson "
              f"bootstrap replicates (seed {args.seed}).")
    return 0
