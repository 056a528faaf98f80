"""``imbcore sweep`` on a multiclass file: per-class curves, macro metrics, the best rule.

A file is multiclass when ``--score`` lists several columns (``p_a,p_b,p_c``,
one per class) or ``--score-prefix`` names them (``proba_``). The class of
each column is the label value it ends with after the common prefix
(``proba_cat`` scores the class ``cat``) when every column's ending is a
label value; otherwise the columns are the sorted labels in the order given.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from ._io import ScoredData, read_scored
from ..formatting import json_text, text_table
from .options import UsageError
from .progress import Progress

__all__ = ["is_multiclass", "read_multiclass", "run_sweep", "DEFAULT_METRICS"]

DEFAULT_METRICS = ("macro_f1", "balanced_accuracy", "gmean", "mcc")


def is_multiclass(args: argparse.Namespace) -> bool:
    """Whether the options name several score columns."""
    return bool(getattr(args, "score_prefix", None)) or "," in (args.score or "")


def _column_classes(columns: list[str], labels: np.ndarray) -> np.ndarray:
    """The class each score column stands for (see the module doc)."""
    import os

    seen = np.unique(labels)
    prefix = os.path.commonprefix(columns)
    endings = [c[len(prefix):] for c in columns]
    by_text = {str(v): v for v in seen.tolist()}
    if all(e in by_text for e in endings) and len(set(endings)) == len(endings):
        return np.array([by_text[e] for e in endings], dtype=seen.dtype)
    if seen.size != len(columns):
        raise UsageError(f"{len(columns)} score columns ({', '.join(columns)}) for "
                         f"{seen.size} classes in the labels "
                         f"({', '.join(str(v) for v in seen[:8].tolist())}); give one score "
                         "column per class")
    return seen


def read_multiclass(args: argparse.Namespace, progress: Progress) -> tuple[ScoredData, Any]:
    """Read the file's label and score columns and make the multiclass sweep."""
    from ..multiclass import sweep_multiclass

    where = "standard input" if args.file == "-" else args.file
    progress.update(f"reading {where}")
    listed = None if args.score_prefix else [c.strip() for c in args.score.split(",")]
    if args.score_prefix and args.score:
        raise UsageError("give --score (a list of columns) or --score-prefix, not both")
    data = read_scored(args.file, scores=listed, score_prefix=args.score_prefix,
                       label=args.label, weight=args.weight, delimiter=args.delimiter)
    if args.pos_label is not None:
        raise UsageError("--pos-label is for two classes; a multiclass file has a score "
                         "column per class")
    columns = data.score_columns or []
    classes = _column_classes(columns, data.label)
    progress.update(f"sweeping {len(data):,} rows of {len(columns)} classes")
    ms = sweep_multiclass(data.label, data.score, labels=classes, sample_weight=data.weight,
                          n_jobs=args.threads)
    return data, ms


def _best_rows(ms: Any, metrics: list[str], seed: int | None) -> list[dict[str, Any]]:
    rows = []
    for m in metrics:
        d = ms.best(m, rule="weights", random_state=seed)
        rows.append({"metric": m, "argmax": float(ms.evaluate(m)), "best": float(d.value),
                     "weights": [float(v) for v in np.asarray(d.weights)],
                     "recall": [float(v) for v in d.recall],
                     "precision": [float(v) for v in d.precision]})
    return rows


def run_sweep(args: argparse.Namespace, progress: Progress, metrics: list[str] | None) -> int:
    """``imbcore sweep`` of a multiclass file; returns the exit code."""
    data, ms = read_multiclass(args, progress)
    metrics = metrics or list(DEFAULT_METRICS)
    classes = [c.item() if hasattr(c, "item") else c for c in ms.classes]
    per_class = []
    for k, (c, sw) in enumerate(zip(classes, ms.sweeps)):
        b = sw.best("f1")
        per_class.append({"class": c, "column": data.score_columns[k],
                          "prevalence": float(ms.prevalence[k]), "roc_auc": float(sw.roc_auc),
                          "average_precision": float(sw.average_precision),
                          "best_f1": float(b.value), "best_f1_threshold": float(b.threshold)})
    progress.update("best decision rules")
    rows = _best_rows(ms, metrics, getattr(args, "seed", None))
    progress.stop()
    macro = {"roc_auc": float(ms.roc_auc("macro")),
             "average_precision": float(ms.average_precision("macro")),
             "accuracy": float(ms.evaluate("accuracy")),
             "macro_f1": float(ms.evaluate("macro_f1"))}
    if args.json:
        print(json_text({"file": args.file, "n_samples": len(data), "classes": classes,
                         "columns": data.score_columns, "per_class": per_class,
                         "macro": macro, "best": {r["metric"]: r for r in rows}}))
        return 0
    print(f"{data.path}: {len(data):,} samples, {len(classes)} classes (score columns "
          f"{', '.join(data.score_columns or [])})")
    print(text_table(["class", "column", "prevalence", "ROC-AUC", "AP", "best F1 (vs rest)",
                      "at threshold"],
                     [[str(r["class"]), r["column"], f"{r['prevalence']:.3%}",
                       f"{r['roc_auc']:.4f}", f"{r['average_precision']:.4f}",
                       f"{r['best_f1']:.4f}", f"{r['best_f1_threshold']:.4g}"]
                      for r in per_class], left=2))
    print(f"macro ROC-AUC {macro['roc_auc']:.4f}   macro AP {macro['average_precision']:.4f}   "
          f"argmax: accuracy {macro['accuracy']:.4f}, macro-F1 {macro['macro_f1']:.4f}")
    print()
    print("best rule argmax_j w_j s_j per metric (weights, smallest 1, in class order "
          f"{', '.join(str(c) for c in classes)}):")
    print(text_table(["metric", "argmax", "best", "weights"],
                     [[r["metric"], f"{r['argmax']:.4f}", f"{r['best']:.4f}",
                       " ".join(f"{w:.3g}" for w in r["weights"])] for r in rows]))
    return 0
