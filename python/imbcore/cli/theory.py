"""``imbcore theory``: the optimal class weight per curve exponent p, from the theory."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Any, Sequence

from ..advice import theory_table
from ..formatting import fmt_value, json_text, text_table
from .figures import check_figure_path, plot_module, save_figure
from .options import (
    UsageError,
    add_common_options,
    add_metrics_option,
    check_metrics,
    number_list,
    split_metrics,
)
from .progress import Progress

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """The ``theory`` subcommand and its options."""
    t = sub.add_parser("theory", help="optimal class weight per p from the theory",
                       description="For each curve exponent p: the optimal weight alpha*, "
                       "the expected metric at alpha*, at alpha = 1 and at the natural weight "
                       "(1-beta)/beta.")
    add_metrics_option(t, ["f1"])
    t.add_argument("--beta", type=number_list, default=[0.01], metavar="B[,B...]",
                   help="prevalence(s) of the positive class (default: 0.01)")
    t.add_argument("--p", type=number_list, default=[2.0, 5.0, 10.0], metavar="P[,P...]",
                   help="curve exponents, >= 1 (default: 2,5,10)")
    t.add_argument("--rule", choices=["bayes", "expected_loss"], default="bayes",
                   help="landing rule: bayes (where weighted models land; default) or "
                   "expected_loss (the original analysis)")
    t.add_argument("--json", action="store_true", help="print JSON instead of a table")
    t.add_argument("--plot", metavar="FILE",
                   help="also draw the metric against alpha to FILE (.png, .pdf, .svg)")
    add_common_options(t)
    t.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    """Run ``imbcore theory``; returns the exit code."""
    metrics = check_metrics(split_metrics(args.metrics) or ["f1"])
    if args.plot:
        check_figure_path(args.plot)
    tables = []
    for m in metrics:
        for b in args.beta:
            tables.append((m, b, theory_table(m, args.p, b, n_jobs=args.threads,
                                              rule=args.rule)))
    if args.plot:
        plot = plot_module()
        progress.update(f"drawing {args.plot}")
        try:
            save_figure(_figure(plot, metrics, args.beta, args.p, args.rule), args.plot)
        except OSError as e:
            raise UsageError(f"--plot {args.plot}: cannot write it: {e.strerror or e}") from None
    progress.stop()
    if args.json:
        print(json_text([row for _, _, rows in tables for row in rows]))
        return 0
    for i, (m, b, rows) in enumerate(tables):
        if i:
            print()
        nw = rows[0]["natural_weight"]
        print(f"{m} at prevalence beta = {b:g} (natural weight (1-beta)/beta = {nw:.4g}; "
              f"{args.rule} rule)")
        print(text_table(["p", "ROC-AUC", "alpha*", f"{m} at alpha*", "at alpha=1",
                          f"at alpha={nw:.4g}"],
                         [[f"{r['p']:g}", f"{r['roc_auc']:.4f}", r["alpha_text"],
                           fmt_value(m, r["at_optimum"]), fmt_value(m, r["at_alpha_1"]),
                           fmt_value(m, r["at_natural"])] for r in rows], left=0))
        notes = {r["alpha_text"] for r in rows if r["flat"] or r["at_bound"]}
        if any("bound" in t for t in notes):
            print(f"(bound: {m} keeps improving towards the end of the search range "
                  "1e-12..1e12)")
        if any("flat" in t for t in notes):
            print(f"(flat: at this p {m} does not depend on alpha)")
    if args.plot:
        print(f"wrote {args.plot}")
    return 0


def _figure(plot: ModuleType, metrics: Sequence[str], betas: Sequence[float],
            ps: Sequence[float], rule: str) -> Any:
    """One panel per metric and prevalence: the metric against alpha, one line per p."""
    if len(metrics) == 1 and len(betas) == 1:
        return plot.metric_vs_alpha(metrics[0], ps, betas[0], rule=rule)
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(metrics), len(betas), squeeze=False, layout="constrained",
                             figsize=(9.6 * len(betas), 4.4 * len(metrics)))
    for i, m in enumerate(metrics):
        for j, b in enumerate(betas):
            ax = plot.metric_vs_alpha(m, ps, b, rule=rule, ax=axes[i][j])
            # beside each panel rather than over its lines, as in a one-panel figure
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                      fontsize="small", title="curve exponent p")
    return axes[0][0]
