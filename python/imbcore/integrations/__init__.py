"""imbcore metrics where gradient-boosting models are trained.

:class:`BoostingMetric` is one evaluation metric (any imbcore metric at its
best threshold, with or without constraints, average precision, ROC-AUC, or
a cost) computed exactly on every distinct score of the validation set, with
an adapter for each library's interface:

========================  ==============================================  ===========================
library                   pass                                            early stopping direction
========================  ==============================================  ===========================
LightGBM ``train``        ``feval=m.lightgbm``                            ``is_higher_better`` (returned)
LightGBM scikit-learn     ``fit(..., eval_metric=m.lightgbm_sklearn)``    ``is_higher_better`` (returned)
XGBoost ``train``         ``custom_metric=m.xgboost``,                    ``maximize=m.higher_is_better``
                          ``maximize=m.higher_is_better``
XGBoost scikit-learn      ``eval_metric=m.xgboost_sklearn``,              ``callbacks=[m.xgboost_early_stopping(rounds)]``
                          ``callbacks=[m.xgboost_early_stopping(20)]``
CatBoost                  ``eval_metric=m.catboost``                      ``is_max_optimal()``
========================  ==============================================  ===========================

Importing this module imports none of the libraries.
"""

from .metric import BoostingMetric

__all__ = ["BoostingMetric"]
