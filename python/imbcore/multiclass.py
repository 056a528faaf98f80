"""Multiclass decisions: per-class curves, the best decision rule for a
metric, and the Bayes decision of a cost matrix.

A model trained with weighted cross-entropy (class weights ``w``) has, when
well specified, posteriors proportional to ``w_j p_j``, where ``p`` are the
unweighted posteriors: training with weights ``w`` decides like the
unweighted model under the rule ``argmax_j w_j p_j``. So a weight vector *is*
a decision rule, and the best weights for a metric can be read off
validation scores instead of being found by retraining (see docs/theory.md):

* the inverse priors ``1 / pi_j`` maximise macro-recall (balanced accuracy);
* a cost matrix ``C[i, j]`` (the cost of predicting j when the truth is i)
  is minimised by ``argmin_j sum_i p_i C[i, j]`` (:func:`cost_decision`); a
  diagonal one (``C[i, j] = c_i`` off the diagonal) decides like weights
  ``c_i``;
* macro-F1 and most other metrics need weights (and in general offsets)
  found from data: :meth:`MulticlassSweep.best`.

:func:`sweep_multiclass` holds the labels and the (n, K) score matrix, gives
one binary :class:`~imbcore.Sweep` per class (one-vs-rest), every
multiclass metric of any rule (each a row of the Rust metric table,
evaluated on the K x K confusion matrix) and the best rule by exact
coordinate ascent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, Mapping

import numpy as np

from . import _core
from ._inputs import labels_array, n_jobs_arg, unique_labels, weights_1d
from .errors import ImbcoreError

if TYPE_CHECKING:
    from ._sweep import Sweep

__all__ = [
    "sweep_multiclass",
    "MulticlassSweep",
    "MulticlassDecision",
    "cost_decision",
    "multiclass_metric_names",
]

Rule = Literal["weights", "offsets"]


def multiclass_metric_names() -> list[str]:
    """The multiclass metric names, as the Rust table lists them.

    Examples
    --------
    >>> import imbcore
    >>> names = imbcore.multiclass_metric_names()
    >>> "macro_f1" in names and "gmean" in names and "cost" in names
    True
    """
    return list(_core.mc_known_metrics())


def _check_metric(metric: Any) -> str:
    if not isinstance(metric, str):
        raise ImbcoreError(f"invalid metric: got {metric!r}; metric must be a name such as "
                           "'macro_f1'")
    return _core.mc_metric_info(metric)[0]


def _class_codes(y_true: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    """The classes (in column order) and each sample's column, as uint32."""
    y = labels_array(y_true)
    if y.ndim != 1:
        raise ImbcoreError(f"invalid y_true: got an array of shape {y.shape}; y_true must be a "
                           "1-D array of labels")
    if y.size == 0:
        raise ImbcoreError("invalid y_true: got an empty array; give at least one sample")
    if labels is None:
        classes = unique_labels(y)
        codes = np.searchsorted(classes, y)
    else:
        classes = np.asarray(labels)
        if classes.ndim != 1 or classes.size < 2:
            raise ImbcoreError(f"invalid labels: got {labels!r}; labels must list at least two "
                               "classes, in the order of the columns of y_score")
        try:
            order = np.argsort(classes, kind="stable")
            sorted_classes = classes[order]
            if np.any(sorted_classes[1:] == sorted_classes[:-1]):
                raise ImbcoreError(f"invalid labels: got {labels!r}; labels must be distinct")
            pos = np.searchsorted(sorted_classes, y)
        except TypeError:
            raise ImbcoreError(f"invalid labels: got {labels!r}, which cannot be compared with "
                               f"the labels of y_true ({y.dtype})") from None
        pos_c = np.minimum(pos, classes.size - 1)
        found = sorted_classes[pos_c] == y
        if not np.all(found):
            i = int(np.argmin(found))
            bad = y[i].item() if hasattr(y[i], "item") else y[i]
            raise ImbcoreError(
                f"invalid y_true: got the label {bad!r} (row {i}), which is not in labels "
                f"{classes.tolist()!r}; every label of y_true must be listed")
        codes = order[pos_c]
    if classes.size < 2:
        raise ImbcoreError(f"invalid y_true: got one class {classes.tolist()!r}; a multiclass "
                           "sweep needs at least two classes (pass labels= to name the others)")
    return classes, np.ascontiguousarray(codes, dtype=np.uint32)


