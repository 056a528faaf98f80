"""Exact sweeps of data larger than memory: files, Arrow datasets, batches and
Dask DataFrames.

The work runs in passes, each of which merges across batches, files,
partitions and workers:

1. **Histogram.** Positives, negatives (or their weights), rows and the
   smallest and largest score over ``2^20`` buckets of the top bits of the
   order-preserving score key (:class:`imbcore._core.ScoreHistogram`). It
   validates every label, score and weight before anything else is done, and
   gives the exact counts at every bucket edge.
2. **Refinement.** The buckets are grouped into runs of consecutive buckets,
   each small enough to sweep within the memory limit (a bucket that holds
   one distinct score needs no rows at all: the histogram knows it). The
   rows of each group are swept exactly, with the counts of the buckets above
   it as an offset, and each group is summarized into what the result keeps:
   ROC-AUC and AP in the summation order of the in-memory sweep, the best
   threshold of every metric, the counts at requested thresholds and the
   thinned curve. On one machine the groups' rows go to temporary files when
   there is more than one group; on Dask each group is swept on a worker.

Results are exact: the counts, thresholds and best thresholds are those of
:func:`imbcore.sweep` on all the data at once, and for counts ROC-AUC and AP
are the same floating-point numbers (summed in the same order). For weights
they agree to the rounding of the sums.
"""

from __future__ import annotations

import glob as _glob
import math
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._arrow import column_names, column_numpy
from .errors import ImbcoreError
from .metrics import metric_info, metric_names
from ._sweep import BestThreshold, BestThresholds, Confusion

__all__ = ["sweep_dataset", "sweep_dask", "DatasetSweep", "CurvePoints", "parse_memory",
           "MIN_MEMORY_LIMIT"]

#: The smallest ``memory_limit`` accepted (32 MiB): below it the histogram
#: and one batch alone would not fit.
MIN_MEMORY_LIMIT = 32 << 20
#: Bits of the bucket index of the first pass (2^20 buckets, 56 MB of arrays).
HIST_BITS = 20
#: The chunk of the core's deterministic sums (``summary.rs``): ROC-AUC and AP
#: are summed in chunks of this many thresholds, then the chunk sums in order.
_SUM_CHUNK = 1 << 14
#: Bytes a group needs per row while it is swept: the rows themselves
#: (score, label, weight), the core's sort, the curve and the summaries.
_BYTES_PER_ROW = 112
_EPS = float(np.finfo(np.float64).eps)

_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20,
          "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
          "t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40}


