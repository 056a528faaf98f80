"""The named studies of ``imbcore study --preset NAME``: their designs and their reports.

* ``original``: the analysis this project grew from. 15 class separations x
  15 positive weights, each repetition scikit-learn's
  ``make_classification(n_samples=10000, n_features=10, n_informative=5,
  n_redundant=0, weights=(0.99,), n_clusters_per_class=2, class_sep=s,
  flip_y=0)``, a 75/25 split, a fully grown decision tree fitted with weight
  alpha on positives, F1 of its predictions on the test split.
* ``weighting-vs-oversampling``: weight k against k-fold duplication of the
  positives. Full-batch logistic regression minimises the same objective
  under both, so its coefficients agree; mini-batch SGD visits the copies as
  separate steps and does not. The study part compares the two strategies'
  test metrics; :func:`duplication_check` measures the coefficients directly.
* ``strategies``: binormal data at prevalences 1 % and 10 %, logistic
  regression and CART (and gradient boosting with the estimator engine),
  every strategy (van den Goorbergh et al. 2022; Elor & Averbuch-Elor 2022).
* ``landing``: where weighted logistic regression and CART land (recall,
  specificity) on binormal data, against the theory's two landing rules.
* ``multiclass``: 3 to 5 imbalanced classes, multinomial logistic regression
  and gradient boosting: held-out macro-F1 of argmax, of the usual class
  weights retrained, of the weights tuned on validation retrained, and of
  the unweighted model decided by the tuned rule (its own runner,
  :mod:`imbcore.study.multiclass`; estimator engine only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..errors import ImbcoreError

__all__ = ["Preset", "PRESETS", "preset", "preset_names", "duplication_check"]


@dataclass(frozen=True)
class Preset:
    """A named study: its parts (each a :class:`Study` design) and its default repetitions."""

    name: str
    description: str
    reps: int
    # part name -> function(engine) -> Study keyword arguments (without reps, engine)
    parts: dict[str, Callable[[str], dict[str, Any]]] = field(default_factory=dict)
    # a study that is not a grid of binary fits runs itself:
    # runner(out=..., reps=..., seed=..., n_jobs=..., progress=...) -> (report path, text)
    runner: Callable[..., tuple[str, str]] | None = None


def _multiclass_runner(*, out: str, reps: int, seed: int, n_jobs: int | None,
                       progress: Callable[[int, int], None] | None,
                       command: str) -> tuple[str, str]:
    from .multiclass import run_multiclass_study, write_multiclass_report

    result = run_multiclass_study(reps=reps, random_state=seed, n_jobs=n_jobs,
                                  progress=progress)
    return write_multiclass_report(result, out, command=command), result.table()


def _original(engine: str) -> dict[str, Any]:
    return dict(generator="make_classification",
                separation=[float(s) for s in np.linspace(0.05, 3, 15).round(2)],
                alpha=[float(a) for a in np.logspace(0, 2.5, 15)], prevalence=0.01,
                learner="cart", strategy="weight", metrics=["f1"], n_samples=10_000,
                n_features=10, n_informative=5, n_clusters_per_class=2, flip_y=0.0)


def _weighting(engine: str) -> dict[str, Any]:
    learners = ["logistic"] + (["sgd"] if engine == "estimator" else [])
    return dict(generator="binormal", separation=[1.0, 2.0], prevalence=0.01,
                learner=learners, strategy=["weight", "oversample"],
                alpha=[1.0, 2.0, 5.0, 10.0, 20.0, 50.0], metrics=["f1", "recall"],
                n_samples=10_000, n_features=2, n_informative=2)


_STRATEGY_ALPHAS = [1.0, 3.0, 9.0, 30.0, 99.0]


def _strategies(engine: str) -> dict[str, Any]:
    strategies = ["weight", "oversample", "undersample", "threshold"]
    if engine == "estimator":
        strategies.insert(3, "smote")
    return dict(generator="binormal", separation=1.5, prevalence=[0.01, 0.1],
                learner=_strategy_learners(engine), strategy=strategies,
                alpha=_STRATEGY_ALPHAS, metrics=["f1"], n_samples=10_000, n_features=2,
                n_informative=2, max_depth=None)


def _strategy_learners(engine: str) -> list[str]:
    return ["logistic", "cart"] + (["hgb"] if engine == "estimator" else [])


def _tuned(engine: str) -> dict[str, Any]:
    out = _strategies(engine)
    out.update(strategy="tuned", alpha=1.0)  # alpha plays no part in a tuned threshold
    return out


def _landing(engine: str) -> dict[str, Any]:
    return dict(generator="binormal", separation=[0.5, 1.0, 1.5, 2.5], prevalence=0.05,
                learner=["logistic", "cart"], strategy="weight",
                alpha=[float(a) for a in np.logspace(0, 2.5, 11)], metrics=["f1"],
                n_samples=10_000, n_features=2, n_informative=2)


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("original", "the original 15 x 15 study: make_classification, CART, weight alpha, F1",
           1000, {"results": _original}),
    Preset("weighting-vs-oversampling", "weight k against k-fold duplication: full-batch "
           "logistic regression against mini-batch SGD", 100, {"results": _weighting}),
    Preset("strategies", "every strategy on binormal data at prevalences 1 % and 10 %", 100,
           {"results": _strategies, "tuned": _tuned}),
    Preset("landing", "measured landing points of weighted logistic regression and CART "
           "against the theory's two rules", 100, {"results": _landing}),
    Preset("multiclass", "3 to 5 imbalanced classes: class weights retrained against the "
           "weights tuned on validation and the tuned decision rule, macro-F1", 20,
           runner=_multiclass_runner),
)}


def preset_names() -> list[str]:
    """The names of the presets.

    Examples
    --------
    >>> from imbcore.study.presets import preset_names
    >>> preset_names()
    ['original', 'weighting-vs-oversampling', 'strategies', 'landing', 'multiclass']
    """
    return list(PRESETS)


def preset(name: str) -> Preset:
    """The preset called ``name`` (an ``ImbcoreError`` listing the known ones otherwise)."""
    if not isinstance(name, str) or name.strip().lower() not in PRESETS:
        raise ImbcoreError(f"invalid preset: got {name!r}; known: {', '.join(PRESETS)}")
    return PRESETS[name.strip().lower()]


def duplication_check(k_values: Any = (2, 5, 10), *, reps: int = 5, n_samples: int = 2000,
                      separation: float = 1.0, prevalence: float = 0.05, batch_size: int = 32,
                      epochs: int = 5, random_state: int = 0) -> list[dict[str, float]]:
    """Coefficients under weight k against k-fold duplication of the positives.

    For each k and repetition: binormal data (2 features), then

    * ``LogisticRegression`` (L-BFGS, full batch, ``C=1``, tight tolerance)
      fitted with ``sample_weight`` k on positives, and on the data with every
      positive repeated k times: the objectives are the same function, so the
      coefficients agree to the optimiser's tolerance;
    * ``SGDClassifier(loss="log_loss")`` trained by ``partial_fit`` on shuffled
      mini-batches of ``batch_size``, for ``epochs`` passes, once with weights
      and once on the duplicated data, from the same seed: the duplicated data
      has more, differently composed batches, so the paths and the
      coefficients differ.

    Returns
    -------
    list of dict
        One per k: ``k``, the largest absolute coefficient difference of each
        learner over the repetitions (``logistic_max_diff``,
        ``sgd_max_diff``) and the mean relative difference
        ``|w_weight - w_dup| / |w_weight|`` (``logistic_rel``, ``sgd_rel``).

    Examples
    --------
    >>> from imbcore.study.presets import duplication_check
    >>> row = duplication_check([3], reps=1, n_samples=400)[0]
    >>> row["logistic_max_diff"] < 1e-5 < row["sgd_max_diff"]
    True
    """
    from sklearn.linear_model import LogisticRegression, SGDClassifier

    from .estimator import binormal

    out = []
    root = np.random.SeedSequence(random_state)
    for k in k_values:
        k = int(k)
        if k < 1:
            raise ImbcoreError(f"invalid k_values: got {k}; give whole numbers >= 1")
        diffs: dict[str, list[float]] = {"logistic": [], "sgd": []}
        rels: dict[str, list[float]] = {"logistic": [], "sgd": []}
        for seq in root.spawn(reps):
            data_seq, sgd_seq = seq.spawn(2)
            X, y = binormal(n_samples, 2, separation, prevalence, np.random.default_rng(data_seq))
            w = np.where(y == 1, float(k), 1.0)
            reps_idx = np.repeat(np.arange(y.size), np.where(y == 1, k, 1))
            Xd, yd = X[reps_idx], y[reps_idx]
            lr = dict(C=1.0, tol=1e-12, max_iter=10_000)
            a = LogisticRegression(**lr).fit(X, y, sample_weight=w)
            b = LogisticRegression(**lr).fit(Xd, yd)
            wa, wb = np.r_[a.coef_.ravel(), a.intercept_], np.r_[b.coef_.ravel(), b.intercept_]
            diffs["logistic"].append(float(np.abs(wa - wb).max()))
            rels["logistic"].append(float(np.linalg.norm(wa - wb) / np.linalg.norm(wa)))
            seed = int(sgd_seq.generate_state(1, np.uint32)[0])
            sa = _sgd(SGDClassifier, X, y, w, batch_size, epochs, seed)
            sb = _sgd(SGDClassifier, Xd, yd, np.ones(yd.size), batch_size, epochs, seed)
            diffs["sgd"].append(float(np.abs(sa - sb).max()))
            rels["sgd"].append(float(np.linalg.norm(sa - sb) / np.linalg.norm(sa)))
        out.append({"k": float(k),
                    "logistic_max_diff": max(diffs["logistic"]),
                    "logistic_rel": float(np.mean(rels["logistic"])),
                    "sgd_max_diff": max(diffs["sgd"]),
                    "sgd_rel": float(np.mean(rels["sgd"]))})
    return out


def _sgd(cls: Any, X: np.ndarray, y: np.ndarray, w: np.ndarray, batch_size: int, epochs: int,
         seed: int) -> np.ndarray:
    """Coefficients and intercept of mini-batch SGD (``partial_fit`` on shuffled batches)."""
    rng = np.random.default_rng(seed)
    model = cls(loss="log_loss", alpha=1e-4, learning_rate="constant", eta0=0.01,
                random_state=seed)
    for _ in range(epochs):
        order = rng.permutation(y.size)
        for i in range(0, y.size, batch_size):
            j = order[i:i + batch_size]
            model.partial_fit(X[j], y[j], classes=[0, 1], sample_weight=w[j])
    return np.r_[model.coef_.ravel(), model.intercept_]


def _fmt(v: float, digits: int = 3) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"
