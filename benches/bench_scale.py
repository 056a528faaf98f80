"""D1 and D2: exact sweeps at any scale (see ../shared BENCHMARKS.md).

D1: ``sweep_dataset`` over Parquet files (float32 score, bool label, files in
the page cache) with ``memory_limit="1GB"`` and ``"256MB"``, against the
in-memory path (pyarrow reads the two columns, then ``imbcore.sweep``), and
the time pyarrow alone needs to read the columns. Each case runs in a fresh
process, which reports its time and its peak resident memory (``VmHWM``).

D2: ``sweep_dask`` on a ``LocalCluster`` of 2 worker processes against 1,
same data, same process for both.

Run::

    python benches/bench_scale.py d1 --n 200000000 --dir /tmp/d1
    python benches/bench_scale.py d2 --n 20000000 --dir /tmp/d2
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time

import numpy as np

_HWM = textwrap.dedent("""
    def hwm():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM"):
                return int(line.split()[1]) * 1024
""")


def make_parquet(folder: str, n: int, parts: int = 20) -> None:
    """BENCHMARKS.md's data (prevalence 1 %, scores normal + 1.5 y), float32."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    os.makedirs(folder, exist_ok=True)
    if len([f for f in os.listdir(folder) if f.endswith(".parquet")]) == parts:
        return
    rng = np.random.default_rng(0)
    for k in range(parts):
        m = n // parts + (1 if k < n % parts else 0)
        y = rng.random(m) < 0.01
        s = (rng.normal(size=m) + 1.5 * y).astype(np.float32)
        pq.write_table(pa.table({"y": y, "p": s}), os.path.join(folder, f"part-{k:03d}.parquet"),
                       row_group_size=1 << 20)


def cat(folder: str) -> None:
    """Reads every file once, so that they are in the page cache."""
    for f in sorted(os.listdir(folder)):
        with open(os.path.join(folder, f), "rb") as fh:
            while fh.read(1 << 24):
                pass


CASES = {
    "pyarrow read": """
        import pyarrow.dataset as ds
        t = ds.dataset(FOLDER).to_table(columns=["y", "p"])
        y, s = t["y"].to_numpy(), t["p"].to_numpy()
        out = len(s)
    """,
    "in memory (pyarrow + imbcore.sweep)": """
        import pyarrow.dataset as ds, imbcore
        t = ds.dataset(FOLDER).to_table(columns=["y", "p"])
        y, s = t["y"].to_numpy(), t["p"].to_numpy()
        del t
        sw = imbcore.sweep(y, s)
        out = (sw.roc_auc, sw.best("f1").threshold.item())
    """,
    "sweep_dataset 1GB": """
        import imbcore
        r = imbcore.sweep_dataset(FOLDER, label="y", score="p", memory_limit="1GB",
                                  progress=False, metrics=["f1"])
        out = (r.roc_auc, r.best("f1").threshold.item(), r.groups)
    """,
    "sweep_dataset 256MB": """
        import imbcore
        r = imbcore.sweep_dataset(FOLDER, label="y", score="p", memory_limit="256MB",
                                  progress=False, metrics=["f1"])
        out = (r.roc_auc, r.best("f1").threshold.item(), r.groups)
    """,
}


def run_case(name: str, folder: str) -> dict:
    body = textwrap.dedent(CASES[name]).replace("FOLDER", repr(folder))
    code = (_HWM + "import time, json\nt0 = time.perf_counter()\n" + body
            + "\nprint(json.dumps({'s': time.perf_counter() - t0, 'hwm': hwm(), "
              "'out': out}))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if p.returncode:
        return {"error": p.stderr.strip().splitlines()[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def d1(args: argparse.Namespace) -> None:
    make_parquet(args.dir, args.n)
    cat(args.dir)
    print(f"D1: n = {args.n:,} rows in {args.dir}; load average {os.getloadavg()}")
    results: dict[str, list[dict]] = {k: [] for k in CASES}
    for _ in range(args.reps):
        for name in CASES:
            results[name].append(run_case(name, args.dir))
    base = None
    for name, rs in results.items():
        if any("error" in r for r in rs):
            print(f"  {name:38s} failed: {[r.get('error') for r in rs]}")
            continue
        t = statistics.median(r["s"] for r in rs)
        peak = max(r["hwm"] for r in rs) / 2**30
        if name.startswith("in memory"):
            base = t
        ratio = f"{t / base:.2f}x the in-memory time" if base and name.startswith("sweep") \
            else ""
        print(f"  {name:38s} {t:7.2f} s  peak RSS {peak:.2f} GiB  {ratio}  {rs[0]['out']}")
    print(f"  load average after: {os.getloadavg()}")


def d2(args: argparse.Namespace) -> None:
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    import imbcore

    make_parquet(args.dir, args.n)
    cat(args.dir)
    print(f"D2: n = {args.n:,} rows; load average {os.getloadavg()}")
    times: dict[int, list[float]] = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, memory_limit="4GiB") as cluster, \
                Client(cluster):
            frame = dd.read_parquet(args.dir, columns=["y", "p"])
            imbcore.sweep_dask(frame, label="y", score="p", metrics=["f1"])  # warm-up
            times[workers] = []
            for _ in range(args.reps):
                t0 = time.perf_counter()
                r = imbcore.sweep_dask(frame, label="y", score="p", metrics=["f1"],
                                       memory_limit="256MB")
                times[workers].append(time.perf_counter() - t0)
            print(f"  {workers} worker(s): {statistics.median(times[workers]):.2f} s "
                  f"(AUC {r.roc_auc:.6f}, {r.groups} groups)")
    print(f"  2 workers against 1: {statistics.median(times[1]) / statistics.median(times[2]):.2f}x"
          f"; load average after {os.getloadavg()}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("which", choices=["d1", "d2"])
    ap.add_argument("--n", type=int, default=200_000_000)
    ap.add_argument("--dir", default="/tmp/imbcore-bench-scale")
    ap.add_argument("--reps", type=int, default=1)
    a = ap.parse_args()
    d1(a) if a.which == "d1" else d2(a)
