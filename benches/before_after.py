"""S1-S3 and M1 for two builds of imbcore, measured in one run.

Each build is a Python interpreter with its own imbcore installed (a virtual
environment). The builds take turns, round after round, each round a fresh
process that loads the same data from ``.npy`` files, warms up, then times
every scenario once (and ``np.sort`` for context); the table gives medians
and the median of the per-round ratios, so that drifts of a noisy machine hit
both builds alike. M1 (extra peak memory of S1) is measured in fresh
processes as ``report.py`` does.

    python benches/before_after.py --build before=/path/to/venv/bin/python \\
        --build after=python --n 10000000 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import _MEMORY_CHILD, make_data  # noqa: E402

CHILD = r"""
import gc, json, sys, time
import numpy as np
import imbcore as ic
d = sys.argv[1]
y = np.load(d + "/y.npy"); s = np.load(d + "/s.npy"); w = np.load(d + "/w.npy")
s32 = s.astype(np.float32)
cases = {
    "S1 sweep + best F1, float64": lambda: ic.sweep(y, s).best("f1"),
    "S2 same, float32 scores": lambda: ic.sweep(y, s32).best("f1"),
    "S3 same, weighted": lambda: ic.sweep(y, s, sample_weight=w).best("f1"),
    "np.sort float64": lambda: np.sort(s),
}
for f in cases.values():
    f()  # warm-up
out = {}
for name, f in cases.items():
    gc.collect()
    t = time.perf_counter(); f(); out[name] = time.perf_counter() - t
print(json.dumps(out))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", action="append", required=True,
                    help="NAME=PYTHON, two or more, the first is the baseline")
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--m1-n", type=int, default=None,
                    help="samples for M1 (default --n); the issue's bound is at 4e8 float32")
    ap.add_argument("--m1-dtype", default="float64", choices=["float32", "float64"])
    ap.add_argument("--m1-only", action="store_true", help="skip the timings")
    args = ap.parse_args()
    builds = dict(b.split("=", 1) for b in args.build)
    names = list(builds)
    if not args.m1_only:
        timings(args, builds, names)
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_="131072")
    m1_n = args.m1_n or args.n
    for b in names:
        out = subprocess.run([builds[b], "-c", _MEMORY_CHILD, str(m1_n), "imbcore", args.m1_dtype],
                             env=env, capture_output=True, text=True, check=True)
        m = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"M1 {b}, n = {m1_n} {args.m1_dtype}: extra peak {m['extra'] / 1e6:.0f} MB for "
              f"{m['input'] / 1e6:.0f} MB of input = {m['extra'] / m['input']:.2f} x ({m['how']})")
    return 0


def timings(args: argparse.Namespace, builds: dict[str, str], names: list[str]) -> None:
    y, s, w = make_data(args.n)
    times: dict[str, dict[str, list[float]]] = {b: {} for b in builds}
    with tempfile.TemporaryDirectory() as d:
        for k, v in {"y": y, "s": s, "w": w}.items():
            np.save(f"{d}/{k}.npy", v)
        del y, s, w
        for r in range(args.rounds):
            for b in (names if r % 2 == 0 else names[::-1]):
                out = subprocess.run([builds[b], "-c", CHILD, d], capture_output=True,
                                     text=True, check=True)
                for k, t in json.loads(out.stdout.strip().splitlines()[-1]).items():
                    times[b].setdefault(k, []).append(t)
    base = names[0]
    print(f"n = {args.n}, {args.rounds} rounds, builds taking turns; median seconds")
    print(f"{'scenario':32s}" + "".join(f"{b:>10s}" for b in names)
          + "".join(f"{b + '/' + base:>16s}" for b in names[1:]))
    for k in times[base]:
        row = f"{k:32s}" + "".join(f"{statistics.median(times[b][k]):10.3f}" for b in names)
        for b in names[1:]:
            ratios = [x / y for x, y in zip(times[b][k], times[base][k])]
            row += f"{statistics.median(ratios):16.3f}"
        print(row)


if __name__ == "__main__":
    raise SystemExit(main())
