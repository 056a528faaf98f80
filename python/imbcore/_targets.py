"""Labels as scikit-learn's ranking functions read them.

scikit-learn decides what ``y_true`` is (binary, multiclass, multilabel
indicator, continuous, ...) with ``type_of_target`` and checks ``pos_label``,
lengths and weights with its validation helpers. The drop-ins in
:mod:`imbcore.ranking` must accept and refuse exactly the same inputs, so this
module follows those rules, without importing scikit-learn, and words its
errors in imbcore's form ("invalid X: got Y; Z") with scikit-learn's own
sentence in Z where scikit-learn's tests look for it. Numeric labels are
classified with min/max and counting passes rather than a sort, so checking
10^7 labels costs a few milliseconds.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ._inputs import _values_seen
from .errors import ImbcoreError

__all__ = [
    "LabelTypeError",
    "as_labels",
    "target_type",
    "n_distinct_at_most",
    "distinct",
    "check_pos_label",
    "check_lengths",
    "column",
    "check_pos_label_type",
    "check_sample_weight",
]


class LabelTypeError(ImbcoreError, TypeError):
    """Labels of a type scikit-learn refuses with a ``TypeError`` (bytes, mixed
    types): an :class:`ImbcoreError` that is also the ``TypeError`` scikit-learn
    raises, so code written for either catches it."""


def _n_samples(x: Any) -> int:
    shape = getattr(x, "shape", None)
    if shape is not None and len(shape):
        return int(shape[0])
    try:
        return len(x)
    except TypeError:
        raise ImbcoreError(f"invalid input: got {x!r}; pass an array of samples") from None


def as_labels(y_true: Any, name: str = "y_true") -> np.ndarray:
    """``y_true`` as an array; bytes labels are a ``TypeError``, as in scikit-learn."""
    if hasattr(y_true, "tocsr"):  # scipy.sparse
        raise LabelTypeError(f"invalid {name}: got a sparse matrix; dense data is required, use "
                        "'.toarray()' to convert it")
    if isinstance(y_true, str):
        raise ImbcoreError(f"invalid {name}: got the string {y_true!r}; expected array-like "
                           "(array or non-string sequence)")
    try:
        y = np.asarray(y_true)
    except ValueError:
        y = np.asarray(y_true, dtype=object)  # ragged: classified as 'unknown' below
    if y.dtype.kind == "S" or (y.dtype == object and y.size and isinstance(y.flat[0], bytes)):
        raise LabelTypeError(f"invalid {name}: got labels of type bytes; Support for labels "
                        "represented as bytes is not supported. Convert the labels to a string "
                        "or integer format.")
    if y.dtype.kind == "c":
        raise ImbcoreError(f"invalid {name}: got complex labels; Complex data not supported")
    return y


def _check_finite(y: np.ndarray, name: str) -> None:
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        what = "NaN" if np.isnan(y).any() else "infinity or a value too large"
        raise ImbcoreError(f"invalid {name}: got non-finite labels {_values_seen(y)}; Input "
                           f"{name} contains {what}, labels must be finite")


def distinct(y: np.ndarray) -> np.ndarray:
    """The sorted distinct labels (scikit-learn's ``np.unique``), or a clear error."""
    try:
        return np.unique(y)
    except TypeError:
        kinds = sorted({type(v).__name__ for v in y.ravel().tolist()})
        raise LabelTypeError(f"invalid y_true: got labels of mixed types {kinds}; labels must be "
                        "uniformly strings or numbers") from None


def n_distinct_at_most(y: np.ndarray, k: int) -> int:
    """The number of distinct values of ``y`` if at most ``k``, else ``k + 1``.

    Numbers and booleans take min/max and counting passes (no sort)."""
    if y.size == 0:
        return 0
    if y.dtype.kind in "biuf":
        lo, hi = y.min(), y.max()
        if lo == hi:
            return 1
        n_ends = int(np.count_nonzero(y == lo)) + int(np.count_nonzero(y == hi))
        if n_ends == y.size:
            return 2
        if k <= 2:
            return k + 1
    return min(int(distinct(y).size), k + 1)


def _is_multilabel(y: np.ndarray) -> bool:
    if not (y.ndim == 2 and y.shape[1] > 1):
        return False
    if y.dtype.kind in "biu":
        return n_distinct_at_most(y, 2) < 3
    if y.dtype.kind == "f":
        if not np.isfinite(y).all():
            return False
        return n_distinct_at_most(y, 2) < 3 and bool((y == np.round(y)).all())
    return False


def target_type(y: np.ndarray, name: str = "y_true") -> str:
    """scikit-learn's ``type_of_target`` for dense labels: 'binary', 'multiclass',
    'multilabel-indicator', 'continuous', '...-multioutput' or 'unknown'."""
    if y.ndim == 1 and y.dtype == np.bool_:
        return "binary"  # two values at most, and no sort needed to know it
    if _is_multilabel(y):
        return "multilabel-indicator"
    if y.ndim == 1 and y.size and y.dtype == object:
        first = y[0]
        if not hasattr(first, "__array__") and isinstance(first, (list, tuple)):
            raise ImbcoreError(
                f"invalid {name}: got a sequence of sequences; You appear to be using a legacy "
                "multi-label data representation. Sequence of sequences are no longer "
                "supported; use a binary array or sparse matrix instead")
    if y.ndim not in (1, 2):
        return "unknown"
    if not min(y.shape):
        return "binary" if y.ndim == 1 else "unknown"
    if y.dtype == object and not isinstance(y.flat[0], str):
        return "unknown"
    suffix = "-multioutput" if y.ndim == 2 and y.shape[1] > 1 else ""
    if y.dtype.kind == "f":
        finite = np.isfinite(y)
        if not finite.all() or bool((y != np.trunc(y)).any()):
            _check_finite(y, name)
            return "continuous" + suffix
    if (y.ndim == 2 and y.shape[1] > 1) or n_distinct_at_most(y, 2) > 2:
        return "multiclass" + suffix
    return "binary"


def check_pos_label_type(pos_label: Any, fn: str, *, allow_none: bool = True) -> None:
    """``pos_label`` must be a number, a string, a boolean (or None), as scikit-learn asks."""
    if pos_label is None and allow_none:
        return
    if isinstance(pos_label, (numbers.Real, str, bool, np.bool_)):
        return
    allowed = "a number, a string or a boolean" + (" or None" if allow_none else "")
    raise ImbcoreError(f"invalid pos_label: got {pos_label!r}; the 'pos_label' parameter of "
                       f"{fn} must be {allowed}")


def check_pos_label(pos_label: Any, y: np.ndarray) -> Any:
    """scikit-learn's ``_check_pos_label_consistency``: without ``pos_label`` the
    labels must lie in {0, 1} or {-1, 1} (then 1 is positive)."""
    if pos_label is not None:
        return pos_label
    if y.dtype == np.bool_:
        return 1  # {False, True} is {0, 1}
    if y.dtype.kind in "biuf" and y.size:
        lo, hi = y.min(), y.max()
        classes = np.array([lo, hi]) if lo != hi else np.array([lo])
        ok = n_distinct_at_most(y, 2) <= 2 and (
            (classes.size == 2 and ((lo == 0 and hi == 1) or (lo == -1 and hi == 1)))
            or (classes.size == 1 and lo in (0, -1, 1)))
        if ok:
            return 1
        classes = distinct(y)
    else:
        classes = distinct(y)
    shown = ", ".join(repr(c) for c in classes.tolist())
    raise ImbcoreError(
        f"invalid pos_label: got None with labels [{shown}]; y_true takes value in "
        f"{{{shown}}} and pos_label is not specified: either make y_true take value in "
        "{0, 1} or {-1, 1} or pass pos_label explicitly.")


def check_lengths(**named: Any) -> None:
    """All the named inputs (None skipped) have the length of ``y_score``."""
    lengths = {k: _n_samples(v) for k, v in named.items() if v is not None}
    n = lengths.get("y_score", next(iter(lengths.values())))
    for k, length in lengths.items():
        if length != n:
            raise ImbcoreError(
                f"invalid {k}: got length {length}; {k} must have the same length as y_score "
                f"({n}) (Found input variables with inconsistent numbers of samples: "
                f"{list(lengths.values())})")


def column(a: np.ndarray, name: str) -> np.ndarray:
    """A 1-D array, or an (n, 1) column raveled (scikit-learn's ``column_or_1d``)."""
    if a.ndim == 1:
        return a
    if a.ndim == 2 and a.shape[1] == 1:
        return a.ravel()
    if a.ndim == 0:
        return a.reshape(1)
    raise ImbcoreError(f"invalid {name}: got an array of shape {a.shape}; {name} should be a "
                       "1d array or a column of shape (n_samples, 1)")


def check_sample_weight(sample_weight: Any, n: int) -> np.ndarray | None:
    """Weights as scikit-learn checks their shape (1-D, length n), as float64.

    Their values are checked where they are read: finite, >= 0 (negative
    weights, which scikit-learn takes, are refused as everywhere in imbcore),
    not all zero."""
    if sample_weight is None:
        return None
    try:
        w = np.asarray(sample_weight)
    except ValueError as e:
        raise ImbcoreError(f"invalid sample_weight: got {sample_weight!r}; expected numbers "
                           f"({e})") from None
    if w.dtype.kind not in "biuf":
        try:
            w = w.astype(np.float64)
        except (TypeError, ValueError):
            raise ImbcoreError(f"invalid sample_weight: got an array of dtype {w.dtype}; "
                               "sample_weight must be numeric") from None
    if w.ndim != 1:
        raise ImbcoreError(f"invalid sample_weight: got an array of shape {w.shape}; Sample "
                           f"weights must be 1D array of length {n}")
    if w.shape != (n,):
        raise ImbcoreError(f"invalid sample_weight: got length {w.shape[0]}; sample_weight must "
                           f"have the same length as y_score ({n}) (sample_weight.shape == "
                           f"{w.shape}, expected {(n,)}!)")
    # Values (finite, >= 0, not all zero) are checked by the Rust core in the
    # same pass that reads them, with the same messages.
    return np.asarray(w, dtype=np.float64, order="C")
