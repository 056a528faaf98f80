"""``imbcore sweep FILE``: the best threshold per metric, ROC-AUC and AP of scored data."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..metrics import metric_info
from ..advice import best_table
from ..bootstrap import interval_fields
from ..constraints import Constraints
from ..formatting import (
    fmt_count,
    fmt_fraction,
    fmt_threshold,
    fmt_value,
    json_text,
    text_table,
    threshold_digits,
)
from ..decision import summary_json
from .figures import plot_module, save_figure
from .options import (
    UsageError,
    add_bootstrap_options,
    add_common_options,
    add_data_options,
    add_metrics_option,
    check_metrics,
    parse_subject_to,
    split_metrics,
)
from .progress import Progress
from .scored import best_text, read_and_sweep, summary_text

__all__ = ["SWEEP_FIGURES", "DECISION_FIGURES", "add_parser", "fmt_interval", "run"]

SWEEP_FIGURES = ("pr_curve.png", "roc_curve.png", "metrics_vs_threshold.png")
#: Calibration and decision figures (the first two only for scores in [0, 1]).
DECISION_FIGURES = ("reliability_diagram.png", "decision_curve.png", "gains_chart.png")
# marked on the curves, and drawn along the threshold, unless --metrics names others
_MARKED = ("f1", "mcc", "balanced_accuracy")
_DRAWN = ("f1", "mcc", "balanced_accuracy", "precision", "recall")


def add_parser(sub: Any) -> None:
    """The ``sweep`` subcommand and its options."""
    s = sub.add_parser("sweep", help="best threshold per metric, ROC-AUC and AP of scored data",
                       description="Sweep every distinct threshold of the scores in FILE and "
                       "print the best threshold per metric, with ROC-AUC and average "
                       "precision.")
    add_data_options(s)
    s.add_argument("--score-prefix", dest="score_prefix", metavar="PREFIX",
                   help="multiclass: the score columns are those whose names start with "
                        "PREFIX, one per class (or list them: --score p_a,p_b,p_c)")
    add_metrics_option(s, ["all standard metrics; multiclass: macro_f1, balanced_accuracy, "
                           "gmean, mcc"])
    s.add_argument("more_files", metavar="FILE", nargs="*", help=argparse.SUPPRESS)
    s.add_argument("--memory-limit", metavar="SIZE",
                   help="stream the data within SIZE of memory (binary units: 1GB = 2^30 "
                        "bytes; at least 32MB). Several files, a folder or a quoted glob "
                        "('data/*.parquet') always stream, within 1GB by default")
    s.add_argument("--subject-to", action="append", metavar="METRIC=BOUND",
                   help="only thresholds where METRIC is at least BOUND (at most, for fpr, "
                        "fnr and cost); repeatable or comma-separated, e.g. --subject-to "
                        "precision=0.9 or --subject-to 'precision>=0.9,fpr<=0.01'")
    add_bootstrap_options(s)
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.add_argument("--plot", metavar="DIR",
                   help="also write " + ", ".join(SWEEP_FIGURES + DECISION_FIGURES) + " to DIR "
                   "(the reliability diagram and decision curve when scores lie in [0, 1])")
    add_common_options(s)
    s.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    """Run ``imbcore sweep``; returns the exit code."""
    from .multiclass import is_multiclass, run_sweep

    if is_multiclass(args):
        if args.plot is not None or args.bootstrap is not None or args.subject_to \
                or _streams(args):
            raise UsageError("--plot, --bootstrap, --subject-to, --memory-limit and several "
                             "files are for one score column; a multiclass sweep prints the "
                             "per-class curves' summaries and the best rules")
        return run_sweep(args, progress, split_metrics(args.metrics))
    names = split_metrics(args.metrics)
    metrics = check_metrics(names) if names else None
    subject_to = parse_subject_to(args.subject_to)
    if _streams(args):
        return _run_streaming(args, metrics, subject_to, progress)
    if args.plot is not None:
        plot_module()  # fail early, before the work, when matplotlib is missing
        _make_plot_dir(args.plot)
    data, s = read_and_sweep(args, progress)
    progress.update("best thresholds")
    rows = best_table(s, metrics, subject_to)
    boot = None
    if args.bootstrap is not None and rows:
        progress.update(f"{args.bootstrap:,} bootstrap replicates")
        boot = s.bootstrap([r["metric"] for r in rows], subject_to=subject_to,
                           n_resamples=args.bootstrap, ci=args.ci, random_state=args.seed,
                           n_jobs=args.threads)
        for r in rows:
            r.update(interval_fields(boot, r["metric"]))
    figures = []
    if args.plot:
        plot = plot_module()
        marked = _marked(metrics, subject_to)
        draw = {
            "pr_curve.png": lambda: plot.pr_curve(s, metrics=marked, subject_to=subject_to),
            "roc_curve.png": lambda: plot.roc_curve(s, metrics=marked, subject_to=subject_to),
            "metrics_vs_threshold.png": lambda: plot.metric_vs_threshold(
                s, metrics=_drawn(metrics, subject_to), subject_to=subject_to),
            "reliability_diagram.png": lambda: plot.reliability_diagram(s),
            "decision_curve.png": lambda: plot.decision_curve(s),
            "gains_chart.png": lambda: plot.gains_chart(s),
        }
        probabilities = 0.0 <= float(s.thresholds[-1]) and float(s.thresholds[0]) <= 1.0
        names = SWEEP_FIGURES + tuple(n for n in DECISION_FIGURES
                                      if probabilities or n == "gains_chart.png")
        for k, name in enumerate(names):
            progress.update(f"drawing {name}", k, len(names))
            path = os.path.join(args.plot, name)
            try:
                save_figure(draw[name](), path)
            except OSError as e:
                raise UsageError(f"--plot {args.plot}: cannot write {name}: "
                                 f"{e.strerror or e}") from None
            figures.append(path)
    progress.stop()
    if args.json:
        print(json_text({
            "file": args.file, "columns": data.columns, "n_samples": len(data),
            "n_pos": s.n_pos, "n_neg": s.n_neg, "prevalence": s.n_pos / (s.n_pos + s.n_neg),
            "n_thresholds": len(s), "roc_auc": s.roc_auc,
            "average_precision": s.average_precision, "subject_to": subject_to,
            "best": {r["metric"]: {k: v for k, v in r.items() if k not in ("metric", "lower")}
                     for r in rows},
            "figures": figures,
            **summary_json(s, {r["metric"]: r["threshold"] for r in rows}),
            **({} if boot is None else {"bootstrap": {
                "n_resamples": boot.n_resamples, "ci": boot.ci, "method": boot.method,
                "seed": args.seed, "roc_auc_ci": list(boot.interval("roc_auc")),
                "average_precision_ci": list(boot.interval("average_precision"))}}),
        }))
        return 0
    print(summary_text(s, data.path, len(data)))
    if subject_to:
        print(f"subject to {Constraints.parse(subject_to)}")
    if boot is not None:
        lo, hi = boot.interval("roc_auc")
        alo, ahi = boot.interval("average_precision")
        print(f"{boot.ci:.0%} intervals over {boot.n_resamples:,} Poisson bootstrap replicates "
              f"(percentile, seed {args.seed}): ROC-AUC [{lo:.4f}, {hi:.4f}]   average "
              f"precision [{alo:.4f}, {ahi:.4f}]")
    print()
    print(best_text(rows) if boot is None else _best_text_with_intervals(rows, boot.ci))
    for path in figures:
        print(f"wrote {path}")
    return 0


def fmt_interval(lo: float, hi: float, metric: str | None = None, *, digits: int = 4) -> str:
    """``[lo, hi]``: values as :func:`~imbcore.formatting.fmt_value` writes them (costs,
    which it writes with thousands separators, to 6 significant digits), thresholds
    (``metric=None``) to ``digits`` significant digits (those of the threshold beside
    them, :func:`~imbcore.formatting.threshold_digits`)."""
    if metric is None:
        return f"[{lo:.{digits}g}, {hi:.{digits}g}]"
    if metric_info(metric).scales_with_counts:
        return f"[{lo:.6g}, {hi:.6g}]"
    return f"[{fmt_value(metric, lo)}, {fmt_value(metric, hi)}]"


def _best_text_with_intervals(rows: list[dict[str, Any]], ci: float) -> str:
    """The table of :func:`~imbcore.cli.scored.best_text` with the bootstrap intervals of
    the best value and of the threshold beside them."""
    d = None
    if rows and any(not float(r[k]).is_integer() for r in rows for k in ("tp", "fp", "fn", "tn")):
        d = 4
    level = f"{ci:.0%}"
    table = text_table(
        ["metric", "best", f"best {level} CI", "threshold", f"threshold {level} CI",
         "precision", "recall", "tp", "fp", "fn", "tn"],
        [[r["metric"], fmt_value(r["metric"], r["value"]),
          fmt_interval(r["value_ci"][0], r["value_ci"][1], r["metric"]),
          fmt_threshold(r["threshold"], r.get("lower")),
          fmt_interval(r["threshold_ci"][0], r["threshold_ci"][1],
                       digits=threshold_digits(r["threshold"], r.get("lower"))),
          fmt_fraction(r["precision"]), fmt_fraction(r["recall"]),
          fmt_count(r["tp"], d), fmt_count(r["fp"], d), fmt_count(r["fn"], d),
          fmt_count(r["tn"], d)] for r in rows])
    unmet = [f"{r['metric']} {r['unmet']:.1%}" for r in rows if r["unmet"] > 0]
    if unmet:
        table += ("\nreplicates where no threshold meets the constraints (left out of the "
                  "intervals): " + ", ".join(unmet))
    return table


def _drawn(metrics: list[str] | None, subject_to: dict[str, float] | None) -> list[str]:
    """The metrics drawn against the threshold: those of the table (or the usual
    five), then every constrained metric not among them, so that its bound is seen."""
    drawn = list(metrics or _DRAWN)
    names = {metric_info(m).name for m in drawn}
    return drawn + [k for k in (subject_to or {}) if metric_info(k).name not in names]


def _marked(metrics: list[str] | None, subject_to: dict[str, float] | None) -> list[str]:
    """The metrics whose best point the curves mark: those of the table, at most four.

    Unconstrained, the best of a one-sided metric is an end of the curve, nothing
    to mark; under a constraint on another metric it is a real choice (the
    highest recall with precision >= 0.9), and the table reports it.
    """
    constrained = set(subject_to or ())
    keep = [m for m in (metrics or _MARKED)
            if not metric_info(m).one_sided or (constrained and m not in constrained)]
    return keep[:4] or ["f1"]


def _make_plot_dir(path: str) -> None:
    """Make the --plot folder before the work, or say in one line why it cannot be."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        why = e.strerror or str(e)
        if isinstance(e, FileExistsError) or os.path.exists(path):
            why = f"{why} (a file of that name is in the way; name a folder)"
        raise UsageError(f"--plot {path}: cannot make the folder: {why}") from None