def parse_memory(value: Any, name: str = "memory_limit") -> int:
    """A size in bytes from ``"1GB"``, ``"256 MiB"``, ``"512M"`` or an int.

    Units are binary: ``"1GB"`` is 2^30 bytes.

    Examples
    --------
    >>> from imbcore.scale import parse_memory
    >>> parse_memory("1GB"), parse_memory("256MB"), parse_memory(1 << 26)
    (1073741824, 268435456, 67108864)
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        n = int(value)
    else:
        m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]*)\s*", str(value))
        unit = m.group(2).lower() if m else None
        if m is None or unit not in _UNITS:
            raise ImbcoreError(
                f"invalid {name}: got {value!r}; give a size such as '1GB', '256MB' or a "
                "number of bytes (units are binary: 1GB = 2^30 bytes)")
        n = int(float(m.group(1)) * _UNITS[unit])
    if n < MIN_MEMORY_LIMIT:
        raise ImbcoreError(
            f"invalid {name}: got {value!r} ({n} bytes); the smallest memory limit is "
            f"32MB ({MIN_MEMORY_LIMIT} bytes)")
    return n


# ---------------------------------------------------------------------------
# Sources: where batches come from


class _Batch(NamedTuple):
    labels: np.ndarray  # uint8, 1 = positive
    scores: np.ndarray  # float32 or float64, contiguous
    weights: np.ndarray | None
    where: str  # "'file.parquet'", for messages
    row0: int = 0  # the row of the first in its file (or in the dataset, or the iterable)


class _Labels:
    """Reads label columns batch by batch as scikit-learn reads labels, keeping
    the values seen so far so that a third value anywhere is refused."""

    def __init__(self, pos_label: Any) -> None:
        self.pos_label = pos_label
        self.seen: set[Any] = set()

    def __call__(self, y: np.ndarray, where: str) -> np.ndarray:
        if y.dtype == np.bool_:
            if y.size:
                self.seen |= {bool(y.min()), bool(y.max())}
            if len(self.seen) > 2:
                self._refuse(self.seen, where)
            if self.pos_label is None or (not isinstance(self.pos_label, str)
                                          and bool(self.pos_label == True)):  # noqa: E712
                return np.ascontiguousarray(y).view(np.uint8)
            return (y == self.pos_label).view(np.uint8)
        if y.size == 0:
            return np.zeros(0, dtype=np.uint8)
        if y.dtype.kind in "iuf":
            if y.dtype.kind == "f" and not np.isfinite(y).all():
                i = int(np.flatnonzero(~np.isfinite(y))[0])
                raise ImbcoreError(f"invalid label: got {y[i]} in {where} ({i} rows in); "
                                   "labels must be finite")
            lo, hi = y.min().item(), y.max().item()
            if lo != hi and np.count_nonzero(y == lo) + np.count_nonzero(y == hi) != y.size:
                mid = y[(y != lo) & (y != hi)][0].item()
                self._refuse({lo, hi, mid}, where)
            values = {lo, hi}
        else:
            try:
                values = set(np.unique(y).tolist())
            except TypeError:
                raise ImbcoreError(f"invalid label: got labels of mixed types in {where}; "
                                   "labels must be numbers, booleans or strings") from None
        if len(self.seen | values) > 2:
            self._refuse(self.seen | values, where)
        self.seen |= values
        pos = self.pos_label
        if pos is None:
            if not (self.seen <= {0, 1} or self.seen <= {-1, 1}):
                raise ImbcoreError(
                    f"invalid pos_label: got None with labels {sorted(self.seen, key=str)} "
                    f"(in {where}); labels other than {{0, 1}} or {{-1, 1}} need pos_label "
                    "naming the positive class")
            pos = 1
        return (y == pos).view(np.uint8)

    @staticmethod
    def _refuse(values: set[Any], where: str) -> None:
        shown = ", ".join(repr(v) for v in sorted(values, key=str)[:5])
        raise ImbcoreError(f"invalid label: got more than two label values {{{shown}}} "
                           f"(up to {where}); the label column must hold two classes")


def _scores(s: np.ndarray, where: str, dtype: list[np.dtype]) -> np.ndarray:
    """Scores as float32/float64 (float16 widened, integers as float64), of one
    dtype across all batches."""
    if s.dtype.kind not in "biuf":
        raise ImbcoreError(f"invalid score: got a column of dtype {s.dtype} in {where}; "
                           "scores must be numeric")
    if s.dtype == np.float16:
        s = s.astype(np.float32)
    elif s.dtype not in (np.float32, np.float64):
        s = s.astype(np.float64)
    # aligned too: the core reads slices, and buffers a pickle or Arrow hands over may not be
    s = np.require(s, dtype=s.dtype.newbyteorder("="), requirements=["C", "A"])
    if not dtype:
        dtype.append(s.dtype)
    elif s.dtype != dtype[0]:
        raise ImbcoreError(
            f"invalid source: got {s.dtype} scores in {where} after {dtype[0]} scores "
            "before; the schemas disagree: every file must give the score column one dtype")
    return s


class _Source:
    """Batches of (labels, scores, weights) from files, an Arrow dataset or an
    iterable of batches, each read as many times as the passes need (an
    iterator that can be read once is spilled to a temporary file)."""

    def __init__(self, source: Any, label: str, score: str, weight: str | None,
                 pos_label: Any, batch_rows: int) -> None:
        self.label, self.score, self.weight = label, score, weight
        self.columns = [c for c in (label, score, weight) if c is not None]
        self.batch_rows = batch_rows
        self.labels = _Labels(pos_label)
        self.dtype: list[np.dtype] = []
        self.files: list[str] | None = None
        self.dataset: Any = None
        self.items: Any = None
        self.once = False
        if isinstance(source, (str, os.PathLike)):
            self.files = _expand([source])
        elif (isinstance(source, (list, tuple))
              and all(isinstance(p, (str, os.PathLike)) for p in source) and source):
            self.files = _expand(list(source))
        elif type(source).__module__.startswith("pyarrow.") and hasattr(source, "to_batches"):
            self.dataset = source
            self._check_names(list(source.schema.names), "the dataset")
        elif isinstance(source, Iterable) and not isinstance(source, (bytes, Mapping)):
            self.items = source
            self.once = iter(source) is source  # an iterator: one reading only
        else:
            raise ImbcoreError(
                f"invalid source: got {type(source).__name__}; give a path, a glob, a list "
                "of files, a pyarrow.dataset.Dataset, or an iterable of Arrow record "
                "batches or pandas/Polars DataFrames")
        if self.files is not None:
            self._check_files()

    # -- checks before any pass ------------------------------------------------
    def _check_names(self, names: list[str], where: str) -> None:
        for arg, col in (("label", self.label), ("score", self.score),
                         ("weight", self.weight)):
            if col is not None and col not in names:
                raise ImbcoreError(
                    f"invalid {arg}: got {col!r}, which {where} does not have; its columns "
                    f"are {names}")

    def _check_files(self) -> None:
        """Every file has the columns, with one type per column across files."""
        first: dict[str, str] | None = None
        first_file = ""
        for f in self.files or []:
            schema = _file_schema(f)
            self._check_names(list(schema.names), repr(f))
            types = {c: str(schema.field(c).type) for c in self.columns}
            if first is None:
                first, first_file = types, f
            elif types != first:
                diff = [c for c in self.columns if types[c] != first[c]]
                c = diff[0]
                raise ImbcoreError(
                    f"invalid source: the schemas disagree: column {c!r} is {types[c]} in "
                    f"{f!r} but {first[c]} in {first_file!r}; every file must give each "
                    "column one type")

    # -- reading -----------------------------------------------------------------
    def raw_batches(self) -> Iterator[tuple[Any, str, int]]:
        """(batch, description) pairs: Arrow batches or DataFrames."""
        if self.files is not None:
            for f in self.files:
                row = 0
                for b in _file_batches(f, self.columns, self.batch_rows):
                    yield b, repr(f), row
                    row += b.num_rows
        elif self.dataset is not None:
            row = 0
            for b in self.dataset.to_batches(columns=self.columns,
                                             batch_size=self.batch_rows):
                yield b, "the dataset", row
                row += b.num_rows
        else:
            row = 0
            for k, b in enumerate(self.items):
                self._check_names(column_names(b), f"batch {k}")
                n = len(b) if not hasattr(b, "num_rows") else b.num_rows
                yield b, "the batches", row
                row += n

    def batches(self) -> Iterator[_Batch]:
        for b, where, row0 in self.raw_batches():
            yield self.convert(b, where, row0)

    def convert(self, b: Any, where: str, row0: int) -> _Batch:
        try:
            y = column_numpy(b, self.label, "label")
            s = column_numpy(b, self.score, "score")
            w = None if self.weight is None else column_numpy(b, self.weight, "weight")
        except ImbcoreError as e:
            raise ImbcoreError(f"{e} (in {where}, from row {row0})") from None
        s = _scores(s, where, self.dtype)
        labels = self.labels(y, f"{where}, rows {row0} to {row0 + len(y) - 1}")
        if w is not None:
            w = np.require(w, dtype=np.float64, requirements=["C", "A"])
        return _Batch(np.require(labels, requirements=["C", "A"]), s, w, where, row0)


def _expand(paths: list[Any]) -> list[str]:
    """Files from paths, globs and folders (a folder: its data files, sorted)."""
    out: list[str] = []
    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p):
            found = sorted(
                os.path.join(root, f) for root, _, files in os.walk(p) for f in files
                if _kind(f) is not None and not f.startswith((".", "_")))
            if not found:
                raise ImbcoreError(f"invalid source: got the folder {p!r}, which holds no "
                                   "Parquet, CSV or TSV files")
            out += found
        elif os.path.exists(p):
            out.append(p)
        elif _glob.has_magic(p):
            found = sorted(f for f in _glob.glob(p, recursive=True) if os.path.isfile(f))
            if not found:
                raise ImbcoreError(f"invalid source: got the glob {p!r}, which matches no "
                                   "file")
            out += found
        else:
            raise ImbcoreError(f"invalid source: got {p!r}, which does not exist")
    for f in out:
        if _kind(f) is None:
            raise ImbcoreError(
                f"invalid source: got {f!r}; files must be Parquet (.parquet, .pq) or CSV "
                "/ TSV (.csv, .tsv, .txt, optionally .gz, .bz2, .zst, .lz4)")
    return out


def _kind(path: str) -> str | None:
    name = path.lower()
    for ext in (".gz", ".bz2", ".zst", ".zstd", ".lz4"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".tsv", ".txt", ".tab")):
        return "tsv"
    return None


def _file_schema(path: str) -> Any:
    if _kind(path) == "parquet":
        import pyarrow.parquet as pq

        try:
            return pq.read_schema(path)
        except Exception as e:
            raise ImbcoreError(f"invalid source: cannot read {path!r} as Parquet ({e})") \
                from None
    reader = _csv_reader(path, None, 1 << 16)
    schema = reader.schema
    reader.close()
    return schema


def _csv_reader(path: str, columns: list[str] | None, batch_rows: int) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    delimiter = "," if _kind(path) == "csv" else "\t"
    try:
        stream = pa.input_stream(path, compression="detect")
        return pcsv.open_csv(
            stream, read_options=pcsv.ReadOptions(block_size=max(1 << 20, batch_rows * 16)),
            parse_options=pcsv.ParseOptions(delimiter=delimiter),
            convert_options=pcsv.ConvertOptions(include_columns=columns))
    except Exception as e:
        raise ImbcoreError(f"invalid source: cannot read {path!r} as CSV/TSV ({e})") from None


def _file_batches(path: str, columns: list[str], batch_rows: int) -> Iterator[Any]:
    if _kind(path) == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetFile(path, memory_map=False) as f:
            yield from f.iter_batches(batch_size=batch_rows, columns=columns)
    else:
        reader = _csv_reader(path, columns, batch_rows)
        try:
            for b in reader:
                yield b
        finally:
            reader.close()


# ---------------------------------------------------------------------------
# Pass 1: the histogram


class _Histogram:
    """The histogram of pass 1 and what follows from it, with a compact pickle
    (its non-empty buckets only)."""

    def __init__(self, score_bits: int, weighted: bool, bits: int = HIST_BITS) -> None:
        self.h = _core.ScoreHistogram(bits, score_bits, weighted)

    def update(self, b: _Batch) -> None:
        try:
            self.h.update(b.labels, b.scores, b.weights)
        except ImbcoreError:
            _locate_bad(b)
            raise

    def merge(self, other: _Histogram) -> _Histogram:
        self.h.merge(other.h)
        return self

    def __getstate__(self) -> dict[str, Any]:
        rows, pos, neg, lo, hi, wp, wn = self.h.arrays()
        idx = np.flatnonzero(rows).astype(np.uint64)
        cols = [a[idx] for a in (rows, pos, neg, lo, hi)]
        ws = None if wp is None or wn is None else (wp[idx], wn[idx])
        return {"shape": (self.h.bits, self.h.score_bits, self.h.weighted), "index": idx,
                "cols": cols, "weights": ws}

    def __setstate__(self, st: dict[str, Any]) -> None:
        bits, score_bits, weighted = st["shape"]
        self.h = _core.ScoreHistogram(bits, score_bits, weighted)
        ws = st["weights"] or (None, None)
        # copies: pickled buffers may arrive unaligned
        index, rows, pos, neg, lo, hi = (np.array(a, dtype=np.uint64)
                                         for a in [st["index"], *st["cols"]])
        wp, wn = (None if w is None else np.array(w, dtype=np.float64) for w in ws)
        self.h._load(index, rows, pos, neg, lo, hi, wp, wn)


def _locate_bad(b: _Batch) -> None:
    """Raises an error naming the file and row of the first bad score or weight."""
    bad = np.flatnonzero(~np.isfinite(b.scores))
    if bad.size:
        i = int(bad[0])
        raise ImbcoreError(f"invalid score: got {b.scores[i]} in {b.where}, row {b.row0 + i}; "
                           "scores must be finite numbers")
    if b.weights is not None:
        bad = np.flatnonzero(~(np.isfinite(b.weights) & (b.weights >= 0)))
        if bad.size:
            i = int(bad[0])
            raise ImbcoreError(f"invalid weight: got {b.weights[i]} in {b.where}, row "
                               f"{b.row0 + i}; weights must be finite and >= 0")


@dataclass
class _Plan:
    """Groups of consecutive buckets, each swept in one piece."""

    bits: int
    score_bits: int
    weighted: bool
    starts: np.ndarray  # first bucket of each group, then the number of buckets
    table: np.ndarray  # group of each bucket (int16/int32), -1 when it needs no rows
    rows: np.ndarray  # rows of each group to be read
    tp_above: list[Any]  # positives (or weight) in the buckets above each group
    fp_above: list[Any]
    singles: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # per group: scores, pos, neg
    n_pos: Any
    n_neg: Any
    n_rows: int
    bracket: tuple[float, float]  # ROC-AUC bounds from the histogram alone
    mixed_rows: int  # rows in buckets that hold both classes


def _plan(hist: _Histogram, group_rows: int) -> _Plan:
    h = hist.h
    rows, pos, neg, lo, hi, wp, wn = h.arrays()
    weighted = wp is not None
    p: np.ndarray
    q: np.ndarray
    if wp is not None and wn is not None:
        # zero weights count as rows but not as samples (as scikit-learn drops them)
        p, q = wp, wn
    else:
        p, q = pos.astype(np.int64), neg.astype(np.int64)
    n_rows = int(rows.sum())
    single = (rows > 0) & (lo == hi)
    need = np.where(single, 0, rows).astype(np.int64)
    # groups: consecutive buckets whose rows to read add up to at most group_rows
    # (a bucket larger than that is a group of its own)
    cum = np.cumsum(need)
    starts = [0]
    base = 0
    nb = need.shape[0]
    while True:
        j = int(np.searchsorted(cum, base + group_rows, side="right"))
        j = max(j, starts[-1] + 1)  # at least one bucket per group
        # skip to the next bucket that needs rows, so that empty stretches join a group
        if j >= nb:
            break
        starts.append(j)
        base = int(cum[j - 1])
    starts_a = np.array(starts + [nb], dtype=np.int64)
    ng = len(starts)
    table = np.repeat(np.arange(ng, dtype=np.int32), np.diff(starts_a))
    table[need == 0] = -1
    g_rows = np.add.reduceat(need, starts_a[:-1])
    cp = np.concatenate([[0], np.cumsum(p)])
    cq = np.concatenate([[0], np.cumsum(q)])
    tp_above = [cp[s].item() for s in starts_a[:-1]]
    fp_above = [cq[s].item() for s in starts_a[:-1]]
    singles = []
    sidx = np.flatnonzero(single)
    vals = _core.scores_of_keys(np.ascontiguousarray(lo[sidx]), h.score_bits)
    gs = table_g = np.searchsorted(starts_a, sidx, side="right") - 1
    for g in range(ng):
        m = gs == g
        singles.append((vals[m], p[sidx[m]], q[sidx[m]]))
    del table_g
    n_pos, n_neg = cp[-1].item(), cq[-1].item()
    # ROC-AUC bracket from the histogram: pairs within a bucket of both classes unknown
    mixed = (p > 0) & (q > 0)
    if n_pos > 0 and n_neg > 0:
        above = cp[:-1]
        sure = float(np.sum(q * above, dtype=np.float64)) / (float(n_pos) * float(n_neg))
        within = float(np.sum(np.where(mixed, p * q, 0), dtype=np.float64)) / (
            float(n_pos) * float(n_neg))
        bracket = (sure, sure + within)
    else:
        bracket = (math.nan, math.nan)
    return _Plan(bits=h.bits, score_bits=h.score_bits, weighted=weighted, starts=starts_a,
                 table=table.astype(np.int16) if ng < 2**15 else table, rows=g_rows,
                 tp_above=tp_above, fp_above=fp_above, singles=singles, n_pos=n_pos,
                 n_neg=n_neg, n_rows=n_rows, bracket=bracket,
                 mixed_rows=int(rows[mixed].sum()))


# ---------------------------------------------------------------------------
# Pass 2: a group's exact curve, and its summary


@dataclass
class _Spec:
    """What the summaries keep: set once, before the data is read."""

    metrics: list[str]
    subject_to: list[tuple[str, float]]
    thresholds: np.ndarray
    max_points: int


def _group_curve(labels: np.ndarray, scores: np.ndarray, weights: np.ndarray | None,
                 single: tuple[np.ndarray, np.ndarray, np.ndarray], tp0: Any, fp0: Any,
                 dtype: np.dtype, weighted: bool
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Thresholds (descending) with the cumulative counts of everything at or
    above them, for the rows of one group and its one-score buckets."""
    count_t = np.float64 if weighted else np.int64
    if scores.size:
        c = _core.sweep_scores(labels, scores, weights, n_jobs=None)
        thr = np.asarray(c.thresholds)
        dtp = np.diff(np.asarray(c.tp, dtype=count_t), prepend=count_t(0))
        dfp = np.diff(np.asarray(c.fp, dtype=count_t), prepend=count_t(0))
        del c
    else:
        thr = np.zeros(0, dtype=dtype)
        dtp = dfp = np.zeros(0, dtype=count_t)
    sv, sp, sn = single
    if sv.size:
        keep = (sp + sn) > 0  # a bucket of weight zero only is no threshold
        thr = np.concatenate([thr, sv[keep].astype(dtype)])
        dtp = np.concatenate([dtp, sp[keep].astype(count_t)])
        dfp = np.concatenate([dfp, sn[keep].astype(count_t)])
        order = np.argsort(-thr.astype(np.float64), kind="stable")
        thr, dtp, dfp = thr[order], dtp[order], dfp[order]
    tp = np.cumsum(dtp)
    fp = np.cumsum(dfp)
    tp += tp0
    fp += fp0
    return thr.astype(dtype, copy=False), tp, fp


