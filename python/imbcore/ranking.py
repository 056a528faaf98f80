"""scikit-learn's ranking functions, computed from exact sweeps.

Same names, signatures, shapes, order, dtypes, values (to 1e-12), errors and
warnings as scikit-learn 1.9's ``precision_recall_curve``, ``roc_curve``,
``det_curve``, ``roc_auc_score`` (binary, multilabel, and multiclass one-vs-rest
and one-vs-one, with ``average``, ``max_fpr`` and ``labels``) and
``average_precision_score`` (binary, multilabel and multiclass), for every
input scikit-learn accepts, except negative sample weights, which imbcore
refuses everywhere.

Every function starts from scikit-learn's confusion counts at the distinct
thresholds. Unweighted counts are exact integers, so any summation order
gives scikit-learn's. Weighted counts are sums of floats, whose roundings
decide which points ``drop_intermediate`` finds collinear: they are summed as
scikit-learn does (a stable descending sort of the scores, then one
sequential float64 cumulative sum over all samples), in Rust.
"""

from __future__ import annotations

import numbers
import warnings
from functools import partial
from typing import Any

import numpy as np

from . import _core
from ._inputs import _values_seen, scores_1d
from ._multiclass import average_binary_score, encode, multiclass_roc_auc
from ._targets import (
    as_labels,
    check_lengths,
    check_pos_label,
    check_pos_label_type,
    check_sample_weight,
    column,
    distinct,
    n_distinct_at_most,
    target_type,
)
from .errors import ImbcoreError, ImbcoreWarning, _undefined_metric_warning
from ._sweep import Sweep

__all__ = ["precision_recall_curve", "roc_curve", "det_curve", "roc_auc_score",
           "average_precision_score"]


# ---------------------------------------------------------------------------
# the counts at every threshold (scikit-learn's confusion_matrix_at_thresholds)
# ---------------------------------------------------------------------------


class _Counts:
    """False and true positives (float64) at the distinct thresholds (descending).

    Unweighted counts keep the Rust sweep, whose ROC-AUC and average precision
    are read without building any curve.
    """

    def __init__(self, thresholds: np.ndarray, tps: np.ndarray | None, fps: np.ndarray | None,
                 sweep: Sweep | None = None) -> None:
        self.thresholds = thresholds
        self._tps, self._fps, self.sweep = tps, fps, sweep

    @property
    def tps(self) -> np.ndarray:
        if self._tps is None:
            assert self.sweep is not None
            self._tps = self.sweep.tp.astype(np.float64)
        return self._tps

    @property
    def fps(self) -> np.ndarray:
        if self._fps is None:
            assert self.sweep is not None
            self._fps = self.sweep.fp.astype(np.float64)
        return self._fps

    @property
    def n_pos(self) -> float:
        return float(self.sweep.n_pos) if self.sweep is not None else float(self.tps[-1])

    @property
    def n_neg(self) -> float:
        return float(self.sweep.n_neg) if self.sweep is not None else float(self.fps[-1])


def _positive(y: np.ndarray, pos_label: Any) -> np.ndarray:
    """``y == pos_label`` as uint8 (a view for boolean labels with a true pos_label)."""
    if y.dtype == np.bool_ and not isinstance(pos_label, str) and bool(pos_label == True):  # noqa: E712
        return np.ascontiguousarray(y).view(np.uint8)
    mask = y == pos_label
    if not isinstance(mask, np.ndarray) or mask.shape != y.shape:  # incomparable types
        mask = np.zeros(y.shape, dtype=bool)
    return np.ascontiguousarray(mask).view(np.uint8)


