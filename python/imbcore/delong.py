"""Confidence intervals for ROC-AUC and the paired test of two AUCs (DeLong).

:func:`roc_auc_ci` gives ROC-AUC with its DeLong standard error and a
confidence interval; :func:`compare_auc` tests whether two scores of the same
samples have the same ROC-AUC (DeLong's paired test). Both take
O(n log n) time: the variance is built from *placement values* (the share of
the other class each sample outranks), found by sorting each class once and
binary searches, which is the midrank method of Sun & Xu (2014) without its
explicit ranks.

The placement value of a positive ``x`` is
``V10(x) = (#{negatives < x} + #{negatives == x} / 2) / n_neg`` and that of a
negative ``y`` is ``V01(y) = (#{positives > y} + #{positives == y} / 2) / n_pos``.
Both classes' placement values average to the AUC (the Mann-Whitney statistic,
ties counting one half), and DeLong's variance is
``S10 / n_pos + S01 / n_neg`` with ``S10``, ``S01`` the sample variances
(covariances, for several scores) of the placement values. Sun & Xu write
``V10`` as ``(T_Z - T_X) / n_neg`` with ``T_Z`` a positive's midrank among all
samples and ``T_X`` its midrank among the positives: the same number.

References
----------
E. R. DeLong, D. M. DeLong and D. L. Clarke-Pearson (1988), "Comparing the
areas under two or more correlated receiver operating characteristic curves:
a nonparametric approach", *Biometrics* 44(3), 837-845.

X. Sun and W. Xu (2014), "Fast implementation of DeLong's algorithm for
comparing the areas under correlated receiver operating characteristic
curves", *IEEE Signal Processing Letters* 21(11), 1389-1393.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._inputs import binary_labels, scores_1d
from .errors import ImbcoreError
from ._sweep import sweep

__all__ = ["AucInterval", "AucComparison", "roc_auc_ci", "compare_auc", "auc_methods"]

_METHODS = ("delong",)


def auc_methods() -> tuple[str, ...]:
    """The methods :func:`roc_auc_ci` and :func:`compare_auc` know.

    Examples
    --------
    >>> import imbcore
    >>> imbcore.delong.auc_methods()
    ('delong',)
    """
    return _METHODS


@dataclass(frozen=True)
class AucInterval:
    """ROC-AUC with its standard error and a confidence interval (from :func:`roc_auc_ci`).

    Attributes
    ----------
    auc : float
        The ROC-AUC (ties between a positive and a negative count one half).
    low, high : float
        The interval ``auc -/+ z * se`` (``z`` the normal quantile of the
        level), clipped to [0, 1].
    se : float
        The standard error, ``sqrt(variance)``.
    variance : float
        DeLong's estimate of the variance of ``auc``.
    ci : float
        The confidence level.
    method : str
        How the variance was estimated (``'delong'``).
    n_pos, n_neg : int
        The number of positives and negatives.
    """

    auc: float
    low: float
    high: float
    se: float
    variance: float
    ci: float
    method: str
    n_pos: int
    n_neg: int


@dataclass(frozen=True)
class AucComparison:
    """DeLong's paired test of two ROC-AUCs on the same samples (from :func:`compare_auc`).

    Attributes
    ----------
    auc1, auc2 : float
        The ROC-AUC of each score.
    difference : float
        ``auc1 - auc2``.
    variance, se : float
        DeLong's variance of the difference and its square root.
    covariance : float
        DeLong's covariance of the two AUCs (their pairing).
    z : float
        ``difference / se``; 0 when both are 0 (identical rankings).
    p_value : float
        The two-sided p-value of ``z`` under the standard normal.
    low, high : float
        The interval ``difference -/+ z_ci * se``, clipped to [-1, 1].
    ci : float
        The confidence level of the interval.
    method : str
        ``'delong'``.
    n_pos, n_neg : int
        The number of positives and negatives.
    """

    auc1: float
    auc2: float
    difference: float
    variance: float
    se: float
    covariance: float
    z: float
    p_value: float
    low: float
    high: float
    ci: float
    method: str
    n_pos: int
    n_neg: int


def _check_ci(ci: Any) -> float:
    if isinstance(ci, (bool, np.bool_)) or not isinstance(ci, (int, float, np.integer,
                                                               np.floating)):
        raise ImbcoreError(f"invalid ci: got {ci!r}; ci is a confidence level in (0, 1), "
                           "such as 0.95")
    level = float(ci)
    if not 0.0 < level < 1.0:
        raise ImbcoreError(f"invalid ci: got {ci!r}; ci is a confidence level in (0, 1), "
                           "such as 0.95")
    return level


def _check_method(method: Any) -> str:
    if not isinstance(method, str) or method.strip().lower() not in _METHODS:
        known = ", ".join(repr(m) for m in _METHODS)
        raise ImbcoreError(f"invalid method: got {method!r}; known methods: {known}")
    return method.strip().lower()


def _check_no_weights(sample_weight: Any) -> None:
    if sample_weight is not None:
        raise ImbcoreError(
            "invalid sample_weight: got weights; DeLong's variance is defined for "
            "unweighted samples only (pass sample_weight=None, or bootstrap a weighted "
            "sweep for an interval)")


def _scores(y_score: Any, name: str) -> np.ndarray:
    try:
        s, _ = scores_1d(y_score)
    except ImbcoreError as e:  # name the argument the user passed
        raise ImbcoreError(str(e).replace("y_score", name)) from None
    s = s.astype(np.float64, copy=False)
    if not np.isfinite(s).all():
        i = int(np.flatnonzero(~np.isfinite(s))[0])
        raise ImbcoreError(f"invalid {name}: got {float(s[i])} at index {i}; scores must be finite")
    return s


def _classes(y_true: Any, pos_label: Any, n: int, name: str) -> np.ndarray:
    try:
        pos = binary_labels(y_true, pos_label, n=n).astype(bool)
    except ImbcoreError as e:
        raise ImbcoreError(str(e).replace("y_score", name)) from None
    n_pos = int(np.count_nonzero(pos))
    if n_pos == 0 or n_pos == pos.size:
        only = "positives" if n_pos else "negatives"
        raise ImbcoreError(
            f"invalid y_true: got {only} only ({pos.size} samples); ROC-AUC and its "
            "interval need samples of both classes")
    return pos


def _group_placements(tp: np.ndarray, fp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The placement values V10 and V01 of the samples at each distinct score.

    ``tp``, ``fp`` are the cumulative counts at the distinct scores, in
    descending order (those of a sweep). At distinct score ``k`` a positive
    outranks the ``n_neg - fp[k]`` negatives below it and ties with
    ``fp[k] - fp[k-1]`` of them, which count one half:
    ``V10 = (n_neg - (fp[k] + fp[k-1]) / 2) / n_neg``; likewise a negative is
    outranked by ``tp[k-1]`` positives and ties with ``tp[k] - tp[k-1]``:
    ``V01 = (tp[k] + tp[k-1]) / 2 / n_pos``. These are Sun & Xu's
    ``(T_Z - T_X) / n_neg`` and ``1 - (T_Z - T_Y) / n_pos`` from midranks.
    """
    # in place, a few passes over arrays as long as the distinct scores
    v10 = np.array(fp, dtype=np.float64)
    v10[1:] += v10[:-1].copy()
    v10 *= -0.5 / float(fp[-1])
    v10 += 1.0
    v01 = np.array(tp, dtype=np.float64)
    v01[1:] += v01[:-1].copy()
    v01 *= 0.5 / float(tp[-1])
    return v10, v01


