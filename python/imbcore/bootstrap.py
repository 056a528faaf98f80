"""Bootstrap confidence intervals for the best threshold, its value, ROC-AUC and AP.

``imbcore.bootstrap(y_true, y_score)`` (and :meth:`imbcore.Sweep.bootstrap`)
resamples the data ``n_resamples`` times and, in each replicate, finds the
best threshold of every requested metric (with or without ``subject_to``),
the metric there in-bag and out-of-bag, and ROC-AUC and average precision.
The scores are sorted once; each replicate is one weighted scan of that
order in Rust (see :class:`BootstrapResult` for the method and its
intervals).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from . import _core
from ._inputs import n_jobs_arg
from ._samples import Samples
from .constraints import Constraints, SubjectTo
from .errors import ImbcoreError
from .metrics import metric_info

if TYPE_CHECKING:
    from ._sweep import Sweep

__all__ = ["bootstrap", "BootstrapResult", "METHODS", "interval_fields"]

#: The resampling methods :func:`bootstrap` knows.
METHODS = ("poisson", "multinomial")

#: The statistics kept per metric, in the order :meth:`BootstrapResult.to_frame` lists them.
_PER_METRIC = ("threshold", "value", "out_of_bag", "optimism")


def _check_n_resamples(n_resamples: Any) -> int:
    if (isinstance(n_resamples, (bool, np.bool_))
            or not isinstance(n_resamples, (numbers.Integral, np.integer)) or n_resamples < 1):
        raise ImbcoreError(f"invalid n_resamples: got {n_resamples!r}; n_resamples must be "
                           "an integer >= 1")
    return int(n_resamples)


def _check_ci(ci: Any) -> float:
    try:
        c = float(ci)
    except (TypeError, ValueError):
        c = float("nan")
    if isinstance(ci, (bool, np.bool_)) or not 0.0 < c < 1.0:
        raise ImbcoreError(f"invalid ci: got {ci!r}; ci must lie in (0, 1), e.g. 0.95")
    return c


def _check_method(method: Any, stratify: Any) -> tuple[str, bool]:
    if not isinstance(method, str) or method.lower() not in METHODS:
        raise ImbcoreError(f"invalid method: got {method!r}; known methods are "
                           + ", ".join(repr(m) for m in METHODS))
    if not isinstance(stratify, (bool, np.bool_)):
        raise ImbcoreError(f"invalid stratify: got {stratify!r}; stratify must be True or False")
    method = method.lower()
    if stratify and method == "poisson":
        raise ImbcoreError("invalid stratify: got True with method='poisson'; stratification "
                           "needs method='multinomial' (Poisson counts keep no total)")
    return method, bool(stratify)


def _check_metrics(metrics: Any) -> list[str]:
    if isinstance(metrics, str):
        metrics = [metrics]
    try:
        names = list(metrics)
    except TypeError:
        raise ImbcoreError(f"invalid metrics: got {metrics!r}; give a metric name or a list "
                           "of them") from None
    if not names:
        raise ImbcoreError("invalid metrics: got an empty list; give at least one metric")
    out = []
    for m in names:
        if not isinstance(m, str):
            raise ImbcoreError(f"invalid metric: got {m!r}; a metric is named by a string "
                               "such as 'f1'")
        out.append(metric_info(m).name)
    return out


def _seed(random_state: Any) -> int:
    """A 64-bit seed for the core's counter-based generator."""
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1, np.uint64)[0])
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**64, dtype=np.uint64))
    if (isinstance(random_state, (numbers.Integral, np.integer))
            and not isinstance(random_state, (bool, np.bool_)) and int(random_state) >= 0):
        return int(np.random.SeedSequence(int(random_state)).generate_state(1, np.uint64)[0])
    raise ImbcoreError(f"invalid random_state: got {random_state!r}; random_state must be "
                       "None, an integer >= 0 or a numpy.random.Generator")


