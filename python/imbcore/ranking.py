"""scikit-learn's ranking functions for binary input, computed from one sweep.

Same names, signatures, shapes, order, first and last points and values (to
1e-12) as scikit-learn 1.9's ``precision_recall_curve``, ``roc_curve``,
``roc_auc_score`` and ``average_precision_score``, including ties, float32
scores, labels with ``pos_label`` and sample weights with zeros.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .errors import ImbcoreError
from ._inputs import labels_array, unique_labels
from .errors import _undefined_metric_warning
from .sweep import Sweep, sweep

__all__ = ["precision_recall_curve", "roc_curve", "roc_auc_score", "average_precision_score"]


def _counts(s: Sweep) -> tuple[np.ndarray, np.ndarray]:
    return s.tp.astype(np.float64), s.fp.astype(np.float64)


def precision_recall_curve(y_true: Any, y_score: Any, *, pos_label: Any = None,
                           sample_weight: Any = None, drop_intermediate: bool = False,
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision-recall pairs at every distinct threshold (scikit-learn's function).

    Returns ``precision`` and ``recall`` of length ``len(thresholds) + 1``,
    ending at the point (recall 0, precision 1), and ``thresholds`` increasing.

    Examples
    --------
    >>> import imbcore
    >>> p, r, t = imbcore.precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> p
    array([0.5       , 0.66666667, 0.5       , 1.        , 1.        ])
    >>> r
    array([1. , 1. , 0.5, 0.5, 0. ])
    >>> t
    array([0.1 , 0.35, 0.4 , 0.8 ])
    """
    s = sweep(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label)
    tps, fps = _counts(s)
    thresholds = s.thresholds
    if drop_intermediate and tps.shape[0] > 2:
        keep = np.flatnonzero(np.concatenate(
            [[True], np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), [True]]))
        tps, fps, thresholds = tps[keep], fps[keep], thresholds[keep]
    ps = tps + fps
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(ps != 0, tps / ps, 0.0)
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all "
                      "thresholds.", UserWarning, stacklevel=2)
        recall = np.ones_like(tps)
    else:
        recall = tps / tps[-1]
    return (np.concatenate([precision[::-1], [1.0]]), np.concatenate([recall[::-1], [0.0]]),
            thresholds[::-1])


def roc_curve(y_true: Any, y_score: Any, *, pos_label: Any = None, sample_weight: Any = None,
              drop_intermediate: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ROC curve (scikit-learn's function): fpr, tpr and decreasing thresholds.

    The first threshold is ``inf`` (nothing predicted positive); thresholds
    are float64.

    Examples
    --------
    >>> import imbcore
    >>> fpr, tpr, t = imbcore.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr, tpr
    (array([0. , 0. , 0.5, 0.5, 1. ]), array([0. , 0.5, 0.5, 1. , 1. ]))
    >>> t
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    """
    s = sweep(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label)
    tps, fps = _counts(s)
    thresholds = s.thresholds
    if drop_intermediate and fps.shape[0] > 2:
        keep = np.flatnonzero(np.concatenate(
            [[True], np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), [True]]))
        tps, fps, thresholds = tps[keep], fps[keep], thresholds[keep]
    tps = np.concatenate([[0.0], tps])
    fps = np.concatenate([[0.0], fps])
    thresholds = np.concatenate([[np.inf], thresholds.astype(np.float64)])
    if fps[-1] <= 0:
        warnings.warn("No negative samples in y_true, false positive value should be "
                      "meaningless", _undefined_metric_warning(), stacklevel=2)
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn("No positive samples in y_true, true positive value should be "
                      "meaningless", _undefined_metric_warning(), stacklevel=2)
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def _larger_label_is_positive(y_true: Any) -> tuple[Any, Any]:
    """``(labels, pos_label)`` where the positive class is the larger of two labels."""
    y = labels_array(y_true)
    if y.ndim != 1:
        raise ImbcoreError(f"invalid y_true: got an array of shape {y.shape}; "
                           "y_true must be a 1-D array of labels")
    if y.size == 0:
        raise ImbcoreError("invalid y_true: got an empty array; give at least one sample")
    if y.dtype == np.bool_:
        return y, True
    if y.dtype.kind in "iuf":
        return y, y.max()
    values = unique_labels(y)
    return y, values[-1]


def roc_auc_score(y_true: Any, y_score: Any, *, sample_weight: Any = None) -> float:
    """Area under the ROC curve for binary labels (scikit-learn's function).

    The positive class is the larger label, as in scikit-learn. With one class
    only, warns and returns NaN, as scikit-learn does. Only binary input is
    supported (no ``average``, ``max_fpr``, ``multi_class`` or ``labels``).

    Examples
    --------
    >>> import imbcore
    >>> imbcore.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    y, pos = _larger_label_is_positive(y_true)
    s = sweep(y, y_score, sample_weight=sample_weight, pos_label=pos)
    if s.n_pos <= 0 or s.n_neg <= 0:
        warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in "
                      "that case.", _undefined_metric_warning(), stacklevel=2)
        return float("nan")
    return float(s.roc_auc)


def average_precision_score(y_true: Any, y_score: Any, *, pos_label: Any = 1,
                            sample_weight: Any = None) -> float:
    """Average precision for binary labels (scikit-learn's function).

    ``sum_n (R_n - R_{n-1}) P_n`` over the distinct thresholds, without
    interpolation. Without positives, warns and returns 0, as scikit-learn does.

    Examples
    --------
    >>> import imbcore
    >>> round(imbcore.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 6)
    0.833333
    """
    y = labels_array(y_true)
    if y.ndim == 1 and y.size and y.dtype.kind not in "biuf":
        present = unique_labels(y)
    elif y.ndim == 1 and y.size:
        present = np.unique(np.array([y.min(), y.max()]))
    else:
        present = np.array([])
    if present.size == 2 and pos_label not in present.tolist():
        raise ImbcoreError(f"invalid pos_label: got {pos_label!r}; it should be one of "
                           f"{present.tolist()}")
    s = sweep(y, y_score, sample_weight=sample_weight, pos_label=pos_label)
    if s.n_pos <= 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all "
                      "thresholds.", UserWarning, stacklevel=2)
        return 0.0
    return float(s.average_precision)


