"""Exact sweeps at any scale: sweep_dataset (files, Arrow, batches) and
sweep_dask, against imbcore.sweep of all the data at once (and scikit-learn)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import imbcore
from imbcore import ImbcoreError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ALL = imbcore.metric_names()


def assert_same(r, whole, thresholds=None):
    """Everything a DatasetSweep keeps equals the in-memory sweep."""
    assert r.n_thresholds == len(whole)
    assert r.n_pos == whole.n_pos and r.n_neg == whole.n_neg
    if whole.weighted:
        assert r.roc_auc == pytest.approx(whole.roc_auc, rel=1e-12, abs=1e-15)
        assert r.average_precision == pytest.approx(whole.average_precision, rel=1e-12)
    else:
        np.testing.assert_equal(r.roc_auc, whole.roc_auc)  # the same float (NaN too)
        assert r.average_precision == whole.average_precision
    c = r.curve
    np.testing.assert_array_equal(c.thresholds, whole.thresholds[c.position])
    assert c.thresholds.dtype == whole.thresholds.dtype
    if whole.weighted:
        np.testing.assert_allclose(c.tp, whole.tp[c.position], rtol=1e-12)
        np.testing.assert_allclose(c.fp, whole.fp[c.position], rtol=1e-12)
    else:
        np.testing.assert_array_equal(c.tp, whole.tp[c.position])
        np.testing.assert_array_equal(c.fp, whole.fp[c.position])
    assert c.position[0] == 0 and c.position[-1] == len(whole) - 1
    for name in ALL:
        try:
            want = whole.best(name)
        except ImbcoreError:
            with pytest.raises(ImbcoreError):
                r.best(name)
            continue
        got = r.best(name)
        assert got.index == want.index, name
        assert got.threshold == want.threshold, name
        if whole.weighted:
            assert got.value == pytest.approx(want.value, rel=1e-9, abs=1e-12), name
        else:
            assert (got.value, got.tp, got.fp, got.fn, got.tn) == (
                want.value, want.tp, want.fp, want.fn, want.tn), name
    if thresholds is not None:
        got, want = r.at(thresholds), whole.at(thresholds)
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=1e-12)


def data(n, seed=0, dtype=np.float64, prevalence=0.05):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < prevalence
    s = (rng.normal(size=n) + 1.5 * y).astype(dtype)
    return y, s


def batches_of(y, s, w=None, sizes=(1000,)):
    out, i, k = [], 0, 0
    while i < y.size:
        m = sizes[k % len(sizes)]
        cols = {"y": y[i:i + m], "p": s[i:i + m]}
        if w is not None:
            cols["w"] = w[i:i + m]
        out.append(pa.record_batch(cols))
        i, k = i + m, k + 1
    return out


def write_parquet(tmp_path, y, s, parts, w=None, name="part"):
    os.makedirs(tmp_path, exist_ok=True)
    paths = []
    for k, idx in enumerate(np.array_split(np.arange(y.size), parts)):
        cols = {"y": y[idx], "p": s[idx]}
        if w is not None:
            cols["w"] = w[idx]
        p = os.path.join(tmp_path, f"{name}-{k:03d}.parquet")
        pq.write_table(pa.table(cols), p, row_group_size=5000)
        paths.append(p)
    return paths


# --- exactness ---------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("limit", ["32MB", "1GB"])
def test_batches_equal_the_in_memory_sweep(dtype, limit):
    # 32MB forces several groups (each swept apart, spilled to files)
    y, s = data(300_000, seed=1, dtype=dtype)
    r = imbcore.sweep_dataset(batches_of(y, s, sizes=(7001, 30000, 123)), label="y",
                              score="p", memory_limit=limit, progress=False,
                              thresholds=[0.0, 1.5, s[17], 10.0, -10.0])
    if limit == "32MB":
        assert r.groups > 1
    whole = imbcore.sweep(y, s)
    assert_same(r, whole, thresholds=[0.0, 1.5, s[17], 10.0, -10.0])
    from sklearn.metrics import average_precision_score, roc_auc_score

    assert r.roc_auc == pytest.approx(roc_auc_score(y, s), rel=1e-12)
    assert r.average_precision == pytest.approx(average_precision_score(y, s), rel=1e-12)
    lo, hi = r.auc_bracket
    assert lo <= r.roc_auc <= hi


def test_parquet_files_any_split_and_folder(tmp_path):
    y, s = data(200_000, seed=2, dtype=np.float32)
    whole = imbcore.sweep(y, s)
    for parts in (1, 7):
        d = tmp_path / f"split{parts}"
        paths = write_parquet(str(d), y, s, parts)
        for src in (paths, str(d), str(d / "*.parquet")):
            r = imbcore.sweep_dataset(src, label="y", score="p", memory_limit="32MB",
                                      progress=False)
            assert_same(r, whole)
    import pyarrow.dataset as ds

    r = imbcore.sweep_dataset(ds.dataset(str(tmp_path / "split7")), label="y", score="p",
                              memory_limit="32MB", progress=False)
    assert_same(r, whole)


def test_csv_tsv_compressed(tmp_path):
    import pyarrow.csv as pcsv

    y, s = data(20_000, seed=3)
    y = y.astype(np.int64)
    t = pa.table({"label": y[:12_000], "score": s[:12_000]})
    pcsv.write_csv(t, str(tmp_path / "a.csv"))
    with pa.CompressedOutputStream(str(tmp_path / "b.tsv.gz"), "gzip") as out:
        pcsv.write_csv(pa.table({"label": y[12_000:], "score": s[12_000:]}), out,
                       pcsv.WriteOptions(delimiter="\t"))
    r = imbcore.sweep_dataset([tmp_path / "a.csv", tmp_path / "b.tsv.gz"], label="label",
                              score="score", progress=False)
    assert_same(r, imbcore.sweep(y, s))


def test_adversarial_data():
    rng = np.random.default_rng(4)
    n = 200_000
    y = rng.random(n) < 0.3
    cases = {
        # heavy ties: float32 scores with 3 decimals
        "ties": np.round(rng.random(n), 3).astype(np.float32),
        # one score for everything (one bucket, one distinct score)
        "constant": np.full(n, 0.25),
        # all distinct float64 scores inside one histogram bucket
        "one_bucket": 0.5 + rng.random(n) * 1e-9,
        # few distinct scores, far apart, with -0.0 and 0.0
        "signed_zero": rng.choice([-0.0, 0.0, 1e-300, -7.5, 3.0], size=n),
    }
    for name, s in cases.items():
        r = imbcore.sweep_dataset(batches_of(y, s, sizes=(9999,)), label="y", score="p",
                                  memory_limit="32MB", progress=False)
        assert_same(r, imbcore.sweep(y, s))


def test_one_class_in_some_batches_and_one_class_only():
    y, s = data(100_000, seed=5)
    order = np.argsort(y, kind="stable")  # all negatives first: batches of one class
    y, s = y[order], s[order]
    r = imbcore.sweep_dataset(batches_of(y, s, sizes=(10_000,)), label="y", score="p",
                              memory_limit="32MB", progress=False)
    assert_same(r, imbcore.sweep(y, s))
    neg = np.zeros(5000, dtype=bool)
    with pytest.warns(Warning, match="Only one class"):
        r = imbcore.sweep_dataset(batches_of(neg, s[:5000]), label="y", score="p",
                                  progress=False)
    with pytest.warns(Warning, match="Only one class"):
        whole = imbcore.sweep(neg, s[:5000])
        whole.roc_auc
    # best() on one class warns that the metric is ill-defined, on both sides
    with pytest.warns(imbcore.UndefinedMetricWarning, match="no positive samples"):
        assert_same(r, whole)


def test_weights_and_zero_weights():
    y, s = data(150_000, seed=6, dtype=np.float32)
    rng = np.random.default_rng(7)
    w = rng.uniform(0.5, 2.0, size=y.size)
    w[rng.random(y.size) < 0.2] = 0.0
    w[:1000] = 0.0
    s[:1000] = 99.0  # the top scores all weigh nothing: no threshold there
    r = imbcore.sweep_dataset(batches_of(y, s, w, sizes=(33_333,)), label="y", score="p",
                              weight="w", memory_limit="32MB", progress=False)
    whole = imbcore.sweep(y, s, sample_weight=w)
    assert r.weighted
    assert r.n_pos == pytest.approx(whole.n_pos, rel=1e-12)
    r.n_pos, r.n_neg = whole.n_pos, whole.n_neg  # compared to rounding above
    assert_same(r, whole)


def test_frames_from_a_generator_pandas_and_polars():
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    y, s = data(60_000, seed=8)
    labels = np.where(y, "fraud", "ok")

    def frames():
        for k, i in enumerate(range(0, y.size, 7000)):
            cols = {"y": labels[i:i + 7000], "p": s[i:i + 7000]}
            yield pd.DataFrame(cols) if k % 2 else pl.DataFrame(cols)

    r = imbcore.sweep_dataset(frames(), label="y", score="p", pos_label="fraud",
                              memory_limit="32MB", progress=False)
    assert_same(r, imbcore.sweep(y, s))


def test_constraints_and_chosen_metrics():
    y, s = data(100_000, seed=9)
    r = imbcore.sweep_dataset(batches_of(y, s, sizes=(25_000,)), label="y", score="p",
                              metrics=["recall", "f1"], subject_to={"precision": 0.6},
                              memory_limit="32MB", progress=False)
    whole = imbcore.sweep(y, s)
    for m in ("recall", "f1"):
        assert r.best(m, subject_to={"precision": 0.6}) == whole.best(
            m, subject_to={"precision": 0.6})
    with pytest.raises(ImbcoreError, match="pass subject_to"):
        r.best("f1")
    with pytest.raises(ImbcoreError, match="pass metrics"):
        r.best("mcc", subject_to={"precision": 0.6})


def test_at_between_kept_points_asks_for_the_thresholds():
    y, s = data(50_000, seed=10)
    r = imbcore.sweep_dataset(batches_of(y, s), label="y", score="p", max_points=10,
                              progress=False)
    whole = imbcore.sweep(y, s)
    t = r.curve.thresholds[3]
    assert r.at(t) == whole.at(t)
    assert r.at(1e9) == whole.at(1e9) and r.at(-1e9) == whole.at(-1e9)
    between = whole.thresholds[r.curve.position[3] + 2]
    with pytest.raises(ImbcoreError, match="pass thresholds"):
        r.at(between)


# --- bad input ---------------------------------------------------------------

def test_bad_inputs(tmp_path):
    y, s = data(10_000, seed=11)
    paths = write_parquet(str(tmp_path / "ok"), y, s, 3)
    with pytest.raises(ImbcoreError, match=r"invalid score: got 'q'.*columns are \['y', 'p'\]"):
        imbcore.sweep_dataset(paths, label="y", score="q", progress=False)
    with pytest.raises(ImbcoreError, match="matches no file"):
        imbcore.sweep_dataset(str(tmp_path / "nothing-*.parquet"), label="y", score="p")
    with pytest.raises(ImbcoreError, match="no Parquet, CSV or TSV"):
        os.makedirs(tmp_path / "empty")
        imbcore.sweep_dataset(str(tmp_path / "empty"), label="y", score="p")
    with pytest.raises(ImbcoreError, match="smallest memory limit is 32MB"):
        imbcore.sweep_dataset(paths, label="y", score="p", memory_limit="16MB")
    with pytest.raises(ImbcoreError, match="invalid memory_limit: got 'lots'"):
        imbcore.sweep_dataset(paths, label="y", score="p", memory_limit="lots")
    # NaN: the file and the row
    s2 = s.copy()
    s2[7000] = np.nan
    bad = write_parquet(str(tmp_path / "nan"), y, s2, 3)
    with pytest.raises(ImbcoreError, match=r"invalid score: got nan in .*part-002\.parquet', "
                                           r"row 333; scores must be finite"):
        imbcore.sweep_dataset(bad, label="y", score="p", progress=False)
    # three label values across files
    y3 = y.astype(np.int64)
    y3[9000] = 2
    three = write_parquet(str(tmp_path / "three"), y3, s, 3)
    with pytest.raises(ImbcoreError, match=r"more than two label values \{0, 1, 2\}"):
        imbcore.sweep_dataset(three, label="y", score="p", progress=False)
    # schemas that disagree
    other = write_parquet(str(tmp_path / "f32"), y, s.astype(np.float32), 1, name="zz")
    with pytest.raises(ImbcoreError, match="schemas disagree: column 'p' is float"):
        imbcore.sweep_dataset(paths + other, label="y", score="p", progress=False)
    with pytest.raises(ImbcoreError, match="invalid source: got int"):
        imbcore.sweep_dataset(3, label="y", score="p")
    with pytest.raises(ImbcoreError, match="invalid metric"):
        imbcore.sweep_dataset(paths, label="y", score="p", metrics=["f7x"])


def test_histogram_pickles_compactly():
    from imbcore.scale import _Histogram, _Source

    y, s = data(50_000, seed=12)
    src = _Source(batches_of(y, s), "y", "p", None, None, 1 << 16)
    h = _Histogram(64, False)
    for b in src.batches():
        h.update(b)
    blob = pickle.dumps(h)
    assert len(blob) < 50_000 * 48  # non-empty buckets only, not 2^20 of them
    back = pickle.loads(blob)
    for a, b in zip(back.h.arrays(), h.h.arrays()):
        if a is None:
            assert b is None
        else:
            np.testing.assert_array_equal(a, b)


# --- memory --------------------------------------------------------------------

def test_memory_stays_within_the_limit(tmp_path):
    """Parquet data several times the limit: the process's peak resident
    memory stays under the limit plus the stated constant (0.5 GiB)."""
    n, parts = 24_000_000, 8  # 24e6 * (8 + 1) bytes = 206 MiB of columns, 4x the limit
    code = textwrap.dedent(f"""
        import numpy as np, pyarrow as pa, pyarrow.parquet as pq, os
        rng = np.random.default_rng(0)
        for k in range({parts}):
            m = {n // parts}
            y = rng.random(m) < 0.01
            s = rng.normal(size=m) + 1.5 * y
            pq.write_table(pa.table({{"y": y, "p": s}}), os.path.join({str(tmp_path)!r},
                           f"p{{k}}.parquet"), row_group_size=1 << 20)
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    run = textwrap.dedent(f"""
        import imbcore, json
        def hwm():
            for line in open("/proc/self/status"):
                if line.startswith("VmHWM"):
                    return int(line.split()[1]) * 1024
        r = imbcore.sweep_dataset({str(tmp_path)!r}, label="y", score="p",
                                  memory_limit="64MB", progress=False, metrics=["f1"])
        print(json.dumps({{"hwm": hwm(), "n": r.n_pos + r.n_neg, "groups": r.groups,
                          "auc": r.roc_auc}}))
    """)
    out = subprocess.run([sys.executable, "-c", run], check=True, capture_output=True,
                         text=True)
    import json

    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["n"] == n and got["groups"] > 1
    assert 0.8 < got["auc"] < 0.9
    assert got["hwm"] < (64 << 20) + (512 << 20), got


# --- command line ----------------------------------------------------------------

def test_cli_streams_folders_globs_and_several_files(tmp_path):
    import json

    y, s = data(60_000, seed=13, dtype=np.float32)
    paths = write_parquet(str(tmp_path / "parts"), y, s, 4)
    whole = imbcore.sweep(y, s)
    cmd = [sys.executable, "-m", "imbcore", "sweep"]
    for args in ([str(tmp_path / "parts")], [str(tmp_path / "parts" / "*.parquet")], paths,
                 [paths[0], "--memory-limit", "64MB"]):
        out = subprocess.run(cmd + args + ["--label", "y", "--score", "p", "--json"],
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        got = json.loads(out.stdout)
        if len(args) == 3:  # one file only
            assert got["n_samples"] == 15_000
            continue
        assert got["roc_auc"] == whole.roc_auc
        assert got["n_thresholds"] == len(whole)
        assert got["best"]["f1"]["threshold"] == pytest.approx(float(whole.best("f1").threshold))
    text = subprocess.run(cmd + [str(tmp_path / "parts"), "--label", "y", "--score", "p"],
                          capture_output=True, text=True)
    assert text.returncode == 0 and "ROC-AUC" in text.stdout and "f1" in text.stdout
    bad = subprocess.run(cmd + [str(tmp_path / "none-*.parquet"), "--label", "y", "--score",
                                "p"], capture_output=True, text=True)
    assert bad.returncode != 0 and "matches no file" in bad.stderr
    bad = subprocess.run(cmd + [str(tmp_path / "parts"), "--memory-limit", "1MB", "--label",
                                "y", "--score", "p"], capture_output=True, text=True)
    assert bad.returncode != 0 and "smallest memory limit is 32MB" in bad.stderr


# --- Arrow, Polars and pandas-on-Arrow in memory -------------------------------------

def test_in_memory_arrow_inputs_are_read_in_place():
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    from imbcore._inputs import scores_1d

    y, s = data(200_000, seed=14)
    whole = imbcore.sweep(y, s)
    arr = pa.array(s)
    # the array the core reads is the Arrow buffer itself: no copy of the scores
    got, _ = scores_1d(arr)
    assert got.ctypes.data == arr.buffers()[1].address
    series = pl.Series(s)
    got, _ = scores_1d(series)
    assert got.ctypes.data == series.to_arrow().buffers()[1].address
    ps = pd.Series(s, dtype="double[pyarrow]")
    got, _ = scores_1d(ps)
    assert np.shares_memory(got, np.asarray(ps.array.__arrow_array__().chunk(0)))
    for ys, ss in [(pa.array(y), arr), (pa.chunked_array([y[:5], y[5:]]),
                                        pa.chunked_array([s[:5], s[5:]])),
                   (pl.Series(y), series), (pd.Series(y, dtype="bool[pyarrow]"), ps)]:
        sw = imbcore.sweep(ys, ss)
        assert sw.roc_auc == whole.roc_auc and len(sw) == len(whole)
        assert imbcore.roc_auc_score(ys, ss) == whole.roc_auc
    with pytest.raises(ImbcoreError, match="invalid y_score: got a missing value"):
        imbcore.sweep(y[:3], pa.array([0.1, None, 0.3]))
