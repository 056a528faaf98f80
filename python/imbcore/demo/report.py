"""The demo's report: run the main job on the demo data, draw the figures, write report.md.

:func:`run` makes the validation set (:mod:`imbcore.demo.data`), sweeps it,
finds the best threshold per metric and the advice from theory
(:mod:`imbcore.advice`), retrains the demo model at a few class weights to
check which landing rule training follows (:func:`retraining_table`), draws
the theory and data figures (:mod:`imbcore.plot`) and writes a markdown
report that embeds them.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .. import __version__
from .._sweep import Sweep
from ..metrics import metric_info, metric_value
from ..theory import expected_metric, natural_weight
from ..theory import optimal_alpha as lp_optimal_alpha
from ..advice import advice_table, best_table, model_curves
from ..formatting import fmt_count, fmt_threshold, fmt_value, markdown_table
from .._sweep import sweep
from ..theory.conversions import threshold_for_weight
from .data import SEED, make_validation_set, retrain, validation_set_with_weight

__all__ = ["run", "report_markdown", "DemoResult", "FIGURES", "THEORY_BETA", "THEORY_P",
           "F1_P", "RETRAIN_METRICS", "retraining_table"]

# the theory figures use the prevalence and curves of the original analysis,
# whose F1 figure ran p up to 40 (ROC-AUC 0.9996)
THEORY_BETA = 0.01
THEORY_P = (1.5, 2, 3, 5, 10)
F1_P = (1.5, 2, 3, 5, 10, 20, 40)

FIGURES = {
    "tradeoff_curves.png": "The Lp family of attainable tradeoffs, with where weighted "
                           "cross-entropy lands at alpha = 1 and at the natural weight",
    "f1_vs_alpha.png": "Expected F1 against the class weight, one line per p up to 40",
    "balanced_accuracy_vs_alpha.png": "Expected balanced accuracy against the class weight",
    "precision_recall_vs_alpha.png": "Expected precision and recall against the class weight",
    "optimal_alpha_map_f1.png": "The optimal class weight for F1 over p and prevalence",
    "pr_curve.png": "Precision-recall curve of the demo model, best thresholds marked",
    "roc_curve.png": "ROC curve of the demo model (false positive rate on a log scale), "
                     "best thresholds marked",
    "metrics_vs_threshold.png": "Metrics of the demo model along the decision threshold",
    "reliability_diagram.png": "Reliability diagrams (CORP) of the demo model, of the model "
                               "trained with weight 10, and of its probabilities restored "
                               "by unweight_proba",
    "decision_curve.png": "Decision curve (net benefit) of the demo model",
    "gains_chart.png": "Cumulative gains chart of the demo model",
}

#: the class weight whose effect on calibration the report shows
CALIBRATION_ALPHA = 10.0


# the metrics the retraining check measures
RETRAIN_METRICS = ("f1", "balanced_accuracy")


@dataclass
class DemoResult:
    """What :func:`run` made: the sweep, its summary, the retraining check, the files
    and the timings."""

    out: str
    n: int
    seed: int
    sweep: Sweep
    best: list[dict[str, Any]]
    advice: dict[str, Any]
    figures: list[str]
    report: str
    data_file: str | None
    seconds: dict[str, float] = field(default_factory=dict)
    retraining: list[dict[str, Any]] = field(default_factory=list)
    calibration: dict[str, Any] = field(default_factory=dict)


def calibration_sweeps(s: Sweep, y: np.ndarray, n: int, seed: int,
                       n_jobs: int | None = None) -> dict[str, Sweep]:
    """The demo model, the model trained with weight :data:`CALIBRATION_ALPHA`, and
    that model's probabilities restored by :func:`imbcore.unweight_proba`, as sweeps
    of the same validation samples (for the reliability diagram)."""
    from ..theory.conversions import unweight_proba

    a = CALIBRATION_ALPHA
    yw, sw = validation_set_with_weight(a, n, seed=seed)
    back = np.asarray(unweight_proba(sw.astype(np.float64), alpha=a))
    return {"α = 1 (the demo model)": s, f"α = {a:g}": sweep(yw, sw, n_jobs=n_jobs),
            f"α = {a:g}, unweight_proba": sweep(yw, back, n_jobs=n_jobs)}


def calibration_markdown(cals: dict[str, Any]) -> list[str]:
    """The calibration section: the decomposition of each model's Brier score."""
    from ..calibration import calibration_summary

    if not cals:
        return []
    rows = [[k, f"{c.brier.score:.5f}", f"{c.brier.mcb:.2e}", f"{c.brier.dsc:.5f}",
             f"{c.brier.unc:.5f}", f"{c.log_loss.mcb:.2e}", f"{c.ece(10, 'quantile'):.4f}",
             f"{c.largest_gap:.3f}"] for k, c in cals.items()]
    first = next(iter(cals.values()))
    return [
        "## Calibration",
        "",
        "Every threshold the theory recommends assumes calibrated probabilities. The CORP "
        "decomposition (Dimitriadis, Gneiting & Jordan 2021) splits each score into "
        "miscalibration (MCB), discrimination (DSC) and uncertainty (UNC), score = MCB − DSC + "
        "UNC, from the isotonic recalibration of the scores (`Sweep.calibration()`). A class "
        f"weight moves probabilities to α p / (α p + 1 − p); `unweight_proba` undoes it.",
        "",
        markdown_table(["model", "Brier", "MCB", "DSC", "UNC", "log-loss MCB",
                        "ECE (10 quantile bins)", "largest gap"], rows),
        "",
        calibration_summary(first),
        "",
    ]


