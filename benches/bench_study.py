"""Study engines (issue 11, section 6 and BENCHMARKS.md E1/T1), measured in one run.

* The estimator engine with 2 workers against 1 (target >= 1.8x): the same
  slice of the ``original`` preset (make_classification, 10^4 samples, a fully
  grown CART weighted by alpha, F1), timed alternately with ``n_jobs=1`` and
  ``n_jobs=2`` (loky, workers warmed up), median of ``--rounds`` rounds.
  The per-fit time of the plain scikit-learn pipeline of the original analysis
  (``make_classification``, ``train_test_split``, ``DecisionTreeClassifier``,
  ``f1_score``) is given for context.
* When the Rust engine is built in: the ``original`` preset at ``--reps``
  repetitions (15 x 15 cells), timed whole and extrapolated to 1000
  repetitions (225,000 fits), and its time per fit against the scikit-learn
  pipeline's (target >= 30x).

    python benches/bench_study.py                 # fits per round: 48; rounds: 3
    python benches/bench_study.py --fits 96 --rounds 5 --reps 4
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np


def sklearn_pipeline_fit(sep: float, alpha: float, seed: int) -> float:
    """One fit of the original analysis, as it was written (scikit-learn only)."""
    from sklearn.datasets import make_classification
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    X, y = make_classification(n_samples=10000, n_features=10, n_informative=5, n_redundant=0,
                               weights=(0.99,), n_clusters_per_class=2, class_sep=sep,
                               flip_y=0, random_state=seed)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=seed)
    tree = DecisionTreeClassifier(random_state=seed)
    tree.fit(Xtr, ytr, sample_weight=np.where(ytr == 1, alpha, 1.0))
    return float(f1_score(yte, tree.predict(Xte), zero_division=0.0))


def _timed_chunk(design, entropy, index):
    """One chunk of the estimator engine, and the CPU time of the process that ran it."""
    from imbcore.study.estimator import run_chunk

    c = time.process_time()
    run_chunk(design, entropy, index)
    return os.getpid(), time.process_time() - c


def original_slice(fits: int, engine: str):
    """A slice of the original preset with about ``fits`` fits: 4 separations x 3 alphas."""
    from imbcore.study import Study

    reps = max(1, fits // 12)
    return Study(engine=engine, generator="make_classification", separation=[0.5, 1.0, 2.0, 3.0],
                 alpha=[1.0, 10.0, 100.0], prevalence=0.01, learner="cart", strategy="weight",
                 reps=reps, n_samples=10_000, n_features=10, n_informative=5,
                 n_clusters_per_class=2, random_state=0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fits", type=int, default=48, help="fits per timed round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=2,
                    help="repetitions of the Rust engine's original preset run")
    args = ap.parse_args()
    import joblib

    print(f"machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}")
    # the plain scikit-learn pipeline, for context (and the Rust engine's peer)
    sklearn_pipeline_fit(1.0, 1.0, 0)  # warm-up: imports
    t, c = time.perf_counter(), time.process_time()
    k = 12
    for i in range(k):
        sklearn_pipeline_fit([0.5, 1.0, 2.0, 3.0][i % 4], [1.0, 10.0, 100.0][i % 3], i)
    sk_per_fit = (time.perf_counter() - t) / k
    sk_cpu = (time.process_time() - c) / k
    print(f"scikit-learn pipeline of the original analysis: {sk_per_fit * 1e3:.1f} ms per fit "
          f"({sk_cpu * 1e3:.1f} ms CPU)")

    study = original_slice(args.fits, "estimator")
    with joblib.parallel_config(backend="loky"):
        study.run(n_jobs=2, chunk_size=1)  # warm-up: start the workers, import scikit-learn
        one, two = [], []
        for _ in range(args.rounds):
            for n_jobs, times in ((1, one), (2, two)):
                t = time.perf_counter()
                study.run(n_jobs=n_jobs)
                times.append(time.perf_counter() - t)
    t1, t2 = statistics.median(one), statistics.median(two)
    print(f"estimator engine, {study.n_fits} fits: 1 worker {t1:.2f} s "
          f"({t1 / study.n_fits * 1e3:.1f} ms per fit), 2 workers {t2:.2f} s: "
          f"speed-up {t1 / t2:.2f}x (target >= 1.8x); best rounds {min(one) / min(two):.2f}x; "
          f"load {os.getloadavg()[0]:.2f}")

    # A shared machine gives the second worker only what others leave: the CPU time each
    # worker spends tells what an idle machine would do (the busier worker's total is the
    # wall time of the 2-worker run there; the sequential run's CPU time is the 1-worker one)
    from joblib import Parallel, delayed

    from imbcore.study.design import root_entropy

    entropy = root_entropy(0)
    index = np.arange(study.n_fits)
    size = max(1, study.n_fits // 32)
    chunks = [index[i:i + size] for i in range(0, index.size, size)]
    c = time.process_time()
    for ch in chunks:
        _timed_chunk(study.design, entropy, ch)
    cpu1 = time.process_time() - c
    with joblib.parallel_config(backend="loky"):
        done = Parallel(n_jobs=2)(delayed(_timed_chunk)(study.design, entropy, ch)
                                  for ch in chunks)
    per_worker: dict[int, float] = {}
    for pid, cpu in done:
        per_worker[pid] = per_worker.get(pid, 0.0) + cpu
    busiest = max(per_worker.values())
    print(f"  CPU time: 1 worker {cpu1:.2f} s; 2 workers {sum(per_worker.values()):.2f} s in "
          f"all, {busiest:.2f} s on the busier: idle-machine speed-up {cpu1 / busiest:.2f}x "
          f"({len(per_worker)} worker processes)")

    try:
        from imbcore.study import _rust  # noqa: F401
    except ImportError:
        print("Rust engine: not built in this version (imbcore.study._rust missing)")
        return
    from imbcore.study.presets import preset
    from imbcore.study import Study

    spec = preset("original").parts["results"]("rust")
    rust = Study(**spec, reps=args.reps, engine="rust", random_state=0)
    rust.run(chunk_size=1000) if args.reps > 1 else None  # warm-up
    t, c = time.perf_counter(), time.process_time()
    rust.run(chunk_size=max(1000, rust.n_fits))
    tr, cpu = time.perf_counter() - t, time.process_time() - c
    per_fit = tr / rust.n_fits
    threads = os.cpu_count() or 1
    print(f"Rust engine, original preset at {args.reps} reps ({rust.n_fits:,} fits): "
          f"{tr:.2f} s, {per_fit * 1e3:.2f} ms per fit on {threads} threads; "
          f"225,000 fits extrapolated: {per_fit * 225_000 / 60:.1f} min (target <= 10 min)")
    # on a shared machine the wall time includes other people's work; the CPU time of
    # this process (every thread) over the cores is what an idle machine would take
    print(f"  CPU time {cpu / rust.n_fits * 1e3:.2f} ms per fit: 225,000 fits on {threads} idle "
          f"cores: {cpu / rust.n_fits * 225_000 / threads / 60:.1f} min; scikit-learn pipeline "
          f"CPU per fit / Rust CPU per fit: {sk_cpu / (cpu / rust.n_fits):.0f}x")
    print(f"Rust engine per fit (all threads) against the scikit-learn pipeline (one core): "
          f"{sk_per_fit / per_fit:.0f}x; per core: {sk_per_fit / (per_fit * threads):.0f}x "
          "(target >= 30x per fit)")


if __name__ == "__main__":
    main()
