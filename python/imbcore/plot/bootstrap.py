"""Figures of bootstrap results."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ImbcoreError
from ..metrics import metric_info
from ._style import _legend, _metric_style, _new_ax, metric_label

def threshold_distribution(result: Any, metric: str | None = None, *, ax: Any = None,
                           bins: int = 40) -> Any:
    """The distribution of the best threshold over bootstrap replicates.

    A histogram of :attr:`imbcore.BootstrapResult.threshold` per metric (all
    metrics of the result by default), with the threshold chosen on the data
    itself (solid line) and the percentile interval (dotted lines).

    Parameters
    ----------
    result : BootstrapResult
        From :func:`imbcore.bootstrap` or :meth:`imbcore.Sweep.bootstrap`.
    metric : str, optional
        One metric of the result; all of them by default.
    ax : matplotlib Axes, optional
    bins : int

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import numpy as np, imbcore
    >>> from imbcore.plot import threshold_distribution
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(2000) < 0.1
    >>> r = imbcore.bootstrap(y, rng.normal(size=2000) + 2 * y, metrics=["f1", "mcc"],
    ...                       n_resamples=100, random_state=0)
    >>> ax = threshold_distribution(r)
    >>> len(ax.patches) > 0
    True
    """
    from ..bootstrap import BootstrapResult

    if not isinstance(result, BootstrapResult):
        raise ImbcoreError(f"invalid result: got {type(result).__name__}; pass what "
                           "imbcore.bootstrap returns")
    names = result.metrics if metric is None else [metric_info(metric).name]
    for m in names:
        if m not in result.metrics:
            raise ImbcoreError(f"invalid metric: got {metric!r}; this bootstrap has "
                               f"{result.metrics}")
    made_here = ax is None
    ax = _new_ax(ax)
    for m in names:
        t = result.threshold[:, result.metrics.index(m)]
        t = t[~np.isnan(t)]
        color, _ = _metric_style(m)
        lo, hi = result.interval("threshold", m)
        ax.hist(t, bins=bins, color=color, alpha=0.45,
                label=f"{metric_label(m)}: {result.ci:.0%} interval [{lo:.4g}, {hi:.4g}]")
        est = result.estimate.get((m, "threshold"), float("nan"))
        if np.isfinite(est):
            ax.axvline(est, color=color, lw=1.6)
        for v in (lo, hi):
            ax.axvline(v, color=color, lw=1.2, ls=":")
    ax.set_xlabel("best threshold in a replicate")
    ax.set_ylabel("replicates")
    ax.set_title(f"Best threshold over {result.n_resamples:,} {result.method} bootstrap "
                 "replicates")
    ax.grid(alpha=0.3)
    _legend(ax, made_here)
    return ax
