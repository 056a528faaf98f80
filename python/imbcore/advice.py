"""The tables behind the advice: best thresholds from data, optimal weights from theory.

One job: put imbcore's answers into rows (lists of dicts of plain numbers),
ready to be printed as a table, written as JSON or put in a report.

* :func:`best_table`: per metric, the best threshold of a sweep and the
  confusion there (data).
* :func:`theory_table`: per curve exponent ``p``, the optimal class weight and
  the metric expected at it, at ``alpha = 1`` and at the natural weight (theory).
* :func:`advice_table`: both side by side, for the ``p`` whose curve has the
  model's ROC-AUC.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from . import (
    expected_metric,
    lp_auc,
    metric_info,
    metric_names,
    metric_value,
    natural_weight,
    optimal_alpha,
    p_from_auc,
)
from .errors import ImbcoreError

__all__ = ["ADVICE_METRICS", "best_table", "theory_table", "advice_table", "alpha_text"]

# the metrics advice is given for, unless the caller names others
ADVICE_METRICS = ("f1", "f2", "f0.5", "mcc", "balanced_accuracy", "gmean", "jaccard",
                  "cohen_kappa", "accuracy")


def best_table(s: Any, metrics: Sequence[str] | None = None,
               subject_to: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """The best threshold per metric of a sweep, with precision and recall there.

    Parameters
    ----------
    s : Sweep
        From :func:`imbcore.sweep`.
    metrics : sequence of str, optional
        By default every standard metric; those undefined at every threshold
        are then left out (named metrics raise instead).
    subject_to : dict, optional
        Constraints, as for :meth:`Sweep.best`.

    Returns
    -------
    list of dict
        One row per metric: ``metric``, ``value``, ``threshold``,
        ``precision``, ``recall``, ``tp``, ``fp``, ``fn``, ``tn``.

    Examples
    --------
    >>> import imbcore
    >>> from imbcore.advice import best_table
    >>> s = imbcore.sweep([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7])
    >>> row = best_table(s, ["f1"])[0]
    >>> row["metric"], float(row["threshold"]), round(row["value"], 4), row["recall"]
    ('f1', 0.35, 0.8571, 1.0)
    """
    names = list(metrics) if metrics is not None else metric_names()
    rows = []
    for m in names:
        try:
            b = s.best(m, subject_to=subject_to)
        except ImbcoreError:
            if metrics is not None or subject_to:
                raise
            continue  # undefined at every threshold (e.g. kappa on odd data)
        rows.append({
            "metric": b.metric, "value": b.value, "threshold": b.threshold,
            "precision": float(metric_value("precision", b.tp, b.fp, b.fn, b.tn)),
            "recall": float(metric_value("recall", b.tp, b.fp, b.fn, b.tn)),
            "tp": b.tp, "fp": b.fp, "fn": b.fn, "tn": b.tn,
        })
    return rows


def alpha_text(alpha: float, at_bound: bool, flat: bool) -> str:
    """An optimal weight as text: the number, a bound it tends to, or 'any (flat)'.

    Examples
    --------
    >>> from imbcore.advice import alpha_text
    >>> alpha_text(2.0103, False, False), alpha_text(1e12, True, False), alpha_text(1.0, False, True)
    ('2.01', '-> inf (bound)', 'any (flat)')
    """
    if flat:
        return "any (flat)"
    if at_bound:
        return "-> 0 (bound)" if alpha < 1 else "-> inf (bound)"
    return f"{alpha:.4g}"


def theory_table(metric: str, p: Sequence[float], beta: float,
                 n_jobs: int | None = None, rule: str = "bayes") -> list[dict[str, Any]]:
    """For each ``p``: alpha*, and the metric at alpha*, at alpha = 1 and at the natural weight.

    Returns
    -------
    list of dict
        One row per ``p``: ``metric``, ``beta``, ``p``, ``roc_auc``,
        ``natural_weight``, ``alpha``, ``at_bound``, ``flat``, ``alpha_text``,
        ``at_optimum``, ``at_alpha_1``, ``at_natural``.

    Examples
    --------
    >>> from imbcore.advice import theory_table
    >>> row = theory_table("balanced_accuracy", [3.0], 0.05)[0]
    >>> round(row["alpha"], 9), row["alpha_text"], round(row["roc_auc"], 4)
    (19.0, '19', 0.8833)
    """
    name = metric_info(metric).name
    ps = np.asarray(p, dtype=np.float64)
    nw = float(natural_weight(beta))  # checks beta first, so its error names no index
    opt = optimal_alpha(name, ps, beta, rule=rule, n_jobs=n_jobs)
    at_1 = expected_metric(name, 1.0, ps, beta, rule=rule)
    at_nw = expected_metric(name, nw, ps, beta, rule=rule)
    auc = lp_auc(ps)
    rows = []
    for j in range(ps.size):
        a, bound, flat = float(opt.alpha[j]), bool(opt.at_bound[j]), bool(opt.flat[j])
        rows.append({
            "metric": name, "rule": rule, "beta": beta, "p": float(ps[j]),
            "roc_auc": float(auc[j]),
            "natural_weight": nw, "alpha": a, "at_bound": bound, "flat": flat,
            "alpha_text": alpha_text(a, bound, flat),
            "at_optimum": float(opt.value[j]), "at_alpha_1": float(at_1[j]),
            "at_natural": float(at_nw[j]),
        })
    return rows


def advice_table(auc: float, prevalence: float, *, sweep: Any = None,
                 metrics: Sequence[str] = ADVICE_METRICS,
                 n_jobs: int | None = None) -> dict[str, Any]:
    """The weight to train with (theory) beside the threshold to use (data), per metric.

    Parameters
    ----------
    auc : float
        The model's ROC-AUC; picks the curve exponent ``p`` with that AUC.
    prevalence : float
        Of the positive class.
    sweep : Sweep, optional
        The model's validation scores; adds the best threshold per metric.
    metrics : sequence of str
    n_jobs : int, optional

    Returns
    -------
    dict
        ``roc_auc``, ``prevalence``, ``p``, ``natural_weight`` and ``rows``
        (per metric: ``metric``, ``theory`` as a row of :func:`theory_table`,
        and with a sweep ``data``: ``threshold`` and ``value``, or None).
        ``p`` is None when the AUC is outside (0.5, 1): chance-level scores,
        or classes the scores separate perfectly, have no curve of the family.

    Examples
    --------
    >>> from imbcore.advice import advice_table
    >>> adv = advice_table(0.9, 0.02, metrics=["balanced_accuracy"])
    >>> round(adv["natural_weight"], 6), round(adv["rows"][0]["theory"]["alpha"], 6)
    (49.0, 49.0)
    """
    p = float(p_from_auc(auc)) if 0.5 < auc < 1.0 else None
    rows = []
    for m in metrics:
        row: dict[str, Any] = {"metric": metric_info(m).name}
        if p is not None:
            row["theory"] = theory_table(m, [p], prevalence, n_jobs=n_jobs)[0]
        if sweep is not None:
            try:
                b = sweep.best(m)
                row["data"] = {"threshold": b.threshold, "value": b.value}
            except ImbcoreError:
                row["data"] = None
        rows.append(row)
    return {"roc_auc": auc, "prevalence": prevalence, "p": p,
            "natural_weight": float(natural_weight(prevalence)), "rows": rows}