def _streams(args: argparse.Namespace) -> bool:
    """Several files, a folder, a glob or --memory-limit: the streaming sweep."""
    import glob

    f = args.file
    return bool(args.more_files or args.memory_limit is not None
                or (f not in (None, "-") and (os.path.isdir(f)
                                              or (not os.path.exists(f) and glob.has_magic(f)))))


def _run_streaming(args: argparse.Namespace, metrics: list[str] | None,
                   subject_to: dict[str, float] | None, progress: Progress) -> int:
    """``imbcore sweep`` over files read in batches (:func:`imbcore.sweep_dataset`)."""
    from ..scale import sweep_dataset

    for opt, value in (("--plot", args.plot), ("--bootstrap", args.bootstrap),
                       ("--delimiter", args.delimiter)):
        if value is not None:
            raise UsageError(f"{opt} is not available when streaming several files, a folder "
                             "or a glob (--memory-limit)")
    if args.label is None or args.score is None:
        raise UsageError("streaming several files, a folder or a glob needs --label COL and "
                         "--score COL")
    sources = [args.file, *args.more_files]
    pos_label: Any = args.pos_label
    if pos_label is not None:
        try:
            pos_label = int(pos_label)
        except ValueError:
            pass
    progress.stop()  # sweep_dataset draws its own bar
    s = sweep_dataset(sources if len(sources) > 1 else sources[0], label=args.label,
                      score=args.score, weight=args.weight, pos_label=pos_label,
                      memory_limit=args.memory_limit or "1GB", metrics=metrics,
                      subject_to=subject_to, progress=not args.quiet)
    rows = best_table(s, metrics, subject_to)
    name = sources[0] if len(sources) == 1 else f"{len(sources)} files"
    if args.json:
        print(json_text({
            "file": sources, "n_samples": s.n_rows, "n_pos": s.n_pos, "n_neg": s.n_neg,
            "prevalence": s.prevalence, "n_thresholds": len(s), "roc_auc": s.roc_auc,
            "average_precision": s.average_precision, "subject_to": subject_to,
            "best": {r["metric"]: {k: v for k, v in r.items() if k != "metric"} for r in rows},
        }))
        return 0
    print(summary_text(s, name, s.n_rows))  # type: ignore[arg-type]
    if subject_to:
        print("subject to " + ", ".join(
            f"{k} {'>=' if metric_info(k).higher_is_better else '<='} {v:g}"
            for k, v in subject_to.items()))
    print()
    print(best_text(rows))
    return 0
