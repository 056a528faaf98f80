"""The sweep state: merging the states of any split of the data gives the
sweep of the whole, exactly; states and sweeps pickle and travel between
processes."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
import multiprocessing

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import imbcore as ic


def _same(a: ic.Sweep, b: ic.Sweep) -> None:
    """Bit-for-bit the same sweep."""
    assert a.thresholds.dtype == b.thresholds.dtype
    np.testing.assert_array_equal(a.thresholds, b.thresholds)
    assert a.tp.dtype == b.tp.dtype and a.fp.dtype == b.fp.dtype
    np.testing.assert_array_equal(a.tp, b.tp)
    np.testing.assert_array_equal(a.fp, b.fp)
    assert (a.n_pos, a.n_neg) == (b.n_pos, b.n_neg)
    assert type(a.n_pos) is type(b.n_pos)
    assert a.weighted == b.weighted


@st.composite
def split_data(draw):
    n = draw(st.integers(1, 120))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    # few distinct values: heavy ties, also across parts; signed zeros too
    values = draw(st.lists(st.sampled_from([-2.5, -1.0, -0.0, 0.0, 0.1, 0.3, 1.0, 7.0]),
                           min_size=n, max_size=n))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    s = np.array(values, dtype=dtype)
    weighted = draw(st.booleans())
    # Weights with few binary digits (k/8): every partial sum is exact, so the
    # merged sums must equal the one-shot ones to the last bit. Zero weights
    # are dropped as in the one-shot sweep.
    w = (np.array(draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))) / 8.0
         if weighted else None)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=5)))
    order = draw(st.sampled_from(["in_order", "reversed", "tree"]))
    return y, s, w, cuts, order


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(split_data())
def test_merging_any_split_gives_the_one_shot_sweep(d):
    y, s, w, cuts, order = d
    if w is not None and not (w > 0).any():
        with pytest.raises(ic.ImbcoreError, match="sample_weight"):
            ic.sweep(y, s, sample_weight=w)
        return
    whole = ic.sweep(y, s, sample_weight=w)
    bounds = [0, *cuts, len(y)]
    states = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        part = ic.SweepState()
        part.update(y[a:b], s[a:b], sample_weight=None if w is None else w[a:b])
        states.append(pickle.loads(pickle.dumps(part)))  # as if from another process
    if order == "reversed":
        states = states[::-1]
    while len(states) > 1:
        if order == "tree":
            states = [states[i].merge(states[i + 1]) if i + 1 < len(states) else states[i]
                      for i in range(0, len(states), 2)]
        else:
            states = [states[0].merge(states[1]), *states[2:]]
    merged = states[0].finalize()
    _same(merged, whole)
    if whole.n_pos and whole.n_neg:
        assert merged.roc_auc == whole.roc_auc
    assert merged.average_precision == whole.average_precision

    # Updating one state batch by batch is the same as merging.
    one = ic.SweepState()
    for a, b in zip(bounds[:-1], bounds[1:]):
        one.update(y[a:b], s[a:b], sample_weight=None if w is None else w[a:b])
    _same(one.finalize(), whole)
    # A sweep's own state finalizes to the sweep.
    _same(whole.to_state().finalize(), whole)


def test_large_split_unweighted_and_weighted_against_one_shot():
    rng = np.random.default_rng(5)
    n = 300_000
    y = rng.random(n) < 0.02
    s = np.round(rng.normal(size=n) + 1.5 * y, 3).astype(np.float32)  # ties
    w = rng.integers(1, 9, size=n) / 4.0
    for weights in (None, w):
        whole = ic.sweep(y, s, sample_weight=weights)
        st_ = ic.SweepState()
        for part in np.array_split(rng.permutation(n), 7):  # shuffled parts
            st_.update(y[part], s[part], sample_weight=None if weights is None else weights[part])
        _same(st_.finalize(), whole)


def test_general_float_weights_merge_to_rounding():
    # Weights with many binary digits: sums depend on their order, so merged
    # and one-shot sums agree to rounding, not bit for bit.
    rng = np.random.default_rng(1)
    n = 50_000
    y = rng.random(n) < 0.1
    s = np.round(rng.normal(size=n), 2)
    w = rng.uniform(0.5, 2.0, n)
    whole = ic.sweep(y, s, sample_weight=w)
    a, b = ic.SweepState(), ic.SweepState()
    a.update(y[::2], s[::2], sample_weight=w[::2])
    b.update(y[1::2], s[1::2], sample_weight=w[1::2])
    m = a.merge(b).finalize()
    np.testing.assert_array_equal(m.thresholds, whole.thresholds)
    np.testing.assert_allclose(m.tp, whole.tp, rtol=1e-13)
    np.testing.assert_allclose(m.fp, whole.fp, rtol=1e-13)


def test_mixed_dtypes_and_weighting_widen_exactly():
    y = np.array([1, 0, 1, 0])
    s32 = np.array([0.1, 0.2, 0.3, 0.1], dtype=np.float32)
    s64 = np.array([0.1, 0.7, 0.2, 0.9])
    st_ = ic.SweepState()
    st_.update(y, s32)
    st_.update(y, s64, sample_weight=[1.0, 2.0, 1.0, 1.0])
    got = st_.finalize()
    assert got.weighted and got.thresholds.dtype == np.float64
    ref = ic.sweep(np.r_[y, y], np.r_[s32.astype(np.float64), s64],
                   sample_weight=[1, 1, 1, 1, 1.0, 2.0, 1.0, 1.0])
    _same(got, ref)


def test_empty_and_refused_batches():
    st_ = ic.SweepState()
    assert len(st_) == 0 and repr(st_) == "<SweepState: 0 distinct scores, n_pos=0, n_neg=0>"
    with pytest.raises(ic.ImbcoreError, match="empty state"):
        st_.finalize()
    st_.update([], [])
    st_.update([0, 1], [0.5, 0.7])
    before = pickle.dumps(st_)
    with pytest.raises(ic.ImbcoreError, match=r"y_score.*index 1"):
        st_.update([0, 1], [0.5, np.nan])
    assert pickle.dumps(st_) == before  # a refused batch changes nothing
    with pytest.raises(ic.ImbcoreError, match="merge takes a SweepState"):
        st_.merge(ic.sweep([0, 1], [0.5, 0.7]))  # type: ignore[arg-type]


@pytest.mark.parametrize("state", [
    ("counts", np.array([1.0, 2.0]), np.array([1, 0], np.uint64), np.array([0, 1], np.uint64)),
    ("counts", np.array([2.0, 1.0]), np.array([0, 0], np.uint64), np.array([0, 1], np.uint64)),
    ("weights", np.array([2.0, np.nan]), np.array([1.0, 0]), np.array([0, 1.0])),
    ("weights", np.array([2.0, 1.0]), np.array([-1.0, 0]), np.array([0, 1.0])),
    ("counts", np.array([2.0]), np.array([1, 0], np.uint64), np.array([0, 1], np.uint64)),
    ("nonsense", None, None, None),
    ("counts", np.array(["a"]), np.array([1]), np.array([0])),
])
def test_corrupt_pickles_are_refused_with_a_clear_error(state):
    s = ic.SweepState.__new__(ic.SweepState)
    with pytest.raises(ic.ImbcoreError, match="invalid state"):
        s.__setstate__(state)


def test_corrupt_sweep_pickles_are_refused():
    from imbcore import _core

    with pytest.raises(ic.ImbcoreError, match="invalid sweep"):
        _core._curve_from_parts(np.array([1.0, 2.0]), np.array([1, 2]), np.array([0, 0]))
    with pytest.raises(ic.ImbcoreError, match="invalid sweep"):
        _core._curve_from_parts(np.array([2.0, 1.0]), np.array([1, 0]), np.array([0, 0]))


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sweeps_pickle_exactly(weighted, dtype):
    rng = np.random.default_rng(2)
    y = rng.random(1000) < 0.3
    s = rng.normal(size=1000).astype(dtype)
    w = rng.uniform(0, 3, 1000) if weighted else None
    a = ic.sweep(y, s, sample_weight=w)
    b = pickle.loads(pickle.dumps(a))
    _same(a, b)
    assert a.best("f1") == b.best("f1")
    # views are read-only: the data inside the sweep cannot be changed
    with pytest.raises(ValueError):
        a.thresholds[0] = 0
    with pytest.raises(ValueError):
        a.tp[0] = 0


def _state_of(seed: int) -> ic.SweepState:
    rng = np.random.default_rng(seed)
    y = rng.random(5000) < 0.1
    s = np.round(rng.normal(size=5000), 2)
    st_ = ic.SweepState()
    st_.update(y, s)
    return st_


def test_states_made_in_worker_processes_merge_to_the_sweep_of_all():
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        states = list(ex.map(_state_of_via_numpy, range(3)))
    merged = states[0].merge(states[1]).merge(states[2]).finalize()
    ys, ss = zip(*(_data(seed) for seed in range(3)))
    _same(merged, ic.sweep(np.concatenate(ys), np.concatenate(ss)))


def _data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.random(5000) < 0.1
    return y, np.round(rng.normal(size=5000), 2)


# Spawned workers import functions by name: the worker calls an importable
# function (imbcore's own) through functools.partial-free plumbing below.
def _state_of_via_numpy(seed: int) -> ic.SweepState:  # pragma: no cover - in worker
    return _state_of(seed)
