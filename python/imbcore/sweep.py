"""Exact threshold sweeps over real scores.

:func:`sweep` computes, in one parallel pass in Rust, the confusion counts at
every distinct threshold of the scores; from them follow every metric along
the curve, the best threshold per metric (with or without constraints on other
metrics), ROC-AUC and average precision.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Mapping, NamedTuple

import numpy as np

from . import _core
from ._inputs import binary_labels, n_jobs_arg, scores_1d, weights_1d
from .metrics import _check_name, metric_names

__all__ = ["sweep", "Sweep", "BestThreshold", "Confusion", "UndefinedMetricWarning"]


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined for the input (one class only) and NaN is returned."""


class Confusion(NamedTuple):
    """A confusion matrix (counts, or summed weights when the sweep is weighted)."""

    tp: Any
    fp: Any
    fn: Any
    tn: Any


@dataclass(frozen=True)
class BestThreshold:
    """The best threshold for a metric and the confusion there.

    Predicting positive when ``score >= threshold`` gives ``value``.
    """

    metric: str
    threshold: float
    value: float
    index: int
    tp: float
    fp: float
    fn: float
    tn: float


class Sweep:
    """Confusion counts at every distinct threshold (made by :func:`sweep`).

    Attributes
    ----------
    thresholds : ndarray
        The distinct scores, descending, in the dtype of the scores. A sample
        is predicted positive when ``score >= threshold``.
    tp, fp, fn, tn : ndarray
        The confusion at each threshold: int64 counts, or float64 sums of
        weights for a weighted sweep.
    n_pos, n_neg : int or float
        The number (or summed weight) of positives and negatives.

    Notes
    -----
    The counts are stored in the narrowest exact type (uint32 below 2^32
    samples) and widened to int64 when first read as attributes, so a sweep of
    10^7 float64 scores holds 160 MB rather than 320 MB; :meth:`best`,
    :meth:`metric`, :attr:`roc_auc` and :attr:`average_precision` read the
    stored counts directly.
    """

    def __init__(self, thresholds: np.ndarray, tp: np.ndarray, fp: np.ndarray,
                 n_pos: float, n_neg: float, *, weighted: bool, n_jobs: int | None = None) -> None:
        self.thresholds = thresholds
        self._tp, self._fp = tp, fp
        self.weighted = weighted
        self.n_pos: int | float = n_pos if weighted else int(n_pos)
        self.n_neg: int | float = n_neg if weighted else int(n_neg)
        self._n_jobs = n_jobs

    def __len__(self) -> int:
        return int(self.thresholds.shape[0])

    def __repr__(self) -> str:
        kind = "weighted " if self.weighted else ""
        return (f"<Sweep: {kind}{len(self)} thresholds, n_pos={self.n_pos}, "
                f"n_neg={self.n_neg}>")

    def _wide(self, a: np.ndarray) -> np.ndarray:
        return a if a.dtype == np.float64 else a.astype(np.int64)

    @cached_property
    def tp(self) -> np.ndarray:
        return self._wide(self._tp)

    @cached_property
    def fp(self) -> np.ndarray:
        return self._wide(self._fp)

    @cached_property
    def fn(self) -> np.ndarray:
        return self.n_pos - self.tp

    @cached_property
    def tn(self) -> np.ndarray:
        return self.n_neg - self.fp

    def metric(self, name: str) -> np.ndarray:
        """The metric at every threshold, as a float64 array along :attr:`thresholds`.

        Examples
        --------
        >>> import imbcore
        >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> s.metric("precision")
        array([1.        , 0.5       , 0.66666667, 0.5       ])
        """
        return _core.metric_curve(_check_name(name), self._tp, self._fp,
                                  float(self.n_pos), float(self.n_neg), n_jobs=self._n_jobs)

    def best(self, name: str, *, subject_to: Mapping[str, float] | None = None) -> BestThreshold:
        """The threshold where a metric is best, optionally under constraints.

        Parameters
        ----------
        name : str
            The metric to optimise (maximised, or minimised for fpr, fnr, cost).
        subject_to : mapping of metric name to bound, optional
            Each bound is a floor for a metric where higher is better and a
            ceiling otherwise: ``{"precision": 0.9}`` asks for precision >= 0.9,
            ``{"fpr": 0.01}`` for fpr <= 0.01.

        Returns
        -------
        BestThreshold

        Raises
        ------
        ImbcoreError
            If no threshold satisfies the constraints.

        Notes
        -----
        Ties go to the highest threshold, the one that predicts the fewest
        positives. Values within 8 units in the last place of the best count as
        ties, so that rounding (balanced accuracy, gmean and MCC are computed
        with several roundings) never decides between equal values. NaN values
        never win.

        Examples
        --------
        >>> import imbcore
        >>> s = imbcore.sweep([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.7, 0.9])
        >>> b = s.best("f1")
        >>> float(b.threshold), b.value, (b.tp, b.fp, b.fn, b.tn)
        (0.8, 0.8, (2, 0, 1, 3))
        >>> s.best("recall", subject_to={"precision": 0.9}).threshold
        np.float64(0.8)
        """
        name = _check_name(name)
        constraints = []
        if subject_to is not None and not isinstance(subject_to, Mapping):
            raise _core.ImbcoreError(
                f"invalid subject_to: got {subject_to!r}; give a mapping such as "
                "{'precision': 0.9}")
        for k, v in (subject_to or {}).items():
            try:
                bound = float(v)
                _core.metric_info(_check_name(k))
            except (TypeError, ValueError) as e:
                raise _core.ImbcoreError(f"invalid subject_to: got {{{k!r}: {v!r}}}; {e}") from None
            if not np.isfinite(bound):
                raise _core.ImbcoreError(
                    f"invalid subject_to: got {k}={v!r}; bounds must be finite numbers")
            constraints.append((k, bound))
        found = _core.best(name, constraints, self._tp, self._fp,
                           float(self.n_pos), float(self.n_neg), n_jobs=self._n_jobs)
        if found is None:
            if constraints:
                rules = ", ".join(
                    f"{k} {'>=' if _core.metric_info(k)[1] else '<='} {b}" for k, b in constraints)
                raise _core.ImbcoreError(
                    f"invalid subject_to: got {rules}; no threshold satisfies it, "
                    "loosen the bounds")
            raise _core.ImbcoreError(
                f"invalid metric: got {name!r}; it is undefined (NaN) at every threshold")
        i, value = found
        tp, fp = self._tp[i].item(), self._fp[i].item()
        return BestThreshold(
            metric=_core.metric_info(name)[0], threshold=self.thresholds[i], value=value,
            index=i, tp=tp, fp=fp, fn=self.n_pos - tp, tn=self.n_neg - fp)

    def best_all(self, metrics: list[str] | None = None) -> dict[str, BestThreshold]:
        """The best threshold for every metric (by default :func:`imbcore.metric_names`).

        Metrics that are undefined everywhere are left out.

        Examples
        --------
        >>> import imbcore
        >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> {k: float(b.threshold) for k, b in s.best_all(["f1", "accuracy"]).items()}
        {'f1': 0.35, 'accuracy': 0.8}
        """
        out = {}
        for name in metrics if metrics is not None else metric_names():
            try:
                out[name] = self.best(name)
            except _core.ImbcoreError:
                if metrics is not None:
                    raise
        return out

    def at(self, threshold: Any) -> Confusion:
        """The confusion when predicting positive for ``score >= threshold`` (broadcasting).

        Examples
        --------
        >>> import imbcore
        >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> s.at(0.35)
        Confusion(tp=2, fp=1, fn=0, tn=1)
        >>> s.at([1.0, 0.0]).tp
        array([0, 2])
        """
        try:
            t = np.asarray(threshold, dtype=np.float64)
        except (TypeError, ValueError):
            raise _core.ImbcoreError(
                f"invalid threshold: got {threshold!r}; thresholds must be numbers") from None
        if np.isnan(t).any():
            raise _core.ImbcoreError("invalid threshold: got NaN; thresholds must be numbers")
        # thresholds are descending: count how many are >= t
        k = np.searchsorted(-self.thresholds.astype(np.float64), -t, side="right")
        zero = np.zeros((), dtype=self.tp.dtype)
        tp = np.where(k > 0, self.tp[np.maximum(k - 1, 0)], zero)
        fp = np.where(k > 0, self.fp[np.maximum(k - 1, 0)], zero)
        if tp.ndim == 0:
            tp, fp = tp.item(), fp.item()
        return Confusion(tp, fp, self.n_pos - tp, self.n_neg - fp)

    @cached_property
    def roc_auc(self) -> float:
        """The area under the ROC curve; NaN (with a warning) when a class is absent."""
        if self.n_pos <= 0 or self.n_neg <= 0:
            warnings.warn("Only one class is present in y_true. ROC AUC score is not "
                          "defined in that case.", UndefinedMetricWarning,
                          stacklevel=3)  # 3: past functools.cached_property
            return float("nan")
        return _core.roc_auc(self._tp, self._fp, float(self.n_pos), float(self.n_neg),
                             n_jobs=self._n_jobs)

    @cached_property
    def average_precision(self) -> float:
        """Average precision (scikit-learn's definition, no interpolation); 0 without positives."""
        return _core.average_precision(self._tp, self._fp, float(self.n_pos), n_jobs=self._n_jobs)


