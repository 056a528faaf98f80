"""What a study is: the grid of independent fits, checked before any fit starts.

A :class:`Design` is the product of its axes (generator x separation x
prevalence x learner x strategy x alpha) times ``reps`` repetitions, with the
fixed parameters of the data and of the learners. Fit ``i`` is cell
``i // reps``, repetition ``r = i % reps``. Its random streams come from
``SeedSequence(entropy, spawn_key=(k, r))``, where ``k`` numbers the cell's
data (generator x separation x prevalence): repetition ``r`` of every learner,
strategy and alpha on the same data cell sees the same data set and split
(common random numbers, so comparisons between strategies and weights are
paired), and a fit's result depends only on the design, the root entropy and
its own index: never on chunking, on the number of workers or on the order in
which fits finish.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import numbers
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import ImbcoreError
from ..metrics import metric_info

__all__ = ["ENGINES", "GENERATORS", "STRATEGIES", "RUST_LEARNERS", "ESTIMATOR_LEARNERS",
           "SAMPLER_STRATEGIES", "Design", "make_design"]

ENGINES = ("rust", "estimator")
GENERATORS = ("binormal", "make_classification")
STRATEGIES = ("weight", "oversample", "undersample", "smote", "threshold", "tuned")
# strategies that resample the training data through imbalanced-learn (estimator engine)
SAMPLER_STRATEGIES = ("oversample", "undersample", "smote")
RUST_LEARNERS = ("cart", "logistic")
# learners the estimator engine knows by name (any scikit-learn estimator object works too)
ESTIMATOR_LEARNERS = ("cart", "logistic", "hgb", "sgd")

# the axes of the grid, in the order cells are numbered (the last varies fastest)
AXES = ("generator", "separation", "prevalence", "learner", "strategy", "alpha")


def _known(kind: str, value: Any, known: Sequence[str]) -> str:
    if not isinstance(value, str) or value.strip().lower() not in known:
        raise ImbcoreError(f"invalid {kind}: got {value!r}; known: {', '.join(known)}")
    return value.strip().lower()


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        return [value]
    return list(value)


def _numbers(name: str, value: Any, *, low: float, high: float = np.inf,
             open_low: bool = False, open_high: bool = False) -> tuple[float, ...]:
    values = _as_list(value)
    if not values:
        raise ImbcoreError(f"invalid {name}: got an empty list; give at least one value")
    out = []
    for v in values:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
            raise ImbcoreError(f"invalid {name}: got {v!r}; {name} must be numbers")
        f = float(v)
        bad = (not np.isfinite(f) or f < low or f > high or (open_low and f == low)
               or (open_high and f == high))
        if bad:
            lo, hi = "(" if open_low else "[", ")" if open_high else "]"
            raise ImbcoreError(f"invalid {name}: got {v!r}; {name} must lie in "
                               f"{lo}{low:g}, {high:g}{hi}")
        out.append(f)
    if len(set(out)) != len(out):
        raise ImbcoreError(f"invalid {name}: got {values!r}; the values must be distinct")
    return tuple(out)


def _whole(name: str, value: Any, low: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) \
            or int(value) < low:
        raise ImbcoreError(f"invalid {name}: got {value!r}; {name} must be a whole number "
                           f">= {low}")
    return int(value)


def _learner_label(learner: Any) -> str:
    name = type(learner).__name__
    return name


@dataclass(frozen=True)
class Design:
    """A checked study design (made by :func:`make_design`; see :class:`imbcore.study.Study`)."""

    engine: str
    generators: tuple[str, ...]
    separations: tuple[float, ...]
    prevalences: tuple[float, ...]
    learners: tuple[str, ...]
    strategies: tuple[str, ...]
    alphas: tuple[float, ...]
    reps: int
    metrics: tuple[str, ...]
    data: Mapping[str, Any]
    learner_params: Mapping[str, Any]
    estimators: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def n_cells(self) -> int:
        return (len(self.generators) * len(self.separations) * len(self.prevalences)
                * len(self.learners) * len(self.strategies) * len(self.alphas))

    @property
    def n_fits(self) -> int:
        return self.n_cells * self.reps

    def axis_values(self) -> dict[str, tuple[Any, ...]]:
        """Each axis and its values, in cell order."""
        return {"generator": self.generators, "separation": self.separations,
                "prevalence": self.prevalences, "learner": self.learners,
                "strategy": self.strategies, "alpha": self.alphas}

    def cells(self) -> list[tuple[Any, ...]]:
        """Every cell of the grid, in order: tuples over :data:`AXES`."""
        return list(itertools.product(*self.axis_values().values()))

    def fit_columns(self, index: np.ndarray) -> dict[str, np.ndarray]:
        """The design columns (fit, the axes, rep) of the fits numbered ``index``."""
        index = np.asarray(index, dtype=np.int64)
        cell, rep = np.divmod(index, self.reps)
        out: dict[str, np.ndarray] = {"fit": index}
        # unravel the cell number over the axes (the last axis varies fastest)
        sizes = [len(v) for v in self.axis_values().values()]
        coords = np.unravel_index(cell, sizes) if index.size else [cell] * len(sizes)
        for (name, values), c in zip(self.axis_values().items(), coords):
            arr = np.asarray(values)
            out[name] = arr[c] if index.size else arr[:0]
        out["rep"] = rep
        return out

    def describe(self) -> dict[str, Any]:
        """The design as plain JSON-able values (what the fingerprint hashes)."""
        return {
            "engine": self.engine,
            **{k: list(v) for k, v in self.axis_values().items()},
            "reps": self.reps,
            "metrics": list(self.metrics),
            "data": dict(self.data),
            "learner_params": dict(self.learner_params),
            "estimators": {k: repr(v) for k, v in sorted(self.estimators.items())},
        }

    @property
    def fingerprint(self) -> str:
        """A hash of :meth:`describe`: two designs with the same fingerprint run the same fits."""
        text = json.dumps(self.describe(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def _learners(learner: Any, engine: str) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Learner labels in order, and the estimator objects behind the labels that are not names."""
    if isinstance(learner, Mapping):
        items = list(learner.items())
    else:
        items = [(None, v) for v in _as_list(learner)]
    if not items:
        raise ImbcoreError("invalid learner: got an empty list; give at least one learner")
    labels: list[str] = []
    objects: dict[str, Any] = {}
    known = RUST_LEARNERS if engine == "rust" else ESTIMATOR_LEARNERS
    for key, value in items:
        if isinstance(value, str):
            name = _known("learner", value, known)
            if engine == "rust" and name not in RUST_LEARNERS:
                raise ImbcoreError(f"invalid learner: got {value!r} with engine='rust'; known: "
                                   f"{', '.join(RUST_LEARNERS)} (or engine='estimator')")
            label = str(key) if key is not None else name
            if key is not None and key != name:
                objects[label] = name
        else:
            if engine == "rust":
                raise ImbcoreError(f"invalid learner: got {type(value).__name__} with "
                                   "engine='rust'; the Rust engine trains "
                                   f"{', '.join(RUST_LEARNERS)}: pass engine='estimator' to "
                                   "train scikit-learn estimators")
            _check_estimator(value)
            label = str(key) if key is not None else _learner_label(value)
            objects[label] = value
        if label in labels:
            raise ImbcoreError(f"invalid learner: got {label!r} twice; name the learners with a "
                               "dict such as {'deep': tree1, 'shallow': tree2}")
        labels.append(label)
    return tuple(labels), objects


