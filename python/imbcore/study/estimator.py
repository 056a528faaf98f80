"""The estimator engine: scikit-learn estimators and imbalanced-learn samplers, fit by fit.

Each fit generates its data in NumPy (:func:`binormal` or scikit-learn's
``make_classification``), splits it, trains a fresh clone of the learner under
its strategy, scores the test split and sweeps it with :func:`imbcore.sweep`
(one thread: parallelism is across fits). Fits are grouped into chunks, and
chunks run through :class:`joblib.Parallel`, so whatever backend is active
(loky, threads, ``joblib.parallel_config(backend="dask")`` on a
``dask.distributed`` cluster) runs them unchanged.

Every random stream of a fit (data, split, validation split, sampler,
estimator ``random_state``) is a child of its seed sequence (see
:func:`imbcore.study.design.fit_seeds`): the same for every learner, strategy
and alpha of one repetition on one data cell, so they are compared on the
same data; results never depend on chunking or workers.
"""

from __future__ import annotations

import math
from typing import Any, Iterator, Sequence

import numpy as np

from ..errors import ImbcoreError
from .design import Design, fit_seeds

__all__ = ["binormal", "make_learner", "one_fit", "run_chunk", "record_names",
           "threshold_for_weight", "smote_target"]


def threshold_for_weight(alpha: float) -> float:
    """The probability threshold that weight ``alpha`` moves a calibrated model to: ``1/(1+alpha)``.

    Written as ``t / (t + alpha * (1 - t))`` with ``t = 0.5``, the
    probability that weight ``alpha`` turns into 0.5 (uses
    ``imbcore.threshold_for_weight`` when the package has it).

    Examples
    --------
    >>> from imbcore.study.estimator import threshold_for_weight
    >>> threshold_for_weight(1.0), threshold_for_weight(3.0)
    (0.5, 0.25)
    """
    import imbcore

    own = getattr(imbcore, "threshold_for_weight", None)
    if own is not None:
        return float(own(alpha))
    t = 0.5
    return t / (t + alpha * (1.0 - t))