def _score_matrix(y_score: Any, k: int, n: int | None, classes: Any = None) -> np.ndarray:
    """``y_score`` as a C-contiguous float64 (n, k) array of finite values."""
    a = np.asarray(y_score)
    if a.dtype.kind not in "biuf":
        raise ImbcoreError(f"invalid y_score: got an array of dtype {a.dtype}; scores must be "
                           "numeric")
    if a.ndim != 2 or a.shape[1] != k:
        which = f" ({', '.join(map(str, classes))})" if classes is not None else ""
        raise ImbcoreError(
            f"invalid y_score: got an array of shape {a.shape}; y_score must be an (n, {k}) "
            f"array with one column per class{which}")
    if n is not None and a.shape[0] != n:
        raise ImbcoreError(f"invalid y_score: got {a.shape[0]} rows; y_score must have one row "
                           f"per sample of y_true ({n})")
    a = np.ascontiguousarray(a, dtype=np.float64)
    _core.mc_check_scores(a.reshape(-1), k)
    return a


def _cost_matrix(cost_matrix: Any, k: int) -> np.ndarray:
    c = np.asarray(cost_matrix)
    if c.dtype.kind not in "biuf" or c.shape != (k, k):
        raise ImbcoreError(
            f"invalid cost_matrix: got an array of shape {c.shape} and dtype {c.dtype}; "
            f"cost_matrix must be a numeric {k} x {k} array (C[i, j] the cost of predicting "
            "class j when the truth is i)")
    return np.ascontiguousarray(c, dtype=np.float64).reshape(-1)


def _params(values: Any, name: str, k: int) -> np.ndarray:
    p = np.asarray(values)
    if p.dtype.kind not in "biuf" or p.shape != (k,):
        raise ImbcoreError(f"invalid {name}: got {values!r}; {name} must hold one number per "
                           f"class ({k})")
    return np.ascontiguousarray(p, dtype=np.float64)


def cost_decision(y_score: Any, cost_matrix: Any) -> np.ndarray:
    """The Bayes decision of a cost matrix: for each row the column of the
    least expected cost.

    Parameters
    ----------
    y_score : array_like of shape (n, K)
        Probabilities (each row the posterior of the K classes).
    cost_matrix : array_like of shape (K, K)
        ``C[i, j]``, the cost of predicting class j when the truth is i;
        finite and non-negative.

    Returns
    -------
    ndarray of int
        ``argmin_j sum_i p_i C[i, j]`` for every row, the first column on
        ties (as ``numpy.argmin`` of ``y_score @ cost_matrix``).

    Notes
    -----
    With calibrated probabilities this decision has the least expected cost
    of any decision: no search is needed. A cost matrix that is zero on the
    diagonal and constant along each row (``C[i, j] = c_i``) decides like
    the weights rule with weights ``c``.

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> P = np.array([[0.7, 0.2, 0.1], [0.5, 0.1, 0.4]])
    >>> C = np.array([[0, 1, 1], [5, 0, 1], [10, 1, 0]])
    >>> imbcore.cost_decision(P, C)
    array([1, 2])
    """
    a = np.asarray(y_score)
    if a.ndim != 2 or a.shape[1] < 2:
        raise ImbcoreError(f"invalid y_score: got an array of shape {a.shape}; y_score must be "
                           "an (n, K) array of probabilities with K >= 2")
    k = a.shape[1]
    s = _score_matrix(a, k, None)
    c = _cost_matrix(cost_matrix, k)
    return _core.mc_cost_decide(s.reshape(-1), k, c).astype(np.intp)