def _sample_placements(pos: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The placement value of every positive (V10) and every negative (V01), in
    sample order: one sort of the scores (``np.unique``), then the group
    values of :func:`_group_placements` handed back to the samples."""
    u, inverse = np.unique(s, return_inverse=True)
    inverse = inverse.reshape(-1)
    n_pos_at = np.bincount(inverse, weights=pos, minlength=u.size)[::-1]
    n_neg_at = np.bincount(inverse, weights=~pos, minlength=u.size)[::-1]
    g10, g01 = _group_placements(np.cumsum(n_pos_at), np.cumsum(n_neg_at))
    group = u.size - 1 - inverse  # the group of each sample, counted from the top
    return g10[group[pos]], g01[group[~pos]]


def _weighted_var(values: np.ndarray, counts: np.ndarray, n: float) -> float:
    """The sample variance (denominator ``n - 1``) of ``values`` repeated ``counts`` times."""
    if n <= 1:
        return 0.0
    mean = float(np.dot(counts, values)) / n
    return float(np.dot(counts, (values - mean) ** 2)) / (n - 1)


def _z(level: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2.0)


def roc_auc_ci(y_true: Any, y_score: Any, *, sample_weight: Any = None, ci: float = 0.95,
               method: str = "delong", pos_label: Any = None) -> AucInterval:
    """ROC-AUC with DeLong's standard error and a confidence interval, in O(n log n).

    Parameters
    ----------
    y_true : array_like, 1-D
        Labels: booleans, or two values among {0, 1} or {-1, 1}, or any two
        values with ``pos_label`` naming the positive class. Both classes must
        be present.
    y_score : array_like, 1-D
        Finite scores; higher means more likely positive.
    sample_weight : None
        Not supported: DeLong's variance is defined for unweighted samples, and
        weights raise ``ImbcoreError`` (bootstrap a weighted sweep instead).
    ci : float, default 0.95
        The confidence level, in (0, 1).
    method : {'delong'}
        How the variance is estimated.
    pos_label : optional
        The positive class, as in scikit-learn.

    Returns
    -------
    AucInterval
        ``auc``, ``low``, ``high``, ``se``, ``variance``.

    Raises
    ------
    ImbcoreError
        For one class only, lengths that differ, non-finite scores, ``ci``
        outside (0, 1), an unknown method, or sample weights.

    Notes
    -----
    The variance is DeLong's: with ``V10`` the placement values of the
    positives and ``V01`` those of the negatives (see :mod:`imbcore.delong`),
    ``var(AUC) = var(V10) / n_pos + var(V01) / n_neg`` (sample variances,
    denominator ``n - 1``). The interval is the normal (Wald) interval on the
    AUC scale, clipped to [0, 1], as pROC gives it; when the classes are
    perfectly separated the variance is 0 and the interval is the point.
    Sorting each class once and binary searching the other gives the
    placement values in O(n log n) time, as Sun & Xu's midrank method does.

    References
    ----------
    DeLong, DeLong & Clarke-Pearson (1988), Biometrics 44(3), 837-845.
    Sun & Xu (2014), IEEE Signal Processing Letters 21(11), 1389-1393.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(2000) < 0.1
    >>> s = rng.normal(size=y.size) + 1.5 * y
    >>> r = imbcore.roc_auc_ci(y, s)
    >>> round(r.auc, 4), round(r.low, 4), round(r.high, 4), round(r.se, 4)
    (0.8377, 0.8105, 0.8648, 0.0138)
    >>> abs(r.auc - imbcore.roc_auc_score(y, s)) < 1e-12
    True
    >>> imbcore.roc_auc_ci([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])
    AucInterval(auc=1.0, low=1.0, high=1.0, se=0.0, variance=0.0, ci=0.95, method='delong', n_pos=2, n_neg=2)
    """
    method = _check_method(method)
    level = _check_ci(ci)
    _check_no_weights(sample_weight)
    s = _scores(y_score, "y_score")
    pos = _classes(y_true, pos_label, s.size, "y_score")
    # the sweep sorts once (in Rust) and counts each class at every distinct
    # score: all samples of a class at one score share one placement value
    sw = sweep(pos, s)
    tp, fp = sw.tp, sw.fp
    v10, v01 = _group_placements(tp, fp)
    m, n = int(tp[-1]), int(fp[-1])
    pos_at = np.diff(tp, prepend=0).astype(np.float64)
    neg_at = np.diff(fp, prepend=0).astype(np.float64)
    auc = float(np.dot(pos_at, v10)) / m
    variance = _weighted_var(v10, pos_at, m) / m + _weighted_var(v01, neg_at, n) / n
    se = math.sqrt(variance)
    half = _z(level) * se
    return AucInterval(auc=auc, low=max(0.0, auc - half), high=min(1.0, auc + half), se=se,
                       variance=variance, ci=level, method=method, n_pos=m, n_neg=n)


def compare_auc(y_true: Any, y_score1: Any, y_score2: Any, *, sample_weight: Any = None,
                ci: float = 0.95, method: str = "delong",
                pos_label: Any = None) -> AucComparison:
    """DeLong's paired test that two scores of the same samples have equal ROC-AUC.

    Parameters
    ----------
    y_true : array_like, 1-D
        Labels, as for :func:`roc_auc_ci`. Both classes must be present.
    y_score1, y_score2 : array_like, 1-D
        Two finite scores of the same samples (two models, say).
    sample_weight : None
        Not supported (raises ``ImbcoreError``).
    ci : float, default 0.95
        The confidence level of the interval of the difference.
    method : {'delong'}
        How the covariance is estimated.
    pos_label : optional
        The positive class, as in scikit-learn.

    Returns
    -------
    AucComparison
        ``difference = auc1 - auc2``, its ``variance`` and ``se``, ``z``, the
        two-sided ``p_value`` and the interval ``low``, ``high``.

    Raises
    ------
    ImbcoreError
        As :func:`roc_auc_ci`, and when the two scores differ in length.

    Notes
    -----
    The two AUCs are correlated because they are measured on the same
    samples. DeLong's covariance matrix of ``(auc1, auc2)`` is
    ``S10 / n_pos + S01 / n_neg``, with ``S10`` (``S01``) the 2 x 2 sample
    covariance of the placement values of the positives (negatives) under
    each score; the variance of the difference is
    ``var1 + var2 - 2 cov``, and ``z = difference / se`` is referred to the
    standard normal. When the variance is 0 (both scores separate the classes
    perfectly, or rank them identically), ``z`` is 0 with p-value 1 if the
    AUCs are equal, and infinite with p-value 0 otherwise.

    References
    ----------
    DeLong, DeLong & Clarke-Pearson (1988), Biometrics 44(3), 837-845.
    Sun & Xu (2014), IEEE Signal Processing Letters 21(11), 1389-1393.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> rng = np.random.default_rng(1)
    >>> y = rng.random(3000) < 0.2
    >>> signal = rng.normal(size=y.size) + 1.0 * y
    >>> s1 = signal + 0.5 * rng.normal(size=y.size)     # a better model
    >>> s2 = signal + 1.5 * rng.normal(size=y.size)     # a noisier one
    >>> c = imbcore.compare_auc(y, s1, s2)
    >>> round(c.auc1, 3), round(c.auc2, 3), round(c.difference, 3)
    (0.721, 0.685, 0.036)
    >>> round(c.z, 2), round(c.p_value, 4), round(c.low, 3), round(c.high, 3)
    (2.95, 0.0032, 0.012, 0.06)
    """
    method = _check_method(method)
    level = _check_ci(ci)
    _check_no_weights(sample_weight)
    s1 = _scores(y_score1, "y_score1")
    s2 = _scores(y_score2, "y_score2")
    if s2.size != s1.size:
        raise ImbcoreError(f"invalid y_score2: got length {s2.size}; y_score2 must have the "
                           f"same length as y_score1 ({s1.size})")
    pos = _classes(y_true, pos_label, s1.size, "y_score1")
    a10, a01 = _sample_placements(pos, s1)
    b10, b01 = _sample_placements(pos, s2)
    m, n = a10.size, a01.size
    auc1, auc2 = float(a10.mean()), float(b10.mean())
    cov = np.zeros((2, 2))
    if m > 1:
        cov += np.cov(np.vstack([a10, b10]), ddof=1) / m
    if n > 1:
        cov += np.cov(np.vstack([a01, b01]), ddof=1) / n
    variance = max(0.0, float(cov[0, 0] + cov[1, 1] - 2.0 * cov[0, 1]))
    se = math.sqrt(variance)
    difference = auc1 - auc2
    if se > 0.0:
        z = difference / se
    else:
        z = 0.0 if difference == 0.0 else math.copysign(math.inf, difference)
    # two-sided p-value as erfc, which keeps its digits far in the tail
    p_value = math.erfc(abs(z) / math.sqrt(2.0))
    half = _z(level) * se
    return AucComparison(
        auc1=auc1, auc2=auc2, difference=difference, variance=variance, se=se,
        covariance=float(cov[0, 1]), z=z, p_value=p_value,
        low=max(-1.0, difference - half), high=min(1.0, difference + half), ci=level,
        method=method, n_pos=m, n_neg=n)
