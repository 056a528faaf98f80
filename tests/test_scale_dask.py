"""sweep_dask and merged SweepStates on a real dask.distributed LocalCluster
with two worker processes."""

from __future__ import annotations

import functools
import os
import pickle

import numpy as np
import pytest

import imbcore
from imbcore import ImbcoreError

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")

from test_scale import assert_same, data  # noqa: E402


@pytest.fixture(scope="module")
def client():
    import dask

    # a task that kills its worker fails at once rather than being retried
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, memory_limit="2GiB")
        with distributed.Client(cluster) as c:
            yield c
        cluster.close()


def test_sweep_dask_equals_the_in_memory_sweep(client):
    y, s = data(300_000, seed=21, dtype=np.float32)
    frame = dd.from_pandas(pd.DataFrame({"y": y, "p": s}), npartitions=7)
    r = imbcore.sweep_dask(frame, label="y", score="p", memory_limit="32MB",
                           thresholds=[0.5, 1.0])
    assert r.groups > 1
    assert_same(r, imbcore.sweep(y, s), thresholds=[0.5, 1.0])
    # a pair of Dask arrays, other partitions: the same result
    import dask.array as da

    r2 = imbcore.sweep_dask((da.from_array(y, chunks=50_000), da.from_array(s, chunks=65_000)))
    assert_same(r2, imbcore.sweep(y, s))


def test_sweep_dask_weighted_float64(client):
    y, s = data(120_000, seed=22)
    w = np.random.default_rng(3).uniform(0, 3, size=y.size)
    frame = dd.from_pandas(pd.DataFrame({"y": y.astype(int), "p": s, "w": w}),
                           npartitions=5)
    r = imbcore.sweep_dask(frame, label="y", score="p", weight="w", memory_limit="32MB")
    whole = imbcore.sweep(y, s, sample_weight=w)
    assert r.n_pos == pytest.approx(whole.n_pos, rel=1e-12)
    r.n_pos, r.n_neg = whole.n_pos, whole.n_neg
    assert_same(r, whole)


def test_a_bad_partition_reaches_the_client(client):
    y, s = data(50_000, seed=23)
    s[40_000] = np.nan
    frame = dd.from_pandas(pd.DataFrame({"y": y, "p": s}), npartitions=5)
    with pytest.raises(ImbcoreError, match="invalid score: got nan"):
        imbcore.sweep_dask(frame, label="y", score="p")
    y3 = y.astype(int)
    y3[100] = 2  # a third label, in the first partition only
    frame = dd.from_pandas(pd.DataFrame({"y": y3, "p": np.nan_to_num(s)}), npartitions=5)
    with pytest.raises(ImbcoreError, match="more than two label values"):
        imbcore.sweep_dask(frame, label="y", score="p")
    with pytest.raises(ImbcoreError, match=r"columns are \['y', 'p'\]"):
        imbcore.sweep_dask(frame, label="label", score="p")


def test_merged_states_from_worker_processes(client, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    # The recipe of docs/scale.md: one SweepState per part, built in tasks, merged.
    # (Defined here so that the workers receive it by value.)
    def part_state(path):
        import pyarrow.parquet as pq

        t = pq.read_table(path, columns=["y", "p"])
        st = imbcore.SweepState()
        st.update(t["y"].to_numpy(), t["p"].to_numpy())
        return st

    y, s = data(200_000, seed=24)
    paths = []
    for k, idx in enumerate(np.array_split(np.arange(y.size), 6)):
        paths.append(str(tmp_path / f"part-{k}.parquet"))
        pq.write_table(pa.table({"y": y[idx], "p": s[idx]}), paths[-1])
    states = client.map(part_state, paths)
    merged = client.submit(lambda *parts: functools.reduce(imbcore.SweepState.merge, parts),
                           *states).result(timeout=120)
    whole = imbcore.sweep(y, s)
    sw = merged.finalize()
    np.testing.assert_array_equal(sw.tp, whole.tp)
    assert sw.roc_auc == whole.roc_auc and sw.best("f1") == whole.best("f1")
    # the states travelled as compact pickles: one bit per continuous score
    blob = pickle.dumps(merged)
    assert len(blob) < len(whole) * 8.2 + 1000


def test_a_worker_that_dies_reaches_the_client(client):
    def die(_):
        os._exit(3)

    fut = client.submit(die, 1, pure=False)
    with pytest.raises(distributed.KilledWorker):
        fut.result(timeout=120)
    client.wait_for_workers(2, timeout=120)


def test_compact_state_pickles():
    y, s = data(100_000, seed=25)
    st = imbcore.sweep(y, s).to_state()
    blob = pickle.dumps(st)
    assert len(blob) < 100_000 * 8.2 + 1000  # 24 bytes a score unpacked
    back = pickle.loads(blob)
    np.testing.assert_array_equal(back.finalize().tp, st.finalize().tp)
    ties = imbcore.sweep(y, np.round(s, 1).astype(np.float32)).to_state()
    back = pickle.loads(pickle.dumps(ties))
    np.testing.assert_array_equal(back.finalize().fp, ties.finalize().fp)
    w = imbcore.SweepState()
    w.update(y, s, sample_weight=np.full(y.size, 0.5))
    assert pickle.loads(pickle.dumps(w)).finalize().roc_auc == w.finalize().roc_auc
    # an unaligned buffer (as a pickle's out-of-band buffer may arrive) is accepted
    parts = st._state.__getstate__()
    raw = np.zeros(parts[1].nbytes + 1, dtype=np.uint8)
    raw[1:] = parts[1].view(np.uint8)
    unaligned = raw[1:].view(parts[1].dtype)
    assert not unaligned.flags.aligned
    back = imbcore.SweepState()
    back.__setstate__((parts[0], unaligned, *parts[2:]))
    np.testing.assert_array_equal(back.finalize().thresholds, st.finalize().thresholds)
