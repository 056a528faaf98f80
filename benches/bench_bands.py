"""BD of BENCHMARKS.md: the bands of ``metric_vs_threshold(ci=0.95)``, 200 replicates, n = 10^6.

    python benches/bench_bands.py [--n 1000000] [--replicates 200]
                                  [--peer-replicates 20] [--repeat 3]

Times ``imbcore.bootstrap.metric_bands`` (five metrics at the 400 thresholds
the figure draws its band at: the scores sorted once, then one core pass per
replicate) against the loop it replaces: per replicate the core's Poisson
counts, a full weighted ``imbcore.sweep`` (a sort) and the metrics read at the
thresholds, timed on ``--peer-replicates`` replicates and scaled to
``--replicates``. Both run in this process, interleaved, medians of
``--repeat`` rounds after a warm-up. Also checks that the two give the same
bands where every replicate defines the metric (the loop scored undefined
values as 0; the new bands leave them out).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

import imbcore
from imbcore import _core
from imbcore.bootstrap import _seed, metric_bands

METRICS = ["f1", "mcc", "balanced_accuracy", "precision", "recall"]


def make_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The data of BENCHMARKS.md."""
    rng = np.random.default_rng(0)
    y = rng.random(n) < 0.01
    s = rng.normal(size=n) + 1.5 * y
    return y, s


def loop_bands(data, metrics, t, ci, replicates, seed):
    """The previous implementation: one weighted sweep (a sort) per replicate."""
    values = {m: np.full((replicates, t.size), np.nan) for m in metrics}
    for r in range(replicates):
        w = _core.bootstrap_counts(data.labels, r, "poisson", False, seed).astype(np.float64)
        s = imbcore.sweep(data.labels, data.scores, sample_weight=w)
        tp, fp, fn, tn = (np.asarray(x, dtype=np.float64) for x in s.at(t))
        for m in metrics:
            values[m][r] = _core.evaluate(m, tp, fp, fn, tn)
    return {m: np.nanquantile(v, [(1 - ci) / 2, (1 + ci) / 2], axis=0)
            for m, v in values.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--peer-replicates", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    y, s = make_data(args.n)
    data = imbcore.Samples(y, s)
    x = np.asarray(imbcore.sweep(y, s).thresholds)
    at = np.unique(np.linspace(0, len(x) - 1, 400).round().astype(np.intp))
    t = x[at]
    b, pb = args.replicates, args.peer_replicates

    def ours():
        return metric_bands(data, METRICS, t, ci=0.95, n_resamples=b, random_state=0)

    def peer():
        return loop_bands(data, METRICS, t, 0.95, pb, _seed(0))

    ours(), peer()  # warm-up
    t_ours, t_peer = [], []
    for _ in range(args.repeat):
        c = time.perf_counter()
        ours()
        t_ours.append(time.perf_counter() - c)
        c = time.perf_counter()
        peer()
        t_peer.append(time.perf_counter() - c)
    t_o = statistics.median(t_ours)
    t_p = statistics.median(t_peer) * b / pb
    print(f"machine: {os.cpu_count()} cores, load average "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"BD: bands of {len(METRICS)} metrics at {t.size} thresholds, {b} Poisson "
          f"replicates, n = {args.n:,}")
    print(f"  imbcore, one core pass per replicate : {t_o:8.3f} s")
    print(f"  loop of weighted sweeps (previous)   : {t_p:8.3f} s  ({pb} replicates timed, "
          f"scaled to {b})")
    print(f"  ratio                                : {t_p / t_o:8.1f} x  (target >= 20)")
    # the same replicates give the same bands where no replicate leaves a metric undefined
    new = metric_bands(data, METRICS, t, ci=0.95, n_resamples=pb, random_state=0)
    old = peer()
    worst = max(float(np.nanmax(np.abs(new[m] - old[m]))) for m in ("f1", "balanced_accuracy",
                                                                       "recall"))
    print(f"  check: largest difference from the loop on F1, balanced accuracy, recall "
          f"({pb} replicates): {worst:.2e}")


if __name__ == "__main__":
    main()
