"""A scikit-learn meta-estimator that tunes the decision threshold exactly.

:class:`ThresholdTuner` has the shape of scikit-learn's
``TunedThresholdClassifierCV``: it fits a binary classifier, scores
out-of-fold data, and predicts the positive class when the score reaches the
tuned threshold. Where scikit-learn evaluates its metric at a grid of 100
thresholds per fold (one metric call per threshold), the tuner sweeps every
distinct out-of-fold score at once: each fold's held-out scores become an
imbcore sweep state, the fold states merge into the state of all out-of-fold
scores, and the best threshold of that pooled sweep is the exact optimum of
the pooled out-of-fold metric, for any imbcore metric (a cost, an F-score),
with or without constraints.

This module imports scikit-learn; ``import imbcore`` does not (the name
``imbcore.ThresholdTuner`` loads it when first used).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.exceptions import NotFittedError as _SklearnNotFittedError
from sklearn.model_selection import StratifiedShuffleSplit, check_cv
from sklearn.utils import _safe_indexing, get_tags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import (
    _check_method_params,
    check_is_fitted,
    column_or_1d,
    has_fit_parameter,
    indexable,
)

from . import _core
from ._inputs import _values_seen
from ._samples import Samples
from ._sweep import Sweep, SweepState, sweep_samples
from .constraints import Constraints, SubjectTo
from .errors import ImbcoreError
from .metrics import metric_info, metric_value

if TYPE_CHECKING:
    from .multiclass import MulticlassSweep

__all__ = ["ThresholdTuner", "NotFittedError"]


class NotFittedError(ImbcoreError, _SklearnNotFittedError):
    """An estimator that should be fitted is not: an :class:`~imbcore.ImbcoreError`
    that is also scikit-learn's ``NotFittedError``, so code that catches either
    keeps working.

    Examples
    --------
    >>> from sklearn.exceptions import NotFittedError as SklearnNotFittedError
    >>> import imbcore
    >>> from imbcore.tuner import NotFittedError
    >>> issubclass(NotFittedError, SklearnNotFittedError), issubclass(
    ...     NotFittedError, imbcore.ImbcoreError)
    (True, True)
    """

_RESPONSE_METHODS = ("auto", "predict_proba", "decision_function")


def _estimator_has(attr: str):
    """Whether the fitted estimator (or, before fit, the given one) has ``attr``."""

    def check(self: ThresholdTuner) -> bool:
        return hasattr(getattr(self, "estimator_", self.estimator), attr)

    return check


def _response_method(estimator: Any, response_method: Any) -> str:
    """The method that scores samples: predict_proba first for "auto", as scikit-learn."""
    if response_method not in _RESPONSE_METHODS:
        raise ImbcoreError(
            f"invalid response_method: got {response_method!r}; one of "
            + ", ".join(repr(m) for m in _RESPONSE_METHODS))
    wanted = (["predict_proba", "decision_function"] if response_method == "auto"
              else [response_method])
    for name in wanted:
        if hasattr(estimator, name):
            return name
    raise ImbcoreError(
        f"invalid estimator: got {type(estimator).__name__}, which has no "
        f"{' or '.join(wanted)}; the tuner needs scores to put a threshold on (a classifier "
        "with predict_proba or decision_function)")


def _scores(estimator: Any, X: Any, method: str, pos_label: Any) -> np.ndarray:
    """The score of the positive class for each sample of ``X`` (higher means positive)."""
    classes = np.asarray(estimator.classes_)
    out = np.asarray(getattr(estimator, method)(X))
    if method == "predict_proba":
        if out.ndim != 2 or out.shape[1] != classes.size:
            raise ImbcoreError(f"invalid estimator: got predict_proba of shape {out.shape}; "
                               "expected one column per class")
        col = np.flatnonzero(classes == pos_label)
        if col.size != 1:
            raise ImbcoreError(f"invalid pos_label: got {pos_label!r}; the estimator's "
                               f"classes are {classes.tolist()}")
        return np.ascontiguousarray(out[:, col[0]])
    out = out.reshape(-1) if out.ndim == 2 and out.shape[1] == 1 else out
    if out.ndim != 1:
        raise ImbcoreError(f"invalid estimator: got decision_function of shape {out.shape}; "
                           "a binary classifier gives one score per sample")
    # decision_function scores classes_[1]; the other class ranks by its negative
    return -out if classes.size == 2 and pos_label == classes[0] else out


def _class_scores(estimator: Any, X: Any, method: str) -> np.ndarray:
    """The (n, K) score matrix of a multiclass estimator, columns in ``classes_`` order."""
    classes = np.asarray(estimator.classes_)
    out = np.asarray(getattr(estimator, method)(X), dtype=np.float64)
    if out.ndim != 2 or out.shape[1] != classes.size:
        raise ImbcoreError(f"invalid estimator: got {method} of shape {out.shape}; a multiclass "
                           f"classifier gives one column per class ({classes.size})")
    return np.ascontiguousarray(out)


def _multiclass_fold(estimator: Any, X: Any, y: np.ndarray, train: Any, test: Any,
                     fit_params: dict[str, Any], weight: np.ndarray | None, fit_weight: bool,
                     method: str, classes: np.ndarray) -> tuple[np.ndarray, Any]:
    """Fits on ``train`` (unless None: a fitted estimator) and scores ``test``: the
    held-out score matrix, its columns in the order of ``classes``."""
    if train is not None:
        params = _check_method_params(X, fit_params, indices=train)
        if fit_weight and weight is not None:
            params["sample_weight"] = weight[train]
        estimator.fit(_safe_indexing(X, train), _safe_indexing(y, train), **params)
        X_val = _safe_indexing(X, test)
    else:
        X_val = X
    scores = _class_scores(estimator, X_val, method)
    own = np.asarray(estimator.classes_)
    if own.size != classes.size or np.any(own != classes):
        missing = [c for c in classes.tolist() if c not in own.tolist()]
        raise ImbcoreError(f"invalid cv: got a split whose training part has no sample of "
                           f"class {missing[0]!r} (the model's classes are {own.tolist()}); "
                           "every class needs samples in every training part: use fewer "
                           "(stratified) folds, or more data of the rare classes")
    return scores, estimator


def _fold(estimator: Any, X: Any, y: np.ndarray, positive: np.ndarray, train: Any, test: Any,
          fit_params: dict[str, Any], weight: np.ndarray | None, fit_weight: bool,
          method: str, pos_label: Any, n_jobs: int | None) -> tuple[Sweep, Any]:
    """Fits on ``train`` (unless ``train`` is None: a fitted estimator) and sweeps
    the scores of ``test``. Returns the fold's sweep and the fitted estimator."""
    if train is not None:
        params = _check_method_params(X, fit_params, indices=train)
        if fit_weight and weight is not None:
            params["sample_weight"] = weight[train]
        estimator.fit(_safe_indexing(X, train), _safe_indexing(y, train), **params)
        X_val = _safe_indexing(X, test)
    else:
        X_val = X
    s = _scores(estimator, X_val, method, pos_label)
    w = None if weight is None else weight[test]
    samples = Samples(positive[test], s, sample_weight=w)
    return sweep_samples(samples, n_jobs=n_jobs), estimator


