"""Exact threshold sweeps over real scores.

``imbcore.sweep(y_true, y_score)`` (:func:`sweep`, defined here) computes, in one parallel pass in
Rust, the confusion counts at every distinct threshold of the scores; from
them follow every metric along the curve, the best threshold per metric (with
or without constraints on other metrics), ROC-AUC and average precision.

:class:`SweepState` holds the same data before it is accumulated (the
distinct scores with the positives and negatives at each): it takes data in
batches, merges with the states of other parts of the data (other processes,
other machines) and pickles; :meth:`SweepState.finalize` gives the
:class:`Sweep` of everything seen.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, Sequence

import numpy as np

from . import _core
from ._inputs import binary_labels, n_jobs_arg, scores_1d, weights_1d
from ._samples import Samples
from .constraints import Constraints, SubjectTo
from .errors import ImbcoreError, _undefined_metric_warning
from .metrics import _check_name, metric_info, metric_names

if TYPE_CHECKING:
    from .bootstrap import BootstrapResult
    from .calibration import Calibration
    from .decision import KS, CostCurve, Gains, NetBenefit

__all__ = ["sweep", "Sweep", "SweepState", "BestThreshold", "BestThresholds", "Confusion"]


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


class BestThresholds(dict):
    """The best threshold per metric (what :meth:`Sweep.best_all` returns): a
    dict from metric name to :class:`BestThreshold`."""

    def records(self) -> list[dict[str, Any]]:
        """One plain dict per metric, in order (what ``to_frame`` tabulates)."""
        return [{"metric": k, **{f: getattr(b, f) for f in ("threshold", "value", "index",
                                                              "tp", "fp", "fn", "tn")}}
                for k, b in self.items()]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by metric, one row per metric (needs pandas).

        Examples
        --------
        >>> import imbcore
        >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> df = s.best_all(["f1", "mcc"]).to_frame()
        >>> list(df.columns)
        ['threshold', 'value', 'index', 'tp', 'fp', 'fn', 'tn']
        """
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_frame needs pandas: pip install pandas") from e
        rows = self.records()
        return pd.DataFrame(rows, columns=["metric", "threshold", "value", "index", "tp", "fp",
                                           "fn", "tn"]).set_index("metric")