def binormal(n_samples: int, n_features: int, separation: float, prevalence: float,
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian classes of unit covariance whose means lie ``separation`` apart.

    ``round(prevalence * n_samples)`` positives (at least one, and at least one
    negative), in random order. Negatives are N(0, I), positives N(s u, I)
    with ``u = (1, ..., 1) / sqrt(n_features)``, as the Rust engine draws
    them. The Bayes score (the projection on ``u``) is N(0, 1) on negatives and
    N(separation, 1) on positives: a binormal ROC with ``a = separation``,
    ``b = 1``, AUC ``Phi(separation / sqrt(2))``.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.study.estimator import binormal
    >>> X, y = binormal(1000, 3, 1.5, 0.1, np.random.default_rng(0))
    >>> X.shape, int(y.sum())
    ((1000, 3), 100)
    """
    n_pos = min(max(int(round(prevalence * n_samples)), 1), n_samples - 1)
    y = np.zeros(n_samples, dtype=np.int64)
    y[:n_pos] = 1
    X = rng.standard_normal((n_samples, n_features))
    X[:n_pos] += separation / math.sqrt(n_features)
    order = rng.permutation(n_samples)
    return X[order], y[order]


def make_learner(name: str, params: dict[str, Any]) -> Any:
    """A fresh scikit-learn estimator for a learner named by the study."""
    if name == "cart":
        from sklearn.tree import DecisionTreeClassifier

        depth = params["max_depth"] or None
        return DecisionTreeClassifier(max_depth=depth, min_samples_leaf=params["min_samples_leaf"])
    if name == "logistic":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=params["C"], max_iter=1000)
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier()
    if name == "sgd":
        from sklearn.linear_model import SGDClassifier

        return SGDClassifier(loss="log_loss", alpha=1e-4)
    raise ImbcoreError(f"invalid learner: got {name!r}")  # pragma: no cover - checked before


def record_names(metrics: Sequence[str]) -> list[str]:
    """The columns of one fit's record (the same for both engines)."""
    out = []
    for m in metrics:
        out += [m, f"{m}_best", f"best_threshold_{m}"]
    out += ["roc_auc", "average_precision", "brier", "recall", "specificity", "n_pos_train",
            "n_pos_test", "tree_depth"]
    return list(dict.fromkeys(out))  # metrics "recall" or "specificity" are the landing point


def smote_target(alpha: float, n_pos: int, n_neg: int) -> int:
    """The positives SMOTE is asked for: ``alpha`` times their count, capped at the negatives'.

    SMOTE synthesises positives between neighbours; beyond a balanced
    training set (as many positives as negatives) it only adds interpolations
    of the same points, so the target is capped there (and never below the
    positives there are).

    Examples
    --------
    >>> from imbcore.study.estimator import smote_target
    >>> smote_target(3.0, 10, 990), smote_target(300.0, 10, 990), smote_target(1.0, 10, 990)
    (30, 990, 10)
    """
    return int(max(n_pos, min(round(alpha * n_pos), max(n_neg, n_pos))))


def _int_seed(seq: np.random.SeedSequence) -> int:
    return int(seq.generate_state(1, np.uint32)[0])


def _prepared(est: Any, seed: int) -> Any:
    """A clone of ``est`` with every ``random_state`` seeded and every ``n_jobs`` at 1 (or None)."""
    from sklearn.base import clone

    est = clone(est)
    params = est.get_params(deep=True)
    update = {}
    for key, value in params.items():
        last = key.rsplit("__", 1)[-1]
        if last == "random_state" and (value is None or isinstance(value, (int, np.integer))):
            update[key] = seed
        elif last == "n_jobs" and value not in (None, 1):  # None is one job already
            update[key] = 1
    if update:
        est.set_params(**update)
    return est


def _split(n: int, fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A random split as scikit-learn's ``train_test_split`` sizes it (the test part rounded up)."""
    n_test = int(math.ceil(fraction * n))
    order = rng.permutation(n)
    return order[n_test:], order[:n_test]


def _scores(est: Any, X: np.ndarray) -> tuple[np.ndarray, bool]:
    """The scores of the positive class, and whether they are probabilities."""
    classes = list(est.classes_)
    if callable(getattr(est, "predict_proba", None)):
        try:
            return np.asarray(est.predict_proba(X))[:, classes.index(1)], True
        except AttributeError:  # e.g. SGDClassifier with a loss without probabilities
            pass
    d = np.asarray(est.decision_function(X), dtype=np.float64)
    return (d if classes[-1] == 1 else -d), False


def _resample(strategy: str, alpha: float, X: np.ndarray, y: np.ndarray,
              seed: int) -> tuple[np.ndarray, np.ndarray]:
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if strategy == "oversample":
        from imblearn.over_sampling import RandomOverSampler

        target = int(round(alpha * n_pos))
        if target <= n_pos:
            return X, y
        sampler: Any = RandomOverSampler(sampling_strategy={1: target}, random_state=seed)
    elif strategy == "undersample":
        from imblearn.under_sampling import RandomUnderSampler

        keep = max(1, int(round(n_neg / alpha)))
        if keep >= n_neg:
            return X, y
        sampler = RandomUnderSampler(sampling_strategy={0: keep}, random_state=seed)
    else:
        from imblearn.over_sampling import SMOTE

        target = smote_target(alpha, n_pos, n_neg)
        if target <= n_pos or n_pos < 2:
            return X, y
        sampler = SMOTE(sampling_strategy={1: target}, k_neighbors=min(5, n_pos - 1),
                        random_state=seed)
    Xr, yr = sampler.fit_resample(X, y)
    return np.asarray(Xr), np.asarray(yr)


def _counts(y: np.ndarray, pred: np.ndarray) -> tuple[int, int, int, int]:
    tp = int(np.count_nonzero(pred & (y == 1)))
    fp = int(np.count_nonzero(pred & (y == 0)))
    pos = int(np.count_nonzero(y == 1))
    return tp, fp, pos - tp, y.size - pos - fp


def _generate(design: Design, cell: dict[str, Any],
              seq: np.random.SeedSequence) -> tuple[np.ndarray, np.ndarray]:
    """The fit's data set."""
    d = design.data
    if cell["generator"] == "binormal":
        return binormal(d["n_samples"], d["n_features"], cell["separation"], cell["prevalence"],
                        np.random.default_rng(seq))
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=d["n_samples"], n_features=d["n_features"], n_informative=d["n_informative"],
        n_redundant=0, n_repeated=0, n_clusters_per_class=d["n_clusters_per_class"],
        weights=(1.0 - cell["prevalence"],), flip_y=d["flip_y"], class_sep=cell["separation"],
        random_state=_int_seed(seq))
    return X, y


def _train(design: Design, cell: dict[str, Any], X: np.ndarray, y: np.ndarray,
           sampler_seq: np.random.SeedSequence, est_seq: np.random.SeedSequence) -> Any:
    """A fresh, seeded clone of the cell's learner, trained under its strategy."""
    spec = design.estimators.get(cell["learner"], cell["learner"])
    template = make_learner(spec, dict(design.learner_params)) if isinstance(spec, str) else spec
    est = _prepared(template, _int_seed(est_seq))
    strategy, alpha = cell["strategy"], cell["alpha"]
    if strategy == "weight":
        est.fit(X, y, sample_weight=np.where(y == 1, alpha, 1.0))
    elif strategy in ("oversample", "undersample", "smote"):
        est.fit(*_resample(strategy, alpha, X, y, _int_seed(sampler_seq)))
    else:
        est.fit(X, y)
    return est


def _decisions(design: Design, cell: dict[str, Any], est: Any, X: np.ndarray,
               score: np.ndarray, is_proba: bool,
               valid: tuple[np.ndarray, np.ndarray] | None) -> dict[str, np.ndarray]:
    """Each metric's decision on the test split (predicted positive or not) by the strategy."""
    import imbcore

    strategy, alpha = cell["strategy"], cell["alpha"]
    if strategy == "threshold":
        t = threshold_for_weight(alpha)
        cut = t if is_proba else math.log(t / (1.0 - t))  # the logit of t on decision values
        return {m: score >= cut for m in design.metrics}
    if strategy != "tuned":
        pred = np.asarray(est.predict(X)) == 1
        return {m: pred for m in design.metrics}
    assert valid is not None
    Xva, yva = valid
    if yva.min() == yva.max():  # one class to tune on: no threshold to find
        return {m: np.zeros(score.size, dtype=bool) for m in design.metrics}
    vsweep = imbcore.sweep(yva, _scores(est, Xva)[0], n_jobs=1)
    out = {}
    for m in design.metrics:
        try:
            t_m = vsweep.best(m).threshold
        except ImbcoreError:  # the metric is undefined on the validation split
            t_m = np.inf
        out[m] = score >= t_m
    return out


def one_fit(design: Design, cell: dict[str, Any], seq: np.random.SeedSequence) -> dict[str, float]:
    """Generate, split, train, score and sweep one fit; its record (see :func:`record_names`)."""
    import imbcore

    data_seq, split_seq, valid_seq, sampler_seq, est_seq = seq.spawn(5)
    X, y = _generate(design, cell, data_seq)
    train, test = _split(y.size, design.data["test_size"], np.random.default_rng(split_seq))
    Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]
    out = {k: math.nan for k in record_names(design.metrics)}
    out["n_pos_train"] = float(ytr.sum())
    out["n_pos_test"] = float(yte.sum())
    valid = None
    if cell["strategy"] == "tuned":  # a third of the training data is the validation split
        fit_part, held = _split(ytr.size, 1.0 / 3.0, np.random.default_rng(valid_seq))
        valid = (Xtr[held], ytr[held])
        Xtr, ytr = Xtr[fit_part], ytr[fit_part]
    if ytr.min() == ytr.max():
        return out  # one class to train on: no model, NaN metrics
    est = _train(design, cell, Xtr, ytr, sampler_seq, est_seq)
    depth = getattr(est, "get_depth", None)
    out["tree_depth"] = float(depth()) if callable(depth) else math.nan
    score, is_proba = _scores(est, Xte)
    if is_proba:
        out["brier"] = float(np.mean((score - yte) ** 2))
    decisions = _decisions(design, cell, est, Xte, score, is_proba, valid)
    # metric_value returns 0 where a ratio is 0/0 (as scikit-learn's zero_division=0.0)
    for m in design.metrics:
        out[m] = float(imbcore.metric_value(m, *_counts(yte, decisions[m])))
    tp, fp, fn, tn = _counts(yte, decisions[design.metrics[0]])
    out["recall"] = tp / (tp + fn) if tp + fn else math.nan
    out["specificity"] = tn / (tn + fp) if tn + fp else math.nan
    if 0 < yte.sum() < yte.size:  # the test sweep: ROC-AUC, AP, each metric's best threshold
        s = imbcore.sweep(yte, score, n_jobs=1)
        out["roc_auc"] = float(s.roc_auc)
        out["average_precision"] = float(s.average_precision)
        for m in design.metrics:
            try:
                b = s.best(m)
            except ImbcoreError:
                continue
            out[f"{m}_best"] = float(b.value)
            out[f"best_threshold_{m}"] = float(b.threshold)
    return out


