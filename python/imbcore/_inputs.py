"""Turning what users pass into what the Rust core reads.

Every check here raises :class:`ImbcoreError` naming the argument, the value
seen and what is allowed. Contiguous arrays of the right dtype pass through
without a copy.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ._arrow import arrow_to_numpy, is_arrow_like
from .errors import ImbcoreError

__all__ = [
    "float_array",
    "broadcast_floats",
    "shaped",
    "scores_1d",
    "weights_1d",
    "binary_labels",
    "check_fits_in_memory",
    "n_jobs_arg",
    "unique_labels",
    "labels_array",
]


def _describe(x: Any) -> str:
    a = np.asarray(x)
    if a.ndim == 0:
        return repr(a.item())
    return f"an array of shape {a.shape} and dtype {a.dtype}"


def float_array(x: Any, name: str, *, ndim: int | None = None) -> np.ndarray:
    """``x`` as a float64 array, checked to be numeric (and of ``ndim`` dims)."""
    if is_arrow_like(x):
        x = arrow_to_numpy(x, name)
    try:
        a = np.asarray(x)
    except Exception as e:  # ragged nested lists and the like
        raise ImbcoreError(f"invalid {name}: got {x!r}; expected numbers ({e})") from None
    if a.dtype.kind not in "biuf":
        raise ImbcoreError(f"invalid {name}: got {_describe(x)}; {name} must be numeric")
    if ndim is not None and a.ndim != ndim:
        if ndim == 1 and a.ndim == 0:
            a = a.reshape(1)
        else:
            raise ImbcoreError(
                f"invalid {name}: got {_describe(x)}; {name} must be a {ndim}-D array"
            )
    # asarray(order="C") rather than ascontiguousarray, which makes 0-d arrays 1-d
    return np.asarray(a, dtype=np.float64, order="C")


def scores_1d(y_score: Any) -> tuple[np.ndarray, np.dtype]:
    """Scores as a contiguous 1-D float32 or float64 array, and their own dtype.

    Floats keep their width (in native byte order); integers and booleans
    become float64, which holds them exactly up to 2^53 (larger ones are
    refused rather than silently merged).
    """
    if is_arrow_like(y_score):  # Arrow, Polars, pandas-on-Arrow: a view of the buffer
        y_score = arrow_to_numpy(y_score, "y_score")
    a = np.asarray(y_score)
    if a.ndim == 2 and a.shape[1] == 2:
        raise ImbcoreError(
            f"invalid y_score: got {_describe(y_score)}; y_score must be a 1-D array of scores "
            "(for the output of predict_proba, pass the positive class's column, "
            "y_score[:, 1])"
        )
    if a.ndim != 1:
        raise ImbcoreError(
            f"invalid y_score: got {_describe(y_score)}; y_score must be a 1-D array of scores"
        )
    if a.dtype.kind not in "biuf":
        raise ImbcoreError(
            f"invalid y_score: got an array of dtype {a.dtype}; scores must be numeric"
        )
    dtype = a.dtype.newbyteorder("=")
    if a.dtype.kind in "iu" and a.size:
        lo, hi = int(a.min()), int(a.max())
        if max(-lo, hi) > 2**53:
            i = int(np.flatnonzero((a > 2**53) | (a < -(2**53)))[0])
            raise ImbcoreError(
                f"invalid y_score: got {a[i]} at index {i}; integer scores must lie within "
                "+-2^53 to be compared exactly (pass them as floats if rounding is acceptable)"
            )
    if dtype == np.float16:
        a = a.astype(np.float32)  # exact; thresholds go back to float16
    elif dtype.kind == "f" and dtype.itemsize > 8:
        a64 = a.astype(np.float64)
        lost = np.flatnonzero(a64.astype(dtype) != a)
        if lost.size:
            i = int(lost[0])
            raise ImbcoreError(
                f"invalid y_score: got {a[i]!r} at index {i}, which float64 cannot hold; "
                f"scores of dtype {dtype} must be float64 values (round them, or pass float64)")
        a = a64
    elif dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    return np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("=")), dtype


def weights_1d(sample_weight: Any, n: int) -> np.ndarray | None:
    """Sample weights as a contiguous float64 array of length ``n``, or None."""
    if sample_weight is None:
        return None
    w = float_array(sample_weight, "sample_weight")
    if w.ndim != 1:
        raise ImbcoreError(
            f"invalid sample_weight: got {_describe(sample_weight)}; it must be a 1-D array"
        )
    if w.shape[0] != n:
        raise ImbcoreError(
            f"invalid sample_weight: got length {w.shape[0]}; "
            f"sample_weight must have the same length as y_score ({n})"
        )
    return w


def _values_seen(y: np.ndarray, limit: int = 5) -> str:
    try:
        u = np.unique(y[: 1 << 20]) if y.size > (1 << 20) else np.unique(y)
    except TypeError:
        return "(of mixed types)"
    shown = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in u[:limit])
    return "{" + shown + (", ..." if u.size > limit else "") + "}"


def labels_array(y_true: Any) -> np.ndarray:
    """``y_true`` as an array, or an error naming it (ragged lists and the like)."""
    if is_arrow_like(y_true):  # booleans are bit-packed in Arrow: unpacked, a byte each
        return arrow_to_numpy(y_true, "y_true")
    try:
        return np.asarray(y_true)
    except ValueError as e:
        raise ImbcoreError(f"invalid y_true: got a {type(y_true).__name__} that is not an "
                           f"array ({e}); y_true must be a 1-D array of labels") from None


def unique_labels(y: np.ndarray) -> np.ndarray:
    """The sorted distinct labels, or an error naming y_true if they cannot be compared."""
    try:
        return np.unique(y)
    except TypeError:
        raise ImbcoreError(
            f"invalid y_true: got labels of mixed types ({y.dtype}); labels must be "
            "numbers, booleans or strings of one type") from None


def binary_labels(y_true: Any, pos_label: Any = None, *, n: int | None = None) -> np.ndarray:
    """``y_true == pos_label`` as a uint8 array (1 = positive), as scikit-learn reads it.

    With ``pos_label=None`` the labels must be within {0, 1}, {-1, 1} or
    booleans, and 1 (True) is positive; otherwise ``pos_label`` names the
    positive class. More than two distinct labels is an error unless
    ``pos_label`` names one (its one-vs-rest labels). Boolean labels
    are passed on without a copy.
    """
    y = labels_array(y_true)
    if y.ndim != 1:
        raise ImbcoreError(
            f"invalid y_true: got {_describe(y_true)}; y_true must be a 1-D array of labels"
        )
    if np.ndim(pos_label) != 0:
        raise ImbcoreError(f"invalid pos_label: got {pos_label!r}; pos_label is one label, "
                           "not an array")
    if n is not None and y.shape[0] != n:
        raise ImbcoreError(
            f"invalid y_true: got length {y.shape[0]}; "
            f"y_true must have the same length as y_score ({n})"
        )
    if y.size == 0:
        raise ImbcoreError("invalid y_true: got an empty array; give at least one sample")
    if y.dtype == np.bool_:
        if pos_label is None or (not isinstance(pos_label, str) and bool(pos_label == True)):  # noqa: E712
            return np.ascontiguousarray(y).view(np.uint8)
        return (y == pos_label).view(np.uint8)
    if y.dtype.kind in "iuf":
        if y.dtype.kind == "f" and not np.isfinite(y).all():
            raise ImbcoreError(
                f"invalid y_true: got non-finite labels {_values_seen(y)}; labels must be finite"
            )
        lo, hi = y.min(), y.max()
        if pos_label is not None and lo != hi and (
                np.count_nonzero(y == lo) + np.count_nonzero(y == hi) != y.size):
            # multiclass labels with a named class: its one-vs-rest labels,
            # as scikit-learn's roc_curve and precision_recall_curve read them
            return (y == pos_label).view(np.uint8)
        if lo != hi and np.count_nonzero(y == lo) + np.count_nonzero(y == hi) != y.size:
            raise ImbcoreError(
                f"invalid y_true: got more than two label values {_values_seen(y)}; "
                "y_true must hold two classes (binary); for multiclass labels name the "
                "positive class with pos_label (one-vs-rest) or use "
                "imbcore.sweep_multiclass"
            )
        present = {lo.item(), hi.item()}
    else:
        values = unique_labels(y)
        if values.size > 2 and pos_label is not None:  # one-vs-rest, as above
            return (y == pos_label).view(np.uint8)
        if values.size > 2:
            raise ImbcoreError(
                f"invalid y_true: got more than two label values {_values_seen(y)}; "
                "y_true must hold two classes (binary); for multiclass labels name the "
                "positive class with pos_label (one-vs-rest) or use "
                "imbcore.sweep_multiclass"
            )
        present = set(values.tolist())
    if pos_label is None:
        if not (present <= {0, 1} or present <= {-1, 1}):
            raise ImbcoreError(
                f"invalid pos_label: got None with labels {sorted(present, key=str)}; "
                "labels other than {0, 1} or {-1, 1} need pos_label naming the positive class"
            )
        pos_label = 1
    return (y == pos_label).view(np.uint8)


def check_fits_in_memory(n_values: int, what: str) -> None:
    """Refuses a float64 result larger than this machine's memory, before any work."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return
    need = 8 * n_values
    if need > total:
        raise ImbcoreError(
            f"invalid {what}: got {n_values} values ({need / 2**30:.1f} GiB); "
            f"the result must fit in this machine's memory ({total / 2**30:.1f} GiB)"
        )


