"""A compact pickle of :class:`imbcore.SweepState`.

The state holds, per distinct score, the score and the positives and
negatives there (uint64 counts or float64 weights): 24 bytes per distinct
float64 score. A pickle keeps counts in the narrowest unsigned type that
holds them, and when every distinct score was seen once (continuous
scores), only one bit per score saying whether it was a positive: 8.1 bytes
per distinct float64 score. Unpickled arrays are copied into aligned,
contiguous memory, since out-of-band pickle buffers (as Dask sends them) may
arrive unaligned.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import ImbcoreError

__all__ = ["pack", "unpack"]

_FORM = "imbcore-state-1"


def _narrow(a: np.ndarray) -> np.ndarray:
    top = int(a.max()) if a.size else 0
    for t in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(t).max:
            return a.astype(t)
    return a


def pack(parts: tuple[Any, ...]) -> tuple[Any, ...]:
    """The compact form of ``(kind, scores, pos, neg, scale)`` (``SweepState._parts``)."""
    kind, scores, pos, neg, scale = parts
    if kind != "counts":
        return (_FORM, kind, scores, pos, neg, scale)
    if pos.size and int((pos + neg).max()) == 1 and int((pos + neg).min()) == 1:
        return (_FORM, "once", scores, np.packbits(pos.astype(np.uint8)), None, scale)
    return (_FORM, "counts", scores, _narrow(pos), _narrow(neg), scale)


def _aligned(a: Any, dtype: Any) -> Any:
    if a is None:
        return None
    if not isinstance(a, np.ndarray):
        raise ImbcoreError(f"invalid state: got {type(a).__name__}; unpickle what "
                           "SweepState pickled")
    return np.array(a, dtype=dtype, order="C", copy=True)


def unpack(state: tuple[Any, ...]) -> tuple[Any, ...]:
    """``(kind, scores, pos, neg, scale)`` from a pickle (compact or the older tuple)."""
    if not state or state[0] != _FORM:
        kind = state[0] if state else None
        if kind in ("counts", "weights"):
            s = state[1]
            dt = np.uint64 if kind == "counts" else np.float64
            return (kind, _aligned(s, s.dtype), _aligned(state[2], dt),
                    _aligned(state[3], dt), *state[4:])
        return state
    _, kind, scores, pos, neg, scale = state
    if kind == "empty":
        return ("empty", None, None, None, 0)
    scores = _aligned(scores, scores.dtype.newbyteorder("="))
    if kind == "once":
        p = np.unpackbits(np.asarray(pos, dtype=np.uint8), count=scores.shape[0])
        pos = p.astype(np.uint64)
        neg = (1 - p).astype(np.uint64)
        return ("counts", scores, pos, neg, scale)
    dt = np.uint64 if kind == "counts" else np.float64
    return (kind, scores, _aligned(pos, dt), _aligned(neg, dt), scale)