def retraining_table(s: Sweep, advice: dict[str, Any], n: int, seed: int
                     ) -> list[dict[str, Any]]:
    """The demo model retrained at a few weights, measured beside each rule's prediction.

    The weights: 1 (the demo model itself), 2, the F1 optimum of the Bayes
    rule on the model's own ROC, 20 and the natural weight ``(1-beta)/beta``.
    For each, the model is retrained with that weight (:func:`~imbcore.demo.data.retrain`)
    and measured at threshold 0.5 on the same validation samples; beside it
    the unweighted model thresholded at ``1/(1+alpha)`` (moving the threshold
    instead of retraining), and the metric each rule predicts: the Bayes rule
    on the model's own ROC, on the fitted binormal curve and on the Lp curve
    with the model's AUC, and the expected-loss rule on that Lp curve.

    Returns
    -------
    list of dict
        One row per weight: ``alpha``, ``label``, and per metric of
        :data:`RETRAIN_METRICS` a dict with ``measured``, ``moved``,
        ``own_roc``, ``binormal``, ``lp_bayes`` and ``lp_expected_loss``
        (None where a curve is missing).
    """
    beta = s.n_pos / (s.n_pos + s.n_neg)
    curves = model_curves(s.roc_auc, s)
    own, binormal = curves["empirical"], curves["binormal"]
    nw = float(natural_weight(beta))
    f1_row = next((r for r in advice["rows"] if r["metric"] == "f1"), None)
    if own is not None:
        f1_alpha = float(own.optimal_alpha("f1").alpha)
    elif f1_row is not None and "theory" in f1_row:
        f1_alpha = float(f1_row["theory"]["alpha"])
    else:
        f1_alpha = float(lp_optimal_alpha("f1", 2.0, beta).alpha)
    weights = [(1.0, "the demo model"), (2.0, ""), (f1_alpha, "F1 optimum, own ROC, Bayes"),
               (20.0, ""), (nw, "natural, (1-β)/β")]
    weights.sort(key=lambda t: t[0])
    counts = retrain([a for a, _ in weights], n, seed=seed)
    p = advice["p"]
    rows = []
    for (alpha, label), c in zip(weights, counts):
        row: dict[str, Any] = {"alpha": alpha, "label": label}
        moved = s.at(float(threshold_for_weight(alpha)))
        for m in RETRAIN_METRICS:
            row[m] = {
                "measured": float(metric_value(m, *c)),
                "moved": float(metric_value(m, *moved)),
                "own_roc": None if own is None else float(own.expected_metric(m, alpha)),
                "binormal": (None if binormal is None
                             else float(binormal.expected_metric(m, alpha, beta))),
                "lp_bayes": None if p is None else float(expected_metric(m, alpha, p, beta)),
                "lp_expected_loss": (None if p is None else float(
                    expected_metric(m, alpha, p, beta, rule="expected_loss"))),
            }
        rows.append(row)
    return rows


