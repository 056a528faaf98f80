"""C1 and C2 of BENCHMARKS.md: calibration and net benefit from an existing sweep.

    python benches/bench_calibration.py [--n1 10000000] [--n2 1000000] [--repeat 5]

C1: ``Sweep.calibration()`` (isotonic recalibration + Brier and log-loss
decompositions), n = 10^7, against scikit-learn's ``IsotonicRegression().fit``
on the same data; also the ratio with the sweep included.
C2: ``Sweep.net_benefit()`` at every distinct threshold, n = 10^6, against
``dcurves.dca`` on its 100 default thresholds.

The data are those of BENCHMARKS.md (prevalence 1 %, ``s = normal + 1.5 y``),
with the scores mapped to probabilities by ``1 / (1 + exp(-(s - 3)))`` (calibration
needs scores in [0, 1]). Medians of ``--repeat`` rounds after a warm-up (3 for
peers slower than a second), interleaved, in one process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

import imbcore as ic


def make_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    y = rng.random(n) < 0.01
    s = rng.normal(size=n) + 1.5 * y
    return y, 1.0 / (1.0 + np.exp(-(s - 3.0)))


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def compare(fns: dict, repeat: int) -> dict[str, float]:
    for f in fns.values():  # warm-up
        f()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for r in range(repeat):
        for k, f in fns.items():
            if r >= 3 and times[k] and times[k][0] > 1.0:
                continue
            times[k].append(timed(f))
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n1", type=int, default=10_000_000)
    ap.add_argument("--n2", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    print(f"load average before: {os.getloadavg()}")

    from sklearn.isotonic import IsotonicRegression

    y, p = make_data(a.n1)
    sw = ic.sweep(y, p)
    t = compare({
        "calibration": lambda: sw.calibration(),
        "sweep + calibration": lambda: ic.sweep(y, p).calibration(),
        "sklearn IsotonicRegression.fit": lambda: IsotonicRegression().fit(p, y),
        "np.sort": lambda: np.sort(p),
    }, a.repeat)
    peer = t["sklearn IsotonicRegression.fit"]
    print(f"C1 (n = {a.n1:,}, {len(sw):,} distinct scores)")
    for k, v in t.items():
        print(f"  {k:34s} {v:8.3f} s   ratio vs sklearn {peer / v:7.1f}x")

    import pandas as pd
    import dcurves

    y2, p2 = make_data(a.n2)
    sw2 = ic.sweep(y2, p2)
    df = pd.DataFrame({"y": y2.astype(int), "m": p2})
    t2 = compare({
        "net_benefit (every threshold)": lambda: sw2.net_benefit(),
        "dcurves.dca (100 thresholds)": lambda: dcurves.dca(data=df, outcome="y",
                                                            modelnames=["m"]),
    }, a.repeat)
    peer2 = t2["dcurves.dca (100 thresholds)"]
    nb = sw2.net_benefit()
    print(f"C2 (n = {a.n2:,}, {len(nb.thresholds):,} thresholds)")
    for k, v in t2.items():
        print(f"  {k:34s} {v:8.4f} s   ratio vs dcurves {peer2 / v:7.1f}x")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
