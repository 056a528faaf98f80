"""Reading scored validation data (scores, labels, weights) from files or standard input.

One job: turn a file into three 1-D arrays for :func:`imbcore.sweep`.

* **Where.** A path, or ``-`` for standard input.
* **Compression** is recognised by the first bytes, whatever the name: gzip,
  bzip2 and Zstandard streams are decompressed on the fly (by pyarrow).
* **Format.** A known suffix (after any ``.gz``/``.bz2``/``.zst``) decides;
  otherwise the first bytes after decompression (NumPy, zip, Parquet), and
  anything else is CSV.

  - CSV: a header row names the columns. pyarrow's multithreaded reader
    reads every CSV file, so one reader means one behaviour. The delimiter is
    ``delimiter`` when given, a tab for ``.tsv``/``.tab``, and otherwise the
    most frequent of ``,`` tab ``;`` ``|`` in the header line.
  - Parquet (``.parquet``, ``.pq``): only the named columns are read.
  - ``.npy``: a structured array (columns are its field names) or a plain 2-D
    array (columns are indices; by default column 0 holds the labels and
    column 1 the scores, scikit-learn's order ``y_true, y_score``).
  - ``.npz``: 1-D arrays named by the columns.

CSV, Parquet and compressed input need pyarrow (``pip install 'imbcore[cli]'``);
without it they raise one line saying so. Every failure a user can cause
(missing file or column, unreadable file, missing values, non-numeric scores,
short rows) raises :class:`ImbcoreError` with one line saying what is wrong
and where (the CSV line or the row), and what would work. pyarrow's own
messages name no line, so on failure this module reads again, more slowly,
to find it.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Iterable, Sequence

import numpy as np

from ..errors import ImbcoreError

__all__ = ["ScoredData", "read_scored", "detect_format", "detect_compression", "sniff_delimiter",
           "DEFAULT_SCORE", "DEFAULT_LABEL", "DELIMITERS", "STDIN"]

# Column names tried, in order, when --score / --label are not given.
DEFAULT_SCORE = ("score", "y_score", "scores", "prediction", "proba")
DEFAULT_LABEL = ("label", "y_true", "labels", "target", "y")

STDIN = "-"
# candidates of the delimiter sniffed from the header line, in order of preference on a tie
DELIMITERS = (",", "\t", ";", "|")

# magic bytes of the compressed streams pyarrow decompresses, and pyarrow's codec names
_COMPRESSION_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\x28\xb5\x2f\xfd", "zstd"))
_COMPRESSION_SUFFIXES = (".gz", ".gzip", ".bz2", ".zst", ".zstd")
_SUFFIXES = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".tab": "csv",
    ".parquet": "parquet", ".pq": "parquet",
    ".npy": "npy", ".npz": "npz",
}
_INSTALL = "pip install 'imbcore[cli]'"


@dataclass
class ScoredData:
    """Scores, labels and optional weights read from one file."""

    path: str
    format: str
    score: np.ndarray
    label: np.ndarray
    weight: np.ndarray | None
    columns: dict[str, str]  # role ("score", "label", "weight") -> column name used
    # multiclass files: the score columns, one per class (``score`` is then (n, K))
    score_columns: list[str] | None = None

    def __len__(self) -> int:
        return int(self.score.shape[0])

    def place(self, i: int) -> str:
        """Where data row ``i`` (from 0) is in the file: its line for CSV, else its row."""
        return _csv_line(i) if self.format == "csv" else f"row {i}"

    def third_label(self) -> int | None:
        """The first data row whose label is neither of the first two seen, or None."""
        labels = self.label
        first = labels[:1]
        other = np.flatnonzero(labels != first[0]) if labels.size else np.empty(0, np.intp)
        if other.size == 0:
            return None
        second = labels[other[0]]
        third = np.flatnonzero((labels != first[0]) & (labels != second))
        return int(third[0]) if third.size else None


def _fail(path: str, what: str) -> ImbcoreError:
    return ImbcoreError(f"{path}: {what}")


def _list(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(repr(str(n)) for n in list(names)[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


def _pyarrow(path: str, what: str) -> Any:
    try:
        import pyarrow
        import pyarrow.csv  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise _fail(path, f"reading {what} needs pyarrow: {_INSTALL}") from None
    return pyarrow


# --------------------------------------------------------------------------- source


def detect_compression(head: bytes) -> str | None:
    """The compression of a stream from its first bytes: 'gzip', 'bz2', 'zstd' or None.

    Examples
    --------
    >>> import gzip
    >>> from imbcore.cli._io import detect_compression
    >>> detect_compression(gzip.compress(b"score,label")), detect_compression(b"score,label")
    ('gzip', None)
    """
    return next((codec for magic, codec in _COMPRESSION_MAGIC if head.startswith(magic)), None)


def detect_format(name: str, head: bytes) -> str:
    """The format of a file: 'csv', 'parquet', 'npy' or 'npz'.

    ``name`` is the file's name (its suffix decides when it is a known one,
    after any compression suffix), ``head`` its first bytes after
    decompression (they decide otherwise, and for standard input).

    Examples
    --------
    >>> from imbcore.cli._io import detect_format
    >>> detect_format("scores.tsv.gz", b""), detect_format("-", b"PAR1\\x15"), detect_format("x", b"a,b")
    ('csv', 'parquet', 'csv')
    """
    base = name.lower()
    while base.endswith(_COMPRESSION_SUFFIXES):
        base = os.path.splitext(base)[0]
    ext = os.path.splitext(base)[1]
    if name != STDIN and ext in _SUFFIXES:
        return _SUFFIXES[ext]
    if head.startswith(b"\x93NUMPY"):
        return "npy"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "npz"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "csv"


class _Source:
    """The bytes of a file or of standard input, decompressed, readable more than once."""

    def __init__(self, path: str, stdin: BinaryIO | None = None) -> None:
        self.path = path
        self.name = "<stdin>" if path == STDIN else path
        self._data: bytes | None = None
        if path == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            if stdin is None and sys.stdin.isatty():
                raise _fail(self.name, "no data: standard input is a terminal; pipe a file "
                                       "in (... | imbcore sweep -) or name the file")
            self._data = stream.read()  # once: a pipe cannot be read again
            raw_head = self._data[:8]
        else:
            with open(path, "rb") as f:
                raw_head = f.read(8)
        self.compression = detect_compression(raw_head)
        self.head = raw_head if self.compression is None else self.open().read(8)

    @property
    def in_memory(self) -> bool:
        """Whether the bytes are not a plain file on disk (stdin, or compressed)."""
        return self._data is not None or self.compression is not None

    def open(self) -> Any:
        """A new pyarrow input stream over the decompressed bytes."""
        what = f"{self.compression} files" if self.compression else "this input"
        pa = _pyarrow(self.name, what)
        source = pa.py_buffer(self._data) if self._data is not None else self.path
        return pa.input_stream(source, compression=self.compression)

    def first_line(self, limit: int = 1 << 24) -> bytes:
        """The bytes up to and including the first newline (or the end)."""
        with self.open() as f:
            got = b""
            while b"\n" not in got and len(got) < limit:
                block = f.read(1 << 16)
                if not block:
                    break
                got += block
        end = got.find(b"\n")
        return got if end < 0 else got[: end + 1]

    def read_all(self) -> bytes:
        """Every decompressed byte (for formats that need random access)."""
        if self.compression is None and self._data is not None:
            return self._data
        with self.open() as f:
            return bytes(f.read())

    def binary_file(self) -> Any:
        """The path of a plain file, else the decompressed bytes as a file object."""
        return self.path if not self.in_memory else io.BytesIO(self.read_all())


# ----------------------------------------------------------------------- columns


def _pick(path: str, available: Sequence[str], role: str, wanted: str | None,
          defaults: Iterable[str]) -> str:
    """The column for ``role``: the one asked for, or the first default present."""
    if wanted is not None:
        if wanted in available:
            return wanted
        folded = [c for c in available if c.strip().lower() == wanted.strip().lower()]
        close = folded or difflib.get_close_matches(
            wanted.lower(), [str(c).lower() for c in available], n=1)
        if close and not folded:
            close = [c for c in available if str(c).lower() == close[0]]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise _fail(path, f"no column {wanted!r} for --{role}{hint}; "
                          f"columns are {_list(available)}")
    for name in defaults:
        if name in available:
            return name
    raise _fail(path, f"no {role} column found (looked for {_list(list(defaults), 3)}); "
                      f"name it with --{role}, columns are {_list(available)}")


def _score_columns(path: str, available: Sequence[str], names: dict[str, Any]) -> list[str]:
    """The score columns of a multiclass file: those listed, or those named with the prefix
    (in the file's order)."""
    listed, prefix = names.get("scores"), names.get("score_prefix")
    if listed:
        return [_pick(path, available, "score", c, ()) for c in listed]
    chosen = [c for c in available if str(c).startswith(prefix)]
    if len(chosen) < 2:
        raise _fail(path, f"{len(chosen)} column(s) start with {prefix!r} for --score-prefix; "
                          f"a multiclass file needs one score column per class (two or more), "
                          f"columns are {_list(available)}")
    return chosen


def _choose(path: str, available: Sequence[str], names: dict[str, Any]) -> dict[str, str]:
    if names.get("scores") or names.get("score_prefix"):
        # one score column per class: roles "score", "score:1", "score:2", ...
        columns = _score_columns(path, available, names)
        wanted = {("score" if k == 0 else f"score:{k}"): c for k, c in enumerate(columns)}
        wanted["label"] = _pick(path, available, "label", names.get("label"), DEFAULT_LABEL)
        if names.get("weight") is not None:
            wanted["weight"] = _pick(path, available, "weight", names["weight"], ())
        if wanted["label"] in columns:
            raise _fail(path, f"column {wanted['label']!r} is given as both score and label")
        return wanted
    wanted = {
        "score": _pick(path, available, "score", names.get("score"), DEFAULT_SCORE),
        "label": _pick(path, available, "label", names.get("label"), DEFAULT_LABEL),
    }
    if names.get("weight") is not None:
        wanted["weight"] = _pick(path, available, "weight", names["weight"], ())
    if wanted["score"] == wanted["label"]:
        raise _fail(path, f"column {wanted['score']!r} is given as both score and label")
    return wanted


def _as_scores(path: str, name: str, values: np.ndarray, line_of: Any) -> np.ndarray:
    """A numeric column as float32/float64, or a clear error naming the first bad entry."""
    if values.dtype.kind == "b":
        return values.astype(np.float64)
    if values.dtype.kind in "iuf":
        a = values if values.dtype in (np.float32, np.float64) else values.astype(np.float64)
        bad = ~np.isfinite(a)
        if bad.any():
            i = int(np.argmax(bad))
            raise _fail(path, f"column {name!r} has a non-finite value {float(a[i]):g} at "
                              f"{line_of(i)}; scores and weights must be finite numbers")
        return a
    first = _first_non_number(values)
    if first is not None:
        raise _fail(path, f"column {name!r} must hold numbers; {line_of(first)} has "
                          f"{values[first]!r}")
    return values.astype(np.float64)


def _first_non_number(values: Iterable[Any]) -> int | None:
    for i, v in enumerate(values):
        try:
            if not np.isfinite(float(v)):
                raise ValueError
        except (TypeError, ValueError):
            return i
    return None


def _check_missing(path: str, name: str, missing: np.ndarray, line_of: Any) -> None:
    if missing.any():
        i = int(np.argmax(missing))
        raise _fail(path, f"column {name!r} has {int(missing.sum())} missing value(s), "
                          f"the first at {line_of(i)}; fill or drop those rows")


def _arrow_columns(path: str, table: Any, wanted: dict[str, str], line_of: Any
                   ) -> dict[str, np.ndarray]:
    """The wanted columns of a pyarrow table as NumPy arrays; missing values are errors."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = {}
    for role, name in wanted.items():
        col = table.column(name)
        if col.null_count:
            _check_missing(path, name, col.is_null().to_numpy(zero_copy_only=False), line_of)
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        if pa.types.is_binary(col.type) or pa.types.is_large_binary(col.type):
            raise _fail(path, f"column {name!r} is not text (UTF-8); save the file as UTF-8")
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            col = pc.utf8_trim_whitespace(col)
            if role == "label":
                col = _typed_labels(col)
        elif not (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)
                  or pa.types.is_boolean(col.type) or pa.types.is_null(col.type)):
            raise _fail(path, f"column {name!r} has type {col.type}; "
                              "expected numbers, booleans or strings")
        out[role] = col.to_numpy(zero_copy_only=False)
    return out


def _typed_labels(col: Any) -> Any:
    """Label strings as ints, floats or booleans when they all read so, else strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for kind in (pa.int64(), pa.float64()):
        try:
            return pc.cast(col, kind)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    low = pc.utf8_lower(col)
    is_true = pc.equal(low, "true")
    if pc.all(pc.or_(is_true, pc.equal(low, "false"))).as_py():
        return is_true
    return col


# ----------------------------------------------------------------------------- CSV


def _csv_line(i: int) -> str:
    return f"line {i + 2}"  # the header is line 1


def sniff_delimiter(header: str) -> str:
    """The delimiter of a CSV header line: the most frequent of ``, \\t ; |`` outside quotes.

    Ties go to the earlier of ``, \\t ; |``; a header with none of them (one
    column) gets ``,``.

    Examples
    --------
    >>> from imbcore.cli._io import sniff_delimiter
    >>> sniff_delimiter("score\\tlabel\\tnote, free text"), sniff_delimiter('"a;b";c;d')
    ('\\t', ';')
    """
    outside = re.sub(r'"[^"]*"', "", header)
    counts = [outside.count(d) for d in DELIMITERS]
    best = max(range(len(DELIMITERS)), key=lambda k: (counts[k], -k))
    return DELIMITERS[best] if counts[best] else ","


def _csv_delimiter(src: _Source, header: str, delimiter: str | None) -> str:
    if delimiter is not None:
        if len(delimiter) != 1 or delimiter in "\"\r\n":
            raise ImbcoreError(f"invalid delimiter: got {delimiter!r}; give one character "
                               "such as ',' ';' '|' or 'tab'")
        return delimiter
    base = src.name.lower()
    while base.endswith(_COMPRESSION_SUFFIXES):
        base = os.path.splitext(base)[0]
    if base.endswith((".tsv", ".tab")):
        return "\t"
    return sniff_delimiter(header)


def _csv_header(src: _Source, delimiter: str | None) -> tuple[dict[str, str], str]:
    """The columns (name as matched -> name in the file) and the delimiter."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    first = src.first_line()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(src.name, "is not a text (UTF-8) CSV file; name binary files .parquet, "
                              ".npy or .npz") from None
    if not text.strip():
        raise _fail(src.name, "the file is empty; a CSV file needs a header row naming its "
                              "columns")
    delim = _csv_delimiter(src, text, delimiter)
    try:
        names = pacsv.read_csv(pa.py_buffer(first),
                               parse_options=pacsv.ParseOptions(delimiter=delim)).column_names
    except pa.ArrowInvalid as e:
        raise _fail(src.name, f"cannot read the header row: {_arrow_message(e)}") from None
    # names are matched without surrounding spaces, as people read them
    columns: dict[str, str] = {}
    for name in names:
        columns.setdefault(name.strip(), name)
    return columns, delim


def _arrow_message(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


def _read_csv(src: _Source, names: dict[str, Any], delimiter: str | None
              ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    pa = _pyarrow(src.name, "CSV")
    import pyarrow.csv as pacsv

    columns, delim = _csv_header(src, delimiter)
    wanted = _choose(src.name, list(columns), names)
    in_file = {role: columns[name] for role, name in wanted.items()}
    numeric = {in_file[role] for role in in_file if role.startswith("score") or role == "weight"}
    parse = pacsv.ParseOptions(delimiter=delim)

    def read(as_text: bool = False, threads: bool = True, on_bad_row: Any = None) -> Any:
        included = list(dict.fromkeys(in_file.values()))
        types = ({c: pa.string() for c in included} if as_text
                 else {c: pa.float64() for c in numeric})
        convert = pacsv.ConvertOptions(include_columns=included, column_types=types,
                                       strings_can_be_null=True)
        options = pacsv.ParseOptions(delimiter=delim, invalid_row_handler=on_bad_row)
        return pacsv.read_csv(src.open(), read_options=pacsv.ReadOptions(use_threads=threads),
                              parse_options=options if on_bad_row else parse,
                              convert_options=convert)

    try:
        table = read()
    except pa.ArrowInvalid as e:
        message = _arrow_message(e)
        if "conversion error" in message:
            # a value that is not of its column's type (scores and weights must be numbers;
            # labels are typed from the first block): read the columns as text, say where
            table = read(as_text=True)
        elif "parse error" in message:
            raise _csv_parse_error(src, read, e) from None
        else:
            raise _fail(src.name, f"cannot read as CSV: {message}") from None
    table = table.rename_columns([_stripped(c) for c in table.column_names])
    return _arrow_columns(src.name, table, wanted, _csv_line), wanted


def _stripped(name: str) -> str:
    return name.strip()


def _csv_parse_error(src: _Source, read: Callable[..., Any], error: BaseException
                     ) -> ImbcoreError:
    """The first malformed row, found by reading again on one thread (rows then have numbers)."""
    import pyarrow as pa

    bad: list[Any] = []

    def keep_first(row: Any) -> str:
        bad.append(row)
        return "error"

    try:
        read(as_text=True, threads=False, on_bad_row=keep_first)
    except pa.ArrowInvalid:
        pass
    if bad and bad[0].number is not None:
        row = bad[0]
        return _fail(src.name, f"line {row.number} has {row.actual_columns} field(s), "
                               f"the header has {row.expected_columns}")
    return _fail(src.name, f"cannot read as CSV: {_arrow_message(error)}")


# ------------------------------------------------------------------------- Parquet


def _read_parquet(src: _Source, names: dict[str, Any]
                  ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    pa = _pyarrow(src.name, "Parquet")
    import pyarrow.parquet as pq

    try:
        source = src.path if not src.in_memory else pa.BufferReader(src.read_all())
        f = pq.ParquetFile(source)
        available = list(f.schema_arrow.names)
        wanted = _choose(src.name, available, names)
        table = f.read(columns=list(dict.fromkeys(wanted.values())))
    except (pa.ArrowException, OSError) as e:
        raise _fail(src.name, f"cannot read as Parquet: {str(e).splitlines()[0]}") from None
    return _arrow_columns(src.name, table, wanted, lambda i: f"row {i}"), wanted


# --------------------------------------------------------------------------- NumPy


def _load_npy(src: _Source) -> Any:
    try:
        return np.load(src.binary_file(), allow_pickle=False)
    except ValueError as e:
        if "allow_pickle" in str(e):
            raise _fail(src.name, "holds Python objects, which are not read (no pickles); "
                                  "save numeric or string arrays") from None
        raise _fail(src.name, f"cannot read as a NumPy file: {e}") from None
    except (OSError, EOFError) as e:
        raise _fail(src.name, f"cannot read as a NumPy file: {e}") from None


def _read_npy(src: _Source, names: dict[str, Any]
              ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    path = src.name
    a = _load_npy(src)
    if not isinstance(a, np.ndarray):
        raise _fail(path, "is an .npz archive; name it with the .npz suffix")
    row = lambda i: f"row {i}"  # noqa: E731
    if a.dtype.names:
        if a.ndim != 1:
            raise _fail(path, f"holds a structured array of shape {a.shape}; expected 1-D")
        wanted = _choose(path, list(a.dtype.names), names)
        return {role: np.asarray(a[col]) for role, col in wanted.items()}, wanted
    if a.ndim != 2 or a.shape[1] < 2:
        raise _fail(path, f"holds an array of shape {a.shape}; expected a 2-D array with "
                          "columns (label, score[, weight]) or a structured array")
    k = a.shape[1]
    if names.get("scores") or names.get("score_prefix"):
        raise _fail(path, "is a plain 2-D array; several score columns need named columns: "
                          "save a structured array, or an .npz with y_true and one array per "
                          "class")
    defaults = {"label": "0", "score": "1", "weight": None}
    wanted = {}
    for role, col in ((r, c) for r, c in names.items() if r in defaults):
        col = col if col is not None else defaults[role]
        if col is None:
            continue
        try:
            j = int(col)
        except ValueError:
            raise _fail(path, f"is a plain 2-D array; --{role} must be a column index "
                              f"0..{k - 1}, got {col!r}") from None
        if not 0 <= j < k:
            raise _fail(path, f"has {k} columns; --{role} {col} is out of range 0..{k - 1}")
        wanted[role] = str(j)
    if names["label"] is None and names["score"] is None and _looks_like_proba(a):
        raise _fail(path, f"holds an array of shape {a.shape} whose rows sum to 1, like "
                          "predict_proba output: a score per class and no labels; save the "
                          "labels beside the positive class's column, e.g. "
                          "np.savez('scores.npz', y_true=y, y_score=proba[:, 1])")
    cols = {role: np.ascontiguousarray(a[:, int(j)]) for role, j in wanted.items()}
    for role, v in cols.items():
        if role == "label" and v.dtype.kind == "f":
            _check_missing(path, f"column {wanted[role]}", np.isnan(v), row)
    return cols, wanted


def _read_npz(src: _Source, names: dict[str, Any]
              ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    path = src.name
    z = _load_npy(src)
    if isinstance(z, np.ndarray):
        raise _fail(path, "is a single .npy array, not an .npz archive; name it .npy")
    with z:
        wanted = _choose(path, list(z.files), names)
        try:
            cols = {role: np.asarray(z[col]) for role, col in wanted.items()}
        except ValueError as e:
            raise _fail(path, f"cannot read array: {e}") from None
    for role, v in cols.items():
        if v.ndim == 2 and role == "score" and v.shape[1] == 2:
            raise _fail(path, f"array {wanted[role]!r} has shape {v.shape}, like predict_proba "
                              "output (a column per class); save the positive class's column, "
                              f"{wanted[role]}[:, 1]")
        if v.ndim != 1:
            raise _fail(path, f"array {wanted[role]!r} has shape {v.shape}; expected 1-D")
    return cols, wanted


def _looks_like_proba(a: np.ndarray) -> bool:
    """A plain (n, 2) array of probabilities whose rows sum to 1: predict_proba's output.

    Its column 0 is P(negative), not labels (labels have two values).
    """
    if a.ndim != 2 or a.shape[1] != 2 or a.dtype.kind != "f" or a.shape[0] == 0:
        return False
    head = a[: 1 << 16]
    if np.unique(head[:, 0]).size <= 2:
        return False
    return bool(np.all((head >= 0) & (head <= 1))
                and np.allclose(head.sum(axis=1), 1.0, rtol=0, atol=1e-4))


# ---------------------------------------------------------------------------- entry


def read_scored(path: str, *, score: str | None = None, label: str | None = None,
                weight: str | None = None, delimiter: str | None = None,
                stdin: BinaryIO | None = None, scores: Sequence[str] | None = None,
                score_prefix: str | None = None) -> ScoredData:
    """Read scores, labels and optional weights from ``path``.

    Parameters
    ----------
    path : str
        A CSV, Parquet, ``.npy`` or ``.npz`` file, possibly compressed (gzip,
        bzip2, Zstandard), or ``"-"`` for standard input.
    score, label, weight : str, optional
        Column names (indices for a plain 2-D ``.npy``). Score and label
        default to the first of :data:`DEFAULT_SCORE` / :data:`DEFAULT_LABEL`
        present; there is no weight unless one is named.
    delimiter : str, optional
        Of a CSV file: one character (``"\\t"`` for TSV). By default a tab for
        ``.tsv``/``.tab`` files, else sniffed from the header line.
    stdin : binary file, optional
        What ``"-"`` reads (default: ``sys.stdin.buffer``).
    scores, score_prefix : optional
        For a multiclass file, instead of ``score``: the score columns, one
        per class (a list of names), or the prefix every score column's name
        starts with (taken in the file's order). ``score`` of the result is
        then an ``(n, K)`` array and ``score_columns`` lists the columns.

    Returns
    -------
    ScoredData

    Raises
    ------
    ImbcoreError
        With one line naming the file and what is wrong.

    Examples
    --------
    >>> import io
    >>> from imbcore.cli._io import read_scored
    >>> d = read_scored("-", stdin=io.BytesIO(b"id;score;label\\n1;0.25;0\\n2;0.75;1\\n"))
    >>> d.score, d.label, d.columns
    (array([0.25, 0.75]), array([0, 1]), {'score': 'score', 'label': 'label'})
    """
    if path != STDIN:
        if not os.path.exists(path):
            raise _fail(path, "no such file")
        if os.path.isdir(path):
            raise _fail(path, "is a directory, not a data file")
    names: dict[str, Any] = {"score": score, "label": label, "weight": weight}
    if scores or score_prefix:
        names.update(scores=list(scores or []), score_prefix=score_prefix)
    name = "<stdin>" if path == STDIN else path
    try:
        src = _Source(path, stdin)
        fmt = detect_format(path, src.head)
        if fmt == "csv":
            cols, wanted = _read_csv(src, names, delimiter)
        elif fmt == "parquet":
            cols, wanted = _read_parquet(src, names)
        elif fmt == "npy":
            cols, wanted = _read_npy(src, names)
        else:
            cols, wanted = _read_npz(src, names)
    except (OSError, EOFError) as e:  # permissions, truncated compressed streams
        raise _fail(name, f"cannot read: {_arrow_message(e)}") from None
    except ImbcoreError:
        raise
    except Exception as e:  # pyarrow's errors (ArrowInvalid is also a ValueError)
        if type(e).__module__.startswith("pyarrow"):
            raise _fail(name, f"cannot read: {_arrow_message(e)}") from None
        raise
    line_of = _csv_line if fmt == "csv" else (lambda i: f"row {i}")
    n = len(cols["score"])
    if n == 0:
        raise _fail(name, "has no data rows")
    for role, v in cols.items():
        if len(v) != n:
            raise _fail(name, f"{role} {wanted[role]!r} has {len(v)} values but score "
                              f"{wanted['score']!r} has {n}; they must have the same length")
    score_roles = [r for r in wanted if r.startswith("score")]
    columns = [_as_scores(name, wanted[r], np.asarray(cols[r]), line_of) for r in score_roles]
    values = columns[0] if len(columns) == 1 else np.column_stack(columns)
    weights = None
    if "weight" in cols:
        weights = _as_scores(name, wanted["weight"], np.asarray(cols["weight"]), line_of)
        if (weights < 0).any():
            i = int(np.argmax(weights < 0))
            raise _fail(name, f"column {wanted['weight']!r} has a negative weight "
                              f"{float(weights[i]):g} at {line_of(i)}; weights must be >= 0")
    labels = np.asarray(cols["label"])
    if labels.dtype == object:
        labels = labels.astype(str)
    return ScoredData(path=name, format=fmt, score=values, label=labels, weight=weights,
                      columns=wanted,
                      score_columns=[wanted[r] for r in score_roles] if len(columns) > 1
                      else None)