def _checked(y_true: Any, y_score: Any, pos_label: Any, sample_weight: Any, fn: str,
             ) -> tuple[np.ndarray, np.ndarray, np.dtype, np.ndarray | None, np.ndarray]:
    """``(positive, scores, score_dtype, weights, y)``, checked as scikit-learn checks
    its inputs."""
    check_pos_label_type(pos_label, fn)
    try:
        scores_in = np.asarray(y_score)
    except ValueError as e:
        raise ImbcoreError(f"invalid y_score: got a {type(y_score).__name__} that is not an "
                           f"array ({e}); y_score must be a 1-D array of scores") from None
    if scores_in.ndim == 0:
        raise ImbcoreError(f"invalid y_score: got {scores_in.item()!r}; y_score must be a 1-D "
                           "array of scores")
    scores_in = column(scores_in, "y_score")
    y = as_labels(y_true)
    if y.size == 0:
        raise ImbcoreError("invalid y_true: got an empty array; give at least one sample")
    y_type = target_type(y)
    # Like scikit-learn, the curves also take multiclass labels when
    # pos_label names the positive class (the rest are negatives); imbcore's
    # own sweep asks for two classes.
    if y_type != "binary" and not (y_type == "multiclass" and pos_label is not None):
        if y.ndim == 2 and y.shape[1] > 1:
            got = f"an array of shape {y.shape}"
        elif y_type == "multiclass":
            got = f"more than two label values {_values_seen(y)}"
        else:
            got = f"{y_type} labels {_values_seen(y)}"
        raise ImbcoreError(
            f"invalid y_true: got {got}; {y_type} format is not supported: {fn} takes binary "
            "labels (two classes)")
    pos_label = check_pos_label(pos_label, y)
    y = column(y, "y_true")
    check_lengths(y_true=y, y_score=scores_in)
    weights = check_sample_weight(sample_weight, y.shape[0])
    scores, score_dtype = scores_1d(scores_in)
    return _positive(y, pos_label), scores, score_dtype, weights, y


def _confusion(y_true: Any, y_score: Any, pos_label: Any, sample_weight: Any, fn: str,
               ) -> tuple[_Counts, np.ndarray]:
    """The counts at every threshold and the labels, checked as scikit-learn checks them."""
    positive, scores, score_dtype, weights, y = _checked(y_true, y_score, pos_label,
                                                         sample_weight, fn)
    if weights is None:
        curve = _core.sweep_scores(positive, scores, None)
        s = Sweep(curve, score_dtype=score_dtype)
        return _Counts(s.thresholds, None, None, s), y
    thresholds, tps, fps = _core.sklearn_weighted_sweep(positive, scores, weights)
    if score_dtype != thresholds.dtype:
        thresholds = thresholds.astype(score_dtype)  # exact, see imbcore.sweep
    scaled = None
    if tps.size and not (np.isfinite(tps[-1]) and np.isfinite(fps[-1])):
        # The summed weights overflow (weights near 1e308), where scikit-learn's
        # order of summation gives NaN and 0: imbcore's own sweep sums them in
        # a power-of-two unit, so ROC-AUC and AP (ratios of the sums) stay exact.
        scaled = Sweep(_core.sweep_scores(positive, scores, weights), score_dtype=score_dtype)
    return _Counts(thresholds, tps, fps, scaled), y


def _roc(c: _Counts, drop_intermediate: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tps, fps, thresholds = c.tps, c.fps, c.thresholds
    if drop_intermediate and fps.shape[0] > 2:
        keep = np.flatnonzero(np.concatenate(
            [[True], np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), [True]]))
        tps, fps, thresholds = tps[keep], fps[keep], thresholds[keep]
    tps = np.concatenate([[0.0], tps])
    fps = np.concatenate([[0.0], fps])
    thresholds = np.concatenate([[np.inf], thresholds.astype(np.float64)])
    if fps[-1] <= 0:
        warnings.warn("No negative samples in y_true, false positive value should be "
                      "meaningless", _undefined_metric_warning(), stacklevel=3)
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn("No positive samples in y_true, true positive value should be "
                      "meaningless", _undefined_metric_warning(), stacklevel=3)
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def _pr(c: _Counts, drop_intermediate: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tps, fps, thresholds = c.tps, c.fps, c.thresholds
    if drop_intermediate and fps.shape[0] > 2:
        keep = np.flatnonzero(np.concatenate(
            [[True], np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), [True]]))
        tps, fps, thresholds = tps[keep], fps[keep], thresholds[keep]
    m = tps.shape[0]
    # Written straight into the reversed outputs: each result array is
    # allocated once (fresh memory costs as much as the arithmetic here).
    precision = np.empty(m + 1)
    precision[m] = 1.0
    ps = precision[m - 1::-1] if m else precision[:0]
    np.add(tps, fps, out=ps)
    if ps[0] != 0:  # ps never decreases: no zero anywhere
        np.divide(tps, ps, out=ps)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            ps[:] = np.where(ps != 0, tps / ps, 0.0)
    recall = np.empty(m + 1)
    recall[m] = 0.0
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all "
                      "thresholds.", UserWarning, stacklevel=3)
        recall[:m] = 1.0
    else:
        np.divide(tps, tps[-1], out=recall[m - 1::-1])
    return precision, recall, thresholds[::-1]


def _check_bool(value: Any, name: str) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise ImbcoreError(f"invalid {name}: got {value!r}; {name} must be True or False")


