"""The Rust simulation engine: many seeded fits in parallel, no Python per fit.

One *fit* generates a data set (seeded), splits it into a training and a test
part at random (``ceil(test_size * n_samples)`` test samples, as
``train_test_split``), applies an imbalance strategy to the training part,
trains a learner, scores the test part and sweeps its scores.

Fits are described column-wise: :func:`run_fits` takes a dict of equal-length
1-D arrays, one element per fit (scalars are broadcast), and returns a dict of
1-D arrays in fit order.

**Columns of** ``fits`` (default in brackets; required without one):

=========================  ====================================================
``generator``              ``"binormal"`` or ``"make_classification"``
``n_samples``              samples per data set
``n_features``             features
``n_informative``          [2] informative features (make_classification)
``n_redundant``            [0] redundant features (make_classification)
``n_repeated``             [0] repeated features (make_classification)
``n_clusters_per_class``   [2] clusters per class (make_classification)
``separation``             ``class_sep`` (make_classification); the distance
                           of the class means (binormal, whose Bayes AUC is
                           ``Phi(separation / sqrt(2))``)
``prevalence``             the positive share (make_classification:
                           ``weights=(1 - prevalence,)``)
``flip_y``                 [0.0] share of labels replaced at random
``learner``                ``"cart"`` (scikit-learn's
                           ``DecisionTreeClassifier``) or ``"logistic"``
                           (L2-penalised, Newton)
``max_depth``              [0] CART's largest depth, 0 for none
``min_samples_leaf``       [1] CART's fewest samples per leaf
``C``                      [1.0] logistic regression's inverse penalty
``strategy``               ``"weight"``, ``"oversample"``, ``"undersample"``,
                           ``"threshold"`` or ``"tuned"``
``alpha``                  the strategy's weight or ratio (> 0; >= 1 for
                           undersample)
``test_size``              [0.25] the test share
``seed``                   the fit's seed (uint64); all its randomness
                           derives from it
=========================  ====================================================

Strategies: ``weight`` gives positives weight ``alpha``; ``oversample``
repeats each positive ``floor(alpha)`` times plus once with probability
``alpha - floor(alpha)``; ``undersample`` keeps each negative with
probability ``1 / alpha``; ``threshold`` trains unweighted and predicts
positive at a probability ``>= 1 / (1 + alpha)``; ``tuned`` trains unweighted
on two thirds of the training part and, for each metric, applies the
threshold best for it on the remaining third. The default decision of the
other strategies is the learner's own prediction.

**Columns returned**, per fit: for each metric ``m``, ``m`` (at the default
decision), ``m_best`` (at the best threshold of the test sweep) and
``best_threshold_m``; ``roc_auc``, ``average_precision``, ``brier`` (of the
test scores), ``recall`` and ``specificity`` at the default decision (for
``tuned``, at the first metric's threshold), ``n_pos_train`` (before
resampling), ``n_pos_test``, ``tree_depth`` (0 for logistic regression).
A metric named like a fixed column (``recall``, ``specificity``) shares it:
the column is the landing point's value (equal to the metric's except for
``tuned``, where the landing point is at the first metric's threshold).

The same seed gives the same data set and split whatever the learner and
strategy. Results do not depend on ``n_jobs``.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from .. import _core
from .._inputs import n_jobs_arg
from ..errors import ImbcoreError

__all__ = ["run_fits", "FIT_COLUMNS", "CHUNK"]

#: Fits per call of the core: small enough for progress and Ctrl-C, large
#: enough to keep every thread busy.
CHUNK = 256

_NAMED = ("generator", "learner", "strategy")
_INTS: dict[str, int | None] = {
    "n_samples": None,
    "n_features": None,
    "n_informative": 2,
    "n_redundant": 0,
    "n_repeated": 0,
    "n_clusters_per_class": 2,
    "max_depth": 0,
    "min_samples_leaf": 1,
}
_FLOATS: dict[str, float | None] = {
    "separation": None,
    "prevalence": None,
    "flip_y": 0.0,
    "C": 1.0,
    "alpha": None,
    "test_size": 0.25,
}

#: Every column ``fits`` may hold.
FIT_COLUMNS = (*_NAMED, *_INTS, *_FLOATS, "seed")


def _column(name: str, value: Any, n: int | None) -> np.ndarray:
    a = np.asarray(value)
    if a.ndim > 1:
        raise ImbcoreError(
            f"invalid {name}: got an array of shape {a.shape}; each column of fits must be "
            "1-D (one element per fit) or a scalar"
        )
    return a


def _as_int(name: str, a: np.ndarray, dtype: Any) -> np.ndarray:
    if a.dtype.kind in "iu":
        if a.size and (a.min() < 0 or (dtype is np.int64 and a.max() > np.iinfo(np.int64).max)):
            bad = a.min() if a.min() < 0 else a.max()
            raise ImbcoreError(f"invalid {name}: got {bad}; {name} must be >= 0")
        return np.ascontiguousarray(a, dtype=dtype)
    if a.dtype.kind == "f" and a.size and np.all(np.isfinite(a)) and np.all(a == np.round(a)):
        if a.min() < 0:
            raise ImbcoreError(f"invalid {name}: got {a.min()}; {name} must be >= 0")
        return np.ascontiguousarray(a, dtype=dtype)
    if a.dtype.kind == "f" and a.size == 0:
        return np.ascontiguousarray(a, dtype=dtype)
    raise ImbcoreError(
        f"invalid {name}: got values of dtype {a.dtype}; {name} must hold integers >= 0"
    )


def _prepare(fits: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], dict[str, list[str]], int]:
    """The columns as the core reads them, the names of the named ones, the count."""
    if not isinstance(fits, Mapping):
        raise ImbcoreError(
            f"invalid fits: got {type(fits).__name__}; fits must be a dict of 1-D arrays"
        )
    unknown = sorted(set(fits) - set(FIT_COLUMNS))
    if unknown:
        raise ImbcoreError(
            f"invalid fits: got unknown column(s) {', '.join(map(repr, unknown))}; "
            f"known columns are {', '.join(FIT_COLUMNS)}"
        )
    defaults: dict[str, Any] = {**_INTS, **_FLOATS}
    missing = [k for k in FIT_COLUMNS if k not in fits and defaults.get(k, None) is None]
    if missing:
        raise ImbcoreError(
            f"invalid fits: got no column(s) {', '.join(map(repr, missing))}; "
            "these columns have no default"
        )
    raw = {k: _column(k, fits[k], None) if k in fits else np.asarray(defaults[k])
           for k in FIT_COLUMNS}
    lengths = {k: a.shape[0] for k, a in raw.items() if a.ndim == 1}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k}: {v}" for k, v in lengths.items())
        raise ImbcoreError(
            f"invalid fits: got columns of different lengths ({shown}); every column must have "
            "one length (or be a scalar)"
        )
    n = next(iter(lengths.values()), 1)
    cols: dict[str, np.ndarray] = {}
    names: dict[str, list[str]] = {}
    for k in _NAMED:
        a = np.broadcast_to(raw[k], (n,))
        if a.dtype.kind not in "UO" or not all(isinstance(v, str) for v in a.tolist()):
            raise ImbcoreError(
                f"invalid {k}: got values of dtype {a.dtype}; {k} must hold names (str)"
            )
        uniq, codes = np.unique(a.astype(str), return_inverse=True)
        names[k] = [str(u) for u in uniq]
        cols[k] = np.ascontiguousarray(codes.reshape(-1), dtype=np.int64)
    for k in _INTS:
        cols[k] = _as_int(k, np.broadcast_to(raw[k], (n,)), np.int64)
    for k in _FLOATS:
        a = np.broadcast_to(raw[k], (n,))
        if a.dtype.kind not in "iuf" or a.dtype == bool:
            raise ImbcoreError(
                f"invalid {k}: got values of dtype {a.dtype}; {k} must hold real numbers"
            )
        cols[k] = np.ascontiguousarray(a, dtype=np.float64)
    cols["seed"] = _as_int("seed", np.broadcast_to(raw["seed"], (n,)), np.uint64)
    return cols, names, n


def run_fits(
    fits: Mapping[str, Any],
    *,
    metrics: list[str],
    n_jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, np.ndarray]:
    """Run seeded fits in the Rust engine, in parallel.

    Parameters
    ----------
    fits : dict of str to 1-D array-like
        One element per fit; the columns are listed in the module docs
        (scalars are broadcast to the common length).
    metrics : list of str
        Metric names (any of :func:`imbcore.metrics.metric_names`).
    n_jobs : int, optional
        Threads (``None`` or -1: all). Results do not depend on it.
    progress : callable, optional
        Called with the number of newly finished fits after each chunk of
        :data:`CHUNK` fits.

    Returns
    -------
    dict of str to numpy.ndarray
        One 1-D array per recorded quantity, in fit order (see the module
        docs).

    Raises
    ------
    ImbcoreError
        For an unknown generator, learner, strategy or metric, a bad size or
        parameter; before any fit starts.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.study._rust import run_fits
    >>> r = run_fits({"generator": "binormal", "n_samples": 2000, "n_features": 2,
    ...               "separation": 2.0, "prevalence": 0.1, "learner": "logistic",
    ...               "strategy": "weight", "alpha": [1.0, 9.0], "seed": [7, 7]},
    ...              metrics=["f1"])
    >>> bool(r["recall"][1] > r["recall"][0])     # weighting positives raises recall
    True
    >>> bool(np.all((r["roc_auc"] > 0.85) & (r["roc_auc"] < 0.98)))
    True
    """
    jobs = n_jobs_arg(n_jobs)
    if isinstance(metrics, str) or not all(isinstance(m, str) for m in metrics):
        raise ImbcoreError(
            f"invalid metrics: got {metrics!r}; metrics must be a list of metric names"
        )
    metric_list = list(metrics)
    if len(set(metric_list)) != len(metric_list):
        raise ImbcoreError(f"invalid metrics: got {metric_list!r}; metric names must be distinct")
    if progress is not None and not callable(progress):
        raise ImbcoreError(f"invalid progress: got {progress!r}; progress must be callable")
    cols, names, n = _prepare(fits)
    # Every fit is checked before the first one runs.
    _core.sim_check_fits(cols, names, metric_list)
    parts: list[dict[str, np.ndarray]] = []
    for start in range(0, n, CHUNK):
        chunk = {k: v[start:start + CHUNK] for k, v in cols.items()}
        parts.append(_core.sim_run_fits(chunk, names, metric_list, jobs))
        if progress is not None:
            progress(len(chunk["seed"]))
    if not parts:
        parts.append(_core.sim_run_fits(cols, names, metric_list, jobs))
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