def _save(fig: Any, path: str) -> None:
    import matplotlib.pyplot as plt

    fig.savefig(path, dpi=110)
    plt.close(fig)


def run(out: str = "imbcore-demo", n: int = 1_000_000, *, seed: int = SEED,
        save_data: bool = False, n_jobs: int | None = None,
        step: Callable[[str, int, int], None] = lambda label, done, total: None) -> DemoResult:
    """The main job: data, sweep, figures and a markdown report in ``out``.

    ``step(label, done, total)`` is told what is being done, for a progress display.
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    from .. import plot

    total_steps = 4 + len(FIGURES)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    os.makedirs(out, exist_ok=True)

    step(f"making {n:,} scored samples", 0, total_steps)
    y, scores = make_validation_set(n, seed=seed)
    data_file = None
    if save_data:
        data_file = os.path.join(out, "validation.npz")
        np.savez(data_file, label=y, score=scores)
    seconds["data"] = time.perf_counter() - t0

    t = time.perf_counter()
    step(f"sweeping {n:,} scores", 1, total_steps)
    s = sweep(y, scores, n_jobs=n_jobs)
    best = best_table(s)
    seconds["sweep"] = time.perf_counter() - t

    step("advice from theory", 2, total_steps)
    prevalence = s.n_pos / (s.n_pos + s.n_neg)
    advice = advice_table(s.roc_auc, prevalence, sweep=s)

    t = time.perf_counter()
    step("retraining the model at 5 class weights", 3, total_steps)
    retraining = retraining_table(s, advice, n, seed)
    seconds["retraining"] = time.perf_counter() - t

    t = time.perf_counter()
    p_model = advice["p"]
    calibration_models = calibration_sweeps(s, y, n, seed, n_jobs)
    draw = {
        "tradeoff_curves.png": lambda: plot.tradeoff_curves((1,) + THEORY_P, beta=THEORY_BETA),
        "f1_vs_alpha.png": lambda: plot.metric_vs_alpha("f1", F1_P, THEORY_BETA),
        "balanced_accuracy_vs_alpha.png":
            lambda: plot.metric_vs_alpha("balanced_accuracy", THEORY_P, THEORY_BETA),
        "precision_recall_vs_alpha.png": lambda: plot.precision_recall_vs_alpha(3, THEORY_BETA),
        "optimal_alpha_map_f1.png": lambda: plot.optimal_alpha_map("f1"),
        "pr_curve.png": lambda: plot.pr_curve(s),
        # a rare-event detector works at a small false positive rate: a log axis shows it
        "roc_curve.png": lambda: plot.roc_curve(s, log_fpr=True),
        "metrics_vs_threshold.png": lambda: plot.metric_vs_threshold(s, xscale="log"),
        "reliability_diagram.png": lambda: plot.reliability_diagram(
            calibration_models, n_resamples=100),
        "decision_curve.png": lambda: plot.decision_curve(s, name="demo model", n_resamples=100,
                                                          max_threshold=0.5),
        "gains_chart.png": lambda: plot.gains_chart(s, name="demo model", n_resamples=100),
    }
    figures = []
    for k, (name, make) in enumerate(draw.items()):
        step(f"drawing {name}", 4 + k, total_steps)
        path = os.path.join(out, name)
        _save(make().figure, path)
        figures.append(path)
    seconds["figures"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - t0

    report = os.path.join(out, "report.md")
    result = DemoResult(out=out, n=n, seed=seed, sweep=s, best=best, advice=advice,
                        figures=figures, report=report, data_file=data_file, seconds=seconds,
                        retraining=retraining,
                        calibration={k: v.calibration() for k, v in calibration_models.items()})
    with open(report, "w", encoding="utf-8") as f:
        f.write(report_markdown(result, p_model))
    return result


def _cell(metric: str, v: float | None) -> str:
    return "-" if v is None else fmt_value(metric, v)


def retraining_markdown(rows: list[dict[str, Any]]) -> list[str]:
    """The retraining check as markdown: one table per metric."""
    parts: list[str] = []
    for m in RETRAIN_METRICS:
        label = metric_info(m).label
        parts += [
            f"**{label}** at each weight α:",
            "",
            markdown_table(
                ["α", "retrained, threshold 0.5 (measured)",
                 "α = 1 model at threshold 1/(1+α) (measured)",
                 "Bayes, own ROC", "Bayes, binormal fit", "Bayes, Lp", "expected loss, Lp"],
                [[f"{r['alpha']:.4g}" + (f" ({r['label']})" if r["label"] else "")] + [
                    _cell(m, r[m][k]) for k in ("measured", "moved", "own_roc", "binormal",
                                                "lp_bayes", "lp_expected_loss")]
                 for r in rows]),
            "",
        ]
    return parts


def _mean_gap(rows: list[dict[str, Any]], key: str) -> float | None:
    gaps = [abs(r[m][key] - r[m]["measured"]) for r in rows for m in RETRAIN_METRICS
            if r[m][key] is not None]
    return sum(gaps) / len(gaps) if gaps else None


def report_markdown(r: DemoResult, p_model: float | None) -> str:
    """The demo report: figures embedded by relative path, tables, and how to reproduce."""
    s = r.sweep
    nw = float(natural_weight(THEORY_BETA))
    prevalence = s.n_pos / (s.n_pos + s.n_neg)
    best_rows = [[metric_info(b["metric"]).label, fmt_value(b["metric"], b["value"]),
                  fmt_threshold(b["threshold"]), f"{b['precision']:.4f}", f"{b['recall']:.4f}",
                  fmt_count(b["tp"]), fmt_count(b["fp"]), fmt_count(b["fn"]), fmt_count(b["tn"])]
                 for b in r.best]
    adv = r.advice
    adv_rows = []
    for row in adv["rows"]:
        data = row.get("data") or {}
        own, bn = row.get("empirical"), row.get("binormal")
        theory, old = row.get("theory"), row.get("lp_expected_loss")
        adv_rows.append([
            metric_info(row["metric"]).label,
            own["alpha_text"] if own else "-",
            bn["alpha_text"] if bn else "-",
            theory["alpha_text"] if theory else "-",
            old["alpha_text"] if old else "-",
            fmt_threshold(data["threshold"]) if data else "-",
            fmt_value(row["metric"], data["value"]) if data else "-",
            f"{data['weight']:.4g}" if data and data.get("weight") is not None else "-",
        ])
    fig = {os.path.basename(p): os.path.basename(p) for p in r.figures}
    sec = r.seconds
    f1_best = next((b for b in r.best if b["metric"] == "f1"), None)
    data_line = ""
    if r.data_file:
        data_line = (f"\nThe data set is saved as `{os.path.basename(r.data_file)}`; "
                     f"`imbcore sweep {r.data_file}` and `imbcore advise {r.data_file}` "
                     "read it.\n")
    p_text = (f"p = {p_model:.3f}" if p_model is not None else "no p (AUC outside (0.5, 1))")
    f1_theory = lp_optimal_alpha("f1", [2.0, 10.0], THEORY_BETA)
    f1_old = lp_optimal_alpha("f1", [2.0, 10.0], THEORY_BETA, rule="expected_loss")
    fit = adv.get("binormal")
    fit_text = ("" if fit is None else
                f" The binormal curve fitted to its ROC has a = {fit['a']:.3f}, "
                f"b = {fit['b']:.3f}" + (f" (largest vertical gap to the ROC "
                                         f"{fit['max_distance']:.3f})"
                                         if fit.get("max_distance") is not None else "") + ".")
    parts = [
        "# imbcore demo report",
        "",
        f"Made by `imbcore demo --n {r.n} --seed {r.seed}` with imbcore {__version__} "
        f"in {sec['total']:.1f} s (data {sec['data']:.1f} s, sweep and best thresholds "
        f"{sec['sweep']:.2f} s, retraining {sec.get('retraining', 0.0):.1f} s, figures "
        f"{sec['figures']:.1f} s).",
        "",
        "## 1. Theory: what the class weight does",
        "",
        "A classifier trained with weighted cross-entropy, weight α on the positive class, "
        "on data of prevalence β, lands on its attainable tradeoff between recall x and "
        "specificity z where Bayes decision theory puts it: at the point where the ROC "
        "slope dTPR/dFPR equals (1 − β)/(αβ), which on calibrated scores is the threshold "
        "1/(1 + α). **For a well-specified model a class weight does what moving the "
        "threshold does, and the threshold can be moved after training at no cost** "
        "(`imbcore.threshold_for_weight`, `imbcore.unweight_proba`). The figures use the "
        "curves z = (1 − x^p)^(1/p) of the original analysis; larger p is a better model "
        "(p = 1 is chance), and each p has a ROC-AUC. The original analysis landed the "
        "model where αβ·ln x + (1 − β)·ln z is largest (the expected-loss rule); trained "
        "models do not land there except at the natural weight (section 4 measures it).",
        "",
        f"![{FIGURES['tradeoff_curves.png']}]({fig['tradeoff_curves.png']})",
        "",
        f"At prevalence β = {THEORY_BETA:g} the natural weight (1 − β)/β = {nw:g} maximises "
        "balanced accuracy for every p (a Bayes identity), and F1 is best at "
        f"α* = 2/F1* − 1: {float(f1_theory.alpha[0]):.3g} at p = 2 and "
        f"{float(f1_theory.alpha[1]):.3g} at p = 10, where F1* is the best F1 on the curve "
        f"(the expected-loss rule said {float(f1_old.alpha[0]):.3g} and "
        f"{float(f1_old.alpha[1]):.3g}):",
        "",
        f"![{FIGURES['f1_vs_alpha.png']}]({fig['f1_vs_alpha.png']})",
        "",
        f"![{FIGURES['balanced_accuracy_vs_alpha.png']}]({fig['balanced_accuracy_vs_alpha.png']})",
        "",
        "Raising the weight trades precision for recall; precision equals recall (and F1) "
        "where the lines cross:",
        "",
        f"![{FIGURES['precision_recall_vs_alpha.png']}]({fig['precision_recall_vs_alpha.png']})",
        "",
        f"![{FIGURES['optimal_alpha_map_f1.png']}]({fig['optimal_alpha_map_f1.png']})",
        "",
        "## 2. Data: a scored validation set",
        "",
        _DATA_HOWTO.format(n=r.n, seed=r.seed),
        "",
        f"**{r.n:,} samples, {fmt_count(s.n_pos)} positive (prevalence {prevalence:.2%}), "
        f"{len(s):,} distinct scores. ROC-AUC {s.roc_auc:.4f}, average precision "
        f"{s.average_precision:.4f}.**",
        "",
        "Best threshold per metric (predict positive when score ≥ threshold):",
        "",
        markdown_table(["metric", "best", "threshold", "precision", "recall", "tp", "fp", "fn", "tn"],
                  best_rows),
        "",
        "Recall, NPV and FNR are best when (nearly) everything is flagged, specificity and "
        "FPR when (nearly) nothing is; they are listed for completeness. Cost is "
        "fp + fn here (both weights 1); `imbcore sweep --metrics 'cost(c_fn=20)'` prices "
        "a missed positive 20 times a false alarm.",
        "",
        f"![{FIGURES['pr_curve.png']}]({fig['pr_curve.png']})",
        "",
        f"![{FIGURES['roc_curve.png']}]({fig['roc_curve.png']})",
        "",
        f"![{FIGURES['metrics_vs_threshold.png']}]({fig['metrics_vs_threshold.png']})",
        "",
        *calibration_markdown(r.calibration),
        *[f"![{FIGURES[k]}]({fig[k]})\n" for k in ("reliability_diagram.png",
                                                   "decision_curve.png", "gains_chart.png")
          if k in fig],
        "## 3. Advice: which weight to train with, which threshold to use",
        "",
        f"Per metric, the weight α* to train with by the Bayes rule on three curves: the "
        f"model's own ROC (its convex hull), the binormal curve fitted to it, and the Lp "
        f"curve with the model's ROC-AUC {s.roc_auc:.4f} ({p_text}); then α* on that Lp "
        "curve under the original analysis's expected-loss rule, for comparison. The last "
        "three columns keep the model as it is and move the threshold instead: the best "
        "threshold t of the data, the metric there, and the weight (1 − t)/t that threshold "
        f"equals on calibrated scores (`imbcore.weight_for_threshold`). Prevalence "
        f"{prevalence:.4f}, natural weight {float(natural_weight(prevalence)):.3g}; the demo "
        f"model was trained with α = 1.{fit_text}",
        "",
        markdown_table(["metric", "α* own ROC", "α* binormal", "α* Lp", "α* Lp (expected loss)",
                        "best threshold (data)", "value there", "weight it equals"], adv_rows),
        "",
        "The own-ROC weight and the weight read off the best threshold agree where the "
        "model's probabilities are calibrated; the gap between them measures its "
        "miscalibration.",
        "",
    ]
    if f1_best is not None:
        parts += [f"For F1 the best threshold is {fmt_threshold(f1_best['threshold'])}, far "
                  "below 0.5: on rare classes the default cut-off of a probability is rarely "
                  "the one you want.", ""]
    if r.retraining:
        gaps = {k: _mean_gap(r.retraining, k) for k in ("moved", "own_roc", "binormal",
                                                         "lp_bayes", "lp_expected_loss")}
        names = {"moved": "moving the threshold", "own_roc": "Bayes on the own ROC",
                 "binormal": "Bayes on the binormal fit", "lp_bayes": "Bayes on Lp",
                 "lp_expected_loss": "expected loss on Lp"}
        gap_text = ", ".join(f"{names[k]} {g:.3f}" for k, g in gaps.items() if g is not None)
        rules = {k: g for k, g in gaps.items() if k != "moved" and g is not None}
        verdict = ""
        if rules:
            closest = min(rules, key=lambda k: rules[k])
            verdict = f" The closest prediction is {names[closest]}"
            if gaps["lp_expected_loss"] is not None and gaps["lp_bayes"] is not None:
                verdict += (f"; on the same Lp curve the Bayes rule misses by "
                            f"{gaps['lp_bayes']:.3f} on average and the expected-loss rule by "
                            f"{gaps['lp_expected_loss']:.3f}")
            verdict += "."
        if gaps["moved"] is not None:
            verdict += (f" Moving the threshold of the unweighted model to 1/(1 + α) comes "
                        f"within {gaps['moved']:.3f} of retraining with weight α on average: "
                        "the class weight and the threshold are one decision.")
        parts += [
            "## 4. Check: retraining at several weights",
            "",
            "Which landing rule does training follow? The demo model is fitted again on the "
            "same training sample with each weight α (weighted cross-entropy, the same "
            "Newton iterations) and measured at the default threshold 0.5 on the same "
            "validation samples. Beside it: the unweighted model with its threshold moved to "
            "1/(1 + α) instead, and what each rule predicts.",
            "",
            *retraining_markdown(r.retraining),
            f"Mean absolute gap to the retrained model over these weights and metrics: "
            f"{gap_text}.{verdict} The two rules agree at the natural weight only; the demo "
            "model is not exactly well-specified (a logistic regression cannot fit the two "
            "kinds of positives), which is what the remaining gaps measure.",
            "",
        ]
    parts += [
        "## Reproduce",
        "",
        "```",
        f"imbcore demo --n {r.n} --seed {r.seed} --out {r.out}",
        "```",
        data_line,
    ]
    return "\n".join(parts)


_DATA_HOWTO = """\
How the data set is made (seed {seed}): each sample is positive with probability 1.5 %.
There are six features: four standard normals, a log-normal "amount" and a binary flag.
Positives come in two kinds that a linear model cannot fully separate: 60 % are
shifted on features 1 and 2, 40 % on features 3 and 4 with feature 1 spread wider;
positives also have larger amounts and set the flag more often. A logistic regression,
fitted by Newton's method on a separate training sample of 100,000 with no class weight,
scores {n:,} fresh samples; the scores are probabilities stored as float32."""
