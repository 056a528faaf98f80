"""One exact evaluation metric with an adapter for each boosting library."""

from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

from ..errors import ImbcoreError
from ..metrics import metric_info
from .._sweep import sweep

__all__ = ["BoostingMetric"]

# Scores of the whole ranking, spelt as users and the libraries spell them.
_RANKING = {"average_precision": "average_precision", "ap": "average_precision",
            "aucpr": "average_precision", "roc_auc": "roc_auc", "auc": "roc_auc"}


class BoostingMetric:
    """An exact, threshold-free evaluation metric for gradient boosting.

    Parameters
    ----------
    metric : str, default "f1"
        Any imbcore metric (``"f1"``, ``"mcc"``, ``"recall"``,
        ``"cost(c_fp=1, c_fn=10)"``, see :mod:`imbcore.metrics`), evaluated at
        its best threshold among every distinct score of the evaluation set;
        or ``"average_precision"`` (``"ap"``) or ``"roc_auc"`` (``"auc"``).
    subject_to : mapping of metric name to bound, optional
        Constraints on the threshold, as for :meth:`imbcore.Sweep.best`:
        ``{"precision": 0.9}`` evaluates the best ``metric`` among the
        thresholds where precision >= 0.9.
    name : str, optional
        The name the libraries log (default: made from ``metric`` and
        ``subject_to`` without spaces, such as ``"recall|precision>=0.9"`` or
        ``"cost(c_fp=1,c_fn=10)"``).
    n_jobs : int, optional
        Threads per evaluation; None for all (bounded by
        ``IMBCORE_NUM_THREADS``).

    Attributes
    ----------
    name : str
    higher_is_better : bool
        Whether a larger value is better: False for cost, fpr and fnr. Each
        adapter passes it on as its library expects it (LightGBM's
        ``is_higher_better``, XGBoost's ``maximize``, CatBoost's
        ``is_max_optimal``).

    Notes
    -----
    **Margins or probabilities.** Every value here depends only on the order
    of the scores, so raw margins (log-odds) and probabilities give the same
    value wherever the sigmoid keeps distinct margins distinct. Each adapter
    takes what its library hands a custom metric for a built-in binary
    objective: probabilities for LightGBM and XGBoost, raw margins for
    CatBoost; raw margins under a custom objective. Margins are the safer of
    the two: float32 probabilities (XGBoost's) merge margins above about 17
    into ties at 1.0.

    **Sample weights** of the evaluation set are used when it has them.

    **No feasible threshold.** When no threshold meets ``subject_to``, the
    value is the worst one: 0 for a metric where higher is better, and
    ``inf`` for one where lower is better (cost, fpr, fnr), so that early
    stopping never prefers a model that cannot meet the constraint.

    **Binary only.** Predictions must be one score per sample.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.integrations import BoostingMetric
    >>> m = BoostingMetric("recall", subject_to={"precision": 0.5})
    >>> m.name, m.higher_is_better
    ('recall|precision>=0.5', True)
    >>> y, s = np.array([0, 0, 1, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8, 0.7, 0.9])
    >>> m.score(y, s)
    1.0
    >>> BoostingMetric("recall", subject_to={"precision": 0.99}).score(y, s)  # only at 0.9
    0.3333333333333333
    >>> BoostingMetric("f1", subject_to={"npv": 1.5}).score(y, s)  # no threshold meets it
    0.0
    >>> BoostingMetric("cost(c_fn=10)").higher_is_better
    False

    LightGBM (``metric: "None"`` keeps its own logloss out of early stopping)::

        m = BoostingMetric("f1")
        booster = lgb.train({"objective": "binary", "metric": "None"}, train,
                            valid_sets=[valid], feval=m.lightgbm,
                            callbacks=[lgb.early_stopping(20)])
        LGBMClassifier(metric="None").fit(X, y, eval_set=[(Xv, yv)],
                                          eval_metric=m.lightgbm_sklearn,
                                          callbacks=[lgb.early_stopping(20)])

    XGBoost::

        xgb.train(params, dtrain, evals=[(dvalid, "valid")], custom_metric=m.xgboost,
                  maximize=m.higher_is_better, early_stopping_rounds=20)
        XGBClassifier(eval_metric=m.xgboost_sklearn,
                      callbacks=[m.xgboost_early_stopping(20)])

    CatBoost::

        CatBoostClassifier(eval_metric=m.catboost, od_type="Iter", od_wait=20)
    """

    def __init__(self, metric: str = "f1", *, subject_to: Mapping[str, float] | None = None,
                 name: str | None = None, n_jobs: int | None = None) -> None:
        if not isinstance(metric, str):
            raise ImbcoreError(f"invalid metric: got {metric!r}; a metric is named by a "
                               "string such as 'f1', 'average_precision' or 'roc_auc'")
        if subject_to is not None and not isinstance(subject_to, Mapping):
            raise ImbcoreError(f"invalid subject_to: got {subject_to!r}; give a mapping "
                               "such as {'precision': 0.9}")
        self.subject_to = dict(subject_to or {})
        ranking = _RANKING.get(metric.strip().lower())
        if ranking is not None:
            if self.subject_to:
                raise ImbcoreError(
                    f"invalid subject_to: got {self.subject_to!r} with metric {metric!r}; "
                    f"{ranking} scores the whole ranking and takes no constraints")
            self.metric, self.higher_is_better = ranking, True
        else:
            info = metric_info(metric)
            self.metric, self.higher_is_better = info.name, info.higher_is_better
        rules = []
        for k, v in self.subject_to.items():
            try:
                bound = float(v)
                info = metric_info(k)
            except (TypeError, ValueError) as e:
                raise ImbcoreError(f"invalid subject_to: got {{{k!r}: {v!r}}}; {e}") from None
            if not math.isfinite(bound):
                raise ImbcoreError(
                    f"invalid subject_to: got {k}={v!r}; bounds must be finite numbers")
            rules.append(f"{info.name}{'>=' if info.higher_is_better else '<='}{bound:g}")
        if name is not None and (not isinstance(name, str) or not name
                                 or any(c.isspace() or c == ":" for c in name)):
            raise ImbcoreError(f"invalid name: got {name!r}; name must be a non-empty string "
                               "without spaces or colons (XGBoost parses its logs by them)")
        self.name = name or "|".join([self.metric, *rules]).replace(" ", "")
        self.n_jobs = n_jobs

    def __repr__(self) -> str:
        extra = f", subject_to={self.subject_to!r}" if self.subject_to else ""
        return f"BoostingMetric({self.metric!r}{extra})"

    @property
    def worst(self) -> float:
        """The value when no threshold meets the constraints (0, or inf when lower is better)."""
        return 0.0 if self.higher_is_better else math.inf

    def score(self, y_true: Any, y_score: Any, sample_weight: Any = None) -> float:
        """The metric of labels and scores (margins or probabilities), as a float.

        ``y_true`` holds 0/1 labels (or booleans) as the libraries store them;
        ``sample_weight`` is optional (None or an empty array: unweighted).
        """
        scores = np.asarray(y_score)
        if scores.ndim == 2 and scores.shape[1] == 1:
            scores = scores[:, 0]
        if scores.ndim != 1:
            raise ImbcoreError(
                f"invalid predictions: got an array of shape {scores.shape}; "
                f"BoostingMetric {self.name!r} takes one score per sample (a binary objective)")
        if sample_weight is not None and np.size(sample_weight) == 0:
            sample_weight = None
        sw = sweep(y_true, scores, sample_weight=sample_weight, n_jobs=self.n_jobs)
        if self.metric == "roc_auc":
            return float(sw.roc_auc)
        if self.metric == "average_precision":
            return float(sw.average_precision)
        try:
            return float(sw.best(self.metric, subject_to=self.subject_to or None).value)
        except ImbcoreError:
            if self.subject_to:
                return self.worst  # no threshold meets the constraints
            return math.nan  # undefined at every threshold (kappa of one class)

    # -- LightGBM -------------------------------------------------------------

    @property
    def lightgbm(self) -> _LightGBMFeval:
        """``feval`` for ``lightgbm.train`` and ``lightgbm.cv``: ``(preds, data)`` to
        ``(name, value, is_higher_better)``."""
        return _LightGBMFeval(self)

    @property
    def lightgbm_sklearn(self) -> _LightGBMSklearn:
        """``eval_metric`` for LightGBM's scikit-learn API (``LGBMClassifier.fit``):
        ``(y_true, y_pred, weight)`` to ``(name, value, is_higher_better)``."""
        return _LightGBMSklearn(self)

    # -- XGBoost --------------------------------------------------------------

    @property
    def xgboost(self) -> _XGBoostMetric:
        """``custom_metric`` for ``xgboost.train``: ``(predt, dmatrix)`` to
        ``(name, value)``; pass ``maximize=m.higher_is_better`` beside it."""
        return _XGBoostMetric(self)

    @property
    def xgboost_sklearn(self) -> _XGBoostSklearn:
        """``eval_metric`` for XGBoost's scikit-learn API: ``(y_true, y_score,
        sample_weight=None)`` to the value, named :attr:`name`."""
        return _XGBoostSklearn(self)

    def xgboost_early_stopping(self, rounds: int, *, save_best: bool = False,
                               data_name: str | None = None, min_delta: float = 0.0) -> Any:
        """``xgboost.callback.EarlyStopping`` on this metric in its direction.

        XGBoost's scikit-learn API guesses the direction of a custom metric
        from its name (``early_stopping_rounds`` minimises ``"f1"``); pass
        this callback instead: ``XGBClassifier(eval_metric=m.xgboost_sklearn,
        callbacks=[m.xgboost_early_stopping(20)])``.
        """
        from xgboost.callback import EarlyStopping

        return EarlyStopping(rounds=rounds, metric_name=self.name, data_name=data_name,
                             maximize=self.higher_is_better, save_best=save_best,
                             min_delta=min_delta)

    # -- CatBoost -------------------------------------------------------------

    @property
    def catboost(self) -> _CatBoostMetric:
        """A CatBoost custom metric object (``eval_metric=m.catboost``), reading
        CatBoost's raw margins."""
        return _CatBoostMetric(self)


