"""Calibration of the scores of a sweep: isotonic recalibration, CORP score
decompositions, binned ECE and bootstrap bands.

:meth:`imbcore.Sweep.calibration` returns a :class:`Calibration`. Everything
is computed from what the sweep holds (the distinct scores with the positives
and negatives at each), in one pass in Rust, without sorting again.

Every threshold the theory recommends ("weight ``alpha`` decides at
``1/(1+alpha)``", "the F1-optimal threshold is F1*/2") assumes calibrated
probabilities; class weights and resampling break calibration. The
miscalibration component (MCB) says how far the scores are from calibrated,
in the units of the score.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .errors import ImbcoreError

if TYPE_CHECKING:
    from ._sweep import Sweep

__all__ = ["Calibration", "Decomposition", "Bands", "check_probabilities"]

#: Binning strategies of :meth:`Calibration.ece` (as scikit-learn's ``calibration_curve``).
STRATEGIES = ("uniform", "quantile")


def check_probabilities(sweep: Sweep, what: str) -> None:
    """Raises :class:`~imbcore.ImbcoreError` unless every score of the sweep
    lies in [0, 1], naming the first score outside (the largest above 1, else
    the smallest below 0). ``what`` says what needs probabilities."""
    t = sweep.thresholds
    hi, lo = float(t[0]), float(t[-1])
    if hi > 1.0 or lo < 0.0:
        bad, which = (hi, "largest") if hi > 1.0 else (lo, "smallest")
        raise ImbcoreError(
            f"invalid y_score: got the score {bad!r} (the {which}); {what} needs "
            "probabilities in [0, 1]")


@dataclass(frozen=True)
class Decomposition:
    """A mean score split as ``score = mcb - dsc + unc`` (CORP).

    Attributes
    ----------
    score : float
        The mean score of the original forecasts.
    mcb : float
        Miscalibration: ``score`` minus the score of the isotonic
        recalibration (>= 0; 0 for calibrated scores).
    dsc : float
        Discrimination: the score of the constant forecast (the prevalence)
        minus the score of the recalibration (>= 0).
    unc : float
        Uncertainty: the score of the constant forecast.
    """

    score: float
    mcb: float
    dsc: float
    unc: float

    def as_dict(self) -> dict[str, float]:
        """``{"score", "mcb", "dsc", "unc"}`` as plain floats (what ``--json`` writes)."""
        return {"score": self.score, "mcb": self.mcb, "dsc": self.dsc, "unc": self.unc}


@dataclass(frozen=True, eq=False)
class Bands:
    """Pointwise bootstrap bands of a curve on a grid.

    Attributes
    ----------
    grid : ndarray
        Where the curve is evaluated (scores, thresholds, fractions or
        probability costs).
    lower, upper : ndarray
        The ``(1 - ci) / 2`` and ``(1 + ci) / 2`` quantiles of the replicates
        at each grid point (percentile intervals; NaN replicates left out).
    ci : float
    replicates : ndarray of shape (n_resamples, len(grid))
        The curve in each replicate.
    kind : str
        ``"confidence"`` (bootstrap of the samples) or ``"consistency"``
        (outcomes redrawn from the scores, as if they were calibrated).
    """

    grid: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    ci: float
    replicates: np.ndarray
    kind: str = "confidence"

    @classmethod
    def from_replicates(cls, grid: np.ndarray, replicates: np.ndarray, ci: float,
                        kind: str = "confidence") -> Bands:
        lo, hi = np.nanquantile(replicates, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
        return cls(grid=grid, lower=lo, upper=hi, ci=ci, replicates=replicates, kind=kind)


@dataclass(frozen=True)
class _Resampling:
    """How to resample: checked once, used by every band."""

    n_resamples: int
    ci: float
    method: str
    stratify: bool
    seed: int


def _resampling(n_resamples: Any, ci: Any, method: Any, random_state: Any,
                stratify: bool = False) -> _Resampling:
    from .bootstrap import _check_ci, _check_method, _check_n_resamples, _seed

    n = _check_n_resamples(n_resamples)
    c = _check_ci(ci)
    m, st = _check_method(method, stratify)
    return _Resampling(n, c, m, st, _seed(random_state))


def _samples_of(sweep: Sweep) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    samples = sweep._samples
    if samples is None:
        raise ImbcoreError(
            "invalid sweep: got a sweep without its samples (made from a SweepState, or "
            "unpickled); bands need the sweep made by imbcore.sweep(y_true, y_score)")
    return samples


def _replicates(sweep: Sweep, kind: str, grid: np.ndarray, r: _Resampling,
                n_jobs: int | None = None) -> np.ndarray:
    """The statistic ``kind`` in every bootstrap replicate (rows), on ``grid``."""
    labels, scores, weights = _samples_of(sweep)
    g = np.ascontiguousarray(grid, dtype=np.float64)
    flat = _core.calibration_bands(labels, scores, weights, kind, g.tolist(), r.n_resamples,
                                   method_=r.method, stratify=r.stratify, seed=r.seed,
                                   n_jobs=n_jobs)
    return flat.reshape(r.n_resamples, -1)


def _score_grid(scores: np.ndarray, n: int = 101) -> np.ndarray:
    """``n`` points spread over the range of the scores (ascending)."""
    return np.linspace(float(scores[0]), float(scores[-1]), n)


@dataclass(frozen=True, eq=False)
class Calibration:
    """The isotonic (PAV) recalibration of a sweep's scores and the CORP
    decompositions (made by :meth:`imbcore.Sweep.calibration`).

    Attributes
    ----------
    scores : ndarray
        The distinct scores, ascending (float64).
    calibrated : ndarray
        The recalibrated probability of each: the non-decreasing step
        function of the score closest (in weighted least squares) to the
        outcomes, the conditional event probability of CORP.
    breakpoints : ndarray
        The scores where a constant block of the recalibration starts, the
        lowest first. Counted from the highest score down, they are the
        vertices of the ROC convex hull.
    brier, log_loss : Decomposition
        The Brier score and the log loss (natural logarithm; infinite when a
        positive scores 0 or a negative 1) of the scores, each split into
        miscalibration, discrimination and uncertainty.
    n_pos, n_neg : int or float
        The number (or summed weight) of positives and negatives.

    Notes
    -----
    **Ties.** Scores are tied when equal, and only then (the sweep's
    distinct scores). scikit-learn's ``IsotonicRegression`` also merges
    scores closer than the dtype's resolution (1e-15 for float64, 1e-6 for
    float32); a threshold ``score >= t`` separates such scores, so merging
    them would give a recalibration no threshold rule attains and breakpoints
    off the ROC convex hull. On scores no two of which are that close, both
    give the same values.

    **Decompositions** (Dimitriadis, Gneiting & Jordan 2021): ``score`` is
    the mean score of the original forecasts, ``mcb`` the score minus the
    score of the recalibrated forecasts, ``dsc`` the score of the prevalence
    forecast minus the score of the recalibrated forecasts, ``unc`` the score
    of the prevalence forecast; ``score = mcb - dsc + unc``. MCB and DSC are
    summed term by term (compensated sums), not as differences of totals.

    References
    ----------
    Dimitriadis, Gneiting & Jordan (2021). Stable reliability diagrams for
    probabilistic classifiers. PNAS 118(8).

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> s = imbcore.sweep([0, 1, 0, 1, 1], [0.1, 0.3, 0.5, 0.7, 0.9])
    >>> cal = s.calibration()
    >>> cal.scores, cal.calibrated
    (array([0.1, 0.3, 0.5, 0.7, 0.9]), array([0. , 0.5, 0.5, 1. , 1. ]))
    >>> b = cal.brier
    >>> round(b.score, 4), round(b.mcb, 4), round(b.dsc, 4), round(b.unc, 4)
    (0.17, 0.07, 0.14, 0.24)
    >>> round(cal.ece(n_bins=5), 4)     # one score per bin: mean |y - score|
    0.34
    """

    scores: np.ndarray
    calibrated: np.ndarray
    breakpoints: np.ndarray
    brier: Decomposition
    log_loss: Decomposition
    n_pos: Any
    n_neg: Any
    _sweep: Any = field(default=None, repr=False)

    def __repr__(self) -> str:
        return (f"<Calibration: {len(self.scores)} distinct scores, "
                f"{len(self.breakpoints)} blocks, Brier MCB={self.brier.mcb:.3g}, "
                f"largest gap={self.largest_gap:.3g}>")

    @property
    def largest_gap(self) -> float:
        """The largest ``|calibrated - score|`` over the distinct scores."""
        return float(np.max(np.abs(self.calibrated - self.scores)))

    def _weights(self) -> tuple[np.ndarray, np.ndarray]:
        """Positives and total weight at each score, ascending."""
        s = self._sweep
        tp = np.asarray(s.tp, dtype=np.float64)
        fp = np.asarray(s.fp, dtype=np.float64)
        pos = np.diff(tp, prepend=0.0)[::-1]
        tot = pos + np.diff(fp, prepend=0.0)[::-1]
        return pos, tot

    def ece(self, n_bins: int = 10, strategy: str = "uniform") -> float:
        """The binned expected calibration error ``sum_b (w_b / W) |mean(y)_b - mean(p)_b|``.

        Bins as in scikit-learn's ``calibration_curve``: ``"uniform"`` splits
        [0, 1] into ``n_bins`` equal widths, ``"quantile"`` puts the edges at
        the percentiles of the scores (NumPy's linear percentiles for counts;
        the inverted-CDF weighted quantiles for summed weights); a score goes
        to bin ``searchsorted(inner_edges, score)``.

        Binned ECE depends on the bins and is biased; it is here for
        comparison with what people report. :attr:`brier` ``.mcb`` is the
        binning-free measure.

        Examples
        --------
        >>> import imbcore
        >>> cal = imbcore.sweep([0, 0, 1, 1], [0.2, 0.2, 0.8, 0.8]).calibration()
        >>> round(cal.ece(2), 12)
        0.2
        """
        if (isinstance(n_bins, (bool, np.bool_))
                or not isinstance(n_bins, (numbers.Integral, np.integer)) or n_bins < 1):
            raise ImbcoreError(f"invalid n_bins: got {n_bins!r}; n_bins must be an integer >= 1")
        if not isinstance(strategy, str) or strategy not in STRATEGIES:
            raise ImbcoreError(f"invalid strategy: got {strategy!r}; known strategies are "
                               "'uniform', 'quantile'")
        pos, tot = self._weights()
        x = self.scores
        q = np.linspace(0.0, 1.0, int(n_bins) + 1)
        if strategy == "uniform":
            edges = q
        elif self._sweep.weighted:
            edges = np.quantile(x, q, weights=tot, method="inverted_cdf")
        else:
            edges = _percentiles_of_counts(x, tot, q)
        ids = np.searchsorted(edges[1:-1], x)
        sums = np.bincount(ids, weights=x * tot, minlength=n_bins)
        true = np.bincount(ids, weights=pos, minlength=n_bins)
        return float(np.sum(np.abs(true - sums)) / np.sum(tot))

    def transform(self, scores: Any) -> np.ndarray:
        """Recalibrated probabilities of new scores: the value of the highest
        distinct score at or below each (the lowest score's value below all).

        Examples
        --------
        >>> import imbcore
        >>> cal = imbcore.sweep([0, 1, 0, 1], [0.1, 0.4, 0.6, 0.9]).calibration()
        >>> cal.transform([0.0, 0.5, 0.95])
        array([0. , 0.5, 1. ])
        """
        x = np.asarray(scores, dtype=np.float64)
        if np.isnan(x).any():
            raise ImbcoreError("invalid scores: got NaN; scores must be numbers")
        k = np.searchsorted(self.scores, x, side="right") - 1
        return self.calibrated[np.clip(k, 0, len(self.scores) - 1)]

    def bands(self, grid: Any = None, *, n_resamples: int = 200, ci: float = 0.9,
              method: str = "poisson", random_state: Any = None,
              n_jobs: int | None = None) -> Bands:
        """Bootstrap confidence bands for the recalibration curve.

        Each replicate resamples the samples (sorted once; the replicates of
        :func:`imbcore.bootstrap` with the same method and seed), recomputes
        the isotonic recalibration and evaluates it on ``grid`` (default 101
        points over the range of the scores); the band is the pointwise
        percentile interval.

        Isotonic regression converges at the cube-root rate and the naive
        bootstrap is known to be conservative at some points and
        anti-conservative at others for continuous scores (Kosorok 2008);
        the tests measure the coverage on simulated data of known
        calibration curve.

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(0)
        >>> p = rng.random(4000)
        >>> s = imbcore.sweep(rng.random(4000) < p, p)
        >>> b = s.calibration().bands([0.25, 0.5, 0.75], n_resamples=100, random_state=0)
        >>> bool(np.all((b.lower <= [0.25, 0.5, 0.75]) & ([0.25, 0.5, 0.75] <= b.upper)))
        True
        """
        r = _resampling(n_resamples, ci, method, random_state)
        g = _score_grid(self.scores) if grid is None else _grid(grid, "grid")
        return Bands.from_replicates(g, _replicates(self._sweep, "reliability", g, r, n_jobs),
                                     r.ci)

    def consistency_bands(self, grid: Any = None, *, n_resamples: int = 200, ci: float = 0.9,
                          random_state: Any = None) -> Bands:
        """CORP consistency bands: where the recalibration of calibrated scores falls.

        Each replicate keeps the scores and draws the outcomes as if the
        scores were calibrated (at a score ``x`` with ``k`` samples, the
        positives are Binomial(k, x); for summed weights, the weight at ``x``
        is split in the ratio x : 1 - x in expectation by drawing a
        Binomial of the rounded effective count), recomputes the isotonic
        recalibration and evaluates it on ``grid``. A recalibration curve
        outside the band is evidence against calibration there. Drawn around
        the diagonal, unlike the confidence bands, which surround the curve.

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(1)
        >>> p = rng.random(2000)
        >>> s = imbcore.sweep(rng.random(2000) < p, p)
        >>> b = s.calibration().consistency_bands([0.5], n_resamples=100, random_state=0)
        >>> bool(b.lower[0] < 0.5 < b.upper[0])
        True
        """
        r = _resampling(n_resamples, ci, "poisson", random_state)
        g = _score_grid(self.scores) if grid is None else _grid(grid, "grid")
        rng = np.random.default_rng(r.seed)
        _, tot = self._weights()
        sweep = self._sweep
        if sweep.weighted:
            # an effective sample size per score: total weight in units of the mean weight
            mean_w = float(np.sum(tot)) / (float(sweep._samples[0].size)
                                           if sweep._samples is not None else len(tot))
            k = np.maximum(np.rint(tot / mean_w), 1).astype(np.int64)
        else:
            k = tot.astype(np.int64)
        x = self.scores
        desc = np.ascontiguousarray(x[::-1])
        k_desc = k[::-1]
        x_desc = np.clip(desc, 0.0, 1.0)
        reps = np.empty((r.n_resamples, len(g)))
        idx = np.clip(np.searchsorted(x, g, side="right") - 1, 0, len(x) - 1)
        for b in range(r.n_resamples):
            pos = rng.binomial(k_desc, x_desc).astype(np.float64)
            cal, _ = _core.isotonic_masses(desc, pos, k_desc - pos)
            reps[b] = cal[idx]
        return Bands.from_replicates(g, reps, r.ci, kind="consistency")

    def decomposition_intervals(self, *, n_resamples: int = 200, ci: float = 0.9,
                                method: str = "poisson", random_state: Any = None,
                                n_jobs: int | None = None) -> dict[str, tuple[float, float]]:
        """Bootstrap percentile intervals of the decompositions and of KS.

        Keys ``"brier.score"``, ``"brier.mcb"``, ..., ``"log_loss.unc"`` and
        ``"ks"``.

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(0)
        >>> p = rng.random(3000)
        >>> s = imbcore.sweep(rng.random(3000) < p, p)
        >>> iv = s.calibration().decomposition_intervals(n_resamples=50, random_state=0)
        >>> lo, hi = iv["brier.unc"]
        >>> bool(lo < 0.25 <= hi + 1e-3)
        True
        """
        r = _resampling(n_resamples, ci, method, random_state)
        reps = _replicates(self._sweep, "scalars", np.zeros(0), r, n_jobs)
        names = ["ks"] + [f"{s}.{c}" for s in ("brier", "log_loss")
                          for c in ("score", "mcb", "dsc", "unc")]
        lo, hi = np.nanquantile(reps, [(1 - r.ci) / 2, (1 + r.ci) / 2], axis=0)
        return {k: (float(a), float(b)) for k, a, b in zip(names, lo, hi)}


def _grid(values: Any, name: str) -> np.ndarray:
    try:
        g = np.asarray(values, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ImbcoreError(f"invalid {name}: got {values!r}; give numbers") from None
    if g.size == 0 or not np.isfinite(g).all():
        raise ImbcoreError(f"invalid {name}: got {values!r}; give at least one finite number")
    return np.sort(g)


def _percentiles_of_counts(x: np.ndarray, counts: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``np.percentile(np.repeat(x, counts), 100 * q)`` (linear) without repeating."""
    c = np.cumsum(counts)
    h = (c[-1] - 1) * q
    lo = np.floor(h)
    # the value of the k-th smallest sample (0-based): the first score whose cumulative count exceeds k
    at = lambda k: x[np.searchsorted(c, k, side="right")]  # noqa: E731
    v0, v1 = at(lo), at(np.minimum(lo + 1, c[-1] - 1))
    return v0 + (h - lo) * (v1 - v0)


def calibration_of(sweep: Sweep, n_jobs: int | None = None) -> Calibration:
    """The :class:`Calibration` of a sweep (what :meth:`imbcore.Sweep.calibration` returns)."""
    check_probabilities(sweep, "calibration")
    cal, starts, d = _core.calibration_of_sweep(sweep._curve, n_jobs=n_jobs)
    scores = np.asarray(sweep.thresholds, dtype=np.float64)[::-1]
    return Calibration(
        scores=scores, calibrated=cal, breakpoints=scores[starts],
        brier=Decomposition(*map(float, d[:4])), log_loss=Decomposition(*map(float, d[4:])),
        n_pos=sweep.n_pos, n_neg=sweep.n_neg, _sweep=sweep)


def calibration_summary(cal: Calibration) -> str:
    """One line on how far the scores are from calibrated, for reports and ``advise``.

    Examples
    --------
    >>> import imbcore
    >>> cal = imbcore.sweep([0, 1, 0, 1], [0.1, 0.4, 0.6, 0.9]).calibration()
    >>> calibration_summary(cal)[:36]
    'Calibration: Brier score 0.185 = MCB'
    """
    b = cal.brier
    share = b.mcb / b.score if b.score > 0 else 0.0
    verdict = ("close to calibrated" if share < 0.02 else
               "somewhat miscalibrated" if share < 0.1 else "far from calibrated")
    return (f"Calibration: Brier score {b.score:.4g} = MCB {b.mcb:.3g} - DSC {b.dsc:.3g} "
            f"+ UNC {b.unc:.3g}; MCB is {100 * share:.1f}% of the score, the largest gap "
            f"between score and recalibrated probability is {cal.largest_gap:.3g} "
            f"({verdict}: thresholds read as 1/(1+alpha) assume calibrated scores).")


def calibration_line(sweep: Sweep) -> str | None:
    """:func:`calibration_summary` of a sweep whose scores are probabilities;
    None when a score lies outside [0, 1] (no calibration to speak of).

    Examples
    --------
    >>> import imbcore
    >>> calibration_line(imbcore.sweep([0, 1], [-1.0, 2.0])) is None
    True
    """
    t = sweep.thresholds
    if float(t[0]) > 1.0 or float(t[-1]) < 0.0:
        return None
    return calibration_summary(sweep.calibration())
