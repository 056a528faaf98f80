"""B1 of BENCHMARKS.md: 1000 Poisson bootstrap replicates of best F1 + ROC-AUC at n = 10^6.

    python benches/bench_bootstrap.py [--n 1000000] [--replicates 1000]
                                      [--peer-replicates 20] [--repeat 3]

Times ``imbcore.bootstrap(y, s, metrics=["f1"], n_resamples=B)`` (best F1
in-bag and out-of-bag, ROC-AUC and AP per replicate) on 2 threads and on 1,
against the loop a user would write otherwise: per replicate a NumPy
resample, ``sklearn.metrics.precision_recall_curve``, the argmax of F1 and
``roc_auc_score``, timed on ``--peer-replicates`` replicates and scaled to B.
Prints the ratio, the cost per sample-replicate and the 2-vs-1-thread speed-up
(T1), all measured in this run (medians of ``--repeat`` runs after a warm-up).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

import imbcore


def make_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The data of BENCHMARKS.md."""
    rng = np.random.default_rng(0)
    y = rng.random(n) < 0.01
    s = rng.normal(size=n) + 1.5 * y
    return y, s


def peer_loop(y: np.ndarray, s: np.ndarray, replicates: int) -> list[float]:
    """numpy resample + scikit-learn PR curve + argmax F1 + roc_auc_score, per replicate."""
    from sklearn.metrics import precision_recall_curve, roc_auc_score

    rng = np.random.default_rng(1)
    n = y.size
    out = []
    for _ in range(replicates):
        i = rng.integers(0, n, n)
        yy, ss = y[i], s[i]
        p, r, t = precision_recall_curve(yy, ss)
        with np.errstate(invalid="ignore", divide="ignore"):
            f1 = np.where(p + r > 0, 2 * p * r / (p + r), 0.0)[:-1]
        k = int(np.argmax(f1))
        roc_auc_score(yy, ss)
        out.append(float(f1[k]))
    return out


def median_time(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--replicates", type=int, default=1000)
    ap.add_argument("--peer-replicates", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    y, s = make_data(args.n)
    b = args.replicates

    def ours(n_jobs: int):
        return lambda: imbcore.bootstrap(y, s, metrics=["f1"], n_resamples=b, random_state=0,
                                         n_jobs=n_jobs)

    t2 = median_time(ours(2), args.repeat)
    t1 = median_time(ours(1), max(1, args.repeat - 2))
    c = time.process_time()
    r = ours(2)()
    cpu = time.process_time() - c
    t = time.perf_counter()
    vals = peer_loop(y, s, args.peer_replicates)
    t_peer = time.perf_counter() - t
    peer_scaled = t_peer * b / args.peer_replicates
    ns = t2 / (b * args.n) * 1e9
    print(f"machine: {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"B1: {b} Poisson replicates of best F1 + ROC-AUC (+ AP, out-of-bag), n = {args.n:,}")
    print(f"  imbcore, 2 threads : {t2:8.3f} s  ({ns:.2f} ns per sample-replicate; "
          "target <= 3)")
    print(f"  imbcore, CPU time  : {cpu / (b * args.n) * 1e9:8.2f} ns per sample-replicate summed "
          "over threads (half of it is the 2-thread figure on an idle machine)")
    print(f"  imbcore, 1 thread  : {t1:8.3f} s  (T1: 2 threads {t1 / t2:.2f}x faster; "
          "target >= 1.6)")
    print(f"  peer loop          : {peer_scaled:8.3f} s  (numpy resample + sklearn PR curve + "
          f"argmax + roc_auc_score, {args.peer_replicates} replicates timed, scaled to {b})")
    print(f"  ratio              : {peer_scaled / t2:8.1f} x  (target >= 100)")
    lo, hi = r.interval("value")
    print(f"  check: best F1 95% interval [{lo:.4f}, {hi:.4f}]; peer's replicates "
          f"mean {np.mean(vals):.4f}")


if __name__ == "__main__":
    main()
