"""pytest-benchmark regression cases at small sizes (the ratios are in report.py).

    python -m pytest benches -q        # from the root of the repository

Not part of the correctness run (``tests/``). Each group holds imbcore and the
reference of BENCHMARKS.md, so that a saved run (``--benchmark-autosave``)
keeps both for ``--benchmark-compare``. No assertion here is on a time.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

import imbcore as ic

pytest.importorskip("pytest_benchmark")

# report.py by path, whatever the import mode.
_spec = importlib.util.spec_from_file_location("imbcore_bench_report", Path(__file__).with_name("report.py"))
report = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
if not hasattr(report, "make_data"):
    _spec.loader.exec_module(report)

N = 1_000_000


def _sklearn():
    return pytest.importorskip("sklearn.metrics")


def _slow(benchmark, fn, *args, **kw):
    """References slower than a second: 3 rounds after a warm-up."""
    return benchmark.pedantic(fn, args=args, kwargs=kw, rounds=3, warmup_rounds=1)


@pytest.fixture(scope="module")
def data():
    return report.make_data(N)


def test_chunked_data_is_the_benchmark_data():
    # M1 builds the data in chunks; they must be the very same values.
    n = (1 << 20) * 2 + 12345
    y, s, _ = report.make_data(n)
    ns = {"np": np, "n": n, "dtype": "float64"}
    exec(report.CHUNKED_DATA, ns)
    np.testing.assert_array_equal(ns["y"], y)
    np.testing.assert_array_equal(ns["s"], s)


# ------------------------------------------------------------------ S1, S2, S3

@pytest.mark.benchmark(group="S1 sweep+best f1, float64, n=1e6")
def test_s1_sweep_best_f1(benchmark, data):
    y, s, _ = data
    best = benchmark(lambda: ic.sweep(y, s).best("f1"))
    assert 0 < best.value < 1


@pytest.mark.benchmark(group="S1 sweep+best f1, float64, n=1e6")
def test_s1_np_sort_floor(benchmark, data):
    _, s, _ = data
    benchmark(np.sort, s)


@pytest.mark.benchmark(group="S1 sweep+best f1, float64, n=1e6")
def test_s1_sklearn_pr_curve(benchmark, data):
    y, s, _ = data
    prec, rec, _ = _slow(benchmark, _sklearn().precision_recall_curve, y, s)
    assert 0 < report.best_f1_from_pr(prec, rec) < 1


@pytest.mark.benchmark(group="S2 sweep+best f1, float32, n=1e6")
def test_s2_sweep_best_f1_float32(benchmark, data):
    y, s, _ = data
    s32 = s.astype(np.float32)
    best = benchmark(lambda: ic.sweep(y, s32).best("f1"))
    assert 0 < best.value < 1


@pytest.mark.benchmark(group="S2 sweep+best f1, float32, n=1e6")
def test_s2_np_sort_floor_float32(benchmark, data):
    _, s, _ = data
    benchmark(np.sort, s.astype(np.float32))


@pytest.mark.benchmark(group="S2 sweep+best f1, float32, n=1e6")
def test_s2_sklearn_pr_curve_float32(benchmark, data):
    y, s, _ = data
    prec, rec, _ = _slow(benchmark, _sklearn().precision_recall_curve, y, s.astype(np.float32))
    assert 0 < report.best_f1_from_pr(prec, rec) < 1


@pytest.mark.benchmark(group="S3 sweep+best f1, weighted, n=1e6")
def test_s3_sweep_best_f1_weighted(benchmark, data):
    y, s, w = data
    best = benchmark(lambda: ic.sweep(y, s, sample_weight=w).best("f1"))
    assert 0 < best.value < 1


@pytest.mark.benchmark(group="S3 sweep+best f1, weighted, n=1e6")
def test_s3_sklearn_pr_curve_weighted(benchmark, data):
    y, s, w = data
    prec, rec, _ = _slow(benchmark, _sklearn().precision_recall_curve, y, s, sample_weight=w)
    assert 0 < report.best_f1_from_pr(prec, rec) < 1


# ---------------------------------------------------------------------- S4

@pytest.mark.benchmark(group="S4 scores, n=1e6")
def test_s4_roc_auc_score(benchmark, data):
    y, s, _ = data
    assert 0.5 < benchmark(ic.roc_auc_score, y, s) < 1


@pytest.mark.benchmark(group="S4 scores, n=1e6")
def test_s4_average_precision_score(benchmark, data):
    y, s, _ = data
    assert 0 < benchmark(ic.average_precision_score, y, s) < 1


@pytest.mark.benchmark(group="S4 scores, n=1e6")
@pytest.mark.parametrize("name", ["roc_auc_score", "average_precision_score"])
def test_s4_sklearn_scores(benchmark, data, name):
    y, s, _ = data
    assert 0 < _slow(benchmark, getattr(_sklearn(), name), y, s) < 1


# ---------------------------------------------------------------------- S7

@pytest.mark.benchmark(group="S7 multiclass AUC, 10 classes, n=1e5")
@pytest.mark.parametrize("multi_class", ["ovr", "ovo"])
def test_s7_multiclass_roc_auc_score(benchmark, multi_class):
    y, p = report.make_multiclass_data(100_000)
    assert 0.5 < benchmark(ic.roc_auc_score, y, p, multi_class=multi_class) < 1


@pytest.mark.benchmark(group="S7 multiclass AUC, 10 classes, n=1e5")
@pytest.mark.parametrize("multi_class", ["ovr", "ovo"])
def test_s7_sklearn_multiclass_roc_auc_score(benchmark, multi_class):
    y, p = report.make_multiclass_data(100_000)
    auc = _slow(benchmark, _sklearn().roc_auc_score, y, p, multi_class=multi_class)
    assert 0.5 < auc < 1


# ---------------------------------------------------------------------- G1

@pytest.mark.benchmark(group="G1 boosting eval best f1, n=1e6")
@pytest.mark.parametrize("library", ["lightgbm", "xgboost", "catboost"])
def test_g1_boosting_metric(benchmark, data, library):
    from imbcore.integrations import BoostingMetric

    y, margin, _ = data
    m, label = BoostingMetric("f1"), y.astype(np.float64)
    prob = 1 / (1 + np.exp(-margin))
    lib = pytest.importorskip(library)
    if library == "lightgbm":
        ds = lib.Dataset(np.zeros((len(y), 1)), label, free_raw_data=False).construct()
        value = benchmark(m.lightgbm, prob, ds)[1]
    elif library == "xgboost":
        value = benchmark(m.xgboost, prob.astype(np.float32), lib.DMatrix(np.zeros((len(y), 1)), label))[1]
    else:
        value = benchmark(m.catboost.evaluate, [margin], label, None)[0]
    assert 0 < value < 1


@pytest.mark.benchmark(group="G1 boosting eval best f1, n=1e6")
def test_g1_sklearn_pr_curve_argmax(benchmark, data):
    y, margin, _ = data
    prob = 1 / (1 + np.exp(-margin))
    prec, rec, _ = _slow(benchmark, _sklearn().precision_recall_curve, y, prob)
    assert 0 < report.best_f1_from_pr(prec, rec) < 1


# ---------------------------------------------------------------------- S5

def _small_grid():
    return np.logspace(-2, 4, 100), np.linspace(1, 40, 100), np.logspace(-4, -0.5, 100)


@pytest.mark.benchmark(group="S5 grid f1, 100x100x100")
def test_s5_grid_f1(benchmark):
    alpha, p, beta = _small_grid()
    g = benchmark(ic.grid_f1, alpha, p, beta)
    assert g.shape == (100, 100, 100)


@pytest.mark.benchmark(group="S5 grid f1, 100x100x100")
def test_s5_numpy_formula(benchmark):
    alpha, p, beta = _small_grid()
    g = benchmark(report.numpy_grid_f1, alpha, p, beta)
    assert g.shape == (100, 100, 100)


# ---------------------------------------------------------------------- S6

def _pairs_20x20():
    P, B = np.meshgrid(np.linspace(1.5, 40.0, 20), np.geomspace(1e-3, 0.3, 20), indexing="ij")
    return P, B


@pytest.mark.benchmark(group="S6 optimal alpha f1, 20x20")
def test_s6_optimal_alpha(benchmark):
    P, B = _pairs_20x20()
    r = benchmark(ic.optimal_alpha, "f1", P, B, bounds=(1e-6, 1e6))
    assert r.alpha.shape == (20, 20)


@pytest.mark.benchmark(group="S6 optimal alpha f1, 20x20")
def test_s6_scipy_loop(benchmark):
    pytest.importorskip("scipy")
    P, B = _pairs_20x20()
    loop = lambda: [report.scipy_optimal_alpha(float(p), float(b)) for p, b in zip(P.ravel(), B.ravel())]
    alpha = benchmark.pedantic(loop, rounds=3, warmup_rounds=1)
    assert len(alpha) == 400


# ---------------------------------------------------------------------- T1

@pytest.mark.parametrize("n_jobs", [1, 2])
@pytest.mark.benchmark(group="T1 sweep+best f1 by threads, n=1e6")
def test_t1_sweep_threads(benchmark, data, n_jobs):
    y, s, _ = data
    benchmark(lambda: ic.sweep(y, s, n_jobs=n_jobs).best("f1"))


@pytest.mark.parametrize("n_jobs", [1, 2])
@pytest.mark.benchmark(group="T1 grid f1 by threads, 100x100x100")
def test_t1_grid_threads(benchmark, n_jobs):
    benchmark(ic.grid_f1, *_small_grid(), n_jobs=n_jobs)
