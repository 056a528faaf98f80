"""A finished study: one row per fit, summaries with confidence intervals, figures."""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from ..errors import ImbcoreError
from .design import AXES, Design

__all__ = ["StudyResult"]


def _frame(columns: dict[str, np.ndarray]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        return columns
    return pd.DataFrame(columns)


class StudyResult:
    """The records of a study's fits (what :meth:`Study.run` returns).

    Attributes
    ----------
    design : Design
        What was run (axes, repetitions, metrics, parameters).
    columns : dict of str to ndarray
        One entry per column, one element per fit, in fit order: ``fit``, the
        axes (``generator``, ``separation``, ``prevalence``, ``learner``,
        ``strategy``, ``alpha``), ``rep``, then the record of each fit (see
        :meth:`Study.record_columns`).
    path : str or None
        The Parquet folder the records were written to, if any.
    seconds : float
        Time spent running fits in this call (0 when everything was already done).
    """

    def __init__(self, design: Design, columns: dict[str, np.ndarray], *,
                 path: str | None = None, seconds: float = 0.0) -> None:
        self.design = design
        self.columns = columns
        self.path = path
        self.seconds = seconds

    def __len__(self) -> int:
        return int(self.columns["fit"].size)

    def __repr__(self) -> str:
        return (f"<StudyResult: {len(self)} fits of {self.design.n_fits}, "
                f"engine={self.design.engine!r}>")

    def to_frame(self) -> Any:
        """One row per fit: a pandas DataFrame when pandas is installed, else a dict of arrays."""
        return _frame(dict(self.columns))

    def _value_columns(self, columns: Sequence[str] | None) -> list[str]:
        if columns is None:
            named = [c for m in self.design.metrics for c in (m, f"{m}_best")]
            return named + ["roc_auc", "average_precision", "brier", "recall", "specificity"]
        if isinstance(columns, str):
            columns = [columns]
        for c in columns:
            if c not in self.columns or c in AXES or c in ("fit", "rep"):
                known = [k for k in self.columns if k not in AXES and k not in ("fit", "rep")]
                raise ImbcoreError(f"invalid columns: got {c!r}; known: {', '.join(known)}")
        return list(columns)

    def summary(self, columns: Sequence[str] | str | None = None, *,
                confidence: float = 0.95) -> Any:
        """The mean and its confidence interval per cell (all fits with the same axes).

        Parameters
        ----------
        columns : str or list of str, optional
            Record columns to summarise (default: each metric at the default
            decision and at the best threshold, ROC-AUC, AP, Brier, recall and
            specificity).
        confidence : float
            Level of the intervals (default 0.95).

        Returns
        -------
        DataFrame or dict of ndarray
            One row per cell: the axes, ``n`` (fits), and per column ``c``:
            ``c_mean``, ``c_ci_low``, ``c_ci_high``. NaN records (a metric
            undefined in a fit) are left out of that column's mean; the
            interval is Student's t interval of the mean of the ``n_c`` values
            left, ``mean +- t(1-(1-confidence)/2, n_c-1) * sd / sqrt(n_c)``
            (NaN below 2 values).

        Examples
        --------
        >>> from imbcore.study import Study
        >>> r = Study(engine="estimator", separation=[1.0, 2.0], alpha=[1.0], reps=3,
        ...           n_samples=400, prevalence=0.2, random_state=0).run()
        >>> s = r.summary("f1")
        >>> s["separation"].tolist(), s["n"].tolist()
        ([1.0, 2.0], [3, 3])
        """
        if not 0 < confidence < 1:
            raise ImbcoreError(f"invalid confidence: got {confidence!r}; give a number between "
                               "0 and 1, e.g. 0.95")
        cols = self._value_columns(columns)
        try:
            from scipy import stats
        except ImportError:
            raise ImbcoreError("invalid call: summary's confidence intervals need scipy: pip "
                               "install 'imbcore[study]'") from None
        keys = [self.columns[a] for a in AXES]
        # group fits by cell: the cell number is fit // reps
        cell = self.columns["fit"] // self.design.reps
        cells, first, inverse = np.unique(cell, return_index=True, return_inverse=True)
        out: dict[str, Any] = {a: k[first] for a, k in zip(AXES, keys)}
        out["n"] = np.bincount(inverse, minlength=cells.size)
        for c in cols:
            v = np.asarray(self.columns[c], dtype=np.float64)
            ok = ~np.isnan(v)
            n = np.bincount(inverse[ok], minlength=cells.size).astype(np.float64)
            total = np.bincount(inverse[ok], weights=v[ok], minlength=cells.size)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = total / n
                dev = np.bincount(inverse[ok], weights=(v[ok] - mean[inverse[ok]]) ** 2,
                                  minlength=cells.size)
                sd = np.sqrt(dev / (n - 1))
                q = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1))
                half = np.where(n >= 2, q * sd / np.sqrt(n), math.nan)
            out[f"{c}_mean"] = mean
            out[f"{c}_ci_low"] = mean - half
            out[f"{c}_ci_high"] = mean + half
        return _frame(out)

    def plot(self, metric: str | None = None, *, best: bool = False, ax: Any = None,
             theory: bool = True, **select: Any) -> Any:
        """The metric against alpha, one line per separation, with 95 % confidence bands.

        Parameters
        ----------
        metric : str, optional
            A metric of the study (default: the first), or ``"recall"`` or
            ``"specificity"`` (the landing point); with ``best=True`` its value
            at the best threshold of each test sweep.
        best : bool
            Plot the metric at the best threshold rather than at the
            strategy's own decision.
        ax : matplotlib Axes, optional
        theory : bool
            For binormal data and strategies with a weight (weight, threshold,
            oversample, undersample), overlay the theory's prediction under
            both landing rules: ``bayes`` (dashed) and, when
            ``imbcore.Binormal`` is available, ``expected_loss`` (dotted).
        **select
            Values of the other axes (``learner="cart"``, ``prevalence=0.01``,
            ``strategy="weight"``, ``generator=...``) when the study has several.

        Returns
        -------
        matplotlib Axes
        """
        m = self.design.metrics[0] if metric is None else metric
        from ..metrics import metric_info

        known = list(self.design.metrics) + [k for k in ("recall", "specificity")
                                             if k not in self.design.metrics]
        if not isinstance(m, str) or m.strip().lower() not in known:
            raise ImbcoreError(f"invalid metric: got {metric!r}; this study recorded "
                               f"{', '.join(known)}")
        m = m.strip().lower()
        if best and m not in self.design.metrics:
            raise ImbcoreError(f"invalid metric: got {m!r} with best=True; the best threshold "
                               f"was recorded for {', '.join(self.design.metrics)}")
        col = f"{m}_best" if best else m
        mask = np.ones(len(self), dtype=bool)
        fixed: dict[str, Any] = {}
        for axis in ("generator", "prevalence", "learner", "strategy"):
            values = self.design.axis_values()[axis]
            if axis in select:
                if select[axis] not in values:
                    raise ImbcoreError(f"invalid {axis}: got {select[axis]!r}; this study has "
                                       f"{', '.join(map(str, values))}")
                fixed[axis] = select.pop(axis)
            elif len(values) == 1:
                fixed[axis] = values[0]
            else:
                raise ImbcoreError(f"invalid {axis}: the study has several "
                                   f"({', '.join(map(str, values))}); choose one, e.g. "
                                   f"plot({m!r}, {axis}={values[0]!r})")
            mask &= self.columns[axis] == fixed[axis]
        if select:
            raise ImbcoreError(f"invalid argument: got {sorted(select)[0]!r}; choose among "
                               "generator, prevalence, learner, strategy")
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8.5, 4.5))
        summary = self._cells(col, mask)
        colors = plt.get_cmap("viridis")
        seps = self.design.separations
        for k, sep in enumerate(seps):
            color = colors(k / max(len(seps) - 1, 1))
            sel = summary["separation"] == sep
            alpha = summary["alpha"][sel]
            order = np.argsort(alpha)
            a, mean = alpha[order], summary["mean"][sel][order]
            lo, hi = summary["low"][sel][order], summary["high"][sel][order]
            ax.plot(a, mean, "o-", ms=3, color=color, label=f"separation {sep:g}")
            ax.fill_between(a, lo, hi, color=color, alpha=0.2, lw=0)
            if (theory and fixed["generator"] == "binormal" and not best
                    and fixed["strategy"] in ("weight", "threshold", "oversample", "undersample")):
                self._overlay(ax, m, sep, fixed["prevalence"], color, (k == 0))
        ax.set_xscale("log")
        ax.set_xlabel("alpha (positive weight / resampling factor)")
        label = metric_info(m).label
        ax.set_ylabel(f"{label} at the best threshold" if best else label)
        what = ", ".join(f"{k} {v}" for k, v in fixed.items())
        ax.set_title(f"{label} against alpha (mean, 95 % CI)\n{what}", fontsize=9)
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        ax.grid(alpha=0.3)
        return ax

    def _cells(self, col: str, mask: np.ndarray) -> dict[str, np.ndarray]:
        """Mean and 95 % interval of ``col`` per (separation, alpha) among the masked fits."""
        from scipy import stats

        sep, alpha = self.columns["separation"][mask], self.columns["alpha"][mask]
        v = np.asarray(self.columns[col], dtype=np.float64)[mask]
        keys = np.stack([sep, alpha], axis=1)
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        out: dict[str, list[float]] = {"separation": [], "alpha": [], "mean": [], "low": [],
                                       "high": []}
        for j, (s, a) in enumerate(uniq):
            x = v[(inverse == j) & ~np.isnan(v)]
            mean = float(x.mean()) if x.size else math.nan
            half = (float(stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size))
                    if x.size >= 2 else math.nan)
            for k, val in (("separation", s), ("alpha", a), ("mean", mean),
                           ("low", mean - half), ("high", mean + half)):
                out[k].append(float(val))
        return {k: np.asarray(val) for k, val in out.items()}

    def _overlay(self, ax: Any, metric: str, sep: float, beta: float, color: Any,
                 label: bool) -> None:
        import warnings

        from ..theory.curves import Binormal

        if not sep > 0:  # a chance-level curve: the prediction is a corner, not drawn
            return
        grid = np.geomspace(min(self.design.alphas), max(self.design.alphas), 100)
        for rule, style in (("bayes", "--"), ("expected_loss", ":")):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                y = Binormal(sep).expected_metric(metric, grid, beta, rule=rule)
            ax.plot(grid, y, style, color=color, lw=1,
                    label=f"theory, {rule} rule" if label else None)