def _chunk_pieces(terms: np.ndarray, start: int) -> list[tuple[int, str, Any]]:
    """``terms`` (at global indices from ``start``) as pieces of the core's
    chunked sum: whole chunks summed in order, partial ones as their terms."""
    out: list[tuple[int, str, Any]] = []
    n = terms.shape[0]
    head = min(n, (-start) % _SUM_CHUNK)
    if head:
        out.append((start // _SUM_CHUNK, "terms", terms[:head].copy()))
    k = (n - head) // _SUM_CHUNK
    if k:
        full = terms[head:head + k * _SUM_CHUNK].reshape(k, _SUM_CHUNK)
        sums = np.cumsum(full, axis=1)[:, -1]  # sequential, as the core sums a chunk
        first = (start + head) // _SUM_CHUNK
        out += [(first + i, "sum", float(v)) for i, v in enumerate(sums)]
    rest = head + k * _SUM_CHUNK
    if rest < n:
        out.append(((start + rest) // _SUM_CHUNK, "terms", terms[rest:].copy()))
    return out


def _summarize(thr: np.ndarray, tp: np.ndarray, fp: np.ndarray, start: int, tp0: Any, fp0: Any,
               n_pos: Any, n_neg: Any, n_rows_total: int, spec: _Spec) -> dict[str, Any]:
    """What the result keeps of one group's curve (global indices from ``start``)."""
    n = thr.shape[0]
    out: dict[str, Any] = {"start": start, "n": n}
    if n == 0:
        return out
    tpf = tp.astype(np.float64)
    fpf = fp.astype(np.float64)
    t_prev = np.concatenate([[float(tp0)], tpf[:-1]])
    f_prev = np.concatenate([[float(fp0)], fpf[:-1]])
    P, N = float(n_pos), float(n_neg)
    if P > 0 and N > 0:
        out["auc"] = _chunk_pieces(((fpf - f_prev) / N) * ((tpf + t_prev) / P), start)
    if P > 0:
        with np.errstate(invalid="ignore", divide="ignore"):
            ap = np.where(tpf == t_prev, 0.0, (tpf - t_prev) * (tpf / (tpf + fpf)))
        out["ap"] = _chunk_pieces(ap, start)
    del t_prev, f_prev
    # summed weights: the remainders are clipped at 0 (a sum in another order can exceed
    # the total by rounding)
    fn = np.maximum(n_pos - tp, 0).astype(np.float64)
    tn = np.maximum(n_neg - fp, 0).astype(np.float64)
    ok = np.ones(n, dtype=bool)
    for name, bound in spec.subject_to:
        v = _core.evaluate(name, tpf, fpf, fn, tn)
        ok &= (v >= bound) if metric_info(name).higher_is_better else (v <= bound)
    best: dict[str, list[tuple[int, float, float]]] = {}
    for name in spec.metrics:
        v = _core.evaluate(name, tpf, fpf, fn, tn)
        sign = 1.0 if metric_info(name).higher_is_better else -1.0
        sv = np.where(ok, sign * v, np.nan)
        if np.isnan(sv).all():
            continue
        top = float(np.nanmax(sv))
        floor = top - 8.0 * _EPS * abs(top)
        run = np.fmax.accumulate(sv)
        record = np.ones(n, dtype=bool)
        record[1:] = sv[1:] > run[:-1]
        record[0] = not np.isnan(sv[0])
        cand = np.flatnonzero(record & (sv >= floor))
        best[name] = [(start + int(i), float(sv[i]), float(v[i])) for i in cand]
    out["best"] = best
    out["points"] = {}
    # the thinned curve: the first point past each 1/max_points of the rows, the ends,
    # and every candidate best point
    rank = tpf + fpf
    total = float(n_pos) + float(n_neg)
    step = np.floor(rank / total * spec.max_points) if total > 0 else np.zeros(n)
    prev_step = np.floor((float(tp0) + float(fp0)) / total * spec.max_points) if total > 0 else 0
    keep = np.zeros(n, dtype=bool)
    keep[0] = True
    keep[-1] = True
    keep[1:] |= step[1:] != step[:-1]
    keep[0] |= step[0] != prev_step
    for cands in best.values():
        for i, _, _ in cands:
            keep[i - start] = True
    idx = np.flatnonzero(keep)
    out["points"] = {"index": idx + start, "thresholds": thr[idx], "tp": tp[idx], "fp": fp[idx]}
    # counts at the requested thresholds: the lowest point >= t in this group
    if spec.thresholds.size:
        k = np.searchsorted(-thr.astype(np.float64), -spec.thresholds, side="right")
        has = k > 0
        j = np.maximum(k - 1, 0)
        out["at"] = (has, tp[j], fp[j])
    return out


class CurvePoints(NamedTuple):
    """Exact points of the curve, thinned: thresholds (descending) and the
    confusion at each; ``position`` is the index among all distinct thresholds."""

    position: np.ndarray
    thresholds: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray


def _sequential_sum(pieces: list[tuple[int, str, Any]]) -> float:
    """The core's deterministic sum from the pieces of every group, in order."""
    chunks: dict[int, float] = {}
    for c, kind, v in pieces:
        if kind == "sum":
            chunks[c] = v
        else:
            acc = chunks.get(c, -0.0)
            # sequential: acc + v[0] + v[1] + ... (np.cumsum adds in order)
            chunks[c] = float(np.cumsum(np.concatenate([[acc], v]))[-1])
    total = -0.0
    for c in sorted(chunks):
        total += chunks[c]
    return total


# ---------------------------------------------------------------------------
# The result


@dataclass
class DatasetSweep:
    """The result of :func:`sweep_dataset` and :func:`sweep_dask`: what a
    :class:`~imbcore.Sweep` of all the data gives, kept small.

    ROC-AUC, AP, the totals and the best thresholds (for the metrics and
    constraints given to the sweep) are exact; :meth:`at` gives the exact
    confusion at the thresholds given to the sweep, at every point of
    :attr:`curve` and wherever the curve's kept points are consecutive.

    Attributes
    ----------
    n_pos, n_neg : int or float
        The number (or summed weight) of positives and negatives.
    n_thresholds : int
        The number of distinct thresholds (the length of the full sweep).
    n_rows : int
        Rows read (rows of weight zero included).
    roc_auc, average_precision : float
    curve : CurvePoints
        Exact points of the curve, at most about ``max_points`` plus the best
        points, never interpolated.
    auc_bracket : tuple of float
        The bounds on ROC-AUC that the first pass (the histogram) alone gave.
    mixed_rows : int
        Rows in histogram buckets that hold both classes.
    groups : int
        How many pieces the second pass swept.
    """

    n_pos: Any
    n_neg: Any
    n_thresholds: int
    n_rows: int
    roc_auc: float
    average_precision: float
    curve: CurvePoints
    weighted: bool
    auc_bracket: tuple[float, float]
    mixed_rows: int
    groups: int
    _best: dict[str, BestThreshold] = field(repr=False)
    _spec: _Spec = field(repr=False)
    _at: tuple[np.ndarray, np.ndarray] | None = field(repr=False, default=None)

    def __repr__(self) -> str:
        kind = "weighted " if self.weighted else ""
        return (f"<DatasetSweep: {kind}{self.n_thresholds} thresholds, n_pos={self.n_pos}, "
                f"n_neg={self.n_neg}, roc_auc={self.roc_auc:.6g}>")

    @property
    def prevalence(self) -> float:
        return float(self.n_pos / (self.n_pos + self.n_neg))

    def __len__(self) -> int:
        return self.n_thresholds

    def best(self, name: str, *, subject_to: Mapping[str, float] | None = None
             ) -> BestThreshold:
        """The best threshold for ``name`` (as :meth:`Sweep.best`), among the
        metrics and under the constraints given to the sweep."""
        canon = metric_info(name).name
        asked = sorted((metric_info(k).name, float(v)) for k, v in (subject_to or {}).items())
        if asked != sorted(self._spec.subject_to):
            raise ImbcoreError(
                f"invalid subject_to: got {dict(asked)}; this result holds the best thresholds "
                f"under {dict(self._spec.subject_to)} only (pass subject_to to the sweep)")
        if canon not in self._best:
            if canon in [metric_info(m).name for m in self._spec.metrics]:
                raise ImbcoreError(
                    f"invalid metric: got {name!r}; no threshold satisfies the constraints, "
                    "or the metric is undefined (NaN) at every threshold")
            raise ImbcoreError(
                f"invalid metric: got {name!r}; this result holds the best thresholds of "
                f"{self._spec.metrics} only (pass metrics to the sweep)")
        return self._best[canon]

    def best_all(self, metrics: list[str] | None = None) -> BestThresholds:
        """The best threshold of every metric the sweep kept (or of ``metrics``)."""
        out = BestThresholds()
        for name in metrics if metrics is not None else list(self._best):
            out[metric_info(name).name] = self.best(
                name, subject_to=dict(self._spec.subject_to))
        return out

    def at(self, threshold: Any) -> Confusion:
        """The confusion when predicting positive for ``score >= threshold``.

        Exact wherever the result knows it: at thresholds given to the sweep
        (``thresholds=``), at the points of :attr:`curve`, between two of its
        points that are consecutive thresholds, above the highest score and
        below the lowest. Elsewhere it raises :class:`ImbcoreError` (pass the
        threshold to the sweep).
        """
        try:
            t = np.asarray(threshold, dtype=np.float64)
        except (TypeError, ValueError):
            raise ImbcoreError(
                f"invalid threshold: got {threshold!r}; thresholds must be numbers") from None
        if np.isnan(t).any():
            raise ImbcoreError("invalid threshold: got NaN; thresholds must be numbers")
        flat = t.reshape(-1)
        c = self.curve
        dt = np.float64 if self.weighted else np.int64
        tp = np.empty(flat.shape, dtype=dt)
        fp = np.empty(flat.shape, dtype=dt)
        th = c.thresholds.astype(np.float64)
        for k, x in enumerate(flat):
            if self._at is not None:
                hit = np.flatnonzero(self._spec.thresholds == x)
                if hit.size:
                    tp[k], fp[k] = self._at[0][hit[0]], self._at[1][hit[0]]
                    continue
            j = int(np.searchsorted(-th, -x, side="right")) - 1
            if j < 0:
                tp[k] = fp[k] = 0
                continue
            last = j == len(th) - 1 and c.position[j] == self.n_thresholds - 1
            if th[j] == x or last or (j + 1 < len(th) and c.position[j + 1] == c.position[j] + 1):
                tp[k], fp[k] = c.tp[j], c.fp[j]
                continue
            raise ImbcoreError(
                f"invalid threshold: got {x!r}, between two kept points of the curve; the "
                "counts there need the data again: pass thresholds=[...] to the sweep")
        fn_ = self.n_pos - tp
        tn = self.n_neg - fp
        if t.ndim == 0:
            return Confusion(tp[0].item(), fp[0].item(), fn_[0].item(), tn[0].item())
        return Confusion(tp.reshape(t.shape), fp.reshape(t.shape), fn_.reshape(t.shape),
                         tn.reshape(t.shape))


def _combine(summaries: list[dict[str, Any]], plan: _Plan, spec: _Spec, dtype: np.dtype
             ) -> DatasetSweep:
    """The result from the groups' summaries (in score order)."""
    summaries = [s for s in summaries if s["n"]]
    n_thr = sum(s["n"] for s in summaries)
    P, N = plan.n_pos, plan.n_neg
    if n_thr == 0 or (float(P) + float(N)) <= 0:
        raise ImbcoreError("invalid source: got no samples (or only samples of weight zero); "
                           "give at least one")
    if P > 0 and N > 0:
        auc = _sequential_sum([p for s in summaries for p in s["auc"]]) / 2.0
    else:
        import warnings

        from .errors import _undefined_metric_warning

        warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in "
                      "that case.", _undefined_metric_warning(), stacklevel=3)
        auc = math.nan
    ap = max(_sequential_sum([p for s in summaries for p in s["ap"]]) / float(P), 0.0) \
        if P > 0 else 0.0
    pts = {k: np.concatenate([s["points"][k] for s in summaries])
           for k in ("index", "thresholds", "tp", "fp")}
    curve = CurvePoints(pts["index"], pts["thresholds"].astype(dtype, copy=False), pts["tp"],
                        pts["fp"], np.maximum(P - pts["tp"], 0), np.maximum(N - pts["fp"], 0))
    best: dict[str, BestThreshold] = {}
    for name in spec.metrics:
        cands = [c for s in summaries for c in s["best"].get(name, [])]
        if not cands:
            continue
        top = max(c[1] for c in cands)
        floor = top - 8.0 * _EPS * abs(top)
        i, _, value = min((c for c in cands if c[1] >= floor), key=lambda c: c[0])
        j = int(np.searchsorted(curve.position, i))
        canon = metric_info(name).name
        best[canon] = BestThreshold(
            metric=canon, threshold=curve.thresholds[j], value=value, index=i,
            tp=curve.tp[j].item(), fp=curve.fp[j].item(), fn=curve.fn[j].item(),
            tn=curve.tn[j].item())
    at = None
    if spec.thresholds.size:
        zero = 0.0 if plan.weighted else 0
        tp = np.full(spec.thresholds.shape, zero, dtype=object)
        fp = np.full(spec.thresholds.shape, zero, dtype=object)
        for s in summaries:
            has, a, b = s["at"]
            tp[has], fp[has] = a[has], b[has]
        dt = np.float64 if plan.weighted else np.int64
        at = (tp.astype(dt), fp.astype(dt))
    return DatasetSweep(
        n_pos=P, n_neg=N, n_thresholds=n_thr, n_rows=plan.n_rows, roc_auc=auc,
        average_precision=ap, curve=curve, weighted=plan.weighted, auc_bracket=plan.bracket,
        mixed_rows=plan.mixed_rows, groups=len(plan.rows), _best=best, _spec=spec, _at=at)


def _make_spec(metrics: Any, subject_to: Any, thresholds: Any, max_points: Any) -> _Spec:
    names = metric_names() if metrics is None else (
        [metrics] if isinstance(metrics, str) else list(metrics))
    for m in names:
        metric_info(m)  # refuses unknown names, listing the known ones
    if subject_to is not None and not isinstance(subject_to, Mapping):
        raise ImbcoreError(f"invalid subject_to: got {subject_to!r}; give a mapping such as "
                           "{'precision': 0.9}")
    cons = []
    for k, v in (subject_to or {}).items():
        try:
            bound = float(v)
        except (TypeError, ValueError):
            raise ImbcoreError(f"invalid subject_to: got {{{k!r}: {v!r}}}; bounds must be "
                               "numbers") from None
        if not math.isfinite(bound):
            raise ImbcoreError(f"invalid subject_to: got {k}={v!r}; bounds must be finite")
        cons.append((metric_info(k).name, bound))
    t = np.zeros(0) if thresholds is None else np.atleast_1d(
        np.asarray(thresholds, dtype=np.float64)).reshape(-1)
    if np.isnan(t).any():
        raise ImbcoreError("invalid thresholds: got NaN; thresholds must be numbers")
    if isinstance(max_points, bool) or not isinstance(max_points, (int, np.integer)) \
            or max_points < 2:
        raise ImbcoreError(f"invalid max_points: got {max_points!r}; max_points must be an "
                           "integer >= 2")
    return _Spec([metric_info(m).name for m in names], cons, t, int(max_points))


# ---------------------------------------------------------------------------
# One machine


def _progress(enabled: bool, total: int | None, desc: str) -> Any:
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc, unit=" rows", unit_scale=True, file=sys.stderr,
                disable=None, leave=False, mininterval=0.5)


def sweep_dataset(source: Any, *, label: str, score: str, weight: str | None = None,
                  pos_label: Any = None, memory_limit: Any = "1GB",
                  metrics: Sequence[str] | str | None = None,
                  subject_to: Mapping[str, float] | None = None, thresholds: Any = None,
                  max_points: int = 10_000, progress: bool = True,
                  tmpdir: str | None = None) -> DatasetSweep:
    """The exact sweep of data read in batches, within a memory limit.

    Parameters
    ----------
    source : path, glob, folder, list of paths, pyarrow.dataset.Dataset or iterable
        Parquet, CSV or TSV files (compressed or not; a folder means its data
        files), an Arrow dataset, or an iterable of Arrow record batches or
        tables or pandas/Polars DataFrames. A list (or dataset) is read twice;
        an iterator is read once and its columns kept in a temporary file.
    label, score : str
        The columns of the labels and of the scores.
    weight : str, optional
        The column of sample weights.
    pos_label : optional
        The positive class, as in scikit-learn (needed unless the labels are
        booleans, {0, 1} or {-1, 1}).
    memory_limit : str or int
        The memory the sweep may use on top of a constant of at most 0.5 GiB
        (the interpreter, NumPy, pyarrow). Binary units: ``"1GB"`` = 2^30
        bytes. At least ``"32MB"``.
    metrics : list of str, optional
        The metrics whose best threshold to keep (default: every metric of
        :func:`imbcore.metric_names`).
    subject_to : mapping, optional
        Constraints for those best thresholds, as in :meth:`Sweep.best`.
    thresholds : array_like, optional
        Thresholds at which :meth:`DatasetSweep.at` must answer exactly.
    max_points : int
        About how many points of the curve to keep.
    progress : bool
        A progress bar on stderr (on a terminal).
    tmpdir : str, optional
        Where the temporary files go (default: the system's).

    Returns
    -------
    DatasetSweep

    Notes
    -----
    Memory: the histogram (56 MB), one batch, and one group of rows while it
    is swept (about 112 bytes per row); the groups are sized to fit the
    limit, except a single histogram bucket holding more distinct scores than
    fit (then that bucket is swept alone, and the limit can be exceeded).
    Files and iterators are decoded once: pass 1 also writes the three
    columns raw to a temporary file (5 bytes a row for float32 scores and
    boolean labels, 8 more with weights), which pass 2 reads; when the rows
    need more than one group, pass 2 writes them once more, by group.

    Examples
    --------
    >>> import numpy as np, pyarrow as pa, imbcore
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(10_000) < 0.05
    >>> s = rng.normal(size=10_000) + 2 * y
    >>> batches = [pa.record_batch({"y": y[i:i + 2500], "p": s[i:i + 2500]})
    ...            for i in range(0, 10_000, 2500)]
    >>> r = imbcore.sweep_dataset(batches, label="y", score="p", progress=False)
    >>> whole = imbcore.sweep(y, s)
    >>> r.roc_auc == whole.roc_auc, r.best("f1") == whole.best("f1")
    (True, True)
    """
    limit = parse_memory(memory_limit)
    spec = _make_spec(metrics, subject_to, thresholds, max_points)
    # a batch is at most 1/16 of the limit (its arrays are copied a few times)
    batch_rows = int(min(1 << 22, max(1 << 14, limit // 16 // 24)))
    src = _Source(source, label, score, weight, pos_label, batch_rows)
    group_rows = max(1 << 16, (limit - (64 << 20) - batch_rows * 64) // _BYTES_PER_ROW)
    work = tempfile.mkdtemp(prefix="imbcore-sweep-", dir=tmpdir)
    opened: list[_Spill] = []
    try:
        return _run_local(src, spec, group_rows, work, progress, opened)
    finally:
        for f in opened:  # on an error, the files still open
            f.close()
        shutil.rmtree(work, ignore_errors=True)


def _run_local(src: _Source, spec: _Spec, group_rows: int, work: str,
               progress: bool, opened: list[_Spill]) -> DatasetSweep:
    # pass 1: the histogram (and a raw copy of the columns, read by pass 2)
    hist: _Histogram | None = None
    # An iterator can be read once; files are decoded once: the second pass reads this raw
    # copy of the three columns (5 bytes a float32 row) rather than decoding Parquet again.
    copy = (_Spill(os.path.join(work, "copy"), opened) if (src.once or src.files is not None)
            else None)
    bar = _progress(progress, None, "pass 1/2: histogram")
    for b in src.batches():
        if hist is None:
            hist = _Histogram(8 * b.scores.dtype.itemsize, b.weights is not None)
        hist.update(b)
        if copy is not None:
            copy.write(b.labels, b.scores, b.weights)
        if bar is not None:
            bar.update(b.scores.shape[0])
    if bar is not None:
        bar.close()
    if hist is None:
        raise ImbcoreError("invalid source: got no rows; give at least one")
    dtype = src.dtype[0]
    plan = _plan(hist, group_rows)
    del hist
    ng = len(plan.rows)
    # pass 2: the rows of each group; in memory when there is one group, else spilled
    batches: Iterator[_Batch]
    if copy is not None:
        copy.close()
        batches = copy.read(dtype, plan.weighted, src.batch_rows)
    else:
        batches = src.batches()
    bar = _progress(progress, plan.n_rows, "pass 2/2: exact sweep")
    spills = ([_Spill(os.path.join(work, f"g{g}"), opened) for g in range(ng)] if ng > 1
              else None)
    held: list[_Batch] = []
    for b in batches:
        g = plan.table[_core.score_buckets(b.scores, plan.bits)]
        if spills is None:
            keep = g >= 0
            held.append(_Batch(b.labels[keep], b.scores[keep],
                               None if b.weights is None else b.weights[keep], b.where))
        else:
            order = np.argsort(g, kind="stable")
            counts = np.bincount(g.astype(np.int64) + 1, minlength=ng + 1)
            bounds = np.cumsum(counts)
            for k in np.flatnonzero(counts[1:]):
                sel = order[bounds[k]:bounds[k + 1]]
                spills[k].write(b.labels[sel], b.scores[sel],
                                 None if b.weights is None else b.weights[sel])
        if bar is not None:
            bar.update(b.scores.shape[0])
    summaries = []
    start = 0
    for gi in range(ng):
        if spills is None:
            labels = np.concatenate([b.labels for b in held]) if held else np.zeros(0, np.uint8)
            scores = np.concatenate([b.scores for b in held]) if held else np.zeros(0, dtype)
            weights = (np.concatenate([b.weights for b in held]) if plan.weighted and held
                       else None)
            held = []
        else:
            spills[gi].close()
            labels, scores, weights = spills[gi].read_all(dtype, plan.weighted)
            spills[gi].remove()
        thr, tp, fp = _group_curve(labels, scores, weights, plan.singles[gi],
                                   plan.tp_above[gi], plan.fp_above[gi], dtype, plan.weighted)
        del labels, scores, weights
        s = _summarize(thr, tp, fp, start, plan.tp_above[gi], plan.fp_above[gi], plan.n_pos,
                       plan.n_neg, plan.n_rows, spec)
        start += s["n"]
        summaries.append(s)
        del thr, tp, fp
    if bar is not None:
        bar.close()
    return _combine(summaries, plan, spec, dtype)


class _Spill:
    """Rows appended to a temporary file (label, score, weight per row)."""

    def __init__(self, path: str, opened: list[_Spill]) -> None:
        self.path = path
        self.f: Any = open(path, "wb")
        self.n = 0
        opened.append(self)

    def write(self, labels: np.ndarray, scores: np.ndarray, weights: np.ndarray | None) -> None:
        if not labels.size:
            return
        # columns one after the other within each block: [n][labels][scores][weights]
        np.array([labels.shape[0]], dtype=np.int64).tofile(self.f)
        np.ascontiguousarray(labels).tofile(self.f)
        np.ascontiguousarray(scores).tofile(self.f)
        if weights is not None:
            np.ascontiguousarray(weights).tofile(self.f)
        self.n += labels.shape[0]

    def close(self) -> None:
        if self.f is not None:
            self.f.close()
            self.f = None

    def remove(self) -> None:
        self.close()
        os.unlink(self.path)

    def read(self, dtype: np.dtype, weighted: bool, batch_rows: int) -> Iterator[_Batch]:
        with open(self.path, "rb") as f:
            while True:
                head = np.fromfile(f, dtype=np.int64, count=1)
                if not head.size:
                    return
                k = int(head[0])
                y = np.fromfile(f, dtype=np.uint8, count=k)
                s = np.fromfile(f, dtype=dtype, count=k)
                w = np.fromfile(f, dtype=np.float64, count=k) if weighted else None
                yield _Batch(y, s, w, "a temporary copy")

    def read_all(self, dtype: np.dtype, weighted: bool
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        n = self.n
        y = np.empty(n, dtype=np.uint8)
        s = np.empty(n, dtype=dtype)
        w = np.empty(n, dtype=np.float64) if weighted else None
        i = 0
        for b in self.read(dtype, weighted, 0):
            k = b.labels.shape[0]
            y[i:i + k] = b.labels
            s[i:i + k] = b.scores
            if w is not None and b.weights is not None:
                w[i:i + k] = b.weights
            i += k
        return y, s, w


# ---------------------------------------------------------------------------
# Dask


def _dask_hist(part: Any, cols: tuple[str, str, str | None], pos_label: Any
               ) -> tuple[_Histogram | None, set[Any]]:
    labels = _Labels(pos_label)
    b = _frame_batch(part, cols, labels)
    if not b.scores.size:
        return None, labels.seen
    h = _Histogram(8 * b.scores.dtype.itemsize, b.weights is not None)
    h.update(b)
    return h, labels.seen


def _frame_batch(part: Any, cols: tuple[str, str, str | None], labels: _Labels) -> _Batch:
    label, score, weight = cols
    dtype: list[np.dtype] = []
    y = column_numpy(part, label, "label")
    s = _scores(column_numpy(part, score, "score"), "a partition", dtype)
    w = None if weight is None else np.require(
        column_numpy(part, weight, "weight"), dtype=np.float64, requirements=["C", "A"])
    return _Batch(np.require(labels(y, "a partition"), requirements=["C", "A"]), s, w,
                  "a partition")


def _merge_hists(hs: list[tuple[_Histogram | None, set[Any]]]
                 ) -> tuple[_Histogram | None, set[Any]]:
    out: _Histogram | None = None
    seen: set[Any] = set()
    for h, s in hs:
        seen |= s
        if len(seen) > 2:
            _Labels._refuse(seen, "the partitions")
        if h is None:
            continue
        if out is None:
            out = h
        elif out.h.score_bits != h.h.score_bits:
            raise ImbcoreError("invalid frame: got float32 scores in some partitions and "
                               "float64 in others; the score column must have one dtype")
        else:
            out.merge(h)
    return out, seen


def _dask_route(part: Any, cols: tuple[str, str, str | None], pos_label: Any,
                table: np.ndarray, bits: int, ng: int) -> list[Any]:
    """The rows of one partition, split by group (None for a group without rows)."""
    b = _frame_batch(part, cols, _Labels(pos_label))
    g = table[_core.score_buckets(b.scores, bits)]
    order = np.argsort(g, kind="stable")
    bounds = np.cumsum(np.bincount(g.astype(np.int64) + 1, minlength=ng + 1))
    out: list[Any] = []
    for gi in range(ng):
        sel = order[bounds[gi]:bounds[gi + 1]]
        out.append(None if not sel.size else
                   (b.labels[sel], b.scores[sel], None if b.weights is None else b.weights[sel]))
    return out


def _dask_group(gi: int, single: Any, tp0: Any, fp0: Any, dtype: np.dtype, weighted: bool,
                *pieces: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The exact curve of group ``gi`` from its rows in every partition."""
    parts = [p[gi] for p in pieces if p[gi] is not None]
    if parts:
        y = np.concatenate([p[0] for p in parts])
        s = np.concatenate([p[1] for p in parts])
        w = np.concatenate([p[2] for p in parts]) if weighted else None
    else:
        y, s, w = np.zeros(0, np.uint8), np.zeros(0, dtype), None
    return _group_curve(y, s, w, single, tp0, fp0, dtype, weighted)


def _curve_length(curve: tuple[np.ndarray, np.ndarray, np.ndarray]) -> int:
    return int(curve[0].shape[0])


def _dask_summarize(curve: tuple[np.ndarray, np.ndarray, np.ndarray], *args: Any
                    ) -> dict[str, Any]:
    return _summarize(curve[0], curve[1], curve[2], *args)


def sweep_dask(frame: Any, *, label: str | None = None, score: str | None = None,
               weight: str | None = None, pos_label: Any = None,
               memory_limit: Any = "1GB", metrics: Sequence[str] | str | None = None,
               subject_to: Mapping[str, float] | None = None, thresholds: Any = None,
               max_points: int = 10_000) -> DatasetSweep:
    """The exact sweep of a Dask DataFrame, computed on the cluster's workers.

    Only small summaries reach the client: the histogram (its non-empty
    buckets) and, per group of buckets, the summary of its exact sweep.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame or tuple of dask.array.Array
        The data; a pair ``(y_true, y_score)`` (or a triple with weights) of
        1-D Dask arrays also works.
    label, score, weight : str
        Column names (for a DataFrame).
    memory_limit : str or int
        The memory one worker may use for one group of rows (binary units).
    pos_label, metrics, subject_to, thresholds, max_points
        As for :func:`sweep_dataset`.

    Returns
    -------
    DatasetSweep

    Notes
    -----
    Pass 1 computes one histogram per partition and adds them in a tree on the
    workers. Pass 2 splits each partition's rows by group, gathers each
    group's rows on one worker, and sweeps it there. A worker's failure (a
    bad value in a partition, a lost worker) is raised on the client.
    """
    import dask
    from dask import delayed

    limit = parse_memory(memory_limit)
    spec = _make_spec(metrics, subject_to, thresholds, max_points)
    if isinstance(frame, (tuple, list)):
        import dask.dataframe as dd

        if len(frame) not in (2, 3):
            raise ImbcoreError(f"invalid frame: got a sequence of {len(frame)} arrays; give "
                               "(y_true, y_score) or (y_true, y_score, sample_weight)")
        names = ["label", "score", "weight"][: len(frame)]
        frame = dd.concat([dd.from_dask_array(a, columns=n) for a, n in zip(frame, names)],
                          axis=1)
        label, score, weight = "label", "score", ("weight" if len(frame.columns) == 3
                                                  else None)
    if label is None or score is None:
        raise ImbcoreError("invalid label: got None; name the label and score columns "
                           "(label=..., score=...)")
    names = [str(c) for c in frame.columns]
    for arg, col in (("label", label), ("score", score), ("weight", weight)):
        if col is not None and col not in names:
            raise ImbcoreError(f"invalid {arg}: got {col!r}, which the frame does not have; "
                               f"its columns are {names}")
    cols = (label, score, weight)
    parts = frame[[c for c in cols if c is not None]].to_delayed()
    hists = [delayed(_dask_hist)(p, cols, pos_label) for p in parts]
    while len(hists) > 1:  # a tree of merges on the workers
        hists = [delayed(_merge_hists)(hists[i:i + 8]) for i in range(0, len(hists), 8)]
    (hist, _seen), = dask.compute(delayed(_merge_hists)(hists))
    if hist is None:
        raise ImbcoreError("invalid frame: got no rows; give at least one")
    if pos_label is None and not (_seen <= {0, 1} or _seen <= {-1, 1}):
        raise ImbcoreError(
            f"invalid pos_label: got None with labels {sorted(_seen, key=str)}; labels other "
            "than {0, 1} or {-1, 1} need pos_label naming the positive class")
    group_rows = max(1 << 16, (limit - (64 << 20)) // _BYTES_PER_ROW)
    plan = _plan(hist, group_rows)
    dtype = np.dtype(np.float32 if hist.h.score_bits == 32 else np.float64)
    del hist
    ng = len(plan.rows)
    table = delayed(plan.table, traverse=False)
    routed = [delayed(_dask_route)(p, cols, pos_label, table, plan.bits, ng) for p in parts]
    curves = [delayed(_dask_group)(gi, plan.singles[gi], plan.tp_above[gi], plan.fp_above[gi],
                                   dtype, plan.weighted, *routed)
              for gi in range(ng)]
    # the curves stay on the workers; their lengths give each group's global index
    curves = list(dask.persist(*curves))
    lengths = dask.compute(*[delayed(_curve_length)(c) for c in curves])
    starts = np.concatenate([[0], np.cumsum(lengths)])[:-1].astype(int)
    summaries = dask.compute(*[
        delayed(_dask_summarize)(c, int(starts[gi]), plan.tp_above[gi], plan.fp_above[gi],
                                 plan.n_pos, plan.n_neg, plan.n_rows, spec)
        for gi, c in enumerate(curves)])
    return _combine(list(summaries), plan, spec, dtype)