@dataclass(frozen=True, eq=False)
class BootstrapResult:
    """The replicates of a bootstrap and their confidence intervals.

    Attributes
    ----------
    metrics : list of str
        The canonical names of the metrics whose best threshold was sought.
    subject_to : dict
        The constraints every chosen threshold had to meet.
    n_resamples : int
    ci : float
        The confidence level of :meth:`interval` (and of ``to_frame``).
    method : {'poisson', 'multinomial'}
    stratify : bool
    threshold : ndarray of shape (n_resamples, n_metrics)
        The best threshold in each replicate (the distribution of the chosen
        threshold); NaN where no threshold met ``subject_to``.
    value : ndarray of shape (n_resamples, n_metrics)
        The metric at that threshold, in-bag (on the replicate).
    out_of_bag : ndarray of shape (n_resamples, n_metrics)
        The metric at that threshold on the samples the replicate left out.
        For a cost (a total, not a ratio) it is rescaled to the replicate's
        in-bag total weight, so that the two are comparable.
    optimism : ndarray of shape (n_resamples, n_metrics)
        ``value - out_of_bag``: how much choosing the threshold on the same
        data flatters the metric (positive for a metric where higher is
        better, negative for a cost).
    roc_auc, average_precision : ndarray of shape (n_resamples,)
        In-bag, per replicate (NaN when a replicate lacks a class, or has no
        positives for AP).
    unmet : ndarray of shape (n_metrics,)
        The share of replicates in which no threshold met ``subject_to`` (or
        the metric was undefined everywhere); those replicates are left out
        of the intervals.
    estimate : dict
        The statistics on the data itself (no resampling): ``(metric,
        statistic)`` -> value, and ``roc_auc``, ``average_precision``.

    Notes
    -----
    **Intervals** are percentile intervals (Efron & Tibshirani 1993, ch. 13):
    the ``(1 - ci) / 2`` and ``(1 + ci) / 2`` quantiles of the replicates,
    with linear interpolation between order statistics (NumPy's default).
    Standard errors are the standard deviation of the replicates
    (``ddof=1``). BCa intervals are not offered: their acceleration comes
    from a jackknife (``n`` more sweeps), and the best threshold is a
    discontinuous statistic of the data for which the BCa expansion does not
    hold.

    **Replicates.** With ``method='poisson'`` every sample counts ``k`` times
    with ``k ~ Poisson(1)`` independently (the total varies; for large ``n``
    the same as the ordinary bootstrap); with ``'multinomial'`` the replicate
    holds exactly ``n`` draws with replacement, ``stratify=True`` draws
    ``n_pos`` among the positives and ``n_neg`` among the negatives. Sample
    weights multiply the counts. In each replicate the best threshold is the
    one an ordinary weighted sweep with weights ``count * sample_weight``
    would choose (:meth:`imbcore.Sweep.best`, same ties and constraints).

    **Randomness.** The count of sample ``i`` in replicate ``r`` depends only
    on ``(seed, r, i)`` (a counter-based generator), so results are
    reproducible and independent of ``n_jobs``.
    """

    metrics: list[str]
    subject_to: dict[str, float]
    n_resamples: int
    ci: float
    method: str
    stratify: bool
    threshold: np.ndarray
    value: np.ndarray
    out_of_bag: np.ndarray
    optimism: np.ndarray
    roc_auc: np.ndarray
    average_precision: np.ndarray
    unmet: np.ndarray
    estimate: dict[Any, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"<BootstrapResult: {self.n_resamples} {self.method} replicates of "
                f"{', '.join(self.metrics)}, ci={self.ci}>")

    def _column(self, statistic: str, metric: str | None) -> np.ndarray:
        if statistic in ("roc_auc", "average_precision"):
            return np.asarray(getattr(self, statistic))
        if statistic not in _PER_METRIC:
            known = ", ".join(repr(s) for s in (*_PER_METRIC, "roc_auc", "average_precision"))
            raise ImbcoreError(f"invalid statistic: got {statistic!r}; known statistics are "
                               f"{known}")
        if metric is None:
            if len(self.metrics) != 1:
                raise ImbcoreError(f"invalid metric: got None; name one of {self.metrics}")
            j = 0
        else:
            name = metric_info(metric).name
            if name not in self.metrics:
                raise ImbcoreError(f"invalid metric: got {metric!r}; this bootstrap has "
                                   f"{self.metrics}")
            j = self.metrics.index(name)
        return np.asarray(getattr(self, statistic))[:, j]

    def interval(self, statistic: str = "threshold", metric: str | None = None, *,
                 ci: float | None = None) -> tuple[float, float]:
        """The percentile interval of a statistic over the replicates.

        Parameters
        ----------
        statistic : {'threshold', 'value', 'out_of_bag', 'optimism', 'roc_auc', \
'average_precision'}
        metric : str, optional
            Which metric's threshold (or value...); needed when there are several.
        ci : float, optional
            The level (default: the result's ``ci``).

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(0)
        >>> y = rng.random(2000) < 0.2
        >>> s = rng.normal(size=2000) + 1.5 * y
        >>> r = imbcore.bootstrap(y, s, n_resamples=200, random_state=0)
        >>> lo, hi = r.interval("roc_auc")
        >>> bool(lo < r.estimate["roc_auc"] < hi)
        True
        """
        level = self.ci if ci is None else _check_ci(ci)
        x = self._column(statistic, metric)
        x = x[~np.isnan(x)]
        if x.size == 0:
            return (float("nan"), float("nan"))
        lo, hi = np.quantile(x, [(1 - level) / 2, (1 + level) / 2])
        return (float(lo), float(hi))

    def std_error(self, statistic: str = "threshold", metric: str | None = None) -> float:
        """The standard deviation of a statistic over the replicates (its bootstrap
        standard error); NaN with fewer than two replicates that have it."""
        x = self._column(statistic, metric)
        x = x[~np.isnan(x)]
        return float(np.std(x, ddof=1)) if x.size > 1 else float("nan")

    def records(self) -> list[dict[str, Any]]:
        """One dict per statistic: metric, statistic, estimate, mean, std_error,
        ci_low, ci_high and the share of replicates that lack it (unmet)."""
        rows = []
        keys: list[tuple[str | None, str]] = [(m, s) for m in self.metrics for s in _PER_METRIC]
        keys += [(None, "roc_auc"), (None, "average_precision")]
        for m, stat in keys:
            x = self._column(stat, m)
            valid = x[~np.isnan(x)]
            lo, hi = self.interval(stat, m)
            est = self.estimate.get(stat if m is None else (m, stat), float("nan"))
            rows.append({
                "metric": m if m is not None else "",
                "statistic": stat,
                "estimate": est,
                "mean": float(valid.mean()) if valid.size else float("nan"),
                "std_error": self.std_error(stat, m),
                "ci_low": lo,
                "ci_high": hi,
                "unmet": 1.0 - valid.size / max(x.size, 1),
            })
        return rows

    def to_frame(self) -> Any:
        """The summary table: a pandas DataFrame when pandas is installed, else a
        dict of NumPy arrays (one per column).

        Columns: metric, statistic, estimate (on the data itself), mean,
        std_error, ci_low, ci_high (the percentile interval at ``ci``) and
        unmet (the share of replicates that lack the statistic).

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(1)
        >>> y = rng.random(500) < 0.3
        >>> s = rng.normal(size=500) + y
        >>> t = imbcore.bootstrap(y, s, n_resamples=50, random_state=1).to_frame()
        >>> list(t["statistic"])[:4]
        ['threshold', 'value', 'out_of_bag', 'optimism']
        """
        rows = self.records()
        cols = ["metric", "statistic", "estimate", "mean", "std_error", "ci_low", "ci_high",
                "unmet"]
        try:
            import pandas as pd
        except ImportError:
            return {c: np.array([r[c] for r in rows]) for c in cols}
        return pd.DataFrame(rows, columns=cols)


