"""G1 of BENCHMARKS.md: one boosting evaluation of best F1 at n = 10^6.

    python benches/bench_integrations.py [--n 1000000] [--repeat 7]

Times each library adapter of ``imbcore.integrations.BoostingMetric("f1")``
as the library calls it (LightGBM's ``feval`` on a ``lightgbm.Dataset`` with
probabilities, XGBoost's ``custom_metric`` on a ``DMatrix`` with float32
probabilities, CatBoost's ``evaluate`` on raw margins), with the default
threads and with one, against what a user writes otherwise in the same run:
``sklearn.metrics.precision_recall_curve`` plus the argmax of F1. Medians of
``--repeat`` calls after a warm-up (3 for scikit-learn). A library that is not
installed prints ``n/a``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from imbcore.integrations import BoostingMetric


def make_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The data of BENCHMARKS.md, as a booster's labels and margins."""
    rng = np.random.default_rng(0)
    y = rng.random(n) < 0.01
    s = rng.normal(size=n) + 1.5 * y
    return y.astype(np.float64), s


def sklearn_best_f1(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import precision_recall_curve

    prec, rec, _ = precision_recall_curve(y, p)
    f = 2 * prec * rec / np.maximum(prec + rec, np.finfo(float).tiny)
    return float(f[np.argmax(f)])


def median_time(fn, repeat: int) -> tuple[float, object]:
    out = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def cases(y: np.ndarray, margin: np.ndarray, n_jobs: int | None):
    m = BoostingMetric("f1", n_jobs=n_jobs)
    prob = 1 / (1 + np.exp(-margin))
    try:
        import lightgbm as lgb

        ds = lgb.Dataset(np.zeros((len(y), 1)), y, free_raw_data=False).construct()
        yield "LightGBM feval", lambda: m.lightgbm(prob, ds)[1]
    except ImportError:
        yield "LightGBM feval", None
    try:
        import xgboost as xgb

        dm = xgb.DMatrix(np.zeros((len(y), 1)), y)
        p32 = prob.astype(np.float32)
        yield "XGBoost custom_metric", lambda: m.xgboost(p32, dm)[1]
    except ImportError:
        yield "XGBoost custom_metric", None
    try:
        import catboost  # noqa: F401

        yield "CatBoost evaluate", lambda: m.catboost.evaluate([margin], y, None)[0]
    except ImportError:
        yield "CatBoost evaluate", None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    y, margin = make_data(args.n)
    prob = 1 / (1 + np.exp(-margin))
    print(f"n = {args.n}, cpus = {os.cpu_count()}, load average = {os.getloadavg()}")
    t_sk, v_sk = median_time(lambda: sklearn_best_f1(y, prob), 3)
    print(f"scikit-learn precision_recall_curve + argmax: {t_sk * 1e3:8.1f} ms  F1 {v_sk:.6f}")
    print(f"{'adapter':24s} {'threads':>8s} {'ms/eval':>9s} {'vs sklearn':>11s}  F1")
    for n_jobs in (None, 1):
        for name, fn in cases(y, margin, n_jobs):
            if fn is None:
                print(f"{name:24s} {'':8s} {'n/a':>9s}")
                continue
            t, v = median_time(fn, args.repeat)
            label = "default" if n_jobs is None else str(n_jobs)
            print(f"{name:24s} {label:>8s} {t * 1e3:9.1f} {t_sk / t:10.1f}x  {v:.6f}")


if __name__ == "__main__":
    main()
