"""B2: ``ThresholdTuner(cv=5)`` against scikit-learn's ``TunedThresholdClassifierCV(cv=5)``.

Both tune the F1 threshold of the same estimator on the same five stratified
folds and refit on all data; the tuner takes every distinct out-of-fold score
as a candidate, scikit-learn a 100-point grid per fold (one ``f1_score`` call
per threshold and fold). The two run in turns, round after round (a warm-up
round first, on a tenth of the data), and the script prints the median times,
their ratio (target: the tuner >= 5x faster at n = 10^6) and, as a check that
the speed costs nothing, the pooled out-of-fold F1 of both thresholds,
computed apart with ``cross_val_predict`` and ``sklearn.metrics.f1_score``
(target: the tuner's never lower).

    python benches/bench_tuner.py                       # n = 10^6, every estimator
    python benches/bench_tuner.py --n 200000 --rounds 1 --estimator gnb

Three estimators: ``gnb`` (Gaussian naive Bayes: fitting is cheap, so threshold
scoring dominates), ``logreg`` (logistic regression, whose six fits both pay
alike and dominate both times) and ``frozen`` (a Gaussian naive Bayes fitted
once and wrapped in scikit-learn's ``FrozenEstimator``: no fitting at all, so
the times are those of scoring the folds and tuning the threshold alone).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

import numpy as np


def make_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Imbalanced binary data (prevalence near 2 %), 10 features."""
    from sklearn.datasets import make_classification

    return make_classification(n_samples=n, n_features=10, n_informative=5,
                               weights=[0.98], flip_y=0.01, class_sep=0.7,
                               random_state=seed)


def estimator(name: str, X: np.ndarray, y: np.ndarray) -> Any:
    if name in ("gnb", "frozen"):
        from sklearn.naive_bayes import GaussianNB

        if name == "frozen":
            from sklearn.frozen import FrozenEstimator

            return FrozenEstimator(GaussianNB().fit(X, y))
        return GaussianNB()
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression()


def run(name: str, X: np.ndarray, y: np.ndarray, rounds: int) -> list[str]:
    from sklearn.base import clone
    from sklearn.metrics import f1_score
    from sklearn.model_selection import (
        StratifiedKFold,
        TunedThresholdClassifierCV,
        cross_val_predict,
    )

    import imbcore as ic

    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    est = estimator(name, X, y)
    makers = {
        "imbcore": lambda: ic.ThresholdTuner(clone(est), metric="f1", cv=cv),
        "sklearn": lambda: TunedThresholdClassifierCV(clone(est), scoring="f1", cv=cv,
                                                      thresholds=100),
    }
    small = slice(0, max(1000, X.shape[0] // 10))
    for make in makers.values():  # warm-up
        make().fit(X[small], y[small])
    times: dict[str, list[float]] = {k: [] for k in makers}
    fitted: dict[str, Any] = {}
    for _ in range(rounds):
        for k, make in makers.items():
            model = make()
            t0 = time.perf_counter()
            model.fit(X, y)
            times[k].append(time.perf_counter() - t0)
            fitted[k] = model
    oof = cross_val_predict(clone(est), X, y, cv=cv, method="predict_proba")[:, 1]
    f1 = {k: f1_score(y, oof >= m.best_threshold_) for k, m in fitted.items()}
    ti, ts = statistics.median(times["imbcore"]), statistics.median(times["sklearn"])
    ratio = ts / ti
    verdict = "meets" if ratio >= 5 else "misses"
    worse = "never worse" if f1["imbcore"] >= f1["sklearn"] - 1e-12 else "WORSE"
    return [
        f"B2 [{name}] ThresholdTuner(cv=5) {ti:.2f} s, TunedThresholdClassifierCV(cv=5) "
        f"{ts:.2f} s (medians of {rounds}): {ratio:.1f}x faster ({verdict} the 5x target)",
        f"   pooled out-of-fold F1: tuner {f1['imbcore']:.6f} at {fitted['imbcore'].best_threshold_:.6f}"
        f", sklearn {f1['sklearn']:.6f} at {fitted['sklearn'].best_threshold_:.6f} ({worse}); "
        f"tuner threshold_std_ {fitted['imbcore'].threshold_std_:.4f}",
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3,
                    help="timed rounds (the peer takes tens of seconds per round)")
    ap.add_argument("--estimator", choices=["gnb", "logreg", "frozen", "all"],
                    default="all")
    args = ap.parse_args()
    import sklearn

    import imbcore

    print(f"n = {args.n}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"imbcore {imbcore.__version__}, scikit-learn {sklearn.__version__}")
    X, y = make_data(args.n)
    names = ["gnb", "frozen", "logreg"] if args.estimator == "all" else [args.estimator]
    for name in names:
        for line in run(name, X, y, args.rounds):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