def _check_estimator(est: Any) -> None:
    if isinstance(est, type):
        raise ImbcoreError(f"invalid learner: got the class {est.__name__}; pass an instance, "
                           f"e.g. {est.__name__}()")
    if not callable(getattr(est, "fit", None)):
        raise ImbcoreError(f"invalid learner: got {type(est).__name__}, which has no fit "
                           "method; give a scikit-learn compatible classifier")
    if not (callable(getattr(est, "predict_proba", None))
            or callable(getattr(est, "decision_function", None))):
        raise ImbcoreError(f"invalid learner: got {type(est).__name__}, which has neither "
                           "predict_proba nor decision_function; the study needs scores to "
                           "sweep")
    if not callable(getattr(est, "get_params", None)):
        raise ImbcoreError(f"invalid learner: got {type(est).__name__}, which has no "
                           "get_params; give a scikit-learn compatible estimator (it is "
                           "cloned for every fit)")


def _check_samplers(strategies: Sequence[str]) -> None:
    wanted = [s for s in strategies if s in SAMPLER_STRATEGIES]
    if not wanted:
        return
    try:
        import imblearn  # noqa: F401
    except ImportError:
        raise ImbcoreError(f"invalid strategy: got {wanted[0]!r}; the estimator engine "
                           "resamples with imbalanced-learn, which is not installed: "
                           "pip install 'imbcore[imbalanced]'") from None


