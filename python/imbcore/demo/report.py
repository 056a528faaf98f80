"""The demo's report: run the main job on the demo data, draw the figures, write report.md.

:func:`run` makes the validation set (:mod:`imbcore.demo.data`), sweeps it,
finds the best threshold per metric and the advice from theory
(:mod:`imbcore.advice`), draws the theory and data figures
(:mod:`imbcore.plot`) and writes a markdown report that embeds them.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .. import Sweep, __version__, metric_info, natural_weight
from ..sweep import sweep
from ..advice import advice_table, best_table
from ..formatting import fmt_count, fmt_threshold, fmt_value, markdown_table
from .data import SEED, make_validation_set

__all__ = ["run", "report_markdown", "DemoResult", "FIGURES", "THEORY_BETA", "THEORY_P",
           "F1_P"]

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
}


@dataclass
class DemoResult:
    """What :func:`run` made: the sweep, its summary, the files and the timings."""

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

    total_steps = 3 + len(FIGURES)
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
    p_model = advice["p"]
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
    }
    figures = []
    for k, (name, make) in enumerate(draw.items()):
        step(f"drawing {name}", 3 + k, total_steps)
        path = os.path.join(out, name)
        _save(make().figure, path)
        figures.append(path)
    seconds["figures"] = time.perf_counter() - t
    seconds["total"] = time.perf_counter() - t0

    report = os.path.join(out, "report.md")
    result = DemoResult(out=out, n=n, seed=seed, sweep=s, best=best, advice=advice,
                        figures=figures, report=report, data_file=data_file, seconds=seconds)
    with open(report, "w", encoding="utf-8") as f:
        f.write(report_markdown(result, p_model))
    return result


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
        theory = row["theory"]
        data = row.get("data") or {}
        adv_rows.append([
            metric_info(row["metric"]).label,
            theory["alpha_text"],
            fmt_value(row["metric"], theory["at_optimum"]),
            fmt_value(row["metric"], theory["at_alpha_1"]),
            fmt_value(row["metric"], theory["at_natural"]),
            fmt_threshold(data["threshold"]) if data else "-",
            fmt_value(row["metric"], data["value"]) if data else "-",
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
    parts = [
        "# imbcore demo report",
        "",
        f"Made by `imbcore demo --n {r.n} --seed {r.seed}` with imbcore {__version__} "
        f"in {sec['total']:.1f} s (data {sec['data']:.1f} s, sweep and best thresholds "
        f"{sec['sweep']:.2f} s, figures {sec['figures']:.1f} s).",
        "",
        "## 1. Theory: what the class weight does",
        "",
        "A classifier trained with weighted cross-entropy, weight α on the positive class, "
        "on data of prevalence β, whose attainable tradeoff between recall x and specificity "
        "z is the curve z = (1 − x^p)^(1/p), lands where x^p = αβ / (αβ + 1 − β). "
        "Larger p "
        "is a better model (p = 1 is chance); each p has a ROC-AUC.",
        "",
        f"![{FIGURES['tradeoff_curves.png']}]({fig['tradeoff_curves.png']})",
        "",
        f"At prevalence β = {THEORY_BETA:g} the natural weight (1 − β)/β = {nw:g} maximises "
        "balanced accuracy for every p, but F1 is best at a weight near 1-3:",
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
        "## 3. Advice: which weight to train with, which threshold to use",
        "",
        f"The model's ROC-AUC {s.roc_auc:.4f} is that of the curve with {p_text}; with the "
        f"prevalence {prevalence:.4f} the theory gives the weight α* to train with for each "
        "metric, and the metric expected there, at α = 1 and at the natural weight "
        f"{float(natural_weight(prevalence)):.3g}. The last two columns keep the model as it "
        "is and move the threshold instead. (The demo model was trained with α = 1.)",
        "",
        markdown_table(["metric", "α* (theory)", "at α*", "at α = 1", "at natural weight",
                   "best threshold (data)", "value there"], adv_rows),
        "",
    ]
    if f1_best is not None:
        parts += [f"For F1 the best threshold is {fmt_threshold(f1_best['threshold'])}, far "
                  "below 0.5: on rare classes the default cut-off of a probability is rarely "
                  "the one you want.", ""]
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