@dataclass(frozen=True, eq=False)
class MulticlassDecision:
    """A multiclass decision rule and what it scores (made by
    :meth:`MulticlassSweep.best`).

    Attributes
    ----------
    metric : str
        The metric it was chosen for (canonical name).
    rule : {"weights", "offsets"}
        ``weights`` predicts ``argmax_j w_j s_j``, ``offsets`` predicts
        ``argmax_j (s_j + b_j)``.
    params : ndarray
        The weights (smallest 1) or the offsets (smallest 0).
    value : float
        The metric of the decision on the scores it was chosen on.
    classes : ndarray
        The classes, in column order.
    confusion_matrix : ndarray of shape (K, K)
        Rows the true class, columns the predicted class (counts, or sums of
        sample weights).
    constraints : dict
        The value of each constraint of ``subject_to`` at the decision.
    start_values : ndarray
        The metric at the local optimum reached from each start.
    """

    metric: str
    rule: str
    params: np.ndarray
    value: float
    classes: np.ndarray
    confusion_matrix: np.ndarray
    constraints: dict[str, float] = field(default_factory=dict)
    start_values: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def weights(self) -> np.ndarray | None:
        """The weights of the ``weights`` rule (None for the offsets rule)."""
        return self.params if self.rule == "weights" else None

    @property
    def offsets(self) -> np.ndarray | None:
        """The offsets of the ``offsets`` rule (None for the weights rule)."""
        return self.params if self.rule == "offsets" else None

    def _per_class(self, metric: str) -> np.ndarray:
        m = self.confusion_matrix
        tp = np.ascontiguousarray(np.diag(m), dtype=np.float64)
        fp = m.sum(axis=0) - tp
        fn = m.sum(axis=1) - tp
        tn = m.sum() - tp - fp - fn
        return _core.evaluate(metric, tp, fp, fn, tn)

    @property
    def precision(self) -> np.ndarray:
        """Precision of each class (one-vs-rest; 0 where nothing is predicted)."""
        return self._per_class("precision")

    @property
    def recall(self) -> np.ndarray:
        """Recall of each class (one-vs-rest; 0 where the class is absent)."""
        return self._per_class("recall")

    @property
    def f1(self) -> np.ndarray:
        """F1 of each class (one-vs-rest)."""
        return self._per_class("f1")

    @property
    def support(self) -> np.ndarray:
        """The samples (or summed weights) of each class."""
        return self.confusion_matrix.sum(axis=1)

    def predict(self, y_score: Any) -> np.ndarray:
        """The labels this rule predicts for new scores.

        Parameters
        ----------
        y_score : array_like of shape (n, K)
            Scores of the same kind as those the rule was chosen on, one
            column per class in the order of :attr:`classes`.

        Returns
        -------
        ndarray
            Labels, of the type of :attr:`classes`.
        """
        k = self.classes.size
        s = _score_matrix(y_score, k, None, self.classes)
        if self.rule == "weights":
            _core.mc_check_scores(s.reshape(-1), k, "weights")
        return self.classes[_core.mc_decide(s.reshape(-1), k, self.rule, self.params)]

    def __repr__(self) -> str:
        p = np.array2string(self.params, precision=4, separator=", ")
        return (f"MulticlassDecision(metric={self.metric!r}, rule={self.rule!r}, "
                f"{self.rule}={p}, value={self.value:.6g})")


_CONSTRAINT = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\[(.*)\]\s*$")


