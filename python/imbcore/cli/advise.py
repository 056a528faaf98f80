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
    a.add_argument("--theory", action="store_true",
                   help="with FILE: also show what the theory predicts on fitted curves "
                        "(binormal, Lp, both landing rules), for comparison")
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
    fit = adv.get("binormal")
    if fit is not None and fit.get("max_distance") is not None:
        fit["poor_fit"] = bool(fit["max_distance"] > POOR_FIT)
    boot = None
    if args.bootstrap is not None and s is None:
        raise UsageError("--bootstrap needs a FILE of scores to resample")
    # with scores, the recommended thresholds come with intervals by default
    n_boot = args.bootstrap if args.bootstrap is not None else DEFAULT_REPLICATES
    if s is not None:
        with_data = [r["metric"] for r in adv["rows"] if r.get("data")]
        if with_data:
            progress.update(f"{n_boot:,} bootstrap replicates")
            boot = s.bootstrap(with_data, n_resamples=n_boot, ci=args.ci,
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
        print(f"prevalence {prevalence:.4g}")
        print()
        print(_recommendations(adv, boot, args.seed))
        if not args.theory:
            print("\n'imbcore advise FILE --theory' adds what the theory predicts on curves "
                  "fitted to this ROC (binormal, Lp), for comparison.")
            return 0
        print()
        print("Theory, for comparison: the weights the curve families predict")
        print("--------------------------------------------------------------")
    else:
        print("Theory only (no scores given): what a model whose ROC is this curve would do")
        print("--------------------------------------------------------------------------")
        print("These assume the model's ROC has the curve's shape; a real model's may differ "
              "a lot (its\nreachable F1, say, can be far higher or lower). Give FILE with "
              "validation scores for a\nrecommendation on the model itself.")
    _theory(adv, auc, s)
    return 0


#: A binormal fit whose largest vertical gap to the ROC exceeds this is flagged.
POOR_FIT = 0.05

#: Bootstrap replicates behind the recommendation's intervals unless --bootstrap says.
DEFAULT_REPLICATES = 200


def _recommendations(adv: dict[str, Any], boot: Any, seed: int) -> str:
    """One line per metric: the threshold to use (with intervals) and the weight that
    equals it on the model's own ROC."""
    ci = f"{boot.ci:.0%} interval" if boot is not None else None
    headers = ["metric", "use threshold"] + ([ci] if ci else []) + ["value there"] + (
        [ci] if ci else []) + ["or retrain with weight"]
    rows = []
    for r in adv["rows"]:
        m, d, own = r["metric"], r.get("data"), r.get("empirical")
        if not d:
            rows.append([m, "-"] + (["-"] if ci else []) + ["undefined"] + (["-"] if ci else [])
                        + ["-"])
            continue
        cells = [m, fmt_threshold(d["threshold"])]
        if ci:
            cells.append(fmt_interval(d["threshold_ci"][0], d["threshold_ci"][1]))
        cells.append(fmt_value(m, d["value"]))
        if ci:
            cells.append(fmt_interval(d["value_ci"][0], d["value_ci"][1], m))
        cells.append(_weight_text(own))
        rows.append(cells)
    lines = ["Recommendation per metric, for this model's scores:", "",
             text_table(headers, rows), "",
             "use threshold: predict positive when score >= threshold (no retraining). "
             "or retrain with\nweight: the class weight that puts a well-specified model "
             "trained with weighted\ncross-entropy at that same point of this model's own "
             "ROC (the Bayes rule); moving the\nthreshold does the same at no cost."]
    if boot is not None:
        lines.append(f"intervals: {boot.ci:.0%} percentile intervals over "
                     f"{boot.n_resamples:,} Poisson bootstrap replicates (seed {seed}); "
                     "--bootstrap N sets N.")
    return "\n".join(lines)


def _weight_text(own: dict[str, Any] | None) -> str:
    if not own:
        return "-"
    rng = own.get("alpha_range")
    if rng and not own["at_bound"] and not own["flat"] and rng[1] > rng[0] * 1.0005:
        return f"{own['alpha_text']} (any in {rng[0]:.4g} to {rng[1]:.4g})"
    return own["alpha_text"]


def _theory(adv: dict[str, Any], auc: float, s: Any) -> None:
    """The comparison of curve families and landing rules."""
    nw = adv["natural_weight"]
    print(f"natural weight (1-beta)/beta = {nw:.4g}")
    if adv["p"] is None:
        print(f"ROC-AUC {auc:.4f} is outside (0.5, 1): no curve of the family matches, so "
              "there is no advice on the weight from it.")
    else:
        print(f"ROC-AUC {auc:.4f}  ->  p = {adv['p']:.4g} (the curve z = (1-x^p)^(1/p) with "
              "this AUC)")
    fit = adv.get("binormal")
    if fit is not None:
        how = (f"fitted to the ROC, largest gap {fit['max_distance']:.3f}"
               if fit["source"] == "fit" else "equal variances, this AUC")
        print(f"binormal curve a = {fit['a']:.4g}, b = {fit['b']:.4g} ({how})")
        if fit["source"] == "fit" and fit["max_distance"] > POOR_FIT:
            print(f"POOR FIT: the binormal curve misses this ROC by up to "
                  f"{fit['max_distance']:.3f} in recall (more than {POOR_FIT}); its columns "
                  "describe that curve, not\nthis model: trust the own-ROC column.")
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
        headers += ["best threshold", "= weight"]
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
            cells += ([fmt_threshold(d["threshold"]),
                       "-" if d["weight"] is None else f"{d['weight']:.4g}"] if d
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
        print("'= weight': the class weight (1-t)/t that threshold t equals on calibrated "
              "scores (scores in [0, 1] only).")
