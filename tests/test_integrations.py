"""imbcore.integrations: real LightGBM, XGBoost and CatBoost training with
early stopping on imbcore metrics, checked against scikit-learn on the
predictions each library handed the metric."""

import pickle
import subprocess
import sys

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

import imbcore
from imbcore.integrations import BoostingMetric

N_TRAIN, N_VALID = 6000, 4000


@pytest.fixture(scope="module")
def data():
    """Rare-event data with a weak signal, so that validation metrics peak
    and then fall as the model overfits."""
    rng = np.random.default_rng(7)
    n = N_TRAIN + N_VALID
    X = rng.normal(size=(n, 8))
    logit = (-4.0 + 1.6 * X[:, 0] - 1.2 * X[:, 1] + 0.9 * X[:, 2] * X[:, 3]
             + 0.5 * np.sin(3 * X[:, 4]))
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    w = rng.uniform(0.5, 2.0, size=n)
    tr, va = slice(0, N_TRAIN), slice(N_TRAIN, None)
    return X[tr], y[tr], w[tr], X[va], y[va], w[va]


# -- independent references (scikit-learn) ---------------------------------

def sk_best_f1(y, s, w=None):
    p, r, _ = precision_recall_curve(y, s, sample_weight=w)
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)
    return float(f.max())


def sk_recall_at_precision(y, s, floor, w=None):
    p, r, _ = precision_recall_curve(y, s, sample_weight=w)
    ok = (p >= floor) & (r > 0)  # the last point (recall 0) is no threshold
    return float(r[ok].max()) if ok.any() else 0.0


def sk_min_cost(y, s, c_fp, c_fn, w=None):
    fpr, tpr, _ = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    wt = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
    n_pos, n_neg = wt[np.asarray(y) == 1].sum(), wt[np.asarray(y) == 0].sum()
    # [1:]: the first point (threshold inf) predicts nothing, which is no score
    cost = c_fp * fpr[1:] * n_neg + c_fn * (1 - tpr[1:]) * n_pos
    return float(cost.min())


def first_best(values, maximize):
    v = np.asarray(values)
    return int(np.argmax(v) if maximize else np.argmin(v))


class Recorder:
    """Wraps an adapter to keep a copy of every prediction array it is handed
    (argument ``pos``), for the validation set (``n`` rows) only."""

    def __init__(self, adapter, n, pos=0):
        self.adapter, self.n, self.pos, self.preds = adapter, n, pos, []
        self.__name__ = adapter.__name__

    def __deepcopy__(self, memo):  # LightGBM deep-copies eval_metric: keep one record
        return self

    def __call__(self, *args, **kw):
        a = args[self.pos]
        if len(a) == self.n:
            self.preds.append(np.array(a, copy=True))
        return self.adapter(*args, **kw)


class RecorderSklearnLGB(Recorder):
    def __call__(self, y_true, y_pred, weight):  # LightGBM counts the parameters
        return super().__call__(y_true, y_pred, weight)


# -- LightGBM ---------------------------------------------------------------

def test_lightgbm_train_early_stops_at_sklearn_best_f1(data):
    lgb = pytest.importorskip("lightgbm")
    Xt, yt, _, Xv, yv, _ = data
    m = BoostingMetric("f1")
    rec = Recorder(m.lightgbm, N_VALID)
    train = lgb.Dataset(Xt, yt)
    valid = lgb.Dataset(Xv, yv, reference=train)
    params = {"objective": "binary", "metric": "None", "learning_rate": 0.1, "num_leaves": 15,
              "min_data_in_leaf": 10, "verbose": -1, "num_threads": 2, "seed": 0}
    booster = lgb.train(params, train, num_boost_round=300, valid_sets=[valid], feval=rec,
                        callbacks=[lgb.early_stopping(10, verbose=False)])
    ref = [sk_best_f1(yv, p) for p in rec.preds]
    assert len(ref) < 300, "early stopping never stopped"
    # what LightGBM hands feval for a built-in objective: probabilities
    assert all((p >= 0).all() and (p <= 1).all() for p in rec.preds)
    assert booster.best_iteration == first_best(ref, True) + 1  # 1-based
    assert booster.best_score["valid_0"]["f1"] == pytest.approx(max(ref), abs=1e-12)
    assert len(rec.preds) == booster.best_iteration + 10


