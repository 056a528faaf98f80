"""MC1 and MC2: multiclass per-class curves and the best decision rule.

MC1: ``sweep_multiclass`` + every per-class sweep + one-vs-rest ROC-AUC, K = 10,
n = 10^6, against a loop of scikit-learn's ``precision_recall_curve`` and
``roc_auc_score`` over the classes (target: >= 20x faster).

MC2: ``best("macro_f1", n_starts=4)`` on the same data (target: <= 3 s on a quiet
2-core machine), against ``optimal-classification-cutoffs`` (its coordinate
ascent for macro-F1, rule ``argmax_j (p_j - tau_j)``, i.e. imbcore's offsets
rule) when it is installed: >= 10x faster and never a worse value. Both
values are recomputed with scikit-learn's ``f1_score`` on each one's predictions.

Times are medians of ``--repeat`` runs after a warm-up (3 for the slow peers),
measured in turns in this one process; the load average is printed beside them.

    python benches/bench_multiclass.py                 # n = 10^6, K = 10
    python benches/bench_multiclass.py --n 200000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np


def make_data(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Imbalanced K-class labels (priors falling geometrically) and softmax scores."""
    rng = np.random.default_rng(seed)
    priors = 0.6 ** np.arange(k)
    priors /= priors.sum()
    y = rng.choice(k, size=n, p=priors)
    z = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[y]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return y, e / e.sum(axis=1, keepdims=True)


def median_time(fn, repeat: int) -> tuple[float, object]:
    out = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import sklearn.metrics as skm

    import imbcore

    y, P = make_data(args.n, args.k)
    print(f"n = {args.n}, K = {args.k}, {imbcore._core.num_threads()} threads, "
          f"load average {os.getloadavg()[0]:.2f}")

    def ours_curves():
        ms = imbcore.sweep_multiclass(y, P)
        return [s.tp.size for s in ms.sweeps], ms.roc_auc(None)

    def peer_curves():
        aucs = []
        for c in range(args.k):
            skm.precision_recall_curve(y == c, P[:, c])
            aucs.append(skm.roc_auc_score(y == c, P[:, c]))
        return np.array(aucs)

    t_ours, (_, auc_ours) = median_time(ours_curves, args.repeat)
    t_peer, auc_peer = median_time(peer_curves, max(3, args.repeat // 2))
    assert np.allclose(auc_ours, auc_peer, rtol=1e-12)
    print(f"MC1 per-class curves + AUC: imbcore {t_ours:.3f} s, sklearn loop {t_peer:.3f} s, "
          f"ratio {t_peer / t_ours:.1f}x (target >= 20x); load {os.getloadavg()[0]:.2f}")

    ms = imbcore.sweep_multiclass(y, P)
    t_best, d = median_time(lambda: ms.best("macro_f1", n_starts=4, random_state=0),
                            args.repeat)
    t_off, d_off = median_time(
        lambda: ms.best("macro_f1", rule="offsets", n_starts=4, random_state=0), args.repeat)
    labels = np.arange(args.k)
    f1 = skm.f1_score(y, d.predict(P), average="macro", labels=labels)
    f1_off = skm.f1_score(y, d_off.predict(P), average="macro", labels=labels)
    f1_argmax = skm.f1_score(y, P.argmax(axis=1), average="macro", labels=labels)
    print(f"MC2 best(macro_f1, 4 starts): weights {t_best:.2f} s (macro-F1 {f1:.5f}), "
          f"offsets {t_off:.2f} s (macro-F1 {f1_off:.5f}); argmax {f1_argmax:.5f}; "
          f"target <= 3 s; load {os.getloadavg()[0]:.2f}")
    try:
        import optimal_cutoffs as oc
    except ImportError:
        print("MC2 peer: optimal-classification-cutoffs is not installed")
        return
    t_oc, res = median_time(lambda: oc.get_optimal_multiclass_thresholds(
        y, P, metric="f1", method="coord_ascent"), max(3, args.repeat // 2))
    f1_oc = skm.f1_score(y, res.predict(P), average="macro", labels=labels)
    print(f"MC2 peer optimal-classification-cutoffs coord_ascent: {t_oc:.2f} s "
          f"(macro-F1 {f1_oc:.5f}); ratio offsets {t_oc / t_off:.1f}x, weights "
          f"{t_oc / t_best:.1f}x (target >= 10x); load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