def _estimates(s: Sweep, metrics: list[str], constraints: Constraints) -> dict[Any, float]:
    """The statistics on the data itself, read from its sweep."""
    import warnings

    out: dict[Any, float] = {}
    for m in metrics:
        try:
            with warnings.catch_warnings():  # one class: the replicates say it already
                warnings.simplefilter("ignore")
                b = s.best(m, subject_to=constraints)
        except ImbcoreError:
            out[(m, "threshold")] = out[(m, "value")] = float("nan")
        else:
            out[(m, "threshold")] = float(b.threshold)
            out[(m, "value")] = float(b.value)
    out["roc_auc"] = s.roc_auc if s.n_pos > 0 and s.n_neg > 0 else float("nan")
    out["average_precision"] = s.average_precision if s.n_pos > 0 else float("nan")
    return out


def _run(samples: Samples, *, sweep: Sweep | None = None, metrics: Any, subject_to: Any,
         n_resamples: Any, ci: Any, method: Any, stratify: Any, random_state: Any,
         n_jobs: Any) -> BootstrapResult:
    """The bootstrap of validated samples; ``sweep``, when given, is their sweep
    (the estimates are read from it rather than from a new one)."""
    from ._sweep import sweep_samples

    n_resamples = _check_n_resamples(n_resamples)
    ci = _check_ci(ci)
    method, stratify = _check_method(method, stratify)
    names = _check_metrics(metrics)
    constraints = Constraints.parse(subject_to)
    seed = _seed(random_state)
    n_jobs = n_jobs_arg(n_jobs)
    th, idx, inb, oob, auc, ap, totals = _core.bootstrap_scores(
        samples.labels, samples.scores, samples.weights, names, constraints.pairs(),
        n_resamples, method, stratify, seed, n_jobs=n_jobs)
    shape = (n_resamples, len(names))
    th, idx, inb, oob = (a.reshape(shape) for a in (th, idx, inb, oob))
    totals = totals.reshape(n_resamples, 2)
    for j, m in enumerate(names):
        if metric_info(m).scales_with_counts:
            with np.errstate(divide="ignore", invalid="ignore"):
                oob[:, j] = oob[:, j] * (totals[:, 0] / totals[:, 1])
    unmet = (idx < 0).mean(axis=0)
    for j, m in enumerate(names):
        if unmet[j] == 1.0:
            if constraints:
                raise constraints.unmet(f"in any of the {n_resamples} replicates (for {m})")
            raise ImbcoreError(f"invalid metric: got {m!r}; it is undefined (NaN) at every "
                               "threshold of every replicate")
    for a in (th, inb, oob, auc, ap):
        a.flags.writeable = False
    optimism = inb - oob
    optimism.flags.writeable = False
    unmet.flags.writeable = False
    if sweep is None:
        sweep = sweep_samples(samples, n_jobs=n_jobs)
    return BootstrapResult(
        metrics=names, subject_to=constraints.as_dict(), n_resamples=n_resamples, ci=ci,
        method=method, stratify=stratify, threshold=th, value=inb, out_of_bag=oob,
        optimism=optimism, roc_auc=auc, average_precision=ap, unmet=unmet,
        estimate=_estimates(sweep, names, constraints))