# ---------------------------------------------------------------------------
# curves
# ---------------------------------------------------------------------------


def precision_recall_curve(y_true: Any, y_score: Any, *, pos_label: Any = None,
                           sample_weight: Any = None, drop_intermediate: bool = False,
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision-recall pairs at every distinct threshold (scikit-learn's function).

    Parameters
    ----------
    y_true : array_like of shape (n_samples,)
        Binary labels: within {0, 1} or {-1, 1}, or any two values (or more,
        as in scikit-learn) with ``pos_label`` naming the positive class.
    y_score : array_like of shape (n_samples,)
        Scores; higher means more likely positive.
    pos_label : int, float, bool or str, optional
        The positive class.
    sample_weight : array_like of shape (n_samples,), optional
        Finite, non-negative weights, not all zero.
    drop_intermediate : bool, default False
        Drop the thresholds where the number of true positives does not change.

    Returns
    -------
    precision, recall : ndarray of shape (n_thresholds + 1,)
        Ending at the point (recall 0, precision 1).
    thresholds : ndarray of shape (n_thresholds,)
        Increasing, in the dtype of the scores.

    Notes
    -----
    Without positives, recall is set to one and a ``UserWarning`` is raised,
    as in scikit-learn.

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
    _check_bool(drop_intermediate, "drop_intermediate")
    if sample_weight is not None and not drop_intermediate:
        # the whole curve from Rust, in its final order: no NumPy epilogue
        positive, scores, score_dtype, weights, _ = _checked(
            y_true, y_score, pos_label, sample_weight, "precision_recall_curve")
        assert weights is not None
        precision, recall, thresholds, n_pos = _core.sklearn_weighted_pr_curve(
            positive, scores, weights)
        if n_pos == 0:
            warnings.warn("No positive class found in y_true, recall is set to one for all "
                          "thresholds.", UserWarning, stacklevel=2)
        if score_dtype != thresholds.dtype:
            thresholds = thresholds.astype(score_dtype)
        return precision, recall, thresholds
    c, _ = _confusion(y_true, y_score, pos_label, sample_weight, "precision_recall_curve")
    return _pr(c, drop_intermediate)


def roc_curve(y_true: Any, y_score: Any, *, pos_label: Any = None, sample_weight: Any = None,
              drop_intermediate: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ROC curve (scikit-learn's function): fpr, tpr and decreasing thresholds.

    Parameters
    ----------
    y_true, y_score, pos_label, sample_weight
        As for :func:`precision_recall_curve`.
    drop_intermediate : bool, default True
        Drop the thresholds whose point is collinear with its neighbours.

    Returns
    -------
    fpr, tpr : ndarray of shape (n_thresholds,)
    thresholds : ndarray of shape (n_thresholds,)
        Decreasing, float64; the first is ``inf`` (nothing predicted positive).

    Notes
    -----
    With one class only, the undefined rate is NaN and scikit-learn's
    ``UndefinedMetricWarning`` is raised. With weights, which points are
    collinear depends on the rounding of the weight sums: they are summed in
    scikit-learn's order, so the same points are kept.

    Examples
    --------
    >>> import imbcore
    >>> fpr, tpr, t = imbcore.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr, tpr
    (array([0. , 0. , 0.5, 0.5, 1. ]), array([0. , 0.5, 0.5, 1. , 1. ]))
    >>> t
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    """
    _check_bool(drop_intermediate, "drop_intermediate")
    c, _ = _confusion(y_true, y_score, pos_label, sample_weight, "roc_curve")
    return _roc(c, drop_intermediate)


def det_curve(y_true: Any, y_score: Any, pos_label: Any = None, sample_weight: Any = None,
              drop_intermediate: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The detection error tradeoff curve (scikit-learn's function).

    Parameters
    ----------
    y_true, y_score, pos_label, sample_weight
        As for :func:`precision_recall_curve`.
    drop_intermediate : bool, default False
        Drop the thresholds where the number of true positives does not change.

    Returns
    -------
    fpr : ndarray
        False positive rates, decreasing.
    fnr : ndarray
        False negative rates, increasing.
    thresholds : ndarray
        Increasing, float64; ``inf`` last unless fpr 0 is reached at a finite
        threshold.

    Raises
    ------
    ImbcoreError
        If ``y_true`` does not hold exactly two classes.

    Examples
    --------
    >>> import imbcore
    >>> fpr, fnr, t = imbcore.det_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr, fnr
    (array([0.5, 0.5, 0. ]), array([0. , 0.5, 0.5]))
    >>> t
    array([0.35, 0.4 , 0.8 ])
    """
    _check_bool(drop_intermediate, "drop_intermediate")
    c, y = _confusion(y_true, y_score, pos_label, sample_weight, "det_curve")
    tps = np.concatenate([[0.0], c.tps])
    fps = np.concatenate([[0.0], c.fps])
    thresholds = np.concatenate([[np.inf], c.thresholds.astype(np.float64)])
    if drop_intermediate and len(fps) > 2:
        keep = np.flatnonzero(np.concatenate(
            [[True], np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), [True]]))
        tps, fps, thresholds = tps[keep], fps[keep], thresholds[keep]
    if n_distinct_at_most(y, 2) != 2:
        raise ImbcoreError(
            "invalid y_true: got one class only; Only one class is present in y_true. "
            "Detection error tradeoff curve is not defined in that case.")
    fns = tps[-1] - tps
    first = np.searchsorted(fps, fps[0], side="right") - 1
    last = np.searchsorted(tps, tps[-1]) + 1
    sl = slice(first, last)
    return fps[sl][::-1] / fps[-1], fns[sl][::-1] / tps[-1], thresholds[sl][::-1]


# ---------------------------------------------------------------------------
# scores
# ---------------------------------------------------------------------------


def _auc(x: np.ndarray, y: np.ndarray) -> float:
    """scikit-learn's ``auc``: the trapezoidal area under a monotonic curve."""
    direction = 1
    dx = np.diff(x)
    if np.any(dx < 0):
        if np.all(dx <= 0):
            direction = -1
        else:
            raise ImbcoreError(f"invalid curve: got x {x}; x is neither increasing nor "
                               "decreasing")
    return float(direction * (dx * (y[1:] + y[:-1]) / 2.0).sum())


def _one_class_warning() -> None:
    warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in "
                  "that case.", _undefined_metric_warning(), stacklevel=4)


def _binary_roc_auc(y_true: np.ndarray, y_score: Any, sample_weight: Any = None,
                    max_fpr: float | None = None) -> float:
    """ROC-AUC of 1-D binary labels (scikit-learn's ``_binary_roc_auc_score``)."""
    if n_distinct_at_most(np.asarray(y_true), 2) != 2:
        _one_class_warning()
        return float("nan")
    c, _ = _confusion(y_true, y_score, None, sample_weight, "roc_curve")
    if max_fpr is None or max_fpr == 1:
        if c.sweep is not None and c.n_pos > 0 and c.n_neg > 0:
            return float(c.sweep.roc_auc)
        fpr, tpr, _ = _roc(c, drop_intermediate=True)
        with np.errstate(invalid="ignore"):
            return _auc(fpr, tpr)
    if c.sweep is not None and c.sweep.weighted:
        warnings.warn("the summed sample weights exceed the float64 range, so the partial "
                      "ROC-AUC (max_fpr) is NaN; rescale the weights (ROC-AUC is the same "
                      "for weights divided by a common factor)", ImbcoreWarning, stacklevel=4)
        return float("nan")
    fpr, tpr, _ = _roc(c, drop_intermediate=True)
    stop = np.searchsorted(fpr, max_fpr, "right")
    x_interp = [fpr[stop - 1], fpr[stop]]
    y_interp = [tpr[stop - 1], tpr[stop]]
    tpr = np.append(tpr[:stop], np.interp(max_fpr, x_interp, y_interp))
    fpr = np.append(fpr[:stop], max_fpr)
    partial_auc = _auc(fpr, tpr)
    # McClish correction: 0.5 for a non-discriminant model, 1 for a perfect one
    min_area = 0.5 * max_fpr**2
    max_area = max_fpr
    return 0.5 * (1 + (partial_auc - min_area) / (max_area - min_area))


def _binary_average_precision(y_true: np.ndarray, y_score: Any, pos_label: Any = 1,
                              sample_weight: Any = None) -> float:
    c, _ = _confusion(y_true, y_score, pos_label, sample_weight, "precision_recall_curve")
    if c.sweep is not None and c.n_pos > 0:
        return float(c.sweep.average_precision)
    precision, recall, _ = _pr(c, drop_intermediate=False)
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


_AVERAGES = ("micro", "macro", "samples", "weighted", None)


def _check_average(average: Any) -> None:
    if not (average is None or (isinstance(average, str) and average in _AVERAGES)):
        raise ImbcoreError(f"invalid average: got {average!r}; average must be one of "
                           "'micro', 'macro', 'samples', 'weighted' or None")


def roc_auc_score(y_true: Any, y_score: Any, *, average: str | None = "macro",
                  sample_weight: Any = None, max_fpr: float | None = None,
                  multi_class: str = "raise", labels: Any = None) -> Any:
    """Area under the ROC curve (scikit-learn's function).

    Parameters
    ----------
    y_true : array_like of shape (n_samples,) or (n_samples, n_classes)
        Binary labels (the larger label is positive), multiclass labels, or
        a multilabel indicator matrix.
    y_score : array_like of shape (n_samples,) or (n_samples, n_classes)
        Scores; for multiclass input, probabilities summing to one per row,
        one column per class in the order of ``labels`` (or of the sorted
        classes of ``y_true``).
    average : {'macro', 'weighted', 'micro', 'samples'} or None, default 'macro'
        How per-class scores are averaged (multilabel, and multiclass 'ovr';
        'ovo' takes 'macro' or 'weighted'); None returns them all.
    sample_weight : array_like of shape (n_samples,), optional
        Finite, non-negative weights (not with ``multi_class='ovo'``).
    max_fpr : float in (0, 1], optional
        The standardized partial AUC up to this false positive rate
        (McClish), binary input only.
    multi_class : {'raise', 'ovr', 'ovo'}, default 'raise'
        One-vs-rest or one-vs-one (Hand & Till) for multiclass input.
    labels : array_like, optional
        The classes, sorted, one per column of ``y_score`` (multiclass only).

    Returns
    -------
    float, or ndarray with ``average=None``
        NaN (with scikit-learn's ``UndefinedMetricWarning``) where a class is
        missing.

    Notes
    -----
    Multiclass AUC for unweighted samples is computed in one pass in Rust:
    each column sorted once per class, then every pair of classes counted by
    a merge, which gives the one-vs-rest and one-vs-one areas together.

    Examples
    --------
    >>> import imbcore
    >>> imbcore.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> p = [[0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3]]
    >>> imbcore.roc_auc_score([0, 1, 2, 1], p, multi_class="ovr")
    1.0
    >>> imbcore.roc_auc_score([0, 1, 2, 2], p, multi_class="ovo", average="weighted")
    np.float64(0.953125)
    """
    _check_average(average)
    if max_fpr is not None and not (isinstance(max_fpr, numbers.Real)
                                    and not isinstance(max_fpr, bool) and 0 < max_fpr <= 1):
        raise ImbcoreError(f"invalid max_fpr: got {max_fpr!r}; Expected max_fpr in range "
                           "(0, 1] or None")
    if multi_class not in ("raise", "ovr", "ovo"):
        raise ImbcoreError(f"invalid multi_class: got {multi_class!r}; multi_class must be "
                           "'raise', 'ovr' or 'ovo'")
    y = as_labels(y_true)
    y_type = target_type(y)
    if y.ndim > 2:
        raise ImbcoreError(f"invalid y_true: got an array of shape {y.shape}; y_true must be "
                           "1-D or 2-D")
    scores = _score_array(y_score)
    if y_type == "multiclass" or (y_type == "binary" and scores.ndim == 2
                                  and scores.shape[1] > 2):
        if max_fpr is not None and max_fpr != 1.0:
            raise ImbcoreError(
                f"invalid max_fpr: got {max_fpr!r} with multiclass labels; Partial AUC "
                "computation not available in multiclass setting, 'max_fpr' must be set to "
                f"`None`, received `max_fpr={max_fpr}` instead")
        if multi_class == "raise":
            raise ImbcoreError("invalid multi_class: got 'raise' with multiclass labels; "
                               "multi_class must be in ('ovo', 'ovr')")
        return multiclass_roc_auc(y, scores, labels, multi_class, average, sample_weight,
                                  _binary_roc_auc)
    metric = partial(_binary_roc_auc, max_fpr=max_fpr)
    if y_type == "binary":
        y = column(y, "y_true")
        if n_distinct_at_most(y, 2) == 2:
            larger = distinct(y)[-1] if y.dtype.kind not in "biuf" else y.max()
            y = _positive(y, larger)
        else:
            y = np.zeros(y.shape, dtype=np.uint8)
    return average_binary_score(metric, y, scores, average, sample_weight, y_type)


def _score_array(y_score: Any) -> np.ndarray:
    """Scores as scikit-learn's ``check_array`` leaves them: numeric, finite, 1-D or 2-D."""
    try:
        a = np.asarray(y_score)
    except ValueError as e:
        raise ImbcoreError(f"invalid y_score: got a {type(y_score).__name__} that is not an "
                           f"array ({e})") from None
    if a.dtype.kind not in "biuf":
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError):
            raise ImbcoreError(f"invalid y_score: got an array of dtype {a.dtype}; scores "
                               "must be numeric") from None
    if a.ndim not in (1, 2):
        raise ImbcoreError(f"invalid y_score: got an array of shape {a.shape}; y_score must "
                           "be 1-D or 2-D")
    if a.size == 0:
        raise ImbcoreError(f"invalid y_score: got an array of shape {a.shape}; give at least "
                           "one sample")
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        raise ImbcoreError("invalid y_score: got NaN or infinity; Input y_score contains NaN "
                           "or infinity, scores must be finite")
    return a


def average_precision_score(y_true: Any, y_score: Any, *, average: str | None = "macro",
                            pos_label: Any = 1, sample_weight: Any = None) -> Any:
    """Average precision (scikit-learn's function, without interpolation).

    ``sum_n (R_n - R_{n-1}) P_n`` over the distinct thresholds.

    Parameters
    ----------
    y_true : array_like of shape (n_samples,) or (n_samples, n_classes)
        Binary labels, multiclass labels (one-vs-rest, ``pos_label`` must be
        1) or a multilabel indicator matrix.
    y_score : array_like of shape (n_samples,) or (n_samples, n_classes)
        Scores, one column per class for multiclass and multilabel input.
    average : {'macro', 'weighted', 'micro', 'samples'} or None, default 'macro'
        How per-class scores are averaged; None returns them all.
    pos_label : int, float, bool or str, default 1
        The positive class of binary labels.
    sample_weight : array_like of shape (n_samples,), optional
        Finite, non-negative weights.

    Returns
    -------
    float, or ndarray with ``average=None``
        0 (with a ``UserWarning``) for a class without positives.

    Examples
    --------
    >>> import imbcore
    >>> round(imbcore.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 6)
    0.833333
    >>> y = [[1, 0], [0, 1], [1, 1]]
    >>> s = [[0.9, 0.2], [0.3, 0.6], [0.4, 0.5]]
    >>> imbcore.average_precision_score(y, s, average=None)
    array([1., 1.])
    """
    _check_average(average)
    check_pos_label_type(pos_label, "average_precision_score", allow_none=False)
    y = as_labels(y_true)
    y_type = target_type(y)
    if y_type == "binary":
        present = _present_labels(y)
        if present.size == 2 and not _contains(present, pos_label):
            raise ImbcoreError(f"invalid pos_label: got {pos_label!r}; pos_label={pos_label} is "
                               f"not a valid label. It should be one of {present}")
    elif y_type == "multilabel-indicator" and pos_label != 1:
        raise ImbcoreError(
            f"invalid pos_label: got {pos_label!r}; Parameter pos_label is fixed to 1 for "
            "multilabel-indicator y_true. Do not set pos_label or set pos_label to 1.")
    elif y_type == "multiclass":
        if pos_label != 1:
            raise ImbcoreError(
                f"invalid pos_label: got {pos_label!r}; Parameter pos_label is fixed to 1 for "
                "multiclass y_true. Do not set pos_label or set pos_label to 1.")
        classes, codes = encode(column(y, "y_true"))
        y = np.zeros((codes.shape[0], classes.shape[0]), dtype=np.int64)
        y[np.arange(codes.shape[0]), codes] = 1
        shape = np.shape(y_score)
        if shape != y.shape:
            raise ImbcoreError(
                f"invalid y_score: got shape {shape}; `y_score` needs to be of shape "
                "`(n_samples, n_classes)`, since `y_true` contains multiple classes. Got "
                f"`y_score.shape={shape}`.")
        y_type = "multilabel-indicator"
    metric = partial(_binary_average_precision, pos_label=pos_label)
    return average_binary_score(metric, y, y_score, average, sample_weight, y_type)


def _present_labels(y: np.ndarray) -> np.ndarray:
    """The distinct labels of binary ``y`` (at most two: no sort for numbers)."""
    y = np.ravel(y)
    if y.dtype.kind in "biuf" and y.size:
        lo, hi = y.min(), y.max()
        return np.array([lo, hi], dtype=y.dtype) if lo != hi else np.array([lo], dtype=y.dtype)
    return distinct(y)


def _contains(values: np.ndarray, x: Any) -> bool:
    eq = values == x
    return bool(np.any(eq)) if isinstance(eq, np.ndarray) else False
