"""Multilabel and multiclass ranking scores, averaged as scikit-learn averages them.

:func:`average_binary_score` is scikit-learn's ``_average_binary_score``: a
binary metric per column (or per row, for ``average='samples'``), then the
average. :func:`multiclass_roc_auc` is scikit-learn's
``_multiclass_roc_auc_score``: the same checks and messages, one-vs-rest and
one-vs-one (Hand & Till). Unweighted multiclass AUC does not build one curve
per class or pair: one Rust pass sorts each column once per class and counts,
for every ordered pair of classes, how often a sample of the first outranks
one of the second in the first's column (ties counting one half); every
one-vs-rest and one-vs-one area follows from those counts.
"""

from __future__ import annotations

import warnings
from itertools import combinations
from typing import Any, Callable

import numpy as np

from . import _core
from ._targets import check_lengths, check_sample_weight, column, distinct
from .errors import ImbcoreError, _undefined_metric_warning

__all__ = ["average_binary_score", "multiclass_roc_auc", "encode"]

BinaryMetric = Callable[..., float]


def average_binary_score(metric: BinaryMetric, y_true: np.ndarray, y_score: Any,
                         average: str | None, sample_weight: Any, y_type: str) -> Any:
    """A binary metric, averaged over the columns of multilabel input."""
    if y_type not in ("binary", "multilabel-indicator"):
        raise ImbcoreError(f"invalid y_true: got {y_type} labels; {y_type} format is not "
                           "supported")
    if y_type == "binary":
        return metric(y_true, y_score, sample_weight=sample_weight)
    check_lengths(y_true=y_true, y_score=y_score, sample_weight=sample_weight)
    y_true = np.asarray(y_true)
    scores = np.asarray(y_score)
    if scores.ndim != 2:
        raise ImbcoreError(f"invalid y_score: got an array of shape {scores.shape}; Expected "
                           "2D array, y_score must have one column per label")
    weights = None
    if sample_weight is not None:
        weights = check_sample_weight(column(np.asarray(sample_weight), "sample_weight"),
                                      y_true.shape[0])
    score_weight = weights
    average_weight = None
    axis = 1
    if average == "micro":
        if score_weight is not None:
            score_weight = np.repeat(score_weight, y_true.shape[1])
        y_true = y_true.ravel()
        scores = scores.ravel()
    elif average == "weighted":
        if score_weight is not None:
            average_weight = np.sum(np.multiply(y_true.astype(score_weight.dtype),
                                                score_weight.reshape(-1, 1)), axis=0)
        else:
            average_weight = np.sum(y_true, axis=0)
        if np.isclose(np.sum(average_weight), 0):
            return 0  # scikit-learn returns the integer 0 here
    elif average == "samples":
        average_weight, score_weight = score_weight, None
        axis = 0
    if y_true.ndim == 1:
        y_true = y_true.reshape(-1, 1)
    if scores.ndim == 1:
        scores = scores.reshape(-1, 1)
    n = scores.shape[axis]
    score = np.zeros((n,))
    for c in range(n):
        score[c] = metric(np.take(y_true, c, axis=axis), np.take(scores, c, axis=axis),
                          sample_weight=score_weight)
    if average is not None:
        if average_weight is not None:
            # 0-weighted (NaN) scores must not turn the average into NaN
            score[average_weight == 0] = 0
        return float(np.average(score, weights=average_weight))
    return score