def bootstrap(y_true: Any, y_score: Any, *, sample_weight: Any = None,
              metrics: str | Sequence[str] = ("f1",),
              subject_to: SubjectTo = None, n_resamples: int = 1000,
              ci: float = 0.95, method: str = "poisson", stratify: bool = False,
              random_state: Any = None, pos_label: Any = None,
              n_jobs: int | None = None) -> BootstrapResult:
    """Bootstrap intervals for the best threshold of each metric, its value, ROC-AUC and AP.

    Parameters
    ----------
    y_true, y_score, sample_weight, pos_label
        As for :func:`imbcore.sweep`.
    metrics : str or sequence of str
        The metrics whose best threshold is found in every replicate (any
        name of the metric table, e.g. ``'f1'``, ``'f2'``, ``'mcc'``,
        ``'cost(c_fp=1, c_fn=10)'``).
    subject_to : mapping of metric name to bound, str or Constraints, optional
        Constraints on the chosen thresholds, as for :meth:`imbcore.Sweep.best`.
        Replicates where no threshold meets them are counted in
        :attr:`BootstrapResult.unmet` and left out of the intervals; only if
        no replicate meets them is it an error.
    n_resamples : int
        The number of replicates (>= 1).
    ci : float
        The confidence level of the intervals, in (0, 1).
    method : {'poisson', 'multinomial'}
        Poisson(1) counts per sample, or exactly ``n`` draws with replacement.
    stratify : bool
        With ``'multinomial'``: draw the positives and the negatives apart,
        keeping their numbers.
    random_state : None, int or numpy.random.Generator
        Seeds the counter-based generator; results are reproducible and do
        not depend on ``n_jobs``.
    n_jobs : int, optional
        Threads (None or -1 for all).

    Returns
    -------
    BootstrapResult

    Raises
    ------
    ImbcoreError
        For ``n_resamples < 1``, ``ci`` outside (0, 1), an unknown method,
        ``stratify`` with Poisson, or constraints no replicate can meet.

    Notes
    -----
    The scores are sorted once; every replicate is one pass over that order
    that reweights the samples (two, as the totals come first), so ``B``
    replicates cost about ``B`` linear scans, not ``B`` sorts.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(5000) < 0.05
    >>> s = rng.normal(size=5000) + 2 * y
    >>> r = imbcore.bootstrap(y, s, metrics=["f1", "mcc"], n_resamples=200, random_state=0)
    >>> r.threshold.shape
    (200, 2)
    >>> lo, hi = r.interval("threshold", "f1")
    >>> bool(lo <= r.estimate[("f1", "threshold")] <= hi)
    True
    """
    samples = Samples(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label)
    return _run(samples, metrics=metrics,
                subject_to=subject_to, n_resamples=n_resamples, ci=ci, method=method,
                stratify=stratify, random_state=random_state, n_jobs=n_jobs)


