"""Class weights: one calculator, every common scheme, the exact parameter each library takes.

:func:`class_weights` counts the classes of ``y`` (summing ``sample_weight``
when given) and applies one weighting scheme. The :class:`ClassWeights` it
returns holds the scheme's own numbers (:attr:`ClassWeights.per_class`,
scaled as the scheme's source scales them) and turns them into what each
framework receives, on the scale that framework's own automatic weighting
uses. Only ratios of class weights move a model's decisions; the scale acts
like a change of the regularisation strength or the learning rate, so each
method says which scale it gives.

Nothing here imports a framework: every method returns plain Python or NumPy
values. See ``docs/weights.md`` for the table of every scheme on a
1 %-prevalence example.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .errors import ImbcoreError

__all__ = ["class_weights", "ClassWeights", "SchemeInfo", "weight_schemes", "scheme_info",
           "LIBRARIES"]

# the frameworks ClassWeights.for_library() knows, in the order tables show them
LIBRARIES = ("sklearn", "torch", "xgboost", "lightgbm", "catboost", "keras", "focal", "imblearn")

_Weights = Callable[[np.ndarray, Mapping[str, Any]], np.ndarray]


@dataclass(frozen=True)
class SchemeInfo:
    """One row of the table of schemes: how the weights are computed, scaled and sourced."""

    name: str
    formula: str
    normalization: str
    source: str
    params: Mapping[str, Any]  # the parameters it takes, with their defaults (None: required)
    scale: str | None  # "samples" or "largest" when the numbers are already on a library's scale


# ------------------------------------------------------------------ the schemes
# Each takes the class totals W_c (counts, or summed sample weights) in the
# order of the sorted labels and the checked parameters, and returns w_c.


def _none(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    return np.ones_like(W)


def _balanced(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    # scikit-learn's own expression, so the result agrees with it to the last bit
    return W.sum() / (W.size * W)


def _natural(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    return W.sum() / W


def _sqrt(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    return np.sqrt(_balanced(W, p))


def _log(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    return np.log1p(_balanced(W, p))


def _catboost_balanced(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    return W.max() / W


def _catboost_sqrt(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    return np.sqrt(W.max() / W)


def _effective_number(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    b = p["b"]
    if b == 0.0:
        e = np.ones_like(W)  # every sample is new: b**n_c = 0
    else:
        # 1 - b**n_c without cancellation when b is close to 1 and n_c small
        e = -np.expm1(W * math.log(b)) / (1.0 - b)
    w = 1.0 / e
    return w * (W.size / w.sum())


def _cost(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    m = p["cost_matrix"]
    k = m.shape[0]
    off = ~np.eye(k, dtype=bool)
    # only differences within a row move a Bayes decision: cost of error minus cost of success
    return np.array([np.mean(m[i][off[i]] - m[i, i]) for i in range(k)])


_SCHEMES: dict[str, tuple[_Weights, SchemeInfo]] = {}


def _scheme(fn: _Weights, name: str, formula: str, normalization: str, source: str,
            params: Mapping[str, Any] | None = None, scale: str | None = None) -> None:
    _SCHEMES[name] = (fn, SchemeInfo(name, formula, normalization, source, dict(params or {}),
                                     scale))


# The one table of schemes: name, formula, how its numbers are scaled, where it comes from.
_scheme(_none, "none", "w_c = 1", "every weight 1", "unweighted training", scale="samples")
_scheme(_balanced, "balanced", "w_c = W / (K * W_c)",
        "sum over samples of w_(y_i) equals W (mean sample weight 1)",
        "scikit-learn compute_class_weight('balanced'); PyTorch pos_weight = neg/pos is its "
        "ratio", scale="samples")
_scheme(_natural, "natural", "w_c = W / W_c (the inverse proportion 1/pi_c)",
        "each class's weighted total equals W (balanced times K)",
        "the original analysis: (w0, w1) = (|C1|, |C0|), whose ratio is the natural weight "
        "(1-beta)/beta of imbcore.natural_weight")
_scheme(_sqrt, "sqrt", "w_c = sqrt(W / (K * W_c))", "the square root of balanced's numbers",
        "square-root inverse frequency, a softened balanced")
_scheme(_log, "log", "w_c = log1p(W / (K * W_c))", "log1p of balanced's numbers",
        "log-damped inverse frequency, a softened balanced")
_scheme(_catboost_balanced, "catboost_balanced", "w_c = max_k W_k / W_c",
        "the largest class has weight 1", "CatBoost auto_class_weights='Balanced'",
        scale="largest")
_scheme(_catboost_sqrt, "catboost_sqrt", "w_c = sqrt(max_k W_k / W_c)",
        "the largest class has weight 1", "CatBoost auto_class_weights='SqrtBalanced'",
        scale="largest")
_scheme(_effective_number, "effective_number", "w_c proportional to (1 - b) / (1 - b**W_c)",
        "the weights sum to K", "Cui et al. 2019, class-balanced loss based on the effective "
        "number of samples (b = 0 is none; b -> 1 is balanced)", {"b": 0.999})
_scheme(_cost, "cost", "w_c = mean over j != c of (C[c, j] - C[c, c]); binary: w = (c_fp, c_fn)",
        "the costs as given", "cost-sensitive learning by rescaling (Elkan 2001; Zhou and Liu "
        "2006): alpha = c_fn / c_fp", {"c_fp": 1.0, "c_fn": None, "cost_matrix": None})

def _optimal(W: np.ndarray, p: Mapping[str, Any]) -> np.ndarray:
    raise AssertionError("computed in class_weights, which knows the positive class")


_scheme(_optimal, "optimal",
        "w = (1, alpha*), alpha* = curve.optimal_alpha(metric, beta = prevalence of y, rule); "
        "with proba: w = argmax over w of metric(y_val, argmax_j w_j proba_j)",
        "the negative class has weight 1; with proba, the smallest weight is 1",
        "the theory's Bayes landing rule: a well-specified model trained with weight alpha "
        "decides at threshold 1/(1+alpha) on calibrated scores (imbcore.Binormal, Lp, "
        "Empirical .optimal_alpha); with class weights w it decides like argmax_j w_j p_j "
        "(imbcore.sweep_multiclass(...).best(metric, rule='weights'))",
        {"metric": None, "curve": None, "auc": None, "rule": "bayes", "bounds": (1e-12, 1e12),
         "proba": None, "y_val": None, "val_sample_weight": None, "n_starts": None,
         "random_state": None})
# Schemes that need more than the labels (a metric and a tradeoff curve): they
# are in the table of schemes but not in the list a table of every scheme
# iterates over.
_NEEDS_MODEL = ("optimal",)


def weight_schemes(*, include_optimal: bool = False) -> list[str]:
    """The names of the weighting schemes, in the order tables show them.

    By default the schemes computed from the labels alone (with their
    parameters' defaults, or ``c_fn`` for ``cost``); ``include_optimal=True`` adds
    ``"optimal"``, which also needs a metric and a tradeoff curve.

    Examples
    --------
    >>> from imbcore.weights import weight_schemes
    >>> weight_schemes()  # doctest: +NORMALIZE_WHITESPACE
    ['none', 'balanced', 'natural', 'sqrt', 'log', 'catboost_balanced', 'catboost_sqrt',
     'effective_number', 'cost']
    >>> weight_schemes(include_optimal=True)[-1]
    'optimal'
    """
    return [s for s in _SCHEMES if include_optimal or s not in _NEEDS_MODEL]


def scheme_info(scheme: str) -> SchemeInfo:
    """The formula, normalisation, source and parameters of one scheme.

    Examples
    --------
    >>> from imbcore.weights import scheme_info
    >>> scheme_info("catboost_sqrt").formula
    'w_c = sqrt(max_k W_k / W_c)'
    """
    _check_scheme(scheme)
    return _SCHEMES[scheme][1]


def _check_scheme(scheme: Any) -> None:
    if not isinstance(scheme, str) or scheme not in _SCHEMES:
        raise ImbcoreError(f"invalid scheme: got {scheme!r}; known schemes are "
                           f"{', '.join(weight_schemes(include_optimal=True))}")


# --------------------------------------------------------------------- inputs


def _labels(y: Any) -> np.ndarray:
    try:
        a = np.asarray(y)
    except ValueError as e:
        raise ImbcoreError(f"invalid y: got a {type(y).__name__} that is not an array ({e}); "
                           "y must be a 1-D array of labels") from None
    if a.ndim != 1:
        raise ImbcoreError(f"invalid y: got an array of shape {a.shape}; y must be a 1-D array "
                           "of labels")
    if a.size == 0:
        raise ImbcoreError("invalid y: got an empty array; give at least one sample of each "
                           "class")
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        raise ImbcoreError(f"invalid y: got a non-finite label {a[~np.isfinite(a)][0]}; "
                           "labels must be finite")
    if a.dtype.kind not in "biufUSO":
        raise ImbcoreError(f"invalid y: got labels of dtype {a.dtype}; labels must be numbers, "
                           "booleans or strings")
    return a


def _sample_weight(sample_weight: Any, n: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    try:
        w = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError):
        raise ImbcoreError(f"invalid sample_weight: got {sample_weight!r}; sample_weight must "
                           "be numbers") from None
    if w.ndim != 1 or w.shape[0] != n:
        raise ImbcoreError(f"invalid sample_weight: got shape {w.shape}; sample_weight must be "
                           f"1-D with one weight per label ({n})")
    bad = ~(np.isfinite(w) & (w >= 0))
    if bad.any():
        i = int(np.argmax(bad))
        raise ImbcoreError(f"invalid sample_weight: got {w[i]} at index {i}; weights must be "
                           "finite and >= 0")
    return w


def _py(v: Any) -> Any:
    """A label as a plain Python value (dict keys print as 0, not np.int64(0))."""
    return v.item() if isinstance(v, np.generic) else v


def _positive_number(name: str, v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        f = float("nan")
    if isinstance(v, (bool, np.bool_)) or not (math.isfinite(f) and f > 0):
        raise ImbcoreError(f"invalid {name}: got {v!r}; {name} must be a finite number > 0")
    return f


def _check_params(scheme: str, params: Mapping[str, Any], k: int) -> dict[str, Any]:
    info = _SCHEMES[scheme][1]
    unknown = sorted(set(params) - set(info.params))
    if unknown:
        takes = (f"it takes {', '.join(info.params)}" if info.params else "it takes none")
        raise ImbcoreError(f"invalid parameter for scheme {scheme!r}: got {unknown[0]}="
                           f"{params[unknown[0]]!r}; {takes}")
    p = {**info.params, **params}
    if scheme == "effective_number":
        b = p["b"]
        try:
            fb = float(b)
        except (TypeError, ValueError):
            fb = float("nan")
        if isinstance(b, (bool, np.bool_)) or not 0.0 <= fb < 1.0:
            raise ImbcoreError(f"invalid b: got {b!r}; b must lie in [0, 1) (Cui et al. use "
                               "0.9 to 0.9999; b -> 1 approaches balanced)")
        p["b"] = fb
    if scheme == "cost":
        p = _cost_params(params, k)
    if scheme == "optimal":
        p = _optimal_params(params, k)
    return p


def _cost_params(params: Mapping[str, Any], k: int) -> dict[str, Any]:
    matrix = params.get("cost_matrix")
    if matrix is None:
        if params.get("c_fn") is None:
            raise ImbcoreError("invalid parameters for scheme 'cost': got no c_fn and no "
                               "cost_matrix; give c_fn (and c_fp, default 1) for two classes, "
                               "or a K x K cost_matrix")
        if k != 2:
            raise ImbcoreError(f"invalid scheme: got 'cost' with c_fp/c_fn and {k} classes; "
                               "c_fp and c_fn describe two classes, give a K x K cost_matrix "
                               "for more")
        c_fp = _positive_number("c_fp", params.get("c_fp", 1.0))
        c_fn = _positive_number("c_fn", params["c_fn"])
        return {"c_fp": c_fp, "c_fn": c_fn, "cost_matrix": None}
    if "c_fn" in params or "c_fp" in params:
        raise ImbcoreError("invalid parameters for scheme 'cost': got cost_matrix and c_fp/c_fn; "
                           "give one or the other")
    try:
        m = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError):
        raise ImbcoreError(f"invalid cost_matrix: got {matrix!r}; cost_matrix must be a K x K "
                           "array of numbers") from None
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ImbcoreError(f"invalid cost_matrix: got shape {m.shape}; cost_matrix must be "
                           "square, K x K (rows: true class, columns: predicted class)")
    if m.shape[0] != k:
        raise ImbcoreError(f"invalid cost_matrix: got shape {m.shape} for {k} classes; it must "
                           f"be {k} x {k}, one row and column per class in sorted label order")
    bad = ~(np.isfinite(m) & (m >= 0))
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ImbcoreError(f"invalid cost_matrix: got {m[i, j]} at [{i}, {j}]; costs must be "
                           "finite and >= 0")
    return {"cost_matrix": m}


def _optimal_params(params: Mapping[str, Any], k: int) -> dict[str, Any]:
    p = {**_SCHEMES["optimal"][1].params, **params}
    if p["metric"] is None:
        raise ImbcoreError("invalid metric: got None; scheme 'optimal' needs metric= (the "
                           "metric to optimise, e.g. 'f1', 'balanced_accuracy' or "
                           "'cost(c_fp=1, c_fn=10)') and a curve (curve= or auc=)")
    from .metrics import metric_info

    if p["proba"] is not None or p["y_val"] is not None:
        return _optimal_data_params(p)
    for name in ("n_starts", "random_state"):
        if p[name] is not None:
            raise ImbcoreError(f"invalid parameters for scheme 'optimal': got {name}="
                               f"{p[name]!r} without proba; {name} is for the weights tuned on "
                               "validation probabilities (proba= and y_val=)")
    p["metric"] = metric_info(p["metric"]).name  # checks the name
    if k != 2:
        raise ImbcoreError(f"invalid scheme: got 'optimal' with {k} classes and no proba; "
                           "the theory's optimal weight alpha* is for two classes, give the "
                           "model's validation probabilities (proba= and y_val=) for the "
                           "weights of K classes")
    curve, auc = p["curve"], p["auc"]
    if (curve is None) == (auc is None):
        raise ImbcoreError(f"invalid parameters for scheme 'optimal': got curve={curve!r} and "
                           f"auc={auc!r}; give one of them: a tradeoff curve "
                           "(imbcore.Binormal, Lp, Empirical, fit_curve(...).curve) or the "
                           "model's ROC-AUC")
    from .theory.curves import Binormal, Curve

    if auc is not None:
        try:
            a = float(auc)
        except (TypeError, ValueError):
            a = float("nan")
        if isinstance(auc, (bool, np.bool_)) or not 0.5 < a < 1.0:
            raise ImbcoreError(f"invalid auc: got {auc!r}; auc (the model's ROC-AUC) must lie "
                               "strictly between 0.5 (chance) and 1 (perfect)")
        from statistics import NormalDist

        # the equal-variance binormal curve with this AUC: Phi(a/sqrt(2)) = auc
        p["curve"] = Binormal(math.sqrt(2.0) * NormalDist().inv_cdf(a), 1.0)
        p["auc"] = a
    elif not isinstance(curve, Curve):
        raise ImbcoreError(f"invalid curve: got {type(curve).__name__}; curve must be an "
                           "imbcore tradeoff curve (imbcore.Binormal, Lp or Empirical)")
    return p


def _optimal_data_params(p: dict[str, Any]) -> dict[str, Any]:
    """The parameters of the data route of scheme 'optimal' (proba and y_val)."""
    for name in ("curve", "auc"):
        if p[name] is not None:
            raise ImbcoreError(f"invalid parameters for scheme 'optimal': got {name} and proba; "
                               "give a tradeoff curve (curve= or auc=, two classes) or "
                               "validation probabilities (proba= and y_val=), not both")
    if p["proba"] is None or p["y_val"] is None:
        missing = "proba" if p["proba"] is None else "y_val"
        raise ImbcoreError(f"invalid parameters for scheme 'optimal': got no {missing}; the "
                           "weights tuned on validation data need both proba= (the unweighted "
                           "model's predict_proba, one column per class in sorted label "
                           "order) and y_val= (the validation labels)")
    if p["rule"] != "bayes":
        raise ImbcoreError(f"invalid rule: got {p['rule']!r} with proba; the rule of a class "
                           "weight vector on probabilities is argmax_j w_j p_j (rule is for the "
                           "theory's curves)")
    return p


def _optimal_data_weights(p: Mapping[str, Any], classes: list[Any]) -> tuple[np.ndarray, Any]:
    """The weights of the tuned ``weights`` rule on ``(y_val, proba)``, smallest 1, and the
    decision (:class:`imbcore.MulticlassDecision`) they come from."""
    from .multiclass import sweep_multiclass

    proba = np.asarray(p["proba"])
    if proba.ndim != 2 or proba.shape[1] != len(classes):
        raise ImbcoreError(f"invalid proba: got an array of shape {proba.shape}; proba must "
                           f"have one column per class of y ({len(classes)}: {classes!r}), in "
                           "sorted label order as predict_proba gives them")
    kwargs: dict[str, Any] = {"rule": "weights"}
    if p["n_starts"] is not None:
        kwargs["n_starts"] = p["n_starts"]
    if p["random_state"] is not None:
        kwargs["random_state"] = p["random_state"]
    ms = sweep_multiclass(p["y_val"], proba, labels=np.asarray(classes),
                          sample_weight=p["val_sample_weight"])
    decision = ms.best(p["metric"], **kwargs)
    w = np.asarray(decision.weights, dtype=np.float64)
    return w / w.min(), decision


def _optimal_weights(p: Mapping[str, Any], beta: float) -> tuple[np.ndarray, Any]:
    """The weights (negative, positive) = (1, alpha*) and the optimum they come from."""
    r = p["curve"].optimal_alpha(p["metric"], beta, rule=p["rule"], bounds=p["bounds"])
    if np.ndim(r.alpha) != 0:
        raise ImbcoreError(f"invalid curve: got {p['curve']!r} with parameters of shape "
                           f"{np.shape(r.alpha)}; give a curve with one set of parameters")
    alpha = float(r.alpha)
    if bool(r.flat):
        raise ImbcoreError(f"invalid metric: got {p['metric']!r} on {p['curve']!r}; the metric "
                           "does not depend on the weight there (a model at chance): every "
                           "weight is optimal")
    if bool(r.at_bound) or not (math.isfinite(alpha) and alpha > 0):
        raise ImbcoreError(f"invalid metric: got {p['metric']!r}; it keeps improving towards "
                           f"the weight bound {alpha:.3g} on {p['curve']!r} (e.g. recall grows "
                           "with alpha): it has no finite optimal weight")
    return np.array([1.0, alpha]), r


# --------------------------------------------------------------------- result


class ClassWeights:
    """Class weights of one scheme, and the parameter each library takes for them.

    Made by :func:`class_weights`. The weights of the sorted labels are
    :attr:`per_class`, scaled as the scheme's source scales them
    (:attr:`normalization`). Every ``for_*`` method gives the same ratios, on
    the scale of that library's own automatic weighting.

    Attributes
    ----------
    scheme : str
        The scheme's name.
    params : dict
        The scheme's parameters, defaults filled in.
    classes : tuple
        The labels, sorted (NumPy's order, as scikit-learn's ``classes_``).
    weights : numpy.ndarray
        The weight of each class, in the order of ``classes``.
    counts : numpy.ndarray
        The number of samples of each class.
    totals : numpy.ndarray
        The summed sample weight of each class (``counts`` without weights).
    pos_label : label or None
        The positive class of a binary problem, when known.
    optimum : OptimalAlpha, MulticlassDecision or None
        For scheme ``"optimal"``: the curve's optimum (``alpha``, the metric's
        expected ``value`` there, ...), or with ``proba`` the tuned decision
        rule (``weights``, the validation ``value``, ``predict``); None for
        the other schemes.
    """

    def __init__(self, scheme: str, params: Mapping[str, Any], classes: Sequence[Any],
                 weights: np.ndarray, counts: np.ndarray, totals: np.ndarray,
                 pos_label: Any) -> None:
        self.scheme = scheme
        self.params = dict(params)
        self.classes = tuple(classes)
        self.weights = np.asarray(weights, dtype=np.float64)
        self.counts = np.asarray(counts, dtype=np.int64)
        self.totals = np.asarray(totals, dtype=np.float64)
        self.pos_label = pos_label
        self.optimum: Any = None
        for a in (self.weights, self.counts, self.totals):
            a.flags.writeable = False

    def __repr__(self) -> str:
        from ._repr import plain

        shown = ", ".join(f"{plain(c)}: {w:.6g}" for c, w in self.per_class.items())
        alpha = "" if self.alpha_or_none is None else f", alpha={self.alpha_or_none:.6g}"
        return f"ClassWeights({self.scheme!r}, {{{shown}}}{alpha})"

    # ---------------------------------------------------------------- the numbers

    @property
    def per_class(self) -> dict[Any, float]:
        """The weight of each label, scaled as the scheme's source scales it."""
        return {c: float(w) for c, w in zip(self.classes, self.weights)}

    @property
    def normalization(self) -> str:
        """How :attr:`per_class` is scaled (the scheme's source's convention)."""
        return _SCHEMES[self.scheme][1].normalization

    @property
    def info(self) -> SchemeInfo:
        """The scheme's formula, normalisation and source."""
        return _SCHEMES[self.scheme][1]

    @property
    def n_classes(self) -> int:
        """The number of classes, K."""
        return len(self.classes)

    def _pos_neg(self) -> tuple[int, int]:
        if self.n_classes != 2:
            raise ImbcoreError(f"invalid use: got {self.n_classes} classes; this parameter is "
                               "for two classes (for more, use per_class or sample_weight)")
        if self.pos_label is None:
            shown = ", ".join(repr(c) for c in self.classes)
            raise ImbcoreError(f"invalid pos_label: got None with labels {shown}; labels other "
                               "than 0/1, -1/1 or booleans need pos_label naming the positive "
                               "class (class_weights(y, ..., pos_label=...))")
        i = self.classes.index(self.pos_label)
        return i, 1 - i

    @property
    def alpha(self) -> float | None:
        """The positive class's weight over the negative's (binary); None for K > 2.

        Raises :class:`ImbcoreError` for two labels of which none is known to be
        the positive one (give ``pos_label``).
        """
        if self.n_classes != 2:
            return None
        i, j = self._pos_neg()
        return float(self.weights[i] / self.weights[j])

    @property
    def alpha_or_none(self) -> float | None:
        """:attr:`alpha`, or None when there is none or the positive class is not known."""
        try:
            return self.alpha
        except ImbcoreError:
            return None

    def _scaled(self, scale: str) -> np.ndarray:
        w = self.weights
        if self.info.scale == scale:  # already there: keep the source's numbers to the last bit
            return w
        if scale == "samples":  # sum of w_(y_i) (times sample weights) equals their sum W
            return w * (self.totals.sum() / np.dot(w, self.totals))
        return w / w[int(np.argmax(self.totals))]  # "largest": the largest class gets 1

    # ------------------------------------------------------------ per library

    def for_sklearn(self) -> dict[Any, float]:
        """scikit-learn's ``class_weight`` dict (also LightGBM's ``LGBMClassifier``).

        Scaled as scikit-learn's ``'balanced'``: over the training samples the
        weights sum to n (to W with sample weights), so ``C`` and ``alpha``
        regularise as in an unweighted fit. Equal to :meth:`sample_weight` per
        sample.
        """
        return {c: float(w) for c, w in zip(self.classes, self._scaled("samples"))}

    def sample_weight(self, y: Any, sample_weight: Any = None) -> np.ndarray:
        """Per-sample weights for ``fit(X, y, sample_weight=...)``: the class weight of each label.

        On the training labels they sum to n (to the summed ``sample_weight``
        when given, which multiplies them), like scikit-learn's
        ``compute_sample_weight``; any library's ``fit`` that takes sample
        weights trains with the same weighting as :meth:`for_sklearn`.

        Parameters
        ----------
        y : array-like of labels
            Labels, each one of :attr:`classes`.
        sample_weight : array-like, optional
            Weights to multiply by the class weights.
        """
        a = _labels(y)
        sw = _sample_weight(sample_weight, a.shape[0])
        try:
            classes = np.asarray(self.classes)
            idx = np.searchsorted(classes, a)
            idx = np.minimum(idx, len(classes) - 1)
            ok = classes[idx] == a
        except TypeError:
            raise ImbcoreError(f"invalid y: got labels of dtype {a.dtype}; they must be of the "
                               f"type of the classes {self.classes!r}") from None
        if not np.all(ok):
            bad = _py(a[int(np.argmin(ok))])
            raise ImbcoreError(f"invalid y: got label {bad!r}, which is not one of the classes "
                               f"{self.classes!r}")
        out = self._scaled("samples")[idx]
        return out if sw is None else out * sw

    def for_keras(self) -> dict[int, float]:
        """Keras ``fit(class_weight=...)``: class index (0..K-1, sorted labels) to weight.

        Keras wants integer-encoded labels; the index of a label is its
        position in :attr:`classes` (0/1 labels keep their values). Scaled as
        :meth:`for_sklearn`, like Keras' own imbalanced-data tutorial.
        """
        return {i: float(w) for i, w in enumerate(self._scaled("samples"))}

    def for_torch(self, loss: str | None = None) -> dict[str, Any]:
        """PyTorch: ``{"pos_weight": alpha}`` for ``BCEWithLogitsLoss``, or
        ``{"weight": [...]}`` for ``CrossEntropyLoss``.

        Parameters
        ----------
        loss : {"bce", "cross_entropy"}, optional
            The loss; by default ``"bce"`` for two classes and ``"cross_entropy"``
            for more. Wrap the values with ``torch.tensor`` (``pos_weight`` as a
            1-element tensor). ``pos_weight`` weights the targets equal to 1:
            encode ``pos_label`` as 1. ``weight`` is indexed by class index
            (sorted labels), scaled as :meth:`for_sklearn`; ``CrossEntropyLoss``
            with ``reduction='mean'`` divides by the summed weights, so its scale
            does not matter there.
        """
        if loss is None:
            loss = "bce" if self.n_classes == 2 else "cross_entropy"
        if loss == "bce":
            i, j = self._pos_neg()
            return {"pos_weight": float(self.weights[i] / self.weights[j])}
        if loss == "cross_entropy":
            return {"weight": [float(w) for w in self._scaled("samples")]}
        raise ImbcoreError(f"invalid loss: got {loss!r}; loss must be 'bce' (BCEWithLogitsLoss) "
                           "or 'cross_entropy' (CrossEntropyLoss)")

    def for_xgboost(self) -> dict[str, float]:
        """XGBoost: ``{"scale_pos_weight": alpha}`` (two classes; encode ``pos_label`` as 1).

        For more classes XGBoost has no class weight: pass
        ``sample_weight=cw.sample_weight(y)`` to ``fit``.
        """
        if self.n_classes != 2:
            raise ImbcoreError(f"invalid use: got {self.n_classes} classes; XGBoost's "
                               "scale_pos_weight is for two classes; for more, fit with "
                               "sample_weight=cw.sample_weight(y)")
        return {"scale_pos_weight": float(self.alpha)}  # type: ignore[arg-type]

    def for_lightgbm(self) -> dict[str, Any]:
        """LightGBM: ``{"scale_pos_weight": alpha}`` for two classes (encode ``pos_label``
        as 1), ``{"class_weight": {...}}`` (``LGBMClassifier``) for more."""
        if self.n_classes != 2:
            return {"class_weight": self.for_sklearn()}
        return {"scale_pos_weight": float(self.alpha)}  # type: ignore[arg-type]

    def for_catboost(self) -> dict[str, Any]:
        """CatBoost: ``{"class_weights": [...], "class_names": [...]}``.

        Scaled as CatBoost's ``auto_class_weights``: the largest class gets 1
        (so ``catboost_balanced`` and ``catboost_sqrt`` give CatBoost's own
        numbers). ``class_names`` fixes the order the weights refer to.
        """
        return {"class_weights": [float(w) for w in self._scaled("largest")],
                "class_names": list(self.classes)}

    def for_focal(self) -> dict[str, Any]:
        """Focal loss: ``{"alpha": a}``, the class factor of ``torchvision.ops.sigmoid_focal_loss``.

        Two classes: ``a = alpha / (1 + alpha)`` (the positive class's factor;
        the negative's is ``1 - a``). More classes: the factors ``w_c / sum w``,
        a list in sorted label order. Note the name: the library's ``alpha`` is
        this factor ``a``, not imbcore's weight ratio ``alpha``.

        Under the Bayes landing rule a focal loss with factor ``a`` decides like
        weight ``a / (1 - a)`` whatever its ``gamma``; ``gamma > 0`` moves the
        landing point only under the expected-loss rule.
        """
        if self.n_classes == 2:
            alpha = float(self.alpha)  # type: ignore[arg-type]
            return {"alpha": alpha / (1.0 + alpha) if math.isfinite(alpha) else 1.0}
        return {"alpha": [float(w) for w in self.weights / self.weights.sum()]}

    def for_library(self, library: str) -> dict[Any, Any]:
        """The parameter of one library by name: one of :data:`LIBRARIES`."""
        if library not in LIBRARIES:
            raise ImbcoreError(f"invalid library: got {library!r}; known: {', '.join(LIBRARIES)}")
        if library == "imblearn":
            return {"RandomOverSampler": {"sampling_strategy": self.for_imblearn("over")},
                    "RandomUnderSampler": {"sampling_strategy": self.for_imblearn("under")}}
        if library == "sklearn":
            return {"class_weight": self.for_sklearn()}
        if library == "keras":
            return {"class_weight": self.for_keras()}
        return getattr(self, f"for_{library}")()  # type: ignore[no-any-return]

    # ------------------------------------------------------------ resampling

    def oversampling(self) -> dict[Any, float]:
        """Random-oversampling factors: how many copies of each sample give the same weighting.

        ``w_c / min w``: the least-weighted class keeps its samples, every
        other class is repeated that many times. Repeating each sample an
        integer number of times is exactly the same as weighting it by that
        number for full-batch training (the loss is the same sum).
        """
        return {c: float(w) for c, w in zip(self.classes, self.weights / self.weights.min())}

    def undersampling(self) -> dict[Any, float]:
        """Random-undersampling keep-rates: the fraction of each class to keep.

        ``w_c / max w``: the most-weighted class is kept whole. Keeping a
        fraction ``r`` of a class equals (in expectation) weighting it by
        ``r`` against the others: undersampling negatives at keep-rate ``r``
        equals weight ``1/r`` on the positives.
        """
        return {c: float(w) for c, w in zip(self.classes, self.weights / self.weights.max())}

    def for_imblearn(self, sampler: str = "over") -> dict[Any, int]:
        """imbalanced-learn's ``sampling_strategy`` dict: the number of samples of each class.

        For ``RandomOverSampler`` (``sampler="over"``): the counts times
        :meth:`oversampling`; for ``RandomUnderSampler`` (``"under"``): the
        counts times :meth:`undersampling`, at least 1. Both rounded to whole
        samples. The counts are samples, not summed weights: imbalanced-learn
        resamples rows.
        """
        if sampler == "over":
            rates = self.weights / self.weights.min()
            return {c: max(int(n), int(np.rint(n * r)))
                    for c, n, r in zip(self.classes, self.counts, rates)}
        if sampler == "under":
            rates = self.weights / self.weights.max()
            return {c: min(int(n), max(1, int(np.rint(n * r))))
                    for c, n, r in zip(self.classes, self.counts, rates)}
        raise ImbcoreError(f"invalid sampler: got {sampler!r}; sampler must be 'over' "
                           "(RandomOverSampler) or 'under' (RandomUnderSampler)")

    def _optimum_dict(self) -> dict[str, Any]:
        o = self.optimum
        if hasattr(o, "alpha"):  # the theory's OptimalAlpha
            return {"alpha": float(o.alpha), "value": float(o.value),
                    "at_bound": bool(o.at_bound), "flat": bool(o.flat)}
        # a MulticlassDecision: the tuned rule on validation data
        return {"metric": o.metric, "value": float(o.value),
                "weights": [float(v) for v in np.asarray(o.weights)]}

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain values (for JSON): the weights and every library's parameter."""
        libs: dict[str, Any] = {}
        for lib in LIBRARIES:
            try:
                libs[lib] = self.for_library(lib)
            except ImbcoreError as e:
                libs[lib] = {"error": str(e)}
        return {
            "scheme": self.scheme,
            "params": {k: (f"array of shape {np.shape(v)}"
                           if k in ("proba", "y_val", "val_sample_weight")
                           and v is not None else
                           v.tolist() if isinstance(v, np.ndarray) else
                           v if v is None or isinstance(v, (str, int, float, tuple)) else repr(v))
                       for k, v in self.params.items()},
            "formula": self.info.formula,
            "normalization": self.normalization,
            "source": self.info.source,
            "classes": list(self.classes),
            "counts": [int(n) for n in self.counts],
            "totals": [float(t) for t in self.totals],
            "per_class": [float(w) for w in self.weights],
            "pos_label": self.pos_label,
            "alpha": self.alpha_or_none,
            "oversampling": [float(v) for v in self.oversampling().values()],
            "undersampling": [float(v) for v in self.undersampling().values()],
            "libraries": libs,
            **({} if self.optimum is None else {"optimum": self._optimum_dict()}),
        }


