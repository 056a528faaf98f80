"""Thinning of curves with millions of points to what a screen can show."""

from __future__ import annotations

from typing import Sequence

import numpy as np

def thin(x: np.ndarray, y: np.ndarray, *, keep: Sequence[int] = (),
         max_points: int = 8000, log_x: bool = False) -> np.ndarray:
    """Indices of the points of a long curve worth drawing (all of them when few).

    ``x`` must be monotone (recall, FPR, or the descending thresholds). The
    curve is cut into slices of equal length in index and in ``x`` (about
    ``max_points / 8`` of each); from every slice its first and last point and
    its lowest and highest ``y`` are kept (the M4 rule), plus ``keep``. Lines
    through the kept points cover the same pixels as lines through all of them.
    With ``log_x`` the slices in ``x`` are of equal length on a log scale.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.plot import thin
    >>> x = np.linspace(0, 1, 10**6); y = np.sin(40 * x); y[123457] = 5.0
    >>> i = thin(x, y, keep=[7])
    >>> len(i) <= 8000, 123457 in i, 7 in i, int(i[0]), int(i[-1])
    (True, True, True, 0, 999999)
    """
    n = len(x)
    kept = np.asarray(keep, dtype=np.int64).reshape(-1)
    if n <= max_points:
        return np.arange(n)
    per = max(max_points // 8, 1)
    xs = np.asarray(x, dtype=np.float64)
    ascending = bool(xs[0] <= xs[-1])
    xa = xs if ascending else xs[::-1]
    positive = xa[xa > 0]
    if log_x and positive.size and positive[-1] > positive[0]:
        grid_x = np.geomspace(positive[0], positive[-1], per + 1)
    else:
        grid_x = np.linspace(xa[0], xa[-1], per + 1)
    cuts = np.searchsorted(xa, grid_x, side="left")
    edges = np.unique(np.concatenate([
        np.linspace(0, n, per + 1).astype(np.int64),
        cuts if ascending else n - cuts[::-1],
        [0, n],
    ]))
    starts, ends = edges[:-1], edges[1:]
    yv = np.asarray(y, dtype=np.float64)
    lengths = ends - starts
    picks: list[np.ndarray] = [starts, ends - 1, kept[(kept >= 0) & (kept < n)]]
    for reduce in (np.fmin, np.fmax):  # fmin/fmax skip NaN
        extreme = reduce.reduceat(yv, starts)
        hit = np.flatnonzero(yv == np.repeat(extreme, lengths))
        bucket = np.searchsorted(starts, hit, side="right") - 1
        _, first = np.unique(bucket, return_index=True)
        picks.append(hit[first])
    return np.unique(np.concatenate(picks))