def sweep(y_true: Any, y_score: Any, *, sample_weight: Any = None, pos_label: Any = None,
          n_jobs: int | None = None) -> Sweep:
    """The exact confusion counts at every distinct threshold of the scores.

    Parameters
    ----------
    y_true : array_like, 1-D
        Labels: booleans, or two values among {0, 1} or {-1, 1}, or any two
        values with ``pos_label`` naming the positive class.
    y_score : array_like, 1-D
        Finite scores, float32 or float64 (integers within 2^53 are read
        exactly as float64, and thresholds keep their dtype); higher means
        more likely positive. Contiguous float arrays are read in place.
    sample_weight : array_like, 1-D, optional
        Finite, non-negative weights. Samples of weight zero are ignored, as in
        scikit-learn.
    pos_label : optional
        The positive class, as in scikit-learn.
    n_jobs : int, optional
        Threads to use for this sweep and the calls on it; None or -1 for all
        (bounded by ``IMBCORE_NUM_THREADS``).

    Returns
    -------
    Sweep

    Notes
    -----
    Counts accumulate in 64-bit integers (float64 for weights) whatever the
    score dtype, so they stay exact far beyond 2^24 samples with float32
    scores. The results do not depend on the number of threads. Unweighted
    sweeps sort keys only: the key of every score and, apart, of every
    positive, then one scan counts both.

    Examples
    --------
    >>> import imbcore
    >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> s.thresholds
    array([0.8 , 0.4 , 0.35, 0.1 ])
    >>> s.tp, s.fp
    (array([1, 1, 2, 2]), array([0, 1, 1, 2]))
    >>> s.roc_auc
    0.75
    """
    n_jobs = n_jobs_arg(n_jobs)
    scores, score_dtype = scores_1d(y_score)
    labels = binary_labels(y_true, pos_label, n=scores.shape[0])
    weights = weights_1d(sample_weight, scores.shape[0])
    thresholds, tp, fp, n_pos, n_neg = _core.sweep_counts(labels, scores, weights, n_jobs=n_jobs)
    if score_dtype.kind in "biu" or score_dtype in (np.float16, np.longdouble):
        # exact: integers were checked to be within 2^53, float16 widened to
        # float32, longdouble checked to hold float64 values
        thresholds = thresholds.astype(score_dtype)
    return Sweep(thresholds, tp, fp, n_pos, n_neg, weighted=weights is not None, n_jobs=n_jobs)
