"""How parameters print in reprs and messages: as a reader writes them, never as NumPy reprs.

A module of its own, importing nothing of the package, so that value types
(curves, class weights) can print plainly without importing the presentation
modules.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plain"]


def plain(v: Any, digits: int = 4) -> str:
    """A parameter as a reader writes it, never as a NumPy repr: ``np.float64(1.6268)``
    -> ``'1.627'``, an array -> ``'[1.5, 2]'``, a string -> ``"'f1'"``.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore._repr import plain
    >>> plain(np.float64(1.62684)), plain(1.0), plain(np.array([1.5, 2.0])), plain(np.int64(3))
    ('1.627', '1', '[1.5, 2]', '3')
    """
    if isinstance(v, (str, bytes)):
        return repr(v)
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    a = np.asarray(v) if isinstance(v, (np.ndarray, list, tuple, np.generic, int, float)) else None
    if a is None or a.dtype.kind not in "biuf":
        return repr(v)
    if a.ndim == 0:
        x = a.item()
        return str(x) if isinstance(x, int) else f"{x:.{digits}g}"
    return "[" + ", ".join(plain(x, digits) for x in a.reshape(-1)[:6]) + (
        ", ...]" if a.size > 6 else "]")