class MulticlassSweep:
    """Labels and an (n, K) score matrix, with everything about their
    multiclass decisions (made by :func:`sweep_multiclass`).

    Attributes
    ----------
    classes : ndarray
        The classes, in the order of the columns of the scores.
    prevalence : ndarray
        The share of each class (by sample weight when weighted).
    n_samples : int
        The number of samples.
    """

    def __init__(self, classes: np.ndarray, codes: np.ndarray, scores: np.ndarray,
                 weights: np.ndarray | None, n_jobs: int | None) -> None:
        self.classes = classes
        self._codes = codes
        self._scores = scores
        self._weights = weights
        self._n_jobs = n_jobs
        k = classes.size
        support = np.bincount(codes, weights=weights, minlength=k).astype(np.float64)
        total = support.sum()
        self.prevalence = support / total if total > 0 else np.zeros(k)
        self.n_samples = int(codes.size)

    @property
    def n_classes(self) -> int:
        """The number of classes, K."""
        return int(self.classes.size)

    def __repr__(self) -> str:
        return (f"MulticlassSweep(n_samples={self.n_samples}, "
                f"classes={self.classes.tolist()!r})")

    @cached_property
    def sweeps(self) -> list[Sweep]:
        """One binary sweep per class, one-vs-rest: ``sweeps[k]`` is
        ``imbcore.sweep(y_true == classes[k], y_score[:, k])``."""
        from ._sweep import Sweep

        out = []
        for k in range(self.n_classes):
            labels = (self._codes == k).view(np.uint8)
            column = np.ascontiguousarray(self._scores[:, k])
            curve = _core.sweep_scores(labels, column, self._weights, n_jobs=self._n_jobs)
            out.append(Sweep(curve, n_jobs=self._n_jobs))
        return out

    def _average(self, per_class: np.ndarray, average: str | None) -> Any:
        if average is None:
            return per_class
        if average == "macro":
            return float(np.mean(per_class))
        if average == "weighted":
            return float(np.average(per_class, weights=self.prevalence))
        raise ImbcoreError(f"invalid average: got {average!r}; average must be 'macro', "
                           "'weighted' or None (one value per class)")

    def roc_auc(self, average: str | None = "macro") -> Any:
        """One-vs-rest ROC-AUC, averaged as scikit-learn's ``roc_auc_score``
        with ``multi_class='ovr'`` (``average=None`` gives one per class)."""
        return self._average(np.array([s.roc_auc for s in self.sweeps]), average)

    def average_precision(self, average: str | None = "macro") -> Any:
        """One-vs-rest average precision, averaged as scikit-learn's
        ``average_precision_score`` on binarised labels."""
        return self._average(np.array([s.average_precision for s in self.sweeps]), average)

    def _decision(self, weights: Any, offsets: Any, cost_matrix: Any) -> np.ndarray:
        k = self.n_classes
        if weights is not None and offsets is not None:
            raise ImbcoreError("invalid offsets: got both weights and offsets; give one rule")
        flat = self._scores.reshape(-1)
        if weights is not None:
            _core.mc_check_scores(flat, k, "weights")
            return _core.mc_decide(flat, k, "weights", _params(weights, "weights", k))
        if offsets is not None:
            return _core.mc_decide(flat, k, "offsets", _params(offsets, "offsets", k))
        if cost_matrix is not None:
            return _core.mc_cost_decide(flat, k, _cost_matrix(cost_matrix, k))
        return _core.mc_decide(flat, k, "offsets", np.zeros(k))  # plain argmax

    def decide(self, *, weights: Any = None, offsets: Any = None,
               cost_matrix: Any = None) -> np.ndarray:
        """The labels a rule predicts.

        Parameters
        ----------
        weights : array_like of shape (K,), optional
            Predict ``argmax_j w_j s_j`` (scores must be non-negative).
        offsets : array_like of shape (K,), optional
            Predict ``argmax_j (s_j + b_j)``.
        cost_matrix : array_like of shape (K, K), optional
            With neither weights nor offsets, predict the Bayes decision of
            the cost matrix (:func:`cost_decision`).

        With none of them, the plain argmax. Ties go to the first column.

        Returns
        -------
        ndarray
            Labels, of the type of :attr:`classes`.
        """
        return self.classes[self._decision(weights, offsets, cost_matrix)]

    def confusion_matrix(self, *, weights: Any = None, offsets: Any = None,
                         cost_matrix: Any = None) -> np.ndarray:
        """The K x K confusion matrix of a rule (rows true, columns
        predicted, in the order of :attr:`classes`), as scikit-learn's
        ``confusion_matrix`` with ``labels=classes``."""
        pred = self._decision(weights, offsets, cost_matrix)
        k = self.n_classes
        m = _core.mc_confusion(self._codes, pred, self._weights, k).reshape(k, k)
        return m if self._weights is not None else m.astype(np.int64)

    def evaluate(self, metric: str, *, weights: Any = None, offsets: Any = None,
                 cost_matrix: Any = None) -> float:
        """A multiclass metric of a rule (see :meth:`decide` for the rules).

        ``metric`` is any name of :func:`multiclass_metric_names`; ``cost``
        is the total ``sum_i w_i C[y_i, yhat_i]`` and needs ``cost_matrix``,
        whose Bayes decision is evaluated unless weights or offsets are
        given.

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> y = ["a", "a", "b", "c"]
        >>> P = np.array([[.8, .1, .1], [.5, .4, .1], [.5, .4, .1], [.2, .3, .5]])
        >>> ms = imbcore.sweep_multiclass(y, P)
        >>> ms.evaluate("accuracy")
        0.75
        >>> ms.evaluate("accuracy", weights=[1, 2, 1])  # rows 1 and 3 now predict b
        0.5
        >>> ms.evaluate("macro_recall", weights=[1, 2, 1])
        0.5
        """
        name = _check_metric(metric)
        k = self.n_classes
        c = None if cost_matrix is None else _cost_matrix(cost_matrix, k)
        pred = self._decision(weights, offsets, cost_matrix)
        return _core.mc_evaluate(name, self._codes, pred, self._weights, k, c)

    def _constraints(self, subject_to: Mapping[str, float] | None) -> list[tuple]:
        if subject_to is None:
            return []
        if not isinstance(subject_to, Mapping):
            raise ImbcoreError(f"invalid subject_to: got {subject_to!r}; subject_to must be a "
                               "dict such as {'recall[fraud]': 0.9}")
        out: list[tuple[str, int | None, str, float]] = []
        printed = [str(c) for c in self.classes.tolist()]
        for key, bound in subject_to.items():
            try:
                b = float(bound)
            except (TypeError, ValueError):
                raise ImbcoreError(f"invalid subject_to[{key!r}]: got {bound!r}; a bound must be "
                                   "a number") from None
            if not np.isfinite(b):
                raise ImbcoreError(f"invalid subject_to[{key!r}]: got {bound!r}; a bound must be "
                                   "finite")
            m = _CONSTRAINT.match(str(key))
            if m is None:  # a multiclass metric, e.g. "macro_recall"
                out.append((str(key), None, _check_metric(key), b))
                continue
            name, inside = m.group(1), m.group(2).strip()
            if inside in printed:
                col = printed.index(inside)
            elif inside.lstrip("-").isdigit() and 0 <= int(inside) < self.n_classes:
                col = int(inside)
            else:
                raise ImbcoreError(
                    f"invalid subject_to: got {key!r}, whose class {inside!r} is unknown; the "
                    f"class in brackets must be one of {printed} (as it prints) or a column "
                    f"index 0..{self.n_classes - 1}")
            out.append((str(key), col, name, b))
        return out

    def _starts(self, rule: str, n_starts: int, random_state: Any) -> np.ndarray:
        k = self.n_classes
        # a class absent from y_true gets the prevalence of one sample
        prior = np.maximum(self.prevalence, 1.0 / max(self.n_samples, 1))
        rng = np.random.default_rng(random_state)
        if rule == "weights":
            fixed = [np.ones(k), 1.0 / prior]
            random = [prior ** -rng.uniform(0.0, 1.5, k) for _ in range(max(n_starts - 2, 0))]
        else:
            center = self._scores.mean(axis=0)
            fixed = [np.zeros(k), -center]
            random = [-rng.uniform(0.0, 1.5, k) * center for _ in range(max(n_starts - 2, 0))]
        return np.ascontiguousarray(np.vstack((fixed + random)[:n_starts]), dtype=np.float64)

    def best(self, metric: str = "macro_f1", *, rule: Rule = "weights",
             subject_to: Mapping[str, float] | None = None, n_starts: int = 8,
             random_state: Any = None, cost_matrix: Any = None) -> MulticlassDecision:
        """The best decision rule for a metric, by exact coordinate ascent.

        Parameters
        ----------
        metric : str, default "macro_f1"
            Any name of :func:`multiclass_metric_names` (``cost`` needs
            ``cost_matrix``).
        rule : {"weights", "offsets"}, default "weights"
            ``weights`` searches ``w`` of ``argmax_j w_j s_j`` (the
            class-weight rule; scores must be non-negative, e.g.
            probabilities); ``offsets`` searches ``b`` of
            ``argmax_j (s_j + b_j)`` (the threshold rule; for
            log-probabilities the two coincide).
        subject_to : dict, optional
            Constraints the decision must meet: ``{"recall[fraud]": 0.9,
            "precision[2]": 0.5}`` bounds a binary metric of one class
            against the rest (at least the bound, or at most for ``fpr``,
            ``fnr``, ``cost``); inside the brackets is a class as it prints,
            read as a column index only when no class prints that way. A key
            without brackets bounds a multiclass metric (``macro_recall``).
        n_starts : int, default 8
            Starting points: the argmax rule, the inverse priors (weights
            ``1 / pi_j``; for offsets, minus each column's mean score), then
            random ones (weights ``pi_j ** -u_j``, offsets ``-u_j`` times the
            column means, ``u_j`` uniform on [0, 1.5]).
        random_state : int or numpy.random.Generator, optional
            Seeds the random starts.
        cost_matrix : array_like of shape (K, K), optional
            For the ``cost`` metric.

        Returns
        -------
        MulticlassDecision

        Raises
        ------
        ImbcoreError
            If no decision found meets ``subject_to``, naming the values the
            closest one reaches.

        Notes
        -----
        The metric of a rule is a piecewise-constant function of its
        parameters: for one coordinate ``w_j`` the decision changes only
        where ``w_j s_ij`` crosses ``max_{k != j} w_k s_ik``. Each step sorts
        those breakpoints and scans them once, moving one sample at a time
        between two columns of the confusion matrix, and so finds the exact
        best ``w_j`` given the others; steps repeat over the coordinates
        until none improves. The result is a **local** optimum of a
        piecewise-constant function, the best over all starts (ties to the
        first start); the starts run in parallel and the result does not
        depend on the number of threads. On tiny problems (n <= 40, K = 3)
        64 starts reach the exhaustive optimum on nearly all of them (see
        the tests).

        Examples
        --------
        >>> import numpy as np, imbcore
        >>> rng = np.random.default_rng(0)
        >>> y = rng.choice(3, size=2000, p=[0.9, 0.08, 0.02])
        >>> logits = rng.normal(size=(2000, 3)) + 1.5 * np.eye(3)[y]
        >>> P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        >>> ms = imbcore.sweep_multiclass(y, P)
        >>> d = ms.best("macro_f1", random_state=0)
        >>> bool(d.value > ms.evaluate("macro_f1"))
        True
        >>> bool(np.all(d.predict(P) == ms.decide(weights=d.weights)))
        True
        """
        name = _check_metric(metric)
        if rule not in ("weights", "offsets"):
            raise ImbcoreError(f"invalid rule: got {rule!r}; rule must be 'weights' "
                               "(argmax_j w_j s_j) or 'offsets' (argmax_j s_j + b_j)")
        if (isinstance(n_starts, (bool, np.bool_)) or not isinstance(n_starts, (int, np.integer))
                or n_starts < 1):
            raise ImbcoreError(f"invalid n_starts: got {n_starts!r}; n_starts must be an "
                               "integer >= 1")
        k = self.n_classes
        c = None if cost_matrix is None else _cost_matrix(cost_matrix, k)
        constraints = self._constraints(subject_to)
        starts = self._starts(rule, int(n_starts), random_state)
        found, value, cvals, _, start_values = _core.mc_best(
            self._scores.reshape(-1), k, self._codes, self._weights, name, rule,
            starts.reshape(-1), constraints, c, self._n_jobs)
        params = np.asarray(found, dtype=np.float64)
        pred = _core.mc_decide(self._scores.reshape(-1), k, rule, params)
        m = _core.mc_confusion(self._codes, pred, self._weights, k).reshape(k, k)
        if self._weights is None:
            m = m.astype(np.int64)
        return MulticlassDecision(
            metric=name, rule=rule, params=params,
            value=_core.mc_evaluate(name, self._codes, pred, self._weights, k, c),
            classes=self.classes, confusion_matrix=m,
            constraints={t[0]: v for t, v in zip(constraints, cvals)},
            start_values=np.asarray(start_values))