class Sweep:
    """Confusion counts at every distinct threshold (made by :func:`sweep` or
    :meth:`SweepState.finalize`).

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
    prevalence : float
        ``n_pos / (n_pos + n_neg)``.
    weighted : bool
        Whether the counts are summed weights.
    samples : Samples or None
        The validated samples the sweep was made from (by :func:`sweep`);
        None for a sweep made from a :class:`SweepState` or unpickled.

    Notes
    -----
    The data lives in Rust, in the narrowest exact types (uint32 counts below
    2^32 samples), so a sweep of 10^7 float64 scores holds 160 MB rather than
    320 MB. ``thresholds`` (and ``tp``, ``fp`` when they are float64 or
    int64) are read-only views of it; uint32 counts are widened to int64 when
    first read. :meth:`best`, :meth:`metric`, :attr:`roc_auc` and
    :attr:`average_precision` read the stored counts directly. A sweep
    pickles.
    """

    def __init__(self, curve: _core.SweepCurve, *, n_jobs: int | None = None,
                 score_dtype: Any = None, samples: Samples | None = None) -> None:
        self._curve = curve
        self._n_jobs = n_jobs
        self._score_dtype = None if score_dtype is None else np.dtype(score_dtype)
        self._samples = samples

    @property
    def samples(self) -> Samples | None:
        """The validated samples this sweep was made from, or None (a sweep made
        from a :class:`SweepState`, or unpickled, keeps no samples).

        Examples
        --------
        >>> import imbcore
        >>> imbcore.sweep([0, 1, 1], [0.2, 0.9, 0.4]).samples
        <Samples: 3 samples, 2 positive>
        """
        return self._samples

    @property
    def n_jobs(self) -> int | None:
        """The threads calls on this sweep use (None: all), as given to :func:`sweep`."""
        return self._n_jobs

    @cached_property
    def thresholds(self) -> np.ndarray:
        t = self._curve.thresholds
        if self._score_dtype is not None and self._score_dtype != t.dtype:
            # exact: integers were checked to be within 2^53, float16 widened
            # to float32, longdouble checked to hold float64 values
            t = t.astype(self._score_dtype)
            t.flags.writeable = False
        return t

    @property
    def weighted(self) -> bool:
        return bool(self._curve.weighted)

    @property
    def n_pos(self) -> int | float:
        return self._curve.n_pos

    @property
    def n_neg(self) -> int | float:
        return self._curve.n_neg

    @property
    def prevalence(self) -> float:
        return float(self.n_pos / (self.n_pos + self.n_neg))

    def __len__(self) -> int:
        return len(self._curve)

    def __repr__(self) -> str:
        kind = "weighted " if self.weighted else ""
        return (f"<Sweep: {kind}{len(self)} thresholds, n_pos={self.n_pos}, "
                f"n_neg={self.n_neg}>")

    @cached_property
    def tp(self) -> np.ndarray:
        return self._curve.tp

    @cached_property
    def fp(self) -> np.ndarray:
        return self._curve.fp

    @cached_property
    def fn(self) -> np.ndarray:
        # Summed weights are summed from the low end, not found as
        # n_pos - tp, which loses the digits of a small remainder.
        return self._curve.fn

    @cached_property
    def tn(self) -> np.ndarray:
        return self._curve.tn

    def to_state(self) -> SweepState:
        """The :class:`SweepState` of this sweep, to merge with others.

        Examples
        --------
        >>> import imbcore
        >>> a = imbcore.sweep([0, 1], [0.2, 0.9]).to_state()
        >>> b = imbcore.sweep([1, 0], [0.2, 0.5]).to_state()
        >>> a.merge(b).finalize().tp
        array([1, 1, 2])
        """
        return SweepState._wrap(self._curve.to_state())

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for cached in ("thresholds", "tp", "fp", "fn", "tn", "roc_auc", "average_precision"):
            state.pop(cached, None)  # the curve carries the data
        state["_samples"] = None  # a pickle carries the curve, not the samples
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({"_samples": None, **state})

    def calibration(self) -> Calibration:
        """The isotonic recalibration of the scores and the CORP decompositions
        of the Brier score and the log loss (see :class:`imbcore.calibration.Calibration`).

        Scores must be probabilities in [0, 1].

        Examples
        --------
        >>> import imbcore
        >>> cal = imbcore.sweep([0, 1, 0, 1], [0.1, 0.4, 0.6, 0.9]).calibration()
        >>> cal.calibrated
        array([0. , 0.5, 0.5, 1. ])
        """
        from .calibration import calibration_of

        return calibration_of(self, n_jobs=self._n_jobs)

    def net_benefit(self, thresholds: Any = None) -> NetBenefit:
        """Net benefit at every distinct threshold in [0, 1), or at ``thresholds``
        (see :func:`imbcore.decision.net_benefit`)."""
        from .decision import net_benefit

        return net_benefit(self, thresholds)

    def cost_curve(self, n: int = 101) -> CostCurve:
        """The cost curve on ``n`` probability costs (see :func:`imbcore.decision.cost_curve`)."""
        from .decision import cost_curve

        return cost_curve(self, n)

    def gains(self, fractions: Any = None) -> Gains:
        """Gains and lift at every distinct threshold, or at given fractions of
        the population (see :func:`imbcore.decision.gains`)."""
        from .decision import gains

        return gains(self, fractions)

    def ks(self) -> KS:
        """The Kolmogorov-Smirnov statistic and its threshold (see :func:`imbcore.decision.ks`)."""
        from .decision import ks

        return ks(self)

    def bootstrap(self, metrics: str | Sequence[str] = ("f1",), *,
                  subject_to: SubjectTo = None, n_resamples: int = 1000,
                  ci: float = 0.95, method: str = "poisson", stratify: bool = False,
                  random_state: Any = None, n_jobs: int | None = None) -> BootstrapResult:
        """Bootstrap intervals for the best threshold, its value, ROC-AUC and AP.

        The arguments are those of :func:`imbcore.bootstrap`; the samples are
        the ones this sweep was made from (:attr:`samples`), and the estimates
        on the data itself are read from this sweep, not swept again. A sweep
        made from a :class:`SweepState` (or unpickled) has no samples and
        raises :class:`~imbcore.ImbcoreError`.

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(0)
        >>> y = rng.random(3000) < 0.1
        >>> s = imbcore.sweep(y, rng.normal(size=3000) + 2 * y)
        >>> r = s.bootstrap("f1", n_resamples=100, random_state=0)
        >>> lo, hi = r.interval("value")
        >>> bool(lo <= s.best("f1").value <= hi)
        True
        """
        from .bootstrap import _run

        if self._samples is None:
            raise ImbcoreError(
                "invalid sweep: got a sweep without its samples (made from a SweepState, "
                "or unpickled); Sweep.bootstrap needs the sweep made by imbcore.sweep(y_true, "
                "y_score), or call imbcore.bootstrap(y_true, y_score)")
        return _run(self._samples, sweep=self, metrics=metrics, subject_to=subject_to,
                    n_resamples=n_resamples, ci=ci, method=method, stratify=stratify,
                    random_state=random_state,
                    n_jobs=self._n_jobs if n_jobs is None else n_jobs)

    def metric(self, name: str) -> np.ndarray:
        """The metric at every threshold, as a float64 array along :attr:`thresholds`.

        Examples
        --------
        >>> import imbcore
        >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> s.metric("precision")
        array([1.        , 0.5       , 0.66666667, 0.5       ])
        """
        return self._curve.metric(_check_name(name), n_jobs=self._n_jobs)

    def best(self, name: str, *, subject_to: SubjectTo = None) -> BestThreshold:
        """The threshold where a metric is best, optionally under constraints.

        Parameters
        ----------
        name : str
            The metric to optimise (maximised, or minimised for fpr, fnr, cost).
        subject_to : mapping of metric name to bound, str or Constraints, optional
            Each bound is a floor for a metric where higher is better and a
            ceiling otherwise: ``{"precision": 0.9}`` asks for precision >= 0.9,
            ``{"fpr": 0.01}`` for fpr <= 0.01 (the text
            ``"precision>=0.9, fpr<=0.01"`` says the same; see
            :class:`imbcore.constraints.Constraints`).

        Returns
        -------
        BestThreshold

        Raises
        ------
        ImbcoreError
            If no threshold satisfies the constraints.

        Warns
        -----
        UndefinedMetricWarning
            When the samples hold one class only: the metric (or a bounded
            one) then has no meaning for a classifier, as scikit-learn warns.

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
        constraints = Constraints.parse(subject_to)
        found = self._curve.best(name, constraints.pairs(), n_jobs=self._n_jobs)
        if self.n_pos <= 0 or self.n_neg <= 0:
            missing = "positive" if self.n_pos <= 0 else "negative"
            warnings.warn(
                f"y_true holds no {missing} samples: {metric_info(name).name} at the best "
                "threshold is ill-defined or trivial", _undefined_metric_warning(),
                stacklevel=2)
        if found is None:
            if constraints:
                raise constraints.unmet()
            raise ImbcoreError(
                f"invalid metric: got {name!r}; it is undefined (NaN) at every threshold")
        i, value = found
        tp, fp, fn, tn = self._curve.counts_at(i)
        return BestThreshold(
            metric=metric_info(name).name, threshold=self.thresholds[i], value=value,
            index=i, tp=tp, fp=fp, fn=fn, tn=tn)

    def best_all(self, metrics: list[str] | None = None) -> BestThresholds:
        """The best threshold for every metric (by default :func:`imbcore.metric_names`).

        Metrics that are undefined everywhere are left out. The result is a
        dict from metric name to :class:`BestThreshold`, with
        :meth:`BestThresholds.to_frame` for a pandas DataFrame.

        Examples
        --------
        >>> import imbcore
        >>> s = imbcore.sweep([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        >>> {k: float(b.threshold) for k, b in s.best_all(["f1", "accuracy"]).items()}
        {'f1': 0.35, 'accuracy': 0.8}
        """
        out = BestThresholds()
        for name in metrics if metrics is not None else metric_names():
            try:
                out[name] = self.best(name)
            except ImbcoreError:
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
            raise ImbcoreError(
                f"invalid threshold: got {threshold!r}; thresholds must be numbers") from None
        if np.isnan(t).any():
            raise ImbcoreError("invalid threshold: got NaN; thresholds must be numbers")
        # thresholds are descending: count how many are >= t
        k = np.searchsorted(-self.thresholds.astype(np.float64), -t, side="right")
        j = np.maximum(k - 1, 0)
        zero = np.zeros((), dtype=self.tp.dtype)
        above = k > 0
        tp = np.where(above, self.tp[j], zero)
        fp = np.where(above, self.fp[j], zero)
        fn = np.where(above, self.fn[j], self.n_pos)
        tn = np.where(above, self.tn[j], self.n_neg)
        if tp.ndim == 0:
            tp, fp, fn, tn = tp.item(), fp.item(), fn.item(), tn.item()
        return Confusion(tp, fp, fn, tn)

    def to_html(self, path: Any, **kwargs: Any) -> str:
        """Write the threshold report as one self-contained, offline HTML page.

        The arguments are those of :func:`imbcore.html_report.write_html`.
        """
        from .html_report import write_html

        return write_html(self, path, **kwargs)

    def correct_noise(self, rho_pos: float, rho_neg: float) -> Sweep:
        """The sweep of the clean labels, in expectation, from noisy validation labels.

        ``rho_pos`` of the positives were labelled negative and ``rho_neg``
        of the negatives positive (each in [0, 1), ``rho_pos + rho_neg <
        1``; estimate them with :func:`imbcore.estimate_noise`). The counts
        at every threshold are corrected by inverting the 2 x 2 flip
        matrix; every metric, the AUC, AP and the best thresholds of the
        returned sweep follow from the corrected counts.

        On finite data an inverted cumulative count can dip below its
        neighbour or below 0 (sampling noise). Such counts are not kept:
        each cumulative count is replaced by its least-squares nondecreasing
        fit (isotonic regression) in ``[0, total]``, and thresholds where
        neither count then grows are merged into the next, so the result is
        a valid weighted sweep (float counts) whose every metric is
        defined. The totals are the exact inverted totals. Needs SciPy.

        Raises
        ------
        ImbcoreError
            Rates outside [0, 1) or summing to 1 or more, or rates that make
            a corrected class total zero or negative (the labels cannot come
            from them).

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(0)
        >>> y = rng.random(400_000) < 0.05
        >>> s = rng.normal(size=y.size) + 2 * y
        >>> flip = np.where(y, rng.random(y.size) < 0.1, rng.random(y.size) < 0.01)
        >>> noisy = imbcore.sweep(y ^ flip, s)
        >>> fixed = noisy.correct_noise(0.1, 0.01)
        >>> clean = imbcore.sweep(y, s)
        >>> round(noisy.roc_auc, 3), round(fixed.roc_auc, 3), round(clean.roc_auc, 3)
        (0.844, 0.92, 0.92)
        """
        from .theory.noise import correct_noise

        return correct_noise(self, rho_pos, rho_neg)

    @cached_property
    def roc_auc(self) -> float:
        """The area under the ROC curve; NaN (with a warning) when a class is absent."""
        if self.n_pos <= 0 or self.n_neg <= 0:
            warnings.warn("Only one class is present in y_true. ROC AUC score is not "
                          "defined in that case.", _undefined_metric_warning(),
                          stacklevel=3)  # 3: past functools.cached_property
            return float("nan")
        return self._curve.roc_auc(n_jobs=self._n_jobs)

    @cached_property
    def average_precision(self) -> float:
        """Average precision (scikit-learn's definition, no interpolation); 0 without positives."""
        return self._curve.average_precision(n_jobs=self._n_jobs)


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
    return sweep_samples(Samples(y_true, y_score, sample_weight=sample_weight,
                                 pos_label=pos_label), n_jobs=n_jobs)


def sweep_samples(samples: Samples, *, n_jobs: int | None = None) -> Sweep:
    """The :class:`Sweep` of validated samples (``n_jobs`` as :func:`n_jobs_arg` gives it).

    Examples
    --------
    >>> import imbcore
    >>> from imbcore._sweep import sweep_samples
    >>> sweep_samples(imbcore.Samples([0, 1], [0.3, 0.7])).roc_auc
    1.0
    """
    curve = _core.sweep_scores(samples.labels, samples.scores, samples.weights, n_jobs=n_jobs)
    return Sweep(curve, n_jobs=n_jobs, score_dtype=samples.score_dtype, samples=samples)


class SweepState:
    """The distinct scores seen so far with the positives and negatives (or
    their summed weights) at each: a sweep before its counts are accumulated.

    Feed it data in batches with :meth:`update`, combine the states of parts
    of the data with :meth:`merge` (the parts may come from other processes
    or machines: a state pickles), and get the :class:`Sweep` of everything
    with :meth:`finalize`. The result is the sweep of all the data at once:
    exactly for counts, and for summed weights to the rounding of the sums
    (exactly when the partial sums are exact, as for integer weights).

    Scores of float32 and float64 batches may be mixed (float32 widens to
    float64, exactly), and so may weighted and unweighted batches (counts
    become weights of 1).

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(1000) < 0.1
    >>> s = rng.normal(size=1000) + y
    >>> st = imbcore.SweepState()
    >>> for part in np.array_split(np.arange(1000), 4):
    ...     st.update(y[part], s[part])
    >>> st
    <SweepState: 1000 distinct scores, n_pos=89, n_neg=911>
    >>> whole = imbcore.sweep(y, s)
    >>> bool((st.finalize().tp == whole.tp).all())
    True
    >>> a, b = imbcore.SweepState(), imbcore.SweepState()
    >>> a.update(y[:500], s[:500]); b.update(y[500:], s[500:])
    >>> a.merge(b).finalize().roc_auc == whole.roc_auc
    True
    """

    def __init__(self) -> None:
        self._state = _core.SweepState()

    @classmethod
    def _wrap(cls, state: _core.SweepState) -> SweepState:
        out = cls.__new__(cls)
        out._state = state
        return out

    def update(self, y_true: Any, y_score: Any, *, sample_weight: Any = None,
               pos_label: Any = None, n_jobs: int | None = None) -> None:
        """Adds a batch of samples (arguments as for :func:`sweep`).

        A batch that is refused (NaN scores, bad labels) leaves the state as
        it was. Empty batches are allowed and add nothing.
        """
        n_jobs = n_jobs_arg(n_jobs)
        if (np.size(y_score) == 0 and np.size(y_true) == 0
                and (sample_weight is None or np.size(sample_weight) == 0)):
            return
        scores, _ = scores_1d(y_score)
        labels = binary_labels(y_true, pos_label, n=scores.shape[0])
        weights = weights_1d(sample_weight, scores.shape[0])
        self._state.update(labels, scores, weights, n_jobs=n_jobs)

    def merge(self, other: SweepState, *, n_jobs: int | None = None) -> SweepState:
        """The state of the data of ``self`` and ``other`` together (a new state;
        neither is changed)."""
        if not isinstance(other, SweepState):
            raise ImbcoreError(f"invalid other: got {type(other).__name__}; merge takes a "
                               "SweepState")
        return SweepState._wrap(self._state.merge(other._state, n_jobs=n_jobs_arg(n_jobs)))

    def finalize(self, *, n_jobs: int | None = None) -> Sweep:
        """The :class:`Sweep` of everything seen so far (the state is kept, so
        more data can follow). Raises ``ImbcoreError`` if nothing was seen."""
        n_jobs = n_jobs_arg(n_jobs)
        return Sweep(self._state.finalize(), n_jobs=n_jobs)

    @property
    def n_pos(self) -> int | float:
        """The number (or summed weight) of positives seen."""
        return self._state.totals()[0]

    @property
    def n_neg(self) -> int | float:
        """The number (or summed weight) of negatives seen."""
        return self._state.totals()[1]

    @property
    def weighted(self) -> bool:
        """Whether the counts are summed weights."""
        return bool(self._state.weighted)

    def __len__(self) -> int:
        return len(self._state)

    def __repr__(self) -> str:
        kind = "weighted " if self.weighted else ""
        return (f"<SweepState: {kind}{len(self)} distinct scores, n_pos={self.n_pos}, "
                f"n_neg={self.n_neg}>")

    def __getstate__(self) -> tuple[Any, ...]:
        from . import _state_pickle  # compact: narrow counts, or one bit per score

        return _state_pickle.pack(self._state.__getstate__())

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        if not isinstance(state, tuple):
            raise ImbcoreError(f"invalid state: got {type(state).__name__}; unpickle what "
                               "SweepState pickled")
        from . import _state_pickle  # copies into aligned memory (Dask may send it unaligned)

        self._state = _core.SweepState()
        self._state.__setstate__(_state_pickle.unpack(state))