def make_design(*, engine: str, generator: Any, separation: Any, prevalence: Any,
                learner: Any, strategy: Any, alpha: Any, reps: Any, metrics: Any,
                n_samples: Any, n_features: Any, n_informative: Any,
                n_clusters_per_class: Any, flip_y: Any, max_depth: Any, min_samples_leaf: Any,
                C: Any, test_size: Any) -> Design:
    """Check every argument of a study and return its :class:`Design` (no fit runs)."""
    engine = _known("engine", engine, ENGINES)
    generators = tuple(_known("generator", g, GENERATORS) for g in _as_list(generator))
    strategies = tuple(_known("strategy", s, STRATEGIES) for s in _as_list(strategy))
    for name, values in (("generator", generators), ("strategy", strategies)):
        if not values:
            raise ImbcoreError(f"invalid {name}: got an empty list; give at least one")
        if len(set(values)) != len(values):
            raise ImbcoreError(f"invalid {name}: got {list(values)!r}; the values must be "
                               "distinct")
    if engine == "rust" and "smote" in strategies:
        raise ImbcoreError("invalid strategy: got 'smote' with engine='rust'; SMOTE runs on "
                           "the estimator engine only (engine='estimator')")
    reps = _whole("reps", reps, 1)
    separations = _numbers("separation", separation, low=0.0)
    prevalences = _numbers("prevalence", prevalence, low=0.0, high=1.0, open_low=True,
                           open_high=True)
    alphas = _numbers("alpha", alpha, low=0.0, open_low=True)
    if "undersample" in strategies and min(alphas) < 1:
        raise ImbcoreError(f"invalid alpha: got {min(alphas)!r} with strategy 'undersample'; "
                           "negatives are kept at rate 1/alpha, so alpha must be >= 1")
    names = _as_list(metrics)
    if not names:
        raise ImbcoreError("invalid metrics: got an empty list; give at least one, e.g. 'f1'")
    checked = tuple(metric_info(m).name for m in names)
    if len(set(checked)) != len(checked):
        raise ImbcoreError(f"invalid metrics: got {names!r}; name each metric once")
    learners, estimators = _learners(learner, engine)
    if engine == "estimator":
        _check_samplers(strategies)
    n_samples = _whole("n_samples", n_samples, 20)
    n_features = _whole("n_features", n_features, 1)
    n_informative = _whole("n_informative", n_informative, 1)
    if n_informative > n_features:
        raise ImbcoreError(f"invalid n_informative: got {n_informative}; at most n_features "
                           f"({n_features})")
    n_clusters = _whole("n_clusters_per_class", n_clusters_per_class, 1)
    if "make_classification" in generators and 2 * n_clusters > 2 ** n_informative:
        raise ImbcoreError(f"invalid n_clusters_per_class: got {n_clusters}; make_classification"
                           " needs 2 * n_clusters_per_class <= 2 ** n_informative "
                           f"({2 ** n_informative})")
    flip = _numbers("flip_y", flip_y, low=0.0, high=1.0)[0]
    depth = 0 if max_depth is None else _whole("max_depth", max_depth, 1)
    leaf = _whole("min_samples_leaf", min_samples_leaf, 1)
    c = _numbers("C", C, low=0.0, open_low=True)[0]
    test = _numbers("test_size", test_size, low=0.0, high=1.0, open_low=True, open_high=True)[0]
    return Design(
        engine=engine, generators=generators, separations=separations, prevalences=prevalences,
        learners=learners, strategies=strategies, alphas=alphas, reps=reps, metrics=checked,
        data={"n_samples": n_samples, "n_features": n_features, "n_informative": n_informative,
              "n_clusters_per_class": n_clusters, "flip_y": flip, "test_size": test},
        learner_params={"max_depth": depth, "min_samples_leaf": leaf, "C": c},
        estimators=estimators)


def root_entropy(random_state: Any) -> int:
    """The root entropy of a study's seeds from ``random_state`` (int, Generator or None)."""
    if random_state is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2 ** 63, dtype=np.int64))
    if isinstance(random_state, (bool, np.bool_)) or not isinstance(random_state,
                                                                    numbers.Integral) \
            or int(random_state) < 0:
        raise ImbcoreError(f"invalid random_state: got {random_state!r}; give a whole number "
                           ">= 0, a numpy Generator or None")
    return int(random_state)


def fit_seeds(design: Design, entropy: int, index: np.ndarray) -> list[np.random.SeedSequence]:
    """The seed sequence of each fit: keyed by its data cell and repetition (see the module doc).

    Examples
    --------
    >>> from imbcore.study.design import make_design, fit_seeds
    >>> d = make_design(engine="estimator", generator="binormal", separation=[1.0, 2.0],
    ...                 prevalence=0.1, learner="cart", strategy=["weight", "threshold"],
    ...                 alpha=[1.0, 3.0], reps=2, metrics="f1", n_samples=100, n_features=2,
    ...                 n_informative=2, n_clusters_per_class=1, flip_y=0.0, max_depth=None,
    ...                 min_samples_leaf=1, C=1.0, test_size=0.25)
    >>> [s.spawn_key for s in fit_seeds(d, 0, [0, 1, 2, 7, 8, 15])]
    [(0, 0), (0, 1), (0, 0), (0, 1), (1, 0), (1, 1)]
    """
    index = np.asarray(index, dtype=np.int64)
    cell, rep = np.divmod(index, design.reps)
    sizes = [len(v) for v in design.axis_values().values()]
    n_data = len(design.generators) * len(design.separations) * len(design.prevalences)
    data_cell = cell // (int(np.prod(sizes)) // n_data)  # the data axes come first
    return [np.random.SeedSequence(entropy, spawn_key=(int(k), int(r)))
            for k, r in zip(data_cell, rep)]
