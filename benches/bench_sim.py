"""E1: one fit of the original study in the Rust engine against scikit-learn.

The original study's fit: ``make_classification(n_samples=10000, n_features=10,
n_informative=5, n_redundant=0, weights=(0.99,), n_clusters_per_class=2,
class_sep=s, flip_y=0)``, ``train_test_split`` (75/25), ``DecisionTreeClassifier()``
fitted with ``sample_weight = alpha`` for positives, F1 of ``predict`` on the
test part. The Rust engine runs the same fit (generate, split, weighted CART,
predict, sweep of the test scores, F1 and the other records) through
:func:`imbcore.study._rust.run_fits`.

Measured in one run, interleaved round by round (median of the per-round
ratios, so that a noisy machine hits both alike):

* the time per fit of scikit-learn and of the Rust engine on one thread, and
  their ratio (target: >= 30);
* the Rust engine on 2 threads against 1 (T1 target: >= 1.6);
* the time of the 225,000-fit study (15 class separations x 15 weights x 1000
  repetitions), extrapolated from a subset covering every cell on 2 threads
  (target: <= 10 minutes), or measured with ``--full``.

    python benches/bench_sim.py                 # a few minutes
    python benches/bench_sim.py --full          # also the whole study (minutes)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np

from imbcore.study._rust import run_fits

SEPS = np.linspace(0.05, 3, 15).round(2)
ALPHAS = np.logspace(0, 2.5, 15)


def sklearn_fit(sep: float, alpha: float, seed: int) -> float:
    from sklearn.datasets import make_classification
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    X, y = make_classification(n_samples=10000, n_features=10, n_informative=5,
                               n_redundant=0, weights=(0.99,), n_clusters_per_class=2,
                               class_sep=sep, flip_y=0, random_state=seed)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=seed)
    w = np.where(y_tr == 1, alpha, 1.0)
    clf = DecisionTreeClassifier(random_state=seed).fit(X_tr, y_tr, sample_weight=w)
    return float(f1_score(y_te, clf.predict(X_te), zero_division=0.0))


def fits(seps: np.ndarray, alphas: np.ndarray, seeds: np.ndarray) -> dict[str, np.ndarray]:
    return {"generator": "make_classification", "n_samples": 10000, "n_features": 10,
            "n_informative": 5, "n_redundant": 0, "n_clusters_per_class": 2,
            "separation": seps, "prevalence": 0.01, "flip_y": 0.0, "learner": "cart",
            "strategy": "weight", "alpha": alphas, "test_size": 0.25, "seed": seeds}


def grid(reps: int, seed0: int = 0) -> dict[str, np.ndarray]:
    s, a, r = np.meshgrid(SEPS, ALPHAS, np.arange(reps), indexing="ij")
    seeds = (seed0 + np.arange(s.size)).astype(np.uint64)
    return fits(s.ravel(), a.ravel(), seeds)


def timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def cpu_timed(f) -> float:
    """Process CPU time of ``f`` (all threads): on a machine shared with other
    work, wall-clock times depend on the load; the CPU time much less."""
    t = time.process_time()
    f()
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sk-fits", type=int, default=8, help="scikit-learn fits per round")
    ap.add_argument("--rust-fits", type=int, default=225, help="Rust fits per round")
    ap.add_argument("--grid-reps", type=int, default=4, help="repetitions per cell")
    ap.add_argument("--full", action="store_true", help="also run all 225,000 fits")
    args = ap.parse_args()

    import sklearn

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}; numpy {np.__version__}, "
          f"scikit-learn {sklearn.__version__}")
    rng = np.random.default_rng(0)
    # One cell of the grid per fit, drawn at random, so both sides time the same mix.
    cell = lambda k: (SEPS[rng.integers(0, 15, k)], ALPHAS[rng.integers(0, 15, k)])  # noqa: E731
    run_fits(fits(*cell(4), np.arange(4, dtype=np.uint64)), metrics=["f1"], n_jobs=1)
    sklearn_fit(1.0, 1.0, 0)  # warm-up (imports)
    sk, r1, r2, ratio, t1, cpu_ratio = [], [], [], [], [], []
    for rnd in range(args.rounds):
        s, a = cell(args.sk_fits)
        t_sk = timed(lambda: [sklearn_fit(float(x), float(y), rnd * 1000 + i)
                              for i, (x, y) in enumerate(zip(s, a))]) / args.sk_fits
        s, a = cell(args.rust_fits)
        batch = fits(s, a, (rnd * 100000 + np.arange(args.rust_fits)).astype(np.uint64))
        t_1 = timed(lambda: run_fits(batch, metrics=["f1"], n_jobs=1)) / args.rust_fits
        t_2 = timed(lambda: run_fits(batch, metrics=["f1"], n_jobs=2)) / args.rust_fits
        c_sk = cpu_timed(lambda: [sklearn_fit(float(x), float(y), rnd * 1000 + i)
                                  for i, (x, y) in enumerate(zip(s[:args.sk_fits],
                                                                 a[:args.sk_fits]))])
        c_1 = cpu_timed(lambda: run_fits(batch, metrics=["f1"], n_jobs=1))
        cpu_ratio.append((c_sk / args.sk_fits) / (c_1 / args.rust_fits))
        sk.append(t_sk)
        r1.append(t_1)
        r2.append(t_2)
        ratio.append(t_sk / t_1)
        t1.append(t_1 / t_2)
        print(f"round {rnd}: scikit-learn {t_sk * 1e3:.1f} ms/fit, Rust {t_1 * 1e3:.2f} ms/fit "
              f"(1 thread), {t_2 * 1e3:.2f} ms/fit (2 threads)")
    med = statistics.median
    print(f"\nE1 per fit: scikit-learn {med(sk) * 1e3:.1f} ms, Rust 1 thread {med(r1) * 1e3:.2f} ms "
          f"-> {med(ratio):.1f}x (target >= 30x)")
    print(f"E1 in CPU time per fit: {med(cpu_ratio):.1f}x")
    print(f"T1 Rust 2 threads vs 1: {med(t1):.2f}x (target >= 1.6x; needs 2 idle cores: "
          f"load average now {os.getloadavg()[0]:.1f})")

    g = grid(args.grid_reps, seed0=10**9)
    n = len(g["seed"])
    t = timed(lambda: run_fits(g, metrics=["f1"], n_jobs=2))
    est = t / n * 225_000
    print(f"\nGrid subset: {n} fits covering all 225 cells in {t:.1f} s on 2 threads "
          f"({t / n * 1e3:.2f} ms/fit); 225,000 fits extrapolated: {est / 60:.1f} min "
          "(target <= 10 min)")
    if args.full:
        g = grid(1000)
        done = [0]

        def progress(k: int) -> None:
            done[0] += k
            if done[0] % 25600 == 0:
                print(f"  {done[0]} fits", flush=True)

        t = timed(lambda: run_fits(g, metrics=["f1"], n_jobs=2, progress=progress))
        print(f"Full study: 225,000 fits in {t / 60:.1f} min on 2 threads")


if __name__ == "__main__":
    main()