def _replicate_counts(labels: np.ndarray, replicate: int, *, method: str = "poisson",
                      stratify: bool = False, seed: int = 0) -> np.ndarray:
    """The count of every sample in one replicate, as the bootstrap draws it with
    the core seed ``seed`` (what :func:`_seed` makes of ``random_state``)."""
    method, stratify = _check_method(method, stratify)
    return _core.bootstrap_counts(np.ascontiguousarray(labels, dtype=np.uint8), int(replicate),
                                  method, stratify, int(seed))


def metric_bands(data: Samples, metrics: Sequence[str], thresholds: np.ndarray, *, ci: float,
                 n_resamples: int = 200, method: str = "poisson", stratify: bool = False,
                 random_state: Any = None, n_jobs: int | None = None,
                 min_defined: float = 0.5) -> dict[str, np.ndarray]:
    """Percentile bands of metrics at given thresholds over bootstrap replicates:
    metric name -> array of shape (2, len(thresholds)) (low, high).

    Each replicate counts the samples as :func:`bootstrap` does (the same
    counts for the same ``random_state``), and a metric at a threshold is
    computed from the replicate's samples at or above it. The scores are
    sorted once; every replicate is one pass of the core over that order.

    A replicate in which a metric is undefined at a threshold (precision
    where the replicate predicts no positive, NPV where it predicts no
    negative, MCC at either end, ...: where scikit-learn warns and reports
    its ``zero_division`` value) is left out of that metric's percentiles
    there, rather than counted as 0. Where fewer than ``min_defined`` of the
    replicates (and fewer than 2) remain, the band is NaN: nothing is drawn.

    Examples
    --------
    >>> import numpy as np
    >>> import imbcore
    >>> from imbcore.bootstrap import metric_bands
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(2000) < 0.1
    >>> s = rng.normal(size=2000) + 2 * y
    >>> b = metric_bands(imbcore.Samples(y, s), ["precision"], np.array([0.0, 9.0]), ci=0.9,
    ...                  n_resamples=100, random_state=0)
    >>> lo, hi = b["precision"]
    >>> bool(lo[0] < hi[0]), bool(np.isnan(lo[1]))  # above every score: undefined
    (True, True)
    """
    ci = _check_ci(ci)
    n_resamples = _check_n_resamples(n_resamples)
    method, stratify = _check_method(method, stratify)
    names = _check_metrics(metrics)
    try:
        share = float(min_defined)
    except (TypeError, ValueError):
        share = float("nan")
    if not 0.0 <= share <= 1.0:
        raise ImbcoreError(f"invalid min_defined: got {min_defined!r}; min_defined is a "
                           "share of the replicates, in [0, 1]")
    seed = _seed(random_state)
    n_jobs = n_jobs_arg(n_jobs)
    t = np.ascontiguousarray(thresholds, dtype=np.float64).reshape(-1)
    values = _core.bootstrap_bands(data.labels, data.scores, data.weights, t, names,
                                   n_resamples, method, stratify, seed, n_jobs=n_jobs)
    values = values.reshape(n_resamples, len(names), t.size)
    needed = max(2, int(np.ceil(share * n_resamples)))
    out = {}
    for j, m in enumerate(names):
        v = values[:, j, :]
        enough = (~np.isnan(v)).sum(axis=0) >= needed
        band = np.full((2, t.size), np.nan)
        if enough.any():
            band[:, enough] = np.nanquantile(v[:, enough], [(1 - ci) / 2, (1 + ci) / 2], axis=0)
        out[m] = band
    return out


def interval_fields(result: BootstrapResult, metric: str) -> dict[str, Any]:
    """The intervals of one metric's best threshold and value, and the share of
    replicates without a threshold, as the CLI reports them (JSON fields)."""
    j = result.metrics.index(metric_info(metric).name)
    return {"threshold_ci": list(result.interval("threshold", metric)),
            "value_ci": list(result.interval("value", metric)),
            "threshold_se": result.std_error("threshold", metric),
            "value_se": result.std_error("value", metric),
            "optimism": float(np.nanmean(result.optimism[:, j]))
            if not np.isnan(result.optimism[:, j]).all() else float("nan"),
            "unmet": float(result.unmet[j])}
