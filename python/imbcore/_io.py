"""Reading scored validation data (scores, labels, weights) from files.

One job: turn a file into three 1-D arrays for :func:`imbcore.sweep`.
Formats, chosen by the file name and, when it says nothing, by the first bytes:

* CSV (``.csv``, ``.tsv``, ``.txt``, optionally ``.gz``): a header row names the
  columns. pyarrow's multithreaded reader is used when installed (the ``io``
  extra); otherwise the standard library's :mod:`csv`, which is slower but
  reads the same files. The delimiter is a tab for ``.tsv`` and otherwise the
  first of ``, ; | tab`` found in the header.
* Parquet (``.parquet``, ``.pq``): needs pyarrow; only the named columns are read.
* ``.npy``: a structured array (columns are its field names) or a plain 2-D
  array (columns are indices; by default column 0 holds the labels and column 1
  the scores, scikit-learn's order ``y_true, y_score``).
* ``.npz``: 1-D arrays named by the columns.

Every failure a user can cause (missing file or column, unreadable file,
missing values, non-numeric scores) raises :class:`ImbcoreError` with one line
saying what is wrong and what would work.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import os
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

from ._core import ImbcoreError

__all__ = ["ScoredData", "read_scored", "detect_format", "DEFAULT_SCORE", "DEFAULT_LABEL"]

# Column names tried, in order, when --score / --label are not given.
DEFAULT_SCORE = ("score", "y_score", "scores", "prediction", "proba")
DEFAULT_LABEL = ("label", "y_true", "labels", "target", "y")

_SUFFIXES = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".tab": "csv",
    ".parquet": "parquet", ".pq": "parquet",
    ".npy": "npy", ".npz": "npz",
}


@dataclass
class ScoredData:
    """Scores, labels and optional weights read from one file."""

    path: str
    format: str
    score: np.ndarray
    label: np.ndarray
    weight: np.ndarray | None
    columns: dict[str, str]  # role ("score", "label", "weight") -> column name used

    def __len__(self) -> int:
        return int(self.score.shape[0])


def _fail(path: str, what: str) -> ImbcoreError:
    return ImbcoreError(f"{path}: {what}")


def _list(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(repr(str(n)) for n in list(names)[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


def detect_format(path: str) -> str:
    """The format of ``path``: 'csv', 'parquet', 'npy' or 'npz'."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = os.path.splitext(name)[1]
    if ext in _SUFFIXES:
        return _SUFFIXES[ext]
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\x93NUMPY"):
        return "npy"
    if head.startswith(b"PK"):
        return "npz"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "csv"


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


def _as_scores(path: str, name: str, values: np.ndarray, line_of: Any) -> np.ndarray:
    """A numeric column as float32/float64, or a clear error naming the first bad entry."""
    if values.dtype.kind == "b":
        return values.astype(np.float64)
    if values.dtype.kind in "iuf":
        a = values if values.dtype in (np.float32, np.float64) else values.astype(np.float64)
        bad = ~np.isfinite(a)
        if bad.any():
            i = int(np.argmax(bad))
            raise _fail(path, f"column {name!r} has a non-finite value {a[i]!r} at "
                              f"{line_of(i)}; scores and weights must be finite numbers")
        return a
    for i, v in enumerate(values):
        try:
            if not np.isfinite(float(v)):
                raise ValueError
        except (TypeError, ValueError):
            raise _fail(path, f"column {name!r} must hold numbers; "
                              f"{line_of(i)} has {v!r}") from None
    return values.astype(np.float64)


def _check_missing(path: str, name: str, missing: np.ndarray, line_of: Any) -> None:
    if missing.any():
        i = int(np.argmax(missing))
        raise _fail(path, f"column {name!r} has {int(missing.sum())} missing value(s), "
                          f"the first at {line_of(i)}; fill or drop those rows")


# ----------------------------------------------------------------------------- CSV


def _open_text(path: str) -> io.TextIOBase:
    if path.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _csv_header(path: str) -> tuple[list[str], str]:
    with _open_text(path) as f:
        first = f.readline()
    if not first.strip():
        raise _fail(path, "the file is empty; a CSV file needs a header row naming its columns")
    name = path.lower()[:-3] if path.lower().endswith(".gz") else path.lower()
    if name.endswith((".tsv", ".tab")):
        delimiter = "\t"
    else:
        delimiter = next((d for d in ",;|\t" if d in first), ",")
    header = next(csv.reader([first], delimiter=delimiter))
    return [h.strip() for h in header], delimiter


def _csv_line(i: int) -> str:
    return f"line {i + 2}"  # the header is line 1