# ------------------------------------------------------------------ the entry


def class_weights(y: Any, scheme: str = "balanced", sample_weight: Any = None, *,
                  pos_label: Any = None, classes: Any = None, **params: Any) -> ClassWeights:
    """The class weights of one scheme for labels ``y``, and every library's parameter for them.

    Parameters
    ----------
    y : array-like of shape (n,)
        Labels: two or more distinct values (ints, strings, booleans, floats).
    scheme : str, default "balanced"
        One of :func:`weight_schemes` (``W_c``: the summed weight of class c,
        W their sum, K the number of classes):

        - ``"none"``: 1 for every class.
        - ``"balanced"``: ``W / (K W_c)``, scikit-learn's ``'balanced'``.
        - ``"natural"``: ``W / W_c``, the inverse proportion.
        - ``"sqrt"``, ``"log"``: ``sqrt`` and ``log1p`` of balanced.
        - ``"catboost_balanced"``, ``"catboost_sqrt"``: ``max_k W_k / W_c`` and
          its square root, CatBoost's ``Balanced`` and ``SqrtBalanced``.
        - ``"effective_number"`` (parameter ``b`` in [0, 1), default 0.999):
          ``(1 - b) / (1 - b**W_c)`` scaled to sum to K (Cui et al. 2019).
        - ``"cost"``: two classes ``c_fp`` (default 1) and ``c_fn``, giving
          weights ``(c_fp, c_fn)`` and ``alpha = c_fn / c_fp``; or a K x K
          ``cost_matrix`` (rows true class, columns predicted, in sorted label
          order) giving each class its mean cost of error less its cost of
          success.
        - ``"optimal"``: weights ``(1, alpha*)`` (negative, positive), where
          ``alpha* = curve.optimal_alpha(metric, beta, rule=rule)`` on the
          prevalence ``beta`` of ``y`` (summed ``sample_weight`` when given).
          Parameters: ``metric`` (required; any metric name, e.g. ``"f1"`` or
          ``"cost(c_fp=1, c_fn=10)"``), and ``curve`` (a tradeoff curve such as
          ``imbcore.fit_curve(validation_sweep).curve`` or
          ``imbcore.Empirical(validation_sweep)``) or ``auc`` (a ROC-AUC in
          (0.5, 1), standing for the equal-variance binormal curve
          ``Binormal(a=sqrt(2)*Phi^-1(auc), b=1)``, whose AUC it is);
          ``rule`` (``"bayes"``, default, or ``"expected_loss"``); ``bounds``
          of the search (default ``(1e-12, 1e12)``). Two classes only. Under
          the Bayes rule ``alpha*`` is ``(1-beta)/beta`` for balanced accuracy,
          ``c_fn/c_fp`` for cost and ``2/F1* - 1`` for F1 (``F1*`` the best F1
          on the curve). A metric with no finite optimum (recall, which grows
          with the weight) or one that does not depend on the weight raises.

          With ``proba`` and ``y_val`` instead of a curve, for any number of
          classes: the weights ``w`` (smallest 1) that make the rule
          ``argmax_j w_j proba_j`` best for ``metric`` on the validation data,
          found by :meth:`imbcore.MulticlassSweep.best` with
          ``rule="weights"`` (``metric`` any multiclass metric, e.g.
          ``"macro_f1"``, ``"gmean"``, ``"weighted_f2"``; ``n_starts`` and
          ``random_state`` go to it). ``proba`` is the unweighted model's
          ``predict_proba`` on the validation samples (one column per class
          of ``y``, in sorted label order) and ``y_val`` their labels
          (``val_sample_weight`` their weights, optional). A
          well-specified model trained with class weights ``w`` decides like
          the unweighted model under that rule, so these are the weights to
          train with; the rule itself is ``optimum``.
    sample_weight : array-like of shape (n,), optional
        Non-negative weights; the classes' sizes are then summed weights.
    pos_label : label, optional
        The positive class of two (for :attr:`ClassWeights.alpha` and the
        libraries' binary parameters). By default 1 (or True) when the labels
        are 0/1, -1/1 or booleans.
    classes : array-like, optional
        Every label expected; a class given here without samples is an error
        (a weight for it would be infinite).
    **params
        The scheme's parameters (``b``; ``c_fp``, ``c_fn``; ``cost_matrix``;
        ``metric``, ``curve``, ``auc``, ``rule``, ``bounds``, ``proba``,
        ``y_val``, ``val_sample_weight``, ``n_starts``, ``random_state``).

    Returns
    -------
    ClassWeights

    Raises
    ------
    ImbcoreError
        For an unknown scheme or parameter, fewer than two classes, a class
        without samples (or of weight zero), ``b`` outside [0, 1), a cost
        matrix that is not square, has a negative entry or the wrong size.

    Notes
    -----
    Only the ratios of the weights move what a model decides; a weighted
    model predicts positive where its unweighted probability exceeds
    ``1 / (1 + alpha)``. A cost matrix whose off-diagonal costs differ
    within a row has no exact equivalent in class weights for K > 2 (Zhou and
    Liu 2010); the row mean is then an approximation.

    References
    ----------
    Y. Cui, M. Jia, T.-Y. Lin, Y. Song, S. Belongie, "Class-Balanced Loss Based
    on Effective Number of Samples", CVPR 2019.
    C. Elkan, "The Foundations of Cost-Sensitive Learning", IJCAI 2001.

    Examples
    --------
    >>> import imbcore
    >>> y = [0] * 99 + [1]
    >>> cw = imbcore.class_weights(y, "balanced")
    >>> cw.per_class, cw.alpha
    ({0: 0.5050505050505051, 1: 50.0}, 99.0)
    >>> cw.for_xgboost(), cw.for_focal()
    ({'scale_pos_weight': 99.0}, {'alpha': 0.99})
    >>> cw.for_imblearn("under")
    {0: 1, 1: 1}
    >>> imbcore.class_weights(y, "cost", c_fn=10).alpha
    10.0
    >>> imbcore.class_weights(["a", "b", "b", "c"], "catboost_balanced").per_class
    {'a': 2.0, 'b': 1.0, 'c': 2.0}

    The weight that maximises F1 for a model of ROC-AUC 0.85 at this 1 %
    prevalence, under the Bayes rule, and balanced accuracy's natural weight:

    >>> cw = imbcore.class_weights(y, "optimal", metric="f1", auc=0.85)
    >>> round(cw.alpha, 3), round(float(cw.optimum.value), 4)
    (10.2, 0.1786)
    >>> round(imbcore.class_weights(y, "optimal", metric="balanced_accuracy", auc=0.85).alpha, 9)
    99.0
    """
    _check_scheme(scheme)
    a = _labels(y)
    sw = _sample_weight(sample_weight, a.shape[0])
    try:
        labels, inverse = np.unique(a, return_inverse=True)
    except TypeError:
        raise ImbcoreError(f"invalid y: got labels of mixed types ({a.dtype}); labels must be "
                           "numbers, booleans or strings of one type") from None
    inverse = inverse.reshape(-1)
    counts = np.bincount(inverse, minlength=labels.size)
    totals = (counts.astype(np.float64) if sw is None
              else np.bincount(inverse, weights=sw, minlength=labels.size))
    if classes is not None:
        want = _labels(classes)
        try:
            want_u = np.unique(want)
            missing = want_u[~np.isin(want_u, labels)]
            extra = labels[~np.isin(labels, want_u)]
        except TypeError:
            raise ImbcoreError(f"invalid classes: got {want!r}; classes must be of the labels' "
                               "type") from None
        if extra.size:
            raise ImbcoreError(f"invalid y: got label {_py(extra[0])!r}, which is not in classes "
                               f"{[_py(c) for c in want_u]}")
        if missing.size:
            raise ImbcoreError(f"invalid classes: class {_py(missing[0])!r} has zero samples in "
                               "y; every class needs at least one sample (its weight would be "
                               "infinite)")
    if labels.size < 2:
        raise ImbcoreError(f"invalid y: got one class ({_py(labels[0])!r}); class weights need "
                           "two or more classes")
    zero = totals <= 0
    if zero.any():
        raise ImbcoreError(f"invalid sample_weight: class {_py(labels[int(np.argmax(zero))])!r} "
                           "has total weight 0; every class needs a positive total weight")
    k = labels.size
    p = _check_params(scheme, params, k)
    names = [_py(c) for c in labels]
    pos = _pos_label(names, a.dtype, pos_label)
    if scheme == "cost" and p.get("cost_matrix") is None:
        if pos is None:
            raise ImbcoreError(f"invalid pos_label: got None with labels {names!r}; scheme "
                               "'cost' with c_fp/c_fn needs pos_label naming the positive class")
        i = names.index(pos)
        m = np.zeros((2, 2))
        m[1 - i, i], m[i, 1 - i] = p["c_fp"], p["c_fn"]
        w = _cost(totals, {"cost_matrix": m})
    elif scheme == "optimal" and p["proba"] is not None:
        w, optimum = _optimal_data_weights(p, names)
    elif scheme == "optimal":
        if pos is None:
            raise ImbcoreError(f"invalid pos_label: got None with labels {names!r}; scheme "
                               "'optimal' needs pos_label naming the positive class")
        i = names.index(pos)
        w_neg_pos, optimum = _optimal_weights(p, float(totals[i] / totals.sum()))
        w = w_neg_pos if i == 1 else w_neg_pos[::-1].copy()
    else:
        w = _SCHEMES[scheme][0](totals, p)
    bad = ~(np.isfinite(w) & (w > 0))
    if bad.any():
        i = int(np.argmax(bad))
        raise ImbcoreError(f"invalid {'cost_matrix' if scheme == 'cost' else 'y'}: class "
                           f"{names[i]!r} gets weight {float(w[i])!r} under scheme {scheme!r}; "
                           "weights must be finite and > 0 (a class whose errors cost no more "
                           "than its successes cannot be weighted)")
    cw = ClassWeights(scheme, p, names, w, counts, totals, pos)
    if scheme == "optimal":
        cw.optimum = optimum
    return cw


def _pos_label(names: list[Any], dtype: np.dtype, pos_label: Any) -> Any:
    if pos_label is not None:
        if np.ndim(pos_label) != 0:
            raise ImbcoreError(f"invalid pos_label: got {pos_label!r}; pos_label is one label")
        if len(names) != 2:
            raise ImbcoreError(f"invalid pos_label: got {pos_label!r} with {len(names)} classes; "
                               "pos_label is for two classes")
        match = [c for c in names if c == pos_label]
        if not match:
            raise ImbcoreError(f"invalid pos_label: got {pos_label!r}; it must be one of the "
                               f"labels {names!r}")
        return match[0]
    if len(names) == 2 and (dtype.kind == "b" or set(names) <= {0, 1} or set(names) <= {-1, 1}):
        return names[1]  # 1, or True
    return None