def broadcast_floats(**named: Any) -> tuple[tuple[int, ...], list[np.ndarray]]:
    """The broadcast shape of the named arguments and each, flattened to it as float64."""
    arrays = {n: float_array(x, n) for n, x in named.items()}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in arrays.items())
        raise ImbcoreError(
            f"invalid shapes: got {shapes}; they must broadcast together"
        ) from None
    check_fits_in_memory(int(np.prod(shape, dtype=np.int64)), "broadcast shape")
    flat = [np.ascontiguousarray(np.broadcast_to(a, shape)).ravel() for a in arrays.values()]
    return shape, flat


def shaped(a: np.ndarray, shape: tuple[int, ...]) -> Any:
    """``a`` in ``shape``; a NumPy scalar when the shape is ``()``."""
    out = a.reshape(shape)
    return out[()] if out.ndim == 0 else out


def n_jobs_arg(n_jobs: Any) -> int | None:
    """``n_jobs`` as the core reads it: None (all threads) or a count >= 1.

    -1 means all threads, as in scikit-learn; counts above the number of
    cores are reduced to it.
    """
    if n_jobs is None:
        return None
    if isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, (int, np.integer)):
        raise ImbcoreError(
            f"invalid n_jobs: got {n_jobs!r}; n_jobs must be an integer >= 1, -1 or None"
        )
    if n_jobs == -1:
        return None
    if n_jobs < 1:
        raise ImbcoreError(f"invalid n_jobs: got {n_jobs}; n_jobs must be >= 1, -1 or None")
    # More threads than cores only costs: bound the pools (each size is kept
    # for the life of the process) by the machine.
    return min(int(n_jobs), os.cpu_count() or 1)
