"""Columns of Arrow, Polars and pandas data as NumPy arrays, without copies
where the memory layout allows.

Nothing here imports pyarrow, Polars or pandas at module level: ``import
imbcore`` stays light, and each is imported only when data of its kind
arrives.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import ImbcoreError

__all__ = ["column_names", "column_numpy", "is_arrow_like", "arrow_to_numpy"]


def _module_of(x: Any) -> str:
    return type(x).__module__.split(".", 1)[0]


def is_arrow_like(x: Any) -> bool:
    """Whether ``x`` is a pyarrow Array/ChunkedArray, a Polars Series or a
    pandas Series backed by Arrow."""
    mod = _module_of(x)
    if mod == "pyarrow":
        return type(x).__name__ in ("ChunkedArray",) or hasattr(x, "buffers")
    if mod == "polars":
        return type(x).__name__ == "Series"
    if mod == "pandas":
        return "pyarrow" in str(getattr(x, "dtype", ""))
    return False


def arrow_to_numpy(x: Any, name: str) -> np.ndarray:
    """One pyarrow Array, ChunkedArray, Polars Series or pandas Series as a
    NumPy array: a view of the Arrow buffer for numeric data without nulls in
    one chunk; booleans (bit-packed in Arrow) unpacked to one byte each."""
    import pyarrow as pa

    mod = _module_of(x)
    if mod == "polars":
        arr = x.to_arrow()
    elif mod == "pandas":
        arr = pa.array(x) if not hasattr(x, "array") else x.array.__arrow_array__()
    else:
        arr = x
    if isinstance(arr, pa.ChunkedArray):
        if arr.null_count:
            _nulls(arr, name)
        if arr.num_chunks == 1:
            arr = arr.chunk(0)
        elif arr.num_chunks == 0:
            return np.empty(0, dtype=arr.type.to_pandas_dtype())
        else:
            return np.concatenate([arrow_to_numpy(c, name) for c in arr.chunks])
    if arr.null_count:
        _nulls(arr, name)
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_floating(arr.type) or pa.types.is_integer(arr.type):
        return arr.to_numpy(zero_copy_only=True)
    return arr.to_numpy(zero_copy_only=False)


def _nulls(arr: Any, name: str) -> None:
    import pyarrow.compute as pc

    i = pc.index(pc.is_null(arr), True).as_py()
    raise ImbcoreError(f"invalid {name}: got a missing value (null) at row {i}; "
                       f"{name} must have a value in every row")


def column_names(batch: Any) -> list[str]:
    """The column names of an Arrow record batch or table, or a pandas or
    Polars DataFrame."""
    names = getattr(batch, "column_names", None)
    if names is None:
        names = getattr(batch, "columns", None)
    if names is None:
        raise ImbcoreError(
            f"invalid source: got a batch of type {type(batch).__name__}; batches must be "
            "Arrow record batches or tables, or pandas or Polars DataFrames")
    return [str(c) for c in names]


def column_numpy(batch: Any, column: str, name: str) -> np.ndarray:
    """Column ``column`` of ``batch`` as a NumPy array (see :func:`arrow_to_numpy`)."""
    mod = _module_of(batch)
    if mod == "pyarrow":
        col = batch.column(column)
        return arrow_to_numpy(col, name)
    if mod == "polars":
        return arrow_to_numpy(batch.get_column(column), name)
    col = batch[column]
    if is_arrow_like(col):
        return arrow_to_numpy(col, name)
    a = col.to_numpy()
    if a.dtype == object or (a.dtype.kind == "f" and col.isna().any()
                             and name != "score"):
        if col.isna().any():
            i = int(np.flatnonzero(col.isna().to_numpy())[0])
            raise ImbcoreError(f"invalid {name}: got a missing value at row {i}; "
                               f"{name} must have a value in every row")
    return a