def _is_multiclass(y: Any) -> bool:
    """Whether ``y`` holds more than two classes (finite labels, one column)."""
    try:
        return type_of_target(y, input_name="y") == "multiclass"
    except (TypeError, ValueError):  # the binary path names what is wrong with y
        return False


class _Choice:
    """How to pick the threshold on a sweep: the exact optimum over every
    distinct score ("auto"), or the best of given candidate thresholds. Both
    choose as :meth:`imbcore.Sweep.best` does (one implementation, in the
    core: the same constraints, ties and rounding)."""

    def __init__(self, metric: str, constraints: Constraints) -> None:
        self.metric = metric
        self.constraints = constraints

    def exact(self, sw: Sweep) -> tuple[float, float]:
        b = sw.best(self.metric, subject_to=self.constraints)
        return float(b.threshold), float(b.value)

    def values(self, sw: Sweep, candidates: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The metric at each candidate threshold (None: at every threshold of the
        sweep) and whether the constraints hold there."""
        if candidates is None:
            def value(name: str) -> np.ndarray:
                return sw.metric(name)
        else:
            conf = sw.at(candidates)

            def value(name: str) -> np.ndarray:
                return np.asarray(metric_value(name, *conf), dtype=np.float64)
        values = value(self.metric)
        feasible = ~np.isnan(values)
        for bound in self.constraints:
            feasible &= bound.holds(value(bound.metric))
        return values, feasible

    def on_grid(self, sw: Sweep, candidates: np.ndarray) -> tuple[float, float]:
        # candidates are descending: ties go to the highest threshold, as in Sweep.best
        tp, fp, fn, tn = (np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
                          for x in sw.at(candidates))
        found = _core.best_of_points(self.metric, self.constraints.pairs(), tp, fp, fn, tn)
        if found is None:
            if self.constraints:
                raise self.constraints.unmet("among the candidate thresholds")
            raise ImbcoreError(f"invalid metric: got {self.metric!r}; it is undefined "
                               "(NaN) at every candidate threshold")
        i, value = found
        return float(candidates[i]), float(value)


def _quantile_thresholds(sw: Sweep, k: int) -> np.ndarray:
    """``k`` thresholds at evenly spaced quantiles of the scores, descending: the
    highest distinct score at which the share of samples (or of weight)
    predicted positive reaches 0, 1/(k-1), ..., 1."""
    predicted = np.asarray(sw.tp, dtype=np.float64) + np.asarray(sw.fp, dtype=np.float64)
    shares = np.linspace(0.0, 1.0, k) * predicted[-1]
    idx = np.minimum(np.searchsorted(predicted, shares, side="left"), predicted.size - 1)
    return np.asarray(sw.thresholds, dtype=np.float64)[np.unique(idx)]


class ThresholdTuner(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """A binary classifier whose decision threshold is tuned exactly on out-of-fold scores.

    It fits ``estimator``, scores each cross-validation fold's held-out part
    with a model fitted on the rest, and predicts the positive class when a
    sample's score reaches ``best_threshold_``, the threshold that makes
    ``metric`` best on all out-of-fold scores together (subject to the
    constraints of ``subject_to``). It is scikit-learn's
    ``TunedThresholdClassifierCV`` with every distinct score as a candidate.

    Parameters
    ----------
    estimator : estimator object
        A binary classifier with ``fit`` and ``predict_proba`` or
        ``decision_function``; cloned for every fold (a
        ``sklearn.frozen.FrozenEstimator`` is used as fitted).
    metric : str, default 'f1'
        Any imbcore metric (:func:`imbcore.metric_names`, every F-score
        ``'f2'``, ``'f0.5'``, costs ``'cost(c_fp=1, c_fn=10)'``); maximised, or
        minimised for fpr, fnr and costs.
    subject_to : mapping of metric name to bound, optional
        Constraints, as for :meth:`imbcore.Sweep.best`: ``{"precision": 0.9}``
        asks for precision >= 0.9, ``{"fpr": 0.01}`` for fpr <= 0.01.
    cv : int, float, cross-validation splitter, iterable of splits or 'prefit', default 5
        An int is a ``StratifiedKFold`` of that many folds (scikit-learn's
        ``check_cv``); a float in (0, 1) one stratified shuffle split that
        holds out that share; a splitter or an iterable of (train, test) index
        pairs is used as given. ``'prefit'`` takes ``estimator`` as fitted and
        ``fit``'s data as the validation set: nothing is fitted or refitted.
    thresholds : 'auto', int or array_like, default 'auto'
        ``'auto'``: every distinct out-of-fold score is a candidate, and the
        result is the exact optimum. An int ``k``: ``k`` candidates at evenly
        spaced quantiles of the pooled out-of-fold scores (for comparison with
        a grid). An array: those thresholds.
    refit : bool, default True
        Refit ``estimator`` on all the data after tuning. ``False`` keeps the
        model of the one split (an error with several folds). Ignored with
        ``cv='prefit'``.
    n_jobs : int, optional
        Folds fitted in parallel (joblib, through scikit-learn's ``Parallel``);
        None means 1 unless in a joblib context.
    random_state : int, RandomState or None, optional
        Seeds the split when ``cv`` is a float.
    pos_label : optional
        The positive class; by default the greater of the two labels
        (``classes_[1]``), whose column of ``predict_proba`` (or whose sign of
        ``decision_function``) scikit-learn takes as the positive score.
    response_method : {'auto', 'predict_proba', 'decision_function'}, default 'auto'
        The scoring method; ``'auto'`` takes ``predict_proba`` when the
        estimator has it, else ``decision_function``.
    rule : {'weights', 'offsets'}, default 'weights'
        For multiclass targets only: the decision rule tuned on the pooled
        out-of-fold score matrix ``s``: ``'weights'``, ``argmax_j w_j s_j``
        (the class-weight rule; needs probabilities), or ``'offsets'``,
        ``argmax_j (s_j + b_j)``.

    Attributes
    ----------
    estimator_ : estimator object
        The classifier used to predict (refitted on all data, the one split's
        model, or the given model with ``cv='prefit'``).
    best_threshold_ : float
        A sample is predicted positive when its score is ``>= best_threshold_``.
    best_score_ : float
        The metric of the pooled out-of-fold predictions at ``best_threshold_``
        (of all the folds' held-out samples together, not a mean of folds).
    threshold_std_ : float
        The standard deviation (denominator n - 1) of the folds' own best
        thresholds (``cv_results_["split_threshold"]``): how much the choice
        moves between data sets. NaN with fewer than two folds where a
        threshold was found.
    cv_results_ : dict of ndarrays
        ``split_threshold``, ``split_score`` (each fold's best threshold on its
        own held-out scores and the metric there; NaN where no threshold meets
        ``subject_to``), ``split_n_samples`` (held-out samples per fold);
        ``thresholds`` (the candidates, descending: every distinct pooled
        out-of-fold score for ``'auto'``), ``scores`` (the pooled metric at
        each) and ``feasible`` (whether ``subject_to`` holds there).
    sweep_ : imbcore.Sweep
        The sweep of the pooled out-of-fold scores (every metric at every
        threshold; see :class:`imbcore.Sweep`).
    response_method_ : str
        The method that gave the scores.
    pos_label_ : object
        The positive class.
    classes_ : ndarray
        The class labels (of ``estimator_``).
    n_features_in_, feature_names_in_
        As ``estimator_`` has them.
    decision_ : imbcore.MulticlassDecision
        Multiclass targets: the tuned rule (``weights`` or ``offsets``, the
        pooled out-of-fold ``value``, confusion matrix and per-class scores).
        Multiclass fits set ``decision_``, ``best_score_``, ``sweep_`` (an
        :class:`imbcore.MulticlassSweep` of the pooled out-of-fold scores),
        ``metric_`` and ``cv_results_`` with ``split_score`` (the metric of
        the tuned rule on each fold's held-out part) and
        ``split_n_samples``; there is no single threshold.

    Notes
    -----
    **Multiclass targets.** With more than two classes the tuner scores each
    fold's held-out part with the whole score matrix (``predict_proba``),
    pools the folds, and tunes the decision rule of ``rule`` for ``metric``
    (a multiclass metric such as ``'macro_f1'``, ``'gmean'``, ``'mcc'``,
    ``'weighted_f2'``; the default ``'f1'`` means ``'macro_f1'`` there) by
    :meth:`imbcore.MulticlassSweep.best` on the pooled out-of-fold scores,
    with ``subject_to`` per class (``{"recall[2]": 0.5}``) and
    ``random_state`` for its random starts. ``predict`` applies the rule to
    the refitted estimator's scores and returns labels of ``y``'s type. The
    weights of the ``'weights'`` rule are the class weights a well-specified
    model would have to be trained with to decide so.

    With ``thresholds='auto'`` the threshold is the exact optimum of the
    pooled out-of-fold metric: the fold sweeps merge (a merge-join of their
    distinct scores) into the sweep of all out-of-fold scores, and its best
    threshold is found over every distinct score, so no other threshold gives
    a better pooled out-of-fold metric. Ties go to the highest threshold.
    scikit-learn's ``TunedThresholdClassifierCV`` instead averages per-fold
    metrics interpolated on a 100-point grid.

    Sample weights passed to ``fit`` weight the metric (weighted sweeps) and
    go to ``estimator.fit`` when it takes ``sample_weight``. Other fit
    parameters go to ``estimator.fit``, indexed per fold as scikit-learn
    does; ``groups`` goes to the splitter. Metadata routing is not used.

    ``sklearn.utils.estimator_checks.check_estimator`` passes except for one
    check, which fails for ``TunedThresholdClassifierCV`` too:
    ``check_classifiers_train`` expects the predictions of a threshold at
    probability 0.5, and a tuned threshold lies elsewhere on purpose (with 3
    folds on that check's data the tuned threshold happens to agree, and it
    passes).

    Examples
    --------
    >>> import imbcore
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = make_classification(n_samples=4000, weights=[0.95], random_state=0)
    >>> tuner = imbcore.ThresholdTuner(LogisticRegression(), metric="f1").fit(X, y)
    >>> round(tuner.best_threshold_, 3), round(tuner.best_score_, 3)
    (0.209, 0.531)
    >>> tuner.cv_results_["split_threshold"].round(3)      # each fold's own best
    array([0.21 , 0.225, 0.204, 0.179, 0.212])
    >>> round(tuner.threshold_std_, 3)
    0.017
    >>> tuner.predict(X[y == 1][:6])
    array([0, 1, 1, 0, 0, 1])
    >>> constrained = imbcore.ThresholdTuner(
    ...     LogisticRegression(), metric="recall", subject_to={"precision": 0.6}).fit(X, y)
    >>> round(constrained.best_score_, 3)
    0.27

    Three classes, the rarest 2 %: the tuned class weights (the smallest 1)
    lift the pooled out-of-fold macro-F1 above plain argmax, and ``predict``
    applies them to the refitted model.

    >>> X, y = make_classification(n_samples=6000, n_classes=3, n_informative=4,
    ...                            weights=[0.9, 0.08], random_state=0)
    >>> tuner = imbcore.ThresholdTuner(LogisticRegression(), metric="macro_f1",
    ...                                random_state=0).fit(X, y)
    >>> w = tuner.decision_.weights
    >>> float(w.min()), bool(tuner.best_score_ > tuner.sweep_.evaluate("macro_f1"))
    (1.0, True)
    >>> P = tuner.predict_proba(X[:8])
    >>> bool((tuner.predict(X[:8]) == tuner.classes_[(P * w).argmax(axis=1)]).all())
    True
    """

    def __init__(self, estimator: Any, *, metric: str = "f1",
                 subject_to: SubjectTo = None, cv: Any = 5,
                 thresholds: Any = "auto", refit: bool = True, n_jobs: int | None = None,
                 random_state: Any = None, pos_label: Any = None,
                 response_method: str = "auto", rule: str = "weights") -> None:
        self.estimator = estimator
        self.metric = metric
        self.subject_to = subject_to
        self.cv = cv
        self.thresholds = thresholds
        self.refit = refit
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.pos_label = pos_label
        self.response_method = response_method
        self.rule = rule

    # ------------------------------------------------------------ checks

    def _checked_choice(self) -> _Choice:
        metric = metric_info(self.metric).name  # ImbcoreError if unknown
        return _Choice(metric, Constraints.parse(self.subject_to))

    def _checked_thresholds(self) -> int | np.ndarray | None:
        t = self.thresholds
        if isinstance(t, str):
            if t == "auto":
                return None
            raise ImbcoreError(f"invalid thresholds: got {t!r}; 'auto', a number of "
                               "thresholds (int >= 1) or an array of thresholds")
        if isinstance(t, numbers.Integral) and not isinstance(t, (bool, np.bool_)):
            if t < 1:
                raise ImbcoreError(f"invalid thresholds: got {t}; a number of thresholds "
                                   "must be >= 1")
            return int(t)
        try:
            a = np.asarray(t, dtype=np.float64)
        except (TypeError, ValueError):
            a = np.array([np.nan])
        if a.ndim != 1 or a.size == 0 or not np.isfinite(a).all():
            raise ImbcoreError(f"invalid thresholds: got {t!r}; 'auto', a number of "
                               "thresholds (int >= 1) or a 1-D array of finite thresholds")
        return np.unique(a)[::-1].copy()

    def _checked_cv(self, X: Any, y: np.ndarray, groups: Any) -> tuple[list[Any], bool]:
        """The (train, test) splits, and whether the estimator is taken as fitted."""
        cv = self.cv
        if isinstance(cv, str):
            if cv == "prefit":
                return [(None, np.arange(y.shape[0]))], True
            raise ImbcoreError(f"invalid cv: got {cv!r}; an int, a float in (0, 1), a "
                               "cross-validation splitter, an iterable of (train, test) "
                               "splits or 'prefit'")
        if isinstance(cv, numbers.Real) and not isinstance(cv, numbers.Integral):
            if not 0.0 < float(cv) < 1.0:
                raise ImbcoreError(f"invalid cv: got {cv!r}; a float cv is the share held "
                                   "out, in (0, 1)")
            splitter: Any = StratifiedShuffleSplit(n_splits=1, test_size=float(cv),
                                                   random_state=self.random_state)
        else:
            if isinstance(cv, (bool, np.bool_)):
                cv = "bool"  # refused below
            try:
                splitter = check_cv(cv, y, classifier=True)
            except (TypeError, ValueError) as e:
                raise ImbcoreError(
                    f"invalid cv: got {cv!r}; an int, a float in (0, 1), a cross-validation "
                    f"splitter, an iterable of (train, test) splits or 'prefit' ({e})") from None
        try:
            splits = list(splitter.split(X, y, groups))
        except ValueError as e:
            raise ImbcoreError(f"invalid cv: got {self.cv!r}; it cannot split these data "
                               f"({e})") from None
        if not splits:
            raise ImbcoreError(f"invalid cv: got {self.cv!r}, which gave no splits")
        return splits, False

    # ------------------------------------------------------------ fit

    def fit(self, X: Any, y: Any, sample_weight: Any = None, groups: Any = None,
            **fit_params: Any) -> ThresholdTuner:
        """Fits the estimator on each fold, tunes the threshold on the pooled
        out-of-fold scores, and refits.

        Parameters
        ----------
        X : array_like or sparse matrix of shape (n_samples, n_features)
            Training data, as ``estimator`` takes it.
        y : array_like of shape (n_samples,)
            Binary labels.
        sample_weight : array_like of shape (n_samples,), optional
            Weights for the metric, and for ``estimator.fit`` when it takes them.
        groups : array_like of shape (n_samples,), optional
            Group labels for a group splitter.
        **fit_params
            More parameters of ``estimator.fit``.

        Returns
        -------
        self
        """
        if y is not None:
            y_seen = np.asarray(y)
            if y_seen.dtype.kind == "f" and not np.isfinite(y_seen).all():
                raise ImbcoreError(f"invalid y: got non-finite labels {_values_seen(y_seen)}; "
                                   "labels must be finite")
        if y is not None and _is_multiclass(y):
            X, y = indexable(X, y)
            return self._fit_multiclass(X, column_or_1d(y, warn=True), sample_weight, groups,
                                        fit_params)
        choice = self._checked_choice()
        grid = self._checked_thresholds()
        method = _response_method(self.estimator, self.response_method)
        if not hasattr(self.estimator, "fit"):
            raise ImbcoreError(f"invalid estimator: got {type(self.estimator).__name__}, "
                               "which has no fit method")
        if y is None:
            raise ImbcoreError("invalid y: got None; ThresholdTuner requires y to be passed, "
                               "but the target y is None")
        X, y = indexable(X, y)
        y_seen = np.asarray(y)
        if y_seen.dtype.kind == "f" and not np.isfinite(y_seen).all():
            raise ImbcoreError(f"invalid y: got non-finite labels {_values_seen(y_seen)}; "
                               "labels must be finite")
        kind = type_of_target(y, input_name="y")
        if kind == "unknown":  # scikit-learn's estimator checks look for its wording
            raise ImbcoreError(f"invalid y: got labels {_values_seen(y_seen)} of an Unknown "
                               "label type (an object array of numbers?); give class labels "
                               "as numbers or strings")
        if kind != "binary":
            raise ImbcoreError(f"invalid y: got {kind} labels {_values_seen(y_seen)}; "
                               "ThresholdTuner tunes the threshold of a binary classifier "
                               "or the decision rule of a multiclass one, so y must hold "
                               "class labels")
        y = column_or_1d(y, warn=True)
        classes = np.unique(y)
        if classes.size != 2:
            raise ImbcoreError(f"invalid y: got one class only {_values_seen(y)}; tuning a "
                               "threshold needs samples of both classes")
        if self.pos_label is None:
            pos_label = classes[1]
        elif self.pos_label in classes.tolist():
            pos_label = classes[classes.tolist().index(self.pos_label)]
        else:
            raise ImbcoreError(f"invalid pos_label: got {self.pos_label!r}; the labels are "
                               f"{classes.tolist()}")
        positive = y == pos_label
        weight = None
        if sample_weight is not None:
            weight = np.asarray(sample_weight, dtype=np.float64).reshape(-1)
            if weight.shape[0] != y.shape[0]:
                raise ImbcoreError(f"invalid sample_weight: got length {weight.shape[0]}; it "
                                   f"must have one weight per sample ({y.shape[0]})")
            for side, name in ((positive, "positive"), (~positive, "negative")):
                # all-zero weights get their own error further on
                if float(np.sum(weight)) > 0 and not float(np.sum(weight[side])) > 0:
                    raise ImbcoreError(f"invalid sample_weight: got no weight on the {name} "
                                       "class; tuning a threshold needs weight on both classes")
        if not isinstance(self.refit, (bool, np.bool_)):
            raise ImbcoreError(f"invalid refit: got {self.refit!r}; True or False")

        splits, prefit = self._checked_cv(X, y, groups)
        if prefit:
            try:
                check_is_fitted(self.estimator)
            except _SklearnNotFittedError:
                raise NotFittedError(
                    f"invalid estimator: got an unfitted {type(self.estimator).__name__}; "
                    "cv='prefit' needs a fitted estimator") from None
        elif not self.refit and len(splits) > 1:
            raise ImbcoreError(f"invalid refit: got False with {len(splits)} splits; without "
                               "refitting the model of one split is kept, so cv must make "
                               "one split (or use refit=True)")
        fit_weight = weight is not None and has_fit_parameter(self.estimator, "sample_weight")

        parallel = Parallel(n_jobs=self.n_jobs)
        # folds run in parallel processes or threads: each sweeps on one thread
        inner = None if parallel.n_jobs in (None, 1) else 1
        folds = parallel(
            delayed(_fold)(self.estimator if prefit else clone(self.estimator), X, y, positive,
                           train, test, fit_params, weight, fit_weight, method, pos_label,
                           inner)
            for train, test in splits)

        if prefit:
            self.estimator_ = self.estimator
        elif self.refit:
            params = dict(fit_params)
            if fit_weight:
                params["sample_weight"] = weight
            self.estimator_ = clone(self.estimator).fit(X, y, **params)
        else:
            self.estimator_ = folds[0][1]

        state = SweepState()
        for fold_sweep, _ in folds:
            state = state.merge(fold_sweep.to_state())
        pooled = state.finalize()
        if len(pooled) == 1:
            raise ImbcoreError(
                f"invalid estimator: got {type(self.estimator).__name__}, whose out-of-fold "
                f"scores are all {float(pooled.thresholds[0])!r}; a constant score leaves no "
                "threshold to tune (the model learned nothing from X)")
        if grid is None:
            candidates = np.asarray(pooled.thresholds, dtype=np.float64)
            self.best_threshold_, self.best_score_ = choice.exact(pooled)
        else:
            candidates = _quantile_thresholds(pooled, grid) if isinstance(grid, int) else grid
            self.best_threshold_, self.best_score_ = choice.on_grid(pooled, candidates)
        scores, feasible = choice.values(pooled, None if grid is None else candidates)

        split_threshold = np.full(len(folds), np.nan)
        split_score = np.full(len(folds), np.nan)
        for i, (fold_sweep, _) in enumerate(folds):
            try:
                split_threshold[i], split_score[i] = (
                    choice.exact(fold_sweep) if grid is None
                    else choice.on_grid(fold_sweep, candidates))
            except ImbcoreError:  # no threshold of this fold meets subject_to
                pass
        found = split_threshold[np.isfinite(split_threshold)]
        self.threshold_std_ = float(np.std(found, ddof=1)) if found.size > 1 else float("nan")
        self.cv_results_ = {
            "split_threshold": split_threshold,
            "split_score": split_score,
            "split_n_samples": np.array([np.size(test) for _, test in splits]),
            "thresholds": candidates,
            "scores": scores,
            "feasible": feasible,
        }
        self.sweep_: Sweep | MulticlassSweep = pooled
        self.response_method_ = method
        self.pos_label_ = pos_label
        self._multiclass = False
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_
        return self

    def _fit_multiclass(self, X: Any, y: np.ndarray, sample_weight: Any, groups: Any,
                        fit_params: dict[str, Any]) -> ThresholdTuner:
        """Fits on each fold, tunes the multiclass decision rule on the pooled out-of-fold
        score matrix, and refits (see the class doc)."""
        from .multiclass import sweep_multiclass

        metric = "macro_f1" if self.metric == "f1" else self.metric
        if self.rule not in ("weights", "offsets"):
            raise ImbcoreError(f"invalid rule: got {self.rule!r}; for multiclass targets "
                               "'weights' (argmax_j w_j s_j, the class-weight rule) or "
                               "'offsets' (argmax_j s_j + b_j)")
        if self.pos_label is not None:
            raise ImbcoreError(f"invalid pos_label: got {self.pos_label!r} with multiclass "
                               "labels; pos_label is for binary targets")
        if not (isinstance(self.thresholds, str) and self.thresholds == "auto"):
            raise ImbcoreError(f"invalid thresholds: got {self.thresholds!r} with multiclass "
                               "labels; a multiclass rule is tuned over every decision "
                               "('auto')")
        if self.subject_to is not None and not isinstance(self.subject_to, Mapping):
            raise ImbcoreError(f"invalid subject_to: got {self.subject_to!r}; give a mapping "
                               "such as {'recall[2]': 0.5}")
        method = _response_method(self.estimator, self.response_method)
        if method == "decision_function" and self.rule == "weights":
            raise ImbcoreError(
                f"invalid rule: got 'weights' with {type(self.estimator).__name__}."
                "decision_function scores, which may be negative; the weights rule "
                "argmax_j w_j s_j needs probabilities (an estimator with predict_proba), or "
                "use rule='offsets'")
        if not hasattr(self.estimator, "fit"):
            raise ImbcoreError(f"invalid estimator: got {type(self.estimator).__name__}, "
                               "which has no fit method")
        classes = np.unique(y)
        weight = None
        if sample_weight is not None:
            weight = np.asarray(sample_weight, dtype=np.float64).reshape(-1)
            if weight.shape[0] != y.shape[0]:
                raise ImbcoreError(f"invalid sample_weight: got length {weight.shape[0]}; it "
                                   f"must have one weight per sample ({y.shape[0]})")
        if not isinstance(self.refit, (bool, np.bool_)):
            raise ImbcoreError(f"invalid refit: got {self.refit!r}; True or False")
        splits, prefit = self._checked_cv(X, y, groups)
        if prefit:
            try:
                check_is_fitted(self.estimator)
            except Exception:
                raise ImbcoreError(
                    f"invalid estimator: got an unfitted {type(self.estimator).__name__}; "
                    "cv='prefit' needs a fitted estimator") from None
        elif not self.refit and len(splits) > 1:
            raise ImbcoreError(f"invalid refit: got False with {len(splits)} splits; without "
                               "refitting the model of one split is kept, so cv must make "
                               "one split (or use refit=True)")
        fit_weight = weight is not None and has_fit_parameter(self.estimator, "sample_weight")
        folds = Parallel(n_jobs=self.n_jobs)(
            delayed(_multiclass_fold)(self.estimator if prefit else clone(self.estimator), X,
                                      y, train, test, fit_params, weight, fit_weight, method,
                                      classes)
            for train, test in splits)
        if prefit:
            self.estimator_ = self.estimator
        elif self.refit:
            params = dict(fit_params)
            if fit_weight:
                params["sample_weight"] = weight
            self.estimator_ = clone(self.estimator).fit(X, y, **params)
        else:
            self.estimator_ = folds[0][1]

        # the pooled out-of-fold scores, in the order of the folds' held-out samples
        tests = [np.asarray(test) for _, test in splits]
        held_out = np.concatenate(tests)
        scores = np.concatenate([f[0] for f in folds], axis=0)
        pooled_weight = None if weight is None else weight[held_out]
        pooled = sweep_multiclass(y[held_out], scores, labels=classes,
                                  sample_weight=pooled_weight)
        options: dict[str, Any] = {"rule": self.rule, "random_state": self.random_state}
        if self.subject_to:
            options["subject_to"] = dict(self.subject_to)
        decision = pooled.best(metric, **options)
        rule_params = {"weights": decision.weights} if self.rule == "weights" else {
            "offsets": decision.offsets}
        split_score = np.full(len(folds), np.nan)
        for i, ((fold_scores, _), test) in enumerate(zip(folds, tests)):
            fold = sweep_multiclass(y[test], fold_scores, labels=classes,
                                    sample_weight=None if weight is None else weight[test])
            split_score[i] = float(fold.evaluate(metric, **rule_params))
        self.decision_ = decision
        self.best_score_ = float(decision.value)
        self.cv_results_ = {"split_score": split_score,
                            "split_n_samples": np.array([t.size for t in tests])}
        self.sweep_ = pooled
        self.response_method_ = method
        self.metric_ = metric
        self._multiclass = True
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_
        return self

    # ------------------------------------------------------------ predict

    @property
    def classes_(self) -> np.ndarray:
        """The class labels."""
        return self.estimator_.classes_

    def predict(self, X: Any) -> np.ndarray:
        """The positive class where the score is ``>= best_threshold_``, else the other.

        Parameters
        ----------
        X : array_like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            Class labels.
        """
        check_is_fitted(self, "estimator_")
        if getattr(self, "_multiclass", False):
            return self.decision_.predict(_class_scores(self.estimator_, X,
                                                        self.response_method_))
        s = _scores(self.estimator_, X, self.response_method_, self.pos_label_)
        classes = np.asarray(self.classes_)
        pos = int(np.flatnonzero(classes == self.pos_label_)[0])
        return classes[np.where(s >= self.best_threshold_, pos, 1 - pos)]

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X: Any) -> np.ndarray:
        """The fitted estimator's class probabilities."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X: Any) -> np.ndarray:
        """The fitted estimator's log class probabilities."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X: Any) -> np.ndarray:
        """The fitted estimator's decision function."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        tags.input_tags.sparse = get_tags(self.estimator).input_tags.sparse
        return tags
