"""The scored data a command works on: read FILE, sweep it, and describe the result.

Shared by ``sweep``, ``advise`` and ``demo``.
"""

from __future__ import annotations

import argparse
import warnings
from typing import Any

import numpy as np

from .._sweep import Sweep
from ..metrics import metric_info
from .._sweep import sweep
from ._io import ScoredData, read_scored
from ..formatting import (
    count_decimals,
    fmt_count,
    fmt_fraction,
    fmt_threshold,
    fmt_value,
    text_table,
)
from .options import UsageError
from .progress import Progress

__all__ = ["read_and_sweep", "pos_label_value", "summary_text", "best_text"]


def read_and_sweep(args: argparse.Namespace, progress: Progress) -> tuple[ScoredData, Sweep]:
    """Read ``args.file`` with the column options, and sweep it."""
    where = "standard input" if args.file == "-" else args.file
    progress.update(f"reading {where}")
    data = read_scored(args.file, score=args.score, label=args.label, weight=args.weight,
                       delimiter=args.delimiter)
    labels = data.label
    pos_label = pos_label_value(args.pos_label, labels, data)
    progress.update(f"sweeping {len(data):,} scores")
    s = sweep(labels, data.score, sample_weight=data.weight, pos_label=pos_label,
              n_jobs=args.threads)
    if s.n_pos <= 0 or s.n_neg <= 0:
        kind = "positive" if s.n_neg <= 0 else "negative"
        raise UsageError(f"{data.path}: every sample is {kind} (column "
                         f"{data.columns['label']!r}); the curves need both classes"
                         + ("" if args.pos_label is not None else
                            ", or name the positive class with --pos-label"))
    return data, s


def pos_label_value(text: str | None, labels: np.ndarray, data: ScoredData) -> Any:
    """--pos-label read in the type of the labels, and checked to be one of them."""
    col = data.columns["label"]
    kind = labels.dtype.kind
    if text is None:
        third = data.third_label()
        if third is not None:
            seen = np.unique(labels[: 1 << 20])
            shown = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in seen[:5])
            raise UsageError(
                f"{data.path}: column {col!r} holds more than two labels ({shown}"
                f"{', ...' if seen.size > 5 else ''}); the third, "
                f"{labels[third].item() if hasattr(labels[third], 'item') else labels[third]!r},"
                f" first appears at {data.place(third)}; a sweep needs two classes, or name "
                "the positive one with --pos-label for a one-vs-rest sweep")
        if kind in "US":
            seen = np.unique(labels[: 1 << 20])
            shown = ", ".join(repr(str(v)) for v in seen[:5])
            raise UsageError(f"{data.path}: column {col!r} holds labels {shown}; "
                             "name the positive one with --pos-label")
        if kind in "iuf" and labels.size:
            lo, hi = labels.min().item(), labels.max().item()
            two = np.count_nonzero(labels == lo) + np.count_nonzero(labels == hi) == labels.size
            if lo != hi and two and not ({lo, hi} <= {0, 1} or {lo, hi} <= {-1, 1}):
                raise UsageError(f"{data.path}: column {col!r} holds labels {lo:g}, {hi:g}; "
                                 "name the positive one with --pos-label")
        return None
    try:
        if kind == "b":
            low = text.strip().lower()
            if low not in ("true", "false", "1", "0"):
                raise ValueError
            value: Any = low in ("true", "1")
        elif kind in "iu":
            value = int(float(text)) if float(text).is_integer() else float(text)
        elif kind == "f":
            value = float(text)
        else:
            value = text
    except ValueError:
        raise UsageError(f"--pos-label {text!r} is not a value of column {col!r} "
                         f"(its labels are {labels.dtype.name})") from None
    if not (labels == value).any():
        seen = np.unique(labels[: 1 << 20])
        shown = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in seen[:5])
        raise UsageError(f"--pos-label {text!r} is not a value of column {col!r} "
                         f"(values seen: {shown})")
    return value


def summary_text(s: Sweep, source: str, n_rows: int | None = None) -> str:
    """Two lines: the samples, positives, prevalence and distinct scores; ROC-AUC and AP."""
    total = s.n_pos + s.n_neg
    prevalence = s.n_pos / total
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        auc = s.roc_auc
    if s.weighted:
        d = count_decimals(total)
        size = (f"{n_rows:,} samples of total weight {fmt_count(total, d)}, positive weight "
                f"{fmt_count(s.n_pos, d)}")
    else:
        size = f"{fmt_count(total)} samples, {fmt_count(s.n_pos)} positive"
    text = (f"{source}: {size} (prevalence {prevalence:.3%}), {len(s):,} distinct scores\n"
            f"ROC-AUC {auc:.4f}   average precision {s.average_precision:.4f}")
    if auc < 0.5:
        text += ("\n(ROC-AUC below 0.5: do higher scores mean negative? Negate the scores "
                 "or check --pos-label)")
    return text


def best_text(rows: list[dict[str, Any]]) -> str:
    """The table of :func:`imbcore.advice.best_table` rows.

    Weighted counts (and costs) share one number of decimals, so they line up.
    """
    d = None
    if rows and any(not float(r[k]).is_integer() for r in rows for k in ("tp", "fp", "fn", "tn")):
        d = count_decimals(rows[0]["tp"] + rows[0]["fp"] + rows[0]["fn"] + rows[0]["tn"])

    def value(r: dict[str, Any]) -> str:
        if d is not None and metric_info(r["metric"]).row == "cost":
            return fmt_count(r["value"], d)
        return fmt_value(r["metric"], r["value"])

    return text_table(
        ["metric", "best", "threshold", "precision", "recall", "tp", "fp", "fn", "tn"],
        [[r["metric"], value(r), fmt_threshold(r["threshold"], r.get("lower")),
          fmt_fraction(r["precision"]), fmt_fraction(r["recall"]), fmt_count(r["tp"], d),
          fmt_count(r["fp"], d), fmt_count(r["fn"], d), fmt_count(r["tn"], d)] for r in rows])