def _parse_labels(texts: list[str]) -> np.ndarray:
    """Label strings as ints, floats or booleans when they all read so, else strings."""
    arr = np.array(texts, dtype=str)
    for kind in (np.int64, np.float64):
        try:
            return arr.astype(kind)
        except (ValueError, OverflowError):
            pass
    low = np.char.lower(np.char.strip(arr))
    if np.isin(low, ["true", "false"]).all():
        return low == "true"
    return arr


def _read_csv_python(path: str, header: list[str], delimiter: str,
                     wanted: dict[str, str]) -> dict[str, np.ndarray]:
    index = {role: header.index(col) for role, col in wanted.items()}
    need = max(index.values()) + 1
    cols: dict[str, list[str]] = {role: [] for role in wanted}
    with _open_text(path) as f:
        reader = csv.reader(f, delimiter=delimiter)
        next(reader)
        for row in reader:
            if not row:
                continue
            if len(row) < need:
                raise _fail(path, f"line {reader.line_num} has {len(row)} field(s), "
                                  f"the header has {len(header)}")
            for role, j in index.items():
                cols[role].append(row[j].strip())
    out = {}
    for role, texts in cols.items():
        missing = np.array([t == "" or t.lower() in ("na", "nan", "null", "none") for t in texts],
                           dtype=bool)
        _check_missing(path, wanted[role], missing, _csv_line)
        if role == "label":
            out[role] = _parse_labels(texts)
        else:
            try:
                out[role] = np.array(texts, dtype=np.float64)
            except ValueError:
                out[role] = np.array(texts, dtype=object)  # _as_scores names the bad entry
    return out


def _read_csv_arrow(path: str, delimiter: str, wanted: dict[str, str]) -> dict[str, np.ndarray]:
    import pyarrow.csv as pacsv

    convert = pacsv.ConvertOptions(include_columns=list(dict.fromkeys(wanted.values())),
                                   strings_can_be_null=True)
    table = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter=delimiter),
                           convert_options=convert)
    return _arrow_columns(path, table, wanted, _csv_line)


def _arrow_columns(path: str, table: Any, wanted: dict[str, str], line_of: Any
                   ) -> dict[str, np.ndarray]:
    import pyarrow as pa

    out = {}
    for role, name in wanted.items():
        col = table.column(name)
        if col.null_count:
            _check_missing(path, name, col.is_null().to_numpy(zero_copy_only=False), line_of)
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        if not (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)
                or pa.types.is_boolean(col.type) or pa.types.is_string(col.type)
                or pa.types.is_large_string(col.type) or pa.types.is_null(col.type)):
            raise _fail(path, f"column {name!r} has type {col.type}; "
                              "expected numbers, booleans or strings")
        out[role] = col.to_numpy(zero_copy_only=False)
    return out


def _has_pyarrow() -> bool:
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def _read_csv(path: str, names: dict[str, str | None], engine: str | None) -> tuple[dict, dict]:
    header, delimiter = _csv_header(path)
    wanted = _choose(path, header, names)
    use_arrow = _has_pyarrow() if engine is None else engine == "pyarrow"
    if use_arrow:
        import pyarrow as pa

        try:
            return _read_csv_arrow(path, delimiter, wanted), wanted
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # pyarrow's parse errors name no line; the plain reader finds and names it
            pass
    return _read_csv_python(path, header, delimiter, wanted), wanted


# ------------------------------------------------------------------------- Parquet


def _read_parquet(path: str, names: dict[str, str | None]) -> tuple[dict, dict]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise _fail(path, "reading Parquet needs pyarrow: pip install 'imbcore[io]'") from None
    try:
        f = pq.ParquetFile(path)
        available = list(f.schema_arrow.names)
        wanted = _choose(path, available, names)
        table = f.read(columns=list(dict.fromkeys(wanted.values())))
    except (pa.ArrowException, OSError) as e:
        raise _fail(path, f"cannot read as Parquet: {str(e).splitlines()[0]}") from None
    return _arrow_columns(path, table, wanted, lambda i: f"row {i}"), wanted


# --------------------------------------------------------------------------- NumPy


def _load_npy(path: str) -> Any:
    try:
        return np.load(path, allow_pickle=False)
    except ValueError as e:
        if "allow_pickle" in str(e):
            raise _fail(path, "holds Python objects, which are not read (no pickles); "
                              "save numeric or string arrays") from None
        raise _fail(path, f"cannot read as a NumPy file: {e}") from None
    except (OSError, EOFError) as e:
        raise _fail(path, f"cannot read as a NumPy file: {e}") from None