class _Adapter:
    """Holds the metric; plain classes (not closures) so estimators clone and pickle."""

    def __init__(self, metric: BoostingMetric) -> None:
        self.metric = metric
        self.__name__ = metric.name  # how XGBoost's scikit-learn API names it

    def __repr__(self) -> str:
        return f"<{type(self).__name__[1:]} of {self.metric!r}>"


class _LightGBMFeval(_Adapter):
    def __call__(self, preds: Any, eval_data: Any) -> tuple[str, float, bool]:
        m = self.metric
        return m.name, m.score(eval_data.get_label(), preds, eval_data.get_weight()), \
            m.higher_is_better


class _LightGBMSklearn(_Adapter):
    # three parameters: LightGBM counts them and passes the weights (None without)
    def __call__(self, y_true: Any, y_pred: Any, weight: Any) -> tuple[str, float, bool]:
        m = self.metric
        return m.name, m.score(y_true, y_pred, weight), m.higher_is_better


class _XGBoostMetric(_Adapter):
    def __call__(self, predt: Any, dmatrix: Any) -> tuple[str, float]:
        m = self.metric
        return m.name, m.score(dmatrix.get_label(), predt, dmatrix.get_weight())


class _XGBoostSklearn(_Adapter):
    def __call__(self, y_true: Any, y_score: Any, sample_weight: Any = None) -> float:
        return self.metric.score(y_true, y_score, sample_weight)


class _CatBoostMetric(_Adapter):
    """CatBoost's custom metric protocol: evaluate, get_final_error, is_max_optimal."""

    def is_max_optimal(self) -> bool:
        return self.metric.higher_is_better

    def evaluate(self, approxes: Any, target: Any, weight: Any) -> tuple[float, float]:
        if len(approxes) != 1:
            raise ImbcoreError(
                f"invalid predictions: got {len(approxes)} approxes per sample; "
                f"BoostingMetric {self.metric.name!r} takes one (a binary objective)")
        # The whole evaluation set comes in one call; the value is not a sum
        # over samples, so it is returned as is with a weight of 1.
        return self.metric.score(np.asarray(target), np.asarray(approxes[0]),
                                 None if weight is None else np.asarray(weight)), 1.0

    def get_final_error(self, error: float, weight: float) -> float:
        return error
