"""The tables behind the advice: best thresholds from data, optimal weights from theory.

One job: put imbcore's answers into rows (lists of dicts of plain numbers),
ready to be printed as a table, written as JSON or put in a report.

* :func:`best_table`: per metric, the best threshold of a sweep and the
  confusion there (data).
* :func:`theory_table`: per curve exponent ``p``, the optimal class weight and
  the metric expected at it, at ``alpha = 1`` and at the natural weight (theory).
* :func:`curve_row`: the optimal class weight on any tradeoff curve (the
  model's own ROC, a fitted binormal curve, an Lp curve) under a landing rule.
* :func:`advice_table`: per metric, the weight from the Bayes rule on the
  model's own ROC (:class:`~imbcore.Empirical`), on the fitted binormal curve
  (:func:`~imbcore.fit_curve`) and on the Lp curve with the model's ROC-AUC
  under both rules, beside the best threshold of the data and the weight that
  threshold is equivalent to (:func:`~imbcore.weight_for_threshold`).

For a well-specified model (one whose scores are calibrated probabilities) a
class weight ``alpha`` does what moving the threshold to ``1/(1+alpha)`` does:
the best threshold of the data names the weight that would have put the model
there, and the threshold can be moved after training at no cost.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .metrics import metric_info, metric_names, metric_value
from .theory import expected_metric, lp_auc, natural_weight, optimal_alpha, p_from_auc
from .errors import ImbcoreError
from .theory.conversions import weight_for_threshold

__all__ = ["ADVICE_METRICS", "best_table", "theory_table", "advice_table", "alpha_text",
           "curve_row", "model_curves"]

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
        ``precision``, ``recall``, ``tp``, ``fp``, ``fn``, ``tn``, and
        ``lower``, the next lower distinct score (None below the lowest),
        which says how many digits of the threshold matter.

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
    # a streamed sweep keeps no array of thresholds: its thresholds print exactly
    thresholds = getattr(s, "thresholds", None)
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
            "lower": (thresholds[b.index + 1]
                      if thresholds is not None and b.index + 1 < len(thresholds) else None),
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

    On the Lp curve ``x^p + z^p = 1`` under the landing ``rule`` (``"bayes"``
    or ``"expected_loss"``).

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


def curve_row(curve: Any, metric: str, beta: float, *, rule: str = "bayes") -> dict[str, Any]:
    """The optimal weight for ``metric`` on one tradeoff curve, as a row of plain numbers.

    Returns
    -------
    dict
        ``alpha``, ``value`` (the metric expected there), ``at_bound``,
        ``flat``, ``alpha_text``, ``at_alpha_1`` (the metric expected at
        ``alpha = 1``) and ``alpha_range`` (the interval of optimal weights of
        an :class:`~imbcore.Empirical` curve, else None).

    Examples
    --------
    >>> import imbcore
    >>> from imbcore.advice import curve_row
    >>> row = curve_row(imbcore.Binormal(1.5), "balanced_accuracy", 0.01)
    >>> round(row["alpha"], 9), row["alpha_text"]
    (99.0, '99')
    """
    name = metric_info(metric).name
    r = curve.optimal_alpha(name, beta, rule=rule)
    a, bound, flat = float(r.alpha), bool(r.at_bound), bool(r.flat)
    rng = getattr(r, "alpha_range", None)
    return {"alpha": a, "value": float(r.value), "at_bound": bound, "flat": flat,
            "alpha_text": alpha_text(a, bound, flat),
            "at_alpha_1": float(curve.expected_metric(name, 1.0, beta, rule=rule)),
            "alpha_range": None if rng is None else [float(rng[0]), float(rng[1])]}


def model_curves(auc: float, sweep: Any = None) -> dict[str, Any]:
    """The tradeoff curves advice is given on: the model's own ROC and a binormal curve.

    With a sweep: :class:`~imbcore.Empirical` of it (``"empirical"``) and the
    binormal curve fitted to it (``"binormal"``, with ``"fit"`` holding
    ``a``, ``b`` and ``max_distance``, the largest vertical gap between the
    fitted and the empirical ROC). Without one: the equal-variance binormal
    curve with ROC-AUC ``auc`` (``a = sqrt(2)*Phi^-1(auc)``, ``b = 1``). An
    entry is None where no curve exists (one class, AUC outside (0.5, 1),
    too few operating points to fit).
    """
    from statistics import NormalDist

    from .theory.curves import Binormal, Empirical
    from .theory.fit import fit_curve

    out: dict[str, Any] = {"empirical": None, "binormal": None, "fit": None}
    if sweep is not None:
        try:
            out["empirical"] = Empirical(sweep)
        except ImbcoreError:
            return out
        try:
            f = fit_curve(sweep, "binormal")
        except ImbcoreError:
            return out
        bn: Any = f.curve  # a Binormal (family "binormal")
        out["binormal"] = bn
        out["fit"] = {"source": "fit", "a": float(bn.a), "b": float(bn.b),
                      "max_distance": float(f.max_distance)}
    elif 0.5 < auc < 1.0:
        a = math.sqrt(2.0) * NormalDist().inv_cdf(auc)
        out["binormal"] = Binormal(a, 1.0)
        out["fit"] = {"source": "auc", "a": a, "b": 1.0, "max_distance": None}
    return out


def advice_table(auc: float, prevalence: float, *, sweep: Any = None,
                 metrics: Sequence[str] = ADVICE_METRICS,
                 n_jobs: int | None = None) -> dict[str, Any]:
    """The weight to train with (theory, on several curves) beside the threshold to use (data).

    Parameters
    ----------
    auc : float
        The model's ROC-AUC; picks the Lp curve exponent ``p`` with that AUC
        (and, without a sweep, the equal-variance binormal curve with it).
    prevalence : float
        Of the positive class.
    sweep : Sweep, optional
        The model's validation scores: adds the model's own ROC, the binormal
        curve fitted to it, and the best threshold per metric.
    metrics : sequence of str
    n_jobs : int, optional

    Returns
    -------
    dict
        ``roc_auc``, ``prevalence``, ``p``, ``natural_weight``, ``binormal``
        (``a``, ``b``, ``max_distance`` and ``source``: ``"fit"`` or
        ``"auc"``; or None) and ``rows``, per metric:

        - ``metric``;
        - ``empirical``: :func:`curve_row` on the model's own ROC under the
          Bayes rule (with a sweep; else absent or None);
        - ``binormal``: :func:`curve_row` on the binormal curve, Bayes rule;
        - ``theory``: the Lp curve with the model's AUC under the Bayes rule,
          a row of :func:`theory_table`; ``lp_expected_loss`` the same under
          the expected-loss rule of the original analysis (for comparison);
        - ``data`` (with a sweep): ``threshold``, ``value`` and ``weight``,
          the class weight that threshold is equivalent to on calibrated
          scores (:func:`~imbcore.weight_for_threshold`; None when the
          scores are not probabilities in [0, 1] or the threshold is 0 or
          1), or None.

        ``p`` is None (and ``theory`` absent) when the AUC is outside
        (0.5, 1): chance-level scores, or classes the scores separate
        perfectly, have no Lp curve.

    Notes
    -----
    The Bayes rule is what weighted training follows for a well-specified
    model: weight ``alpha`` moves its decision threshold on calibrated
    scores to ``1/(1+alpha)``. So on calibrated scores the data's best
    threshold ``t`` and the own-ROC weight agree:
    ``weight_for_threshold(t) = (1-t)/t`` lies in the own-ROC interval of
    optimal weights, up to ties and sampling error.

    Examples
    --------
    >>> from imbcore.advice import advice_table
    >>> adv = advice_table(0.9, 0.02, metrics=["balanced_accuracy"])
    >>> round(adv["natural_weight"], 6), round(adv["rows"][0]["theory"]["alpha"], 6)
    (49.0, 49.0)
    >>> round(adv["rows"][0]["binormal"]["alpha"], 6)
    49.0
    """
    p = float(p_from_auc(auc)) if 0.5 < auc < 1.0 else None
    curves = model_curves(auc, sweep)
    probabilities = False  # scores that are probabilities name a weight per threshold
    if sweep is not None and len(sweep):
        th = np.asarray(sweep.thresholds)
        probabilities = bool(th.min() >= 0 and th.max() <= 1)
    rows = []
    for m in metrics:
        name = metric_info(m).name
        row: dict[str, Any] = {"metric": name}
        if curves["empirical"] is not None:
            row["empirical"] = curve_row(curves["empirical"], name, prevalence)
        row["binormal"] = (None if curves["binormal"] is None
                           else curve_row(curves["binormal"], name, prevalence))
        if p is not None:
            row["theory"] = theory_table(name, [p], prevalence, n_jobs=n_jobs)[0]
            row["lp_expected_loss"] = theory_table(name, [p], prevalence, n_jobs=n_jobs,
                                                   rule="expected_loss")[0]
        if sweep is not None:
            try:
                b = sweep.best(name)
            except ImbcoreError:
                row["data"] = None
            else:
                t = float(b.threshold)
                w = (float(weight_for_threshold(t)) if probabilities and 0.0 < t < 1.0
                     else None)
                row["data"] = {"threshold": b.threshold, "value": b.value, "weight": w}
        rows.append(row)
    return {"roc_auc": auc, "prevalence": prevalence, "p": p,
            "natural_weight": float(natural_weight(prevalence)),
            "binormal": curves["fit"], "rows": rows}
