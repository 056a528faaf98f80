"""Nothing a user sends crashes the process: arrays written by another thread
during a call, allocations the machine refuses, costs that overflow."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import imbcore as ic


def _check_is_a_sweep(s: ic.Sweep, n: int) -> None:
    t = s.thresholds
    assert np.isfinite(t).all() and (np.diff(t) < 0).all()
    assert (np.diff(s.tp) >= 0).all() and (np.diff(s.fp) >= 0).all()
    assert ((np.diff(s.tp) + np.diff(s.fp)) > 0).all()
    assert s.tp[-1] == s.n_pos and s.fp[-1] == s.n_neg
    if not s.weighted:
        assert s.n_pos + s.n_neg == n


@pytest.mark.parametrize("what", ["scores", "nan", "labels", "weights"])
def test_a_thread_writing_into_the_input_gets_a_sweep_or_a_clear_error(what):
    rng = np.random.default_rng(0)
    n = 4_000_000
    y = rng.random(n) < 0.1
    s = rng.normal(size=n)
    w = rng.uniform(0.5, 2, n) if what == "weights" else None
    stop = threading.Event()

    def write():
        r = np.random.default_rng(1)
        while not stop.is_set():
            i = r.integers(0, n, 2000)
            if what == "scores":
                s[i] = 1e300
            elif what == "nan":
                s[i] = np.nan
            elif what == "labels":
                y[i] = ~y[i]
            else:
                w[i] = 0.0  # type: ignore[index]

    outcomes = set()
    writer = threading.Thread(target=write)
    writer.start()
    try:
        for _ in range(6):
            try:
                got = ic.sweep(y, s, sample_weight=w)
            except ic.ImbcoreError as e:
                # refused before the work (NaN seen by the first check) or
                # found changed during it: either way, a clear error
                assert "y_score" in str(e) or "sample_weight" in str(e), e
                outcomes.add("error")
            except BaseException as e:  # a Rust panic would land here
                pytest.fail(f"{type(e).__name__}: {e}")
            else:
                _check_is_a_sweep(got, n)
                outcomes.add("sweep")
    finally:
        stop.set()
        writer.join()
    assert outcomes


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=300)


def test_memory_the_machine_refuses_is_a_memory_error_not_an_abort():
    # The reproducer of the issue: a sweep needing more memory than the
    # process may have exits with 134 (abort) unless allocation is fallible.
    r = _run("""
        import resource, numpy as np, imbcore as ic
        n = 10**8
        y = np.arange(n) % 7 == 0
        s = np.arange(n, dtype=float)
        used = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (used + 600 * 2**20, resource.RLIM_INFINITY))
        try:
            ic.sweep(y, s)
        except MemoryError as e:
            print("MemoryError:", e)
        else:
            print("no error")
    """)
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])
    assert "MemoryError" in r.stdout and "bytes" in r.stdout, r.stdout


def test_a_cost_that_overflows_is_reported_as_inf():
    y = [1, 0, 1, 0, 1, 0]
    s = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]  # every threshold makes at least 2 errors
    sw = ic.sweep(y, s)
    big = sw.best("cost(c_fp=1e308, c_fn=1e308)")
    small = sw.best("cost(c_fp=1, c_fn=1)")
    # the best threshold does not depend on the scale of the costs
    assert big.index == small.index and big.value == float("inf")
    assert np.isinf(sw.metric("cost(c_fp=1e308, c_fn=1e308)")).all()
    assert big.metric == "cost(c_fp=1e+308, c_fn=1e+308)"
    assert ic.canonical_name(big.metric) == big.metric


def test_best_all_to_frame_and_prevalence():
    pd = pytest.importorskip("pandas")
    y = [0, 0, 1, 1, 0, 1]
    s = [0.1, 0.4, 0.35, 0.8, 0.7, 0.9]
    sw = ic.sweep(y, s)
    best = sw.best_all()
    df = best.to_frame()
    assert isinstance(df, pd.DataFrame) and list(df.index) == list(best)
    for name, b in best.items():
        assert df.loc[name, "threshold"] == b.threshold and df.loc[name, "value"] == b.value
        assert (df.loc[name, "tp"], df.loc[name, "fn"]) == (b.tp, b.fn)
    assert pd.DataFrame(best.records()).shape == (len(best), 8)
    assert sw.prevalence == 0.5


def test_predict_proba_output_gets_a_hint():
    proba = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    with pytest.raises(ic.ImbcoreError, match=r"\(3, 2\).*y_score\[:, 1\]"):
        ic.sweep([0, 1, 0], proba)