def encode(y: np.ndarray, classes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(classes, codes)``: the sorted classes (those of ``y`` if not given) and
    each label's index among them. Integer labels over a small range are
    counted rather than sorted."""
    if classes is None and y.dtype.kind in "biuf" and y.size:
        yi = y
        if y.dtype.kind == "f":
            yi = y.astype(np.int64)  # multiclass floats are integral
        lo, hi = int(yi.min()), int(yi.max())
        if hi - lo <= max(4 * y.size, 1 << 16):
            present = np.bincount((yi - lo).astype(np.intp), minlength=hi - lo + 1) > 0
            values = np.flatnonzero(present) + lo
            lut = np.cumsum(present) - 1
            return values.astype(y.dtype), lut[(yi - lo).astype(np.intp)]
    if classes is None:
        try:
            classes, codes = np.unique(y, return_inverse=True)
        except TypeError:
            distinct(y)  # the error naming mixed types
            raise
        return classes, codes.ravel()
    codes = np.searchsorted(classes, y)
    return classes, codes


def multiclass_roc_auc(y: np.ndarray, scores: np.ndarray, labels: Any, multi_class: str,
                       average: str | None, sample_weight: Any,
                       binary_roc_auc: BinaryMetric) -> Any:
    """scikit-learn's ``_multiclass_roc_auc_score`` (one-vs-rest or one-vs-one)."""
    if scores.ndim != 2:
        raise ImbcoreError(
            f"invalid y_score: got shape {scores.shape}; `y_score` needs to be of shape "
            "`(n_samples, n_classes)`, since `y_true` contains multiple classes. Got "
            f"`y_score.shape={scores.shape}`.")
    if not np.allclose(1, scores.sum(axis=1)):
        raise ImbcoreError(
            "invalid y_score: got rows that do not sum to 1; Target scores need to be "
            "probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes")
    options: tuple[str | None, ...] = ("macro", "weighted", None)
    if multi_class == "ovr":
        options = ("micro",) + options
    if average not in options:
        raise ImbcoreError(f"invalid average: got {average!r}; average must be one of "
                           f"{options} for multiclass problems")
    if multi_class not in ("ovo", "ovr"):
        raise ImbcoreError(f"invalid multi_class: got {multi_class!r}; multi_class must be in "
                           "('ovo', 'ovr')")
    if average is None and multi_class == "ovo":
        raise NotImplementedError("average=None is not implemented for multi_class='ovo'.")
    y = column(y, "y_true")
    k = scores.shape[1]
    if labels is not None:
        given = column(np.asarray(labels), "labels")
        classes = distinct(given)
        if len(classes) != len(given):
            raise ImbcoreError(f"invalid labels: got {given.tolist()}; Parameter 'labels' must "
                               "be unique")
        if not np.array_equal(classes, given):
            raise ImbcoreError(f"invalid labels: got {given.tolist()}; Parameter 'labels' must "
                               "be ordered")
        if len(classes) != k:
            raise ImbcoreError(
                f"invalid labels: got {len(classes)} labels; Number of given labels, "
                f"{len(classes)}, not equal to the number of columns in 'y_score', {k}")
        _, codes = encode(y, classes)
        inside = codes < k
        inside[inside] = classes[codes[inside]] == y[inside]
        if not inside.all():
            raise ImbcoreError(
                f"invalid y_true: got {y[~inside][0]!r}; 'y_true' contains labels not in "
                "parameter 'labels'")
    else:
        classes, codes = encode(y)
        if len(classes) != k:
            raise ImbcoreError(
                f"invalid y_true: got {len(classes)} classes for {k} columns; Number of classes "
                "in y_true not equal to the number of columns in 'y_score'")
    if multi_class == "ovo":
        if sample_weight is not None:
            raise ImbcoreError(
                "invalid sample_weight: got weights with multi_class='ovo'; sample_weight is not "
                "supported for multiclass one-vs-one ROC AUC, 'sample_weight' must be None in "
                "this case.")
        check_lengths(y_true=y, y_score=scores)
        return _ovo(codes, scores, k, average)
    check_lengths(y_true=y, y_score=scores, sample_weight=sample_weight)
    if sample_weight is not None or average == "micro":
        onehot = np.zeros((codes.shape[0], k), dtype=np.int64)
        onehot[np.arange(codes.shape[0]), codes] = 1
        return average_binary_score(binary_roc_auc, onehot, scores, average, sample_weight,
                                    "multilabel-indicator")
    return _ovr(codes, scores, k, average)


def _wins(codes: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``(twice_wins, counts)``: ``twice_wins[a, b]`` is twice the number of pairs (i
    of class a, j of class b) where ``scores[i, a] > scores[j, a]``, ties counting
    one half; ``counts[c]`` the samples of class c."""
    flat = scores
    if flat.dtype not in (np.float32, np.float64):
        flat = flat.astype(np.float32 if flat.dtype == np.float16 else np.float64)
    flat = np.ascontiguousarray(flat).ravel()
    wins, counts = _core.multiclass_pair_wins(np.ascontiguousarray(codes, dtype=np.uint32),
                                              flat, k)
    return wins.reshape(k, k).astype(np.float64), counts.astype(np.int64)


def _one_class() -> None:
    warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in "
                  "that case.", _undefined_metric_warning(), stacklevel=5)


def _ovr(codes: np.ndarray, scores: np.ndarray, k: int, average: str | None) -> Any:
    wins, counts = _wins(codes, scores, k)
    n = codes.shape[0]
    score = np.zeros((k,))
    for c in range(k):
        if counts[c] == 0 or counts[c] == n:
            _one_class()
            score[c] = np.nan
        else:
            score[c] = (wins[c].sum() - wins[c, c]) / (2.0 * counts[c] * (n - counts[c]))
    if average is None:
        return score
    average_weight = counts.astype(np.int64) if average == "weighted" else None
    if average_weight is not None:
        if np.isclose(np.sum(average_weight), 0):
            return 0  # pragma: no cover - scikit-learn's rule; n > 0 here
        score[average_weight == 0] = 0
    return float(np.average(score, weights=average_weight))


def _ovo(codes: np.ndarray, scores: np.ndarray, k: int, average: str | None) -> Any:
    wins, counts = _wins(codes, scores, k)
    n = codes.shape[0]
    present = np.flatnonzero(counts)
    pairs = list(combinations(present.tolist(), 2))
    pair_scores = np.empty(len(pairs))
    prevalence = np.empty(len(pairs)) if average == "weighted" else None
    for ix, (a, b) in enumerate(pairs):
        both = 2.0 * counts[a] * counts[b]
        pair_scores[ix] = (wins[a, b] / both + wins[b, a] / both) / 2
        if prevalence is not None:
            prevalence[ix] = (counts[a] + counts[b]) / n
    return np.average(pair_scores, weights=prevalence)