def sweep_multiclass(y_true: Any, y_score: Any, *, labels: Any = None,
                     sample_weight: Any = None, n_jobs: int | None = None) -> MulticlassSweep:
    """Multiclass labels and scores, for per-class curves and decisions.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Labels of any type (numbers, strings, booleans).
    y_score : array_like of shape (n, K)
        Scores, one column per class in the order of ``labels`` (sorted
        labels by default, as ``predict_proba`` orders ``classes_``):
        probabilities, log-probabilities or any real scores. Must be finite.
    labels : array_like of shape (K,), optional
        The classes in column order; every label of ``y_true`` must be among
        them (classes absent from ``y_true`` are allowed).
    sample_weight : array_like of shape (n,), optional
        Finite, non-negative weights.
    n_jobs : int, optional
        Threads for the calls on the result; None or -1 for all.

    Returns
    -------
    MulticlassSweep

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> y = np.array(["cat", "dog", "dog", "fox"])
    >>> P = np.array([[.6, .3, .1], [.3, .6, .1], [.5, .4, .1], [.2, .2, .6]])
    >>> ms = imbcore.sweep_multiclass(y, P)
    >>> ms.classes.tolist(), ms.prevalence.tolist()
    (['cat', 'dog', 'fox'], [0.25, 0.5, 0.25])
    >>> ms.sweeps[1].roc_auc  # dog against the rest
    1.0
    >>> ms.decide().tolist()
    ['cat', 'dog', 'cat', 'fox']
    """
    n_jobs = n_jobs_arg(n_jobs)
    classes, codes = _class_codes(y_true, labels)
    scores = _score_matrix(y_score, classes.size, codes.size, classes.tolist())
    weights = weights_1d(sample_weight, codes.size)
    if weights is not None and not (np.all(np.isfinite(weights)) and np.all(weights >= 0)):
        i = int(np.argmin(np.isfinite(weights) & (weights >= 0)))
        raise ImbcoreError(f"invalid sample_weight: got {weights[i]!r} at row {i}; weights "
                           "must be finite and >= 0")
    return MulticlassSweep(classes, codes, scores, weights, n_jobs)
