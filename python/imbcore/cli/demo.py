"""``imbcore demo``: the main job on built-in data: figures, tables and a report."""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from .. import demo as builtin_demo
from ..formatting import fmt_threshold, fmt_value, text_table
from .figures import plot_module
from .options import UsageError, add_common_options, positive_int, seed
from .progress import Progress
from .scored import best_text, summary_text

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """The ``demo`` subcommand and its options."""
    d = sub.add_parser("demo", help="the main job on built-in data: figures, tables, report",
                       description="Make a realistic scored validation set (a logistic "
                       "regression on synthetic rare-event data, prevalence 1.5%), sweep it, "
                       "print the best threshold per metric and the advice from theory, and "
                       "write the theory and data figures and a markdown report to DIR.")
    d.add_argument("--out", metavar="DIR", default="imbcore-demo",
                   help="where to write figures and report.md (default: ./imbcore-demo)")
    d.add_argument("--n", type=positive_int, default=1_000_000, metavar="N",
                   help="validation samples (default: 1,000,000, also written 1e6; at least "
                        "1,000)")
    d.add_argument("--seed", type=seed, default=None, metavar="S",
                   help="random seed of the data, a whole number >= 0 (default: 2024)")
    d.add_argument("--save-data", action="store_true",
                   help="also write the data set to DIR/validation.npz (arrays label, score)")
    add_common_options(d)
    d.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    """Run ``imbcore demo``; returns the exit code."""
    if args.n < 1000:
        raise UsageError(f"--n {args.n}: the demo needs at least 1,000 samples")
    plot_module()
    data_seed = builtin_demo.SEED if args.seed is None else args.seed
    t0 = time.perf_counter()
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as e:
        raise UsageError(f"--out {args.out}: cannot make the folder: {e.strerror or e}") from None
    r = builtin_demo.run(args.out, args.n, seed=data_seed, save_data=args.save_data,
                         n_jobs=args.threads, step=progress.update)
    progress.stop()
    s = r.sweep
    print(f"imbcore demo: {r.n:,} scored validation samples (logistic regression on synthetic "
          f"rare-event data, seed {data_seed})")
    print(summary_text(s, "validation set"))
    print()
    print("Best threshold per metric (predict positive when score >= threshold):")
    print(best_text(r.best))
    print()
    adv = r.advice
    if adv["p"] is not None:
        print(f"Theory: ROC-AUC {adv['roc_auc']:.4f} -> p = {adv['p']:.4g}; class weight to "
              f"train with (alpha*, Bayes rule) on the model's own ROC, the fitted binormal "
              f"curve and the Lp curve, beside the natural weight {adv['natural_weight']:.4g} "
              "and the best threshold (and the weight it equals on calibrated scores):")

        def alpha(row: dict, key: str) -> str:
            return row[key]["alpha_text"] if row.get(key) else "-"

        def weight(row: dict) -> str:
            d = row.get("data")
            return "-" if not d or d.get("weight") is None else f"{d['weight']:.4g}"

        print(text_table(["metric", "alpha* own ROC", "alpha* binormal", "alpha* Lp",
                          "alpha* Lp exp.loss", "best threshold", "= weight"],
                         [[row["metric"], alpha(row, "empirical"), alpha(row, "binormal"),
                           alpha(row, "theory"), alpha(row, "lp_expected_loss"),
                           fmt_threshold(row["data"]["threshold"]) if row.get("data") else "-",
                           weight(row)]
                          for row in adv["rows"]]))
        print()
    if r.retraining:
        print("Check: the model retrained with each weight, measured at threshold 0.5, beside "
              "the alpha = 1 model with its threshold moved to 1/(1+alpha) and each rule's "
              "prediction (Bayes on the own ROC / binormal fit / Lp; expected loss on Lp):")
        cells = []
        for row in r.retraining:
            for m in builtin_demo.RETRAIN_METRICS:
                v = row[m]
                cells.append([f"{row['alpha']:.4g}", m] + [
                    "-" if v[k] is None else fmt_value(m, v[k])
                    for k in ("measured", "moved", "own_roc", "binormal", "lp_bayes",
                              "lp_expected_loss")])
        print(text_table(["alpha", "metric", "retrained", "moved threshold", "Bayes own ROC",
                          "Bayes binormal", "Bayes Lp", "exp.loss Lp"], cells, left=2))
        print("A class weight does what moving the threshold does: for a well-specified "
              "model the threshold can be moved after training at no cost.")
        print()
    print(f"Wrote {len(r.figures)} figures and {r.report}"
          + (f" and {r.data_file}" if r.data_file else ""))
    sec = r.seconds
    print(f"Done in {time.perf_counter() - t0:.1f} s (data {sec['data']:.1f} s, sweep and best "
          f"thresholds {sec['sweep']:.2f} s, retraining {sec.get('retraining', 0.0):.1f} s, "
          f"figures {sec['figures']:.1f} s).")
    return 0