def _read_npy(path: str, names: dict[str, str | None]) -> tuple[dict, dict]:
    a = _load_npy(path)
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
    defaults = {"label": "0", "score": "1", "weight": None}
    wanted = {}
    for role, col in names.items():
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
    cols = {role: np.ascontiguousarray(a[:, int(j)]) for role, j in wanted.items()}
    for role, v in cols.items():
        if role == "label" and v.dtype.kind == "f":
            _check_missing(path, f"column {wanted[role]}", np.isnan(v), row)
    return cols, wanted


def _read_npz(path: str, names: dict[str, str | None]) -> tuple[dict, dict]:
    z = _load_npy(path)
    if isinstance(z, np.ndarray):
        raise _fail(path, "is a single .npy array, not an .npz archive; name it .npy")
    with z:
        wanted = _choose(path, list(z.files), names)
        try:
            cols = {role: np.asarray(z[col]) for role, col in wanted.items()}
        except ValueError as e:
            raise _fail(path, f"cannot read array: {e}") from None
    for role, v in cols.items():
        if v.ndim != 1:
            raise _fail(path, f"array {wanted[role]!r} has shape {v.shape}; expected 1-D")
    return cols, wanted


# ---------------------------------------------------------------------------- entry


def _choose(path: str, available: Sequence[str], names: dict[str, str | None]) -> dict[str, str]:
    wanted = {
        "score": _pick(path, available, "score", names.get("score"), DEFAULT_SCORE),
        "label": _pick(path, available, "label", names.get("label"), DEFAULT_LABEL),
    }
    if names.get("weight") is not None:
        wanted["weight"] = _pick(path, available, "weight", names["weight"], ())
    if wanted["score"] == wanted["label"]:
        raise _fail(path, f"column {wanted['score']!r} is given as both score and label")
    return wanted


def read_scored(path: str, *, score: str | None = None, label: str | None = None,
                weight: str | None = None, engine: str | None = None) -> ScoredData:
    """Read scores, labels and optional weights from ``path``.

    Parameters
    ----------
    path : str
        A CSV, Parquet, ``.npy`` or ``.npz`` file.
    score, label, weight : str, optional
        Column names (indices for a plain 2-D ``.npy``). Score and label
        default to the first of :data:`DEFAULT_SCORE` / :data:`DEFAULT_LABEL`
        present; there is no weight unless one is named.
    engine : {"pyarrow", "python"}, optional
        The CSV reader; by default pyarrow when installed.

    Raises
    ------
    ImbcoreError
        With one line naming the file and what is wrong.
    """
    if not os.path.exists(path):
        raise _fail(path, "no such file")
    if os.path.isdir(path):
        raise _fail(path, "is a directory, not a data file")
    names = {"score": score, "label": label, "weight": weight}
    try:
        fmt = detect_format(path)
        reader = {"csv": lambda: _read_csv(path, names, engine),
                  "parquet": lambda: _read_parquet(path, names),
                  "npy": lambda: _read_npy(path, names),
                  "npz": lambda: _read_npz(path, names)}[fmt]
        cols, wanted = reader()
    except UnicodeDecodeError:
        raise _fail(path, "is not a text (UTF-8) CSV file; name binary files .parquet, "
                          ".npy or .npz") from None
    except (OSError, EOFError, csv.Error) as e:  # permissions, truncated gzip, bad quoting
        raise _fail(path, f"cannot read: {e}") from None
    line_of = _csv_line if fmt == "csv" else (lambda i: f"row {i}")
    n = len(cols["score"])
    if n == 0:
        raise _fail(path, "has no data rows")
    for role, v in cols.items():
        if len(v) != n:
            raise _fail(path, f"{role} {wanted[role]!r} has {len(v)} values but score "
                              f"{wanted['score']!r} has {n}; they must have the same length")
    scores = _as_scores(path, wanted["score"], np.asarray(cols["score"]), line_of)
    weights = None
    if "weight" in cols:
        weights = _as_scores(path, wanted["weight"], np.asarray(cols["weight"]), line_of)
        if (weights < 0).any():
            i = int(np.argmax(weights < 0))
            raise _fail(path, f"column {wanted['weight']!r} has a negative weight "
                              f"{weights[i]!r} at {line_of(i)}; weights must be >= 0")
    labels = np.asarray(cols["label"])
    if labels.dtype == object:
        labels = labels.astype(str)
    return ScoredData(path=path, format=fmt, score=scores, label=labels, weight=weights,
                      columns=wanted)