def run_chunk(design: Design, entropy: int, index: np.ndarray) -> dict[str, np.ndarray]:
    """The records of the fits numbered ``index`` (one joblib task), as columns."""
    cols = design.fit_columns(index)
    names = record_names(design.metrics)
    out = {k: np.empty(len(index)) for k in names}
    for j, seq in enumerate(fit_seeds(design, entropy, index)):
        cell = {k: cols[k][j].item() for k in ("generator", "separation", "prevalence",
                                                "learner", "strategy", "alpha")}
        rec = one_fit(design, cell, seq)
        for k in names:
            out[k][j] = rec[k]
    return {"fit": np.asarray(index, dtype=np.int64), **out}


def run_parallel(design: Design, entropy: int, chunks: Sequence[np.ndarray],
                 n_jobs: int | None) -> Iterator[dict[str, np.ndarray]]:
    """The chunks' records as each finishes (any order), through the active joblib backend."""
    from joblib import Parallel, delayed

    tasks = (delayed(run_chunk)(design, entropy, c) for c in chunks)
    yield from Parallel(n_jobs=n_jobs, return_as="generator_unordered")(tasks)


def check_estimators(design: Design) -> None:
    """Errors before any fit: weighting a learner whose ``fit`` takes no ``sample_weight``."""
    if "weight" not in design.strategies:
        return
    from sklearn.utils.validation import has_fit_parameter

    for label, est in design.estimators.items():
        if not isinstance(est, str) and not has_fit_parameter(est, "sample_weight"):
            raise ImbcoreError(f"invalid learner: got {label} ({type(est).__name__}), whose fit "
                               "takes no sample_weight; strategy 'weight' needs it")