def test_lightgbm_sklearn_api_weighted_constrained(data):
    lgb = pytest.importorskip("lightgbm")
    Xt, yt, wt, Xv, yv, wv = data
    m = BoostingMetric("recall", subject_to={"precision": 0.4})
    rec = RecorderSklearnLGB(m.lightgbm_sklearn, N_VALID, pos=1)
    # LightGBM passes weights when the callable takes three arguments
    clf = lgb.LGBMClassifier(n_estimators=300, learning_rate=0.1, num_leaves=15,
                             min_child_samples=10, metric="None",  # early-stop on ours only
                             verbose=-1, n_jobs=2, random_state=0)
    import inspect
    evals = ({"eval_X": (Xv,), "eval_y": (yv,)}  # LightGBM >= 4.6; eval_set before
             if "eval_X" in inspect.signature(clf.fit).parameters else {"eval_set": [(Xv, yv)]})
    clf.fit(Xt, yt, sample_weight=wt, **evals, eval_sample_weight=[wv], eval_metric=rec,
            callbacks=[lgb.early_stopping(10, verbose=False)])
    wv32 = wv.astype(np.float32)  # LightGBM keeps weights in float32 and hands those over
    ref = [sk_recall_at_precision(yv, p, 0.4, wv32) for p in rec.preds]
    got = clf.evals_result_["valid_0"][m.name]
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-12)
    assert clf.best_iteration_ == first_best(ref, True) + 1
    # the weights change the answer: the unweighted reference differs somewhere
    assert any(abs(sk_recall_at_precision(yv, p, 0.4) - r) > 1e-9
               for p, r in zip(rec.preds, ref))


# -- XGBoost ----------------------------------------------------------------

def test_xgboost_train_maximizes_average_precision(data):
    xgb = pytest.importorskip("xgboost")
    Xt, yt, _, Xv, yv, _ = data
    m = BoostingMetric("average_precision")
    rec = Recorder(m.xgboost, N_VALID)
    dtrain, dvalid = xgb.DMatrix(Xt, yt), xgb.DMatrix(Xv, yv)
    params = {"objective": "binary:logitraw", "eta": 0.3, "max_depth": 6, "nthread": 2,
              "seed": 0, "disable_default_eval_metric": 1}
    logged = {}
    booster = xgb.train(params, dtrain, num_boost_round=300, evals=[(dvalid, "valid")],
                        custom_metric=rec, maximize=m.higher_is_better,
                        early_stopping_rounds=10, verbose_eval=False, evals_result=logged)
    ref = [average_precision_score(yv, p) for p in rec.preds]
    assert len(ref) < 300
    assert any((p < 0).any() for p in rec.preds)  # raw margins under binary:logitraw
    assert booster.best_iteration == first_best(ref, True)
    # XGBoost logs values as text with 6 significant digits
    np.testing.assert_allclose(logged["valid"][m.name], ref, rtol=1e-5)
    np.testing.assert_allclose([m.score(yv, p) for p in rec.preds], ref, rtol=0, atol=1e-12)


def test_xgboost_sklearn_api_minimizes_cost(data):
    xgb = pytest.importorskip("xgboost")
    Xt, yt, _, Xv, yv, _ = data
    m = BoostingMetric("cost(c_fp=1, c_fn=20)")
    assert m.higher_is_better is False and m.name == "cost(c_fp=1,c_fn=20)"
    rec = Recorder(m.xgboost_sklearn, N_VALID, pos=1)
    clf = xgb.XGBClassifier(n_estimators=300, learning_rate=0.3, max_depth=6, n_jobs=2,
                            random_state=0, eval_metric=rec,
                            callbacks=[m.xgboost_early_stopping(10)])
    clf.fit(Xt, yt, eval_set=[(Xv, yv)], verbose=False)
    ref = [sk_min_cost(yv, p, 1, 20) for p in rec.preds]
    np.testing.assert_allclose(clf.evals_result()["validation_0"][m.name], ref, rtol=1e-5)
    np.testing.assert_allclose([m.score(yv, p) for p in rec.preds], ref, rtol=1e-12)
    assert clf.best_iteration == first_best(ref, False)
    assert len(ref) == clf.best_iteration + 11  # stopped 10 rounds after the lowest cost


# -- CatBoost ---------------------------------------------------------------

@pytest.mark.filterwarnings("ignore:Failed to import numba:UserWarning")
def test_catboost_early_stops_on_constrained_recall_and_auc(data):
    cb = pytest.importorskip("catboost")
    Xt, yt, _, Xv, yv, _ = data
    for m, ref_fn in [
        (BoostingMetric("recall", subject_to={"precision": 0.25}),
         lambda p: sk_recall_at_precision(yv, p, 0.25)),
        (BoostingMetric("roc_auc"), lambda p: roc_auc_score(yv, p)),
    ]:
        metric = m.catboost
        preds = []
        evaluate = metric.evaluate

        def recording(approxes, target, weight, evaluate=evaluate, preds=preds):
            if len(target) == N_VALID:
                preds.append(np.array(approxes[0]))
            return evaluate(approxes, target, weight)

        metric.evaluate = recording
        clf = cb.CatBoostClassifier(iterations=400, learning_rate=0.3, depth=6,
                                    eval_metric=metric, od_type="Iter", od_wait=10,
                                    random_seed=0, thread_count=2, verbose=0,
                                    allow_writing_files=False)
        clf.fit(Xt, yt, eval_set=(Xv, yv))
        ref = [ref_fn(p) for p in preds]
        assert len(ref) < 400
        assert any((p < 0).any() for p in preds)  # CatBoost hands raw margins
        assert clf.get_best_iteration() == first_best(ref, True)
        assert clf.tree_count_ == clf.get_best_iteration() + 1  # use_best_model


# -- the values themselves, and what is refused ----------------------------

def test_values_match_sklearn_with_ties_and_weights():
    rng = np.random.default_rng(3)
    y = (rng.random(20000) < 0.03).astype(float)
    s = np.round(rng.normal(size=y.size) + 2 * y, 1)  # many ties
    w = rng.uniform(0.1, 3, size=y.size)
    assert BoostingMetric("f1").score(y, s, w) == pytest.approx(sk_best_f1(y, s, w), abs=1e-12)
    assert BoostingMetric("ap").score(y, s, w) == pytest.approx(
        average_precision_score(y, s, sample_weight=w), abs=1e-12)
    assert BoostingMetric("auc").score(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert BoostingMetric("cost(c_fp=2, c_fn=7)").score(y, s, w) == pytest.approx(
        sk_min_cost(y, s, 2, 7, w), rel=1e-12)
    for floor in (0.2, 0.5, 0.8):
        m = BoostingMetric("recall", subject_to={"precision": floor})
        assert m.score(y, s) == pytest.approx(sk_recall_at_precision(y, s, floor), abs=1e-12)


def test_infeasible_constraint_is_the_worst_value():
    y, s = [1, 0, 1, 0], [0.1, 0.2, 0.3, 0.4]  # precision never above 0.5
    assert BoostingMetric("f1", subject_to={"precision": 0.99}).score(y, s) == 0.0
    assert BoostingMetric("cost", subject_to={"precision": 0.99}).score(y, s) == np.inf
    assert BoostingMetric("fpr", subject_to={"recall": 0.9}).higher_is_better is False


def test_adapters_pickle_and_keep_direction():
    m = BoostingMetric("fnr", subject_to={"fpr": 0.1}, name="fnr_at_fpr")
    for adapter in (m.lightgbm, m.lightgbm_sklearn, m.xgboost, m.xgboost_sklearn, m.catboost):
        back = pickle.loads(pickle.dumps(adapter))
        assert back.__name__ == "fnr_at_fpr" and back.metric.higher_is_better is False
    assert m.catboost.is_max_optimal() is False
    assert BoostingMetric("mcc").catboost.is_max_optimal() is True


@pytest.mark.parametrize("kwargs, match", [
    ({"metric": "f7x"}, "invalid metric"),
    ({"metric": 3}, "invalid metric"),
    ({"metric": "roc_auc", "subject_to": {"precision": 0.5}}, "takes no constraints"),
    ({"metric": "f1", "subject_to": {"precision": float("nan")}}, "finite"),
    ({"metric": "f1", "subject_to": {"nope": 0.5}}, "invalid subject_to"),
    ({"metric": "f1", "subject_to": [("precision", 0.5)]}, "mapping"),
    ({"metric": "f1", "name": "best f1"}, "without spaces"),
])
def test_bad_arguments_name_themselves(kwargs, match):
    with pytest.raises(imbcore.ImbcoreError, match=match):
        BoostingMetric(**kwargs)


def test_multiclass_predictions_are_refused():
    m = BoostingMetric("f1")
    with pytest.raises(imbcore.ImbcoreError, match="one score per sample"):
        m.score([0, 1, 2], np.ones((3, 3)))
    with pytest.raises(imbcore.ImbcoreError, match="takes one"):
        m.catboost.evaluate([[0.1, 0.2], [0.3, 0.4]], [0, 1], None)


def test_import_imbcore_imports_no_boosting_library():
    code = ("import sys, imbcore, imbcore.integrations; "
            "print(sorted(m for m in ('lightgbm', 'xgboost', 'catboost') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
