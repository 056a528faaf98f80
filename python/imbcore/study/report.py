"""The figures and the markdown report of a preset's results (``imbcore study``)."""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from ..formatting import markdown_table, text_table
from .presets import Preset, duplication_check
from .result import StudyResult

__all__ = ["write_report"]


def _f(v: Any, digits: int = 3) -> str:
    v = float(v)
    return "-" if math.isnan(v) else f"{v:.{digits}f}"


def _ci(mean: float, low: float, high: float) -> str:
    if math.isnan(low):
        return _f(mean)
    return f"{_f(mean)} ± {_f((high - low) / 2)}"


def _save(ax: Any, path: str) -> str:
    import matplotlib.pyplot as plt

    fig = ax.figure
    if not fig.legends:  # a figure legend below the panels is placed already
        fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return os.path.basename(path)


def _rows(summary: Any) -> list[dict[str, Any]]:
    keys = list(summary.keys())
    n = len(summary[keys[0]])
    return [{k: (summary[k].iloc[i] if hasattr(summary[k], "iloc") else summary[k][i])
             for k in keys} for i in range(n)]


def write_report(preset: Preset, results: dict[str, StudyResult], out: str, *,
                 command: str, seed: int) -> tuple[str, list[str], str]:
    """Write the preset's figures and ``report.md`` to ``out``.

    Returns the report's path, the figure files and a short text for the terminal.
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    main = results["results"]
    d = main.design
    fits = sum(len(r) for r in results.values())
    seconds = sum(r.seconds for r in results.values())
    lines = [f"# imbcore study: {preset.name}", "", preset.description + ".", "",
             f"- engine: {d.engine}; {fits:,} fits ({d.reps:,} repetitions per cell); "
             f"{seconds:.1f} s of fitting in this run",
             f"- random_state: {seed}; reproduce with `{command}`",
             f"- results: {', '.join(f'`{k}.parquet`' for k in results)} (one row per fit; "
             "read with `pandas.read_parquet`)", ""]
    body, figures, terminal = _SECTIONS[preset.name](results, out)
    lines += body
    path = os.path.join(out, "report.md")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path, figures, terminal


def _original(results: dict[str, StudyResult], out: str) -> tuple[list[str], list[str], str]:
    r = results["results"]
    fig = _save(r.plot("f1"), os.path.join(out, "f1_vs_alpha.png"))
    s = _rows(r.summary("f1"))
    alphas = sorted(r.design.alphas)
    rows = []
    for sep in r.design.separations:
        cells = sorted((c for c in s if c["separation"] == sep), key=lambda c: c["alpha"])
        means = np.array([c["f1_mean"] for c in cells])
        best = int(np.nanargmax(means)) if np.isfinite(means).any() else 0
        first, last = cells[0], cells[-1]
        rows.append([f"{sep:g}", _ci(first["f1_mean"], first["f1_ci_low"], first["f1_ci_high"]),
                     f"{cells[best]['alpha']:.3g}", _f(cells[best]["f1_mean"]),
                     _ci(last["f1_mean"], last["f1_ci_low"], last["f1_ci_high"])])
    table = markdown_table(["class_sep", "F1 at alpha=1 (95 % CI)", "best alpha", "F1 there",
                            f"F1 at alpha={alphas[-1]:.3g}"], rows)
    f1_lo, f1_hi = rows[0][1].split(" ")[0], rows[-1][1].split(" ")[0]
    body = ["## F1 against the positive weight", "", f"![F1 against alpha]({fig})", "",
            "The original analysis reported F1 at alpha = 1 rising with the separation from "
            "about 0.09 to about 0.93, the optimum only slightly above alpha = 1 and a mild "
            f"decline toward alpha = 316. Here F1 at alpha = 1 goes from {f1_lo} to {f1_hi}.",
            "", table, ""]
    return body, [fig], f"F1 at alpha=1 from {f1_lo} (class_sep {rows[0][0]}) to {f1_hi} " \
                        f"(class_sep {rows[-1][0]})\n" + _text(table)


def _text(table: str) -> str:
    """A markdown table as the terminal shows it: aligned columns, no pipes."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in table.splitlines() if line.strip() and not line.startswith("|---")]
    return text_table(rows[0], rows[1:]) if rows else ""


def _weighting(results: dict[str, StudyResult], out: str) -> tuple[list[str], list[str], str]:
    r = results["results"]
    figures = []
    for learner in r.design.learners:
        for strategy in r.design.strategies:
            ax = r.plot("f1", learner=learner, strategy=strategy, theory=False)
            figures.append(_save(ax, os.path.join(out, f"f1_{learner}_{strategy}.png")))
    s = _rows(r.summary(["f1"]))
    rows = []
    for learner in r.design.learners:
        for sep in r.design.separations:
            for a in r.design.alphas:
                cell = {c["strategy"]: c for c in s if c["learner"] == learner
                        and c["separation"] == sep and c["alpha"] == a}
                w, o = cell["weight"], cell["oversample"]
                rows.append([learner, f"{sep:g}", f"{a:g}",
                             _ci(w["f1_mean"], w["f1_ci_low"], w["f1_ci_high"]),
                             _ci(o["f1_mean"], o["f1_ci_low"], o["f1_ci_high"]),
                             _f(o["f1_mean"] - w["f1_mean"])])
    metrics_table = markdown_table(["learner", "separation", "k", "F1, weight k",
                                    "F1, oversample k", "difference"], rows)
    checks = duplication_check((2, 5, 10, 50), reps=3)
    coef_table = markdown_table(
        ["k", "logistic: max coef diff", "logistic: relative", "SGD: max coef diff",
         "SGD: relative"],
        [[f"{c['k']:g}", f"{c['logistic_max_diff']:.1e}", f"{c['logistic_rel']:.1e}",
          f"{c['sgd_max_diff']:.3f}", f"{c['sgd_rel']:.1%}"] for c in checks])
    body = ["## Coefficients: weight k against k-fold duplication", "",
            "Full-batch logistic regression (L-BFGS) minimises the same objective under both, "
            "so the coefficients agree to the optimiser's tolerance. Mini-batch SGD "
            "(`SGDClassifier.partial_fit`, batches of 32, 5 epochs, same seed) sees the "
            "duplicated positives in other batches and steps: its coefficients differ by the "
            "relative amount shown (norm of the difference over the norm).", "", coef_table, "",
            "## Test F1: weight k against oversampling by k, on the same data", "",
            "Each repetition trains every strategy and k on one data set. The Rust engine "
            "oversamples by repeating each positive floor(k) times (plus once with probability "
            "k - floor(k)): for whole k that is k-fold duplication, and the logistic regression "
            "it trains is the weighted one (difference 0). The estimator engine's "
            "RandomOverSampler draws the extra positives with replacement, equal to weighting "
            "only in expectation; SGD adds the mini-batch effect.", "", metrics_table, ""]
    body += [f"![{f}]({f})" for f in figures] + [""]
    return body, figures, _text(coef_table)


#: What alpha means for each strategy of the ``strategies`` preset.
_ALPHA_MEANS = {
    "weight": "class weight",
    "oversample": "oversampling factor",
    "undersample": "1 / keep rate of negatives",
    "smote": "oversampling factor",
    "threshold": "weight the threshold equals, (1-t)/t",
}


def _mean_interval(v: np.ndarray, confidence: float = 0.95, seed: int = 0) -> tuple[float, ...]:
    """The mean of ``v`` and a percentile bootstrap interval of it (2000 resamples).

    Every resampled mean lies between the smallest and the largest value, so
    the interval stays in the metric's range (F1 never below 0), as a
    Student's t interval on a few repetitions near a bound does not.
    """
    v = np.asarray(v, dtype=np.float64)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return (math.nan, math.nan, math.nan)
    if v.size == 1:
        return (float(v[0]), math.nan, math.nan)
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, v.size, size=(2000, v.size))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - confidence) / 2, (1 + confidence) / 2])
    return (float(v.mean()), float(lo), float(hi))


def _cells(r: StudyResult, column: str) -> dict[tuple[Any, ...], np.ndarray]:
    """The values of ``column`` per (prevalence, learner, strategy, alpha)."""
    cols = r.columns
    keys = list(zip(cols["prevalence"].tolist(), [str(x) for x in cols["learner"]],
                    [str(x) for x in cols["strategy"]], cols["alpha"].tolist()))
    v = np.asarray(cols[column], dtype=np.float64)
    out: dict[tuple[Any, ...], list[float]] = {}
    for k, x in zip(keys, v):
        out.setdefault(k, []).append(float(x))
    return {k: np.array(x) for k, x in out.items()}


def _ci_text(m: float, lo: float, hi: float) -> str:
    return _f(m) if math.isnan(lo) else f"{_f(m)} [{_f(lo)}, {_f(hi)}]"


def _strategies(results: dict[str, StudyResult], out: str) -> tuple[list[str], list[str], str]:
    import matplotlib.pyplot as plt

    r, tuned = results["results"], results["tuned"]
    cols = ["f1", "f1_best", "roc_auc", "brier"]
    s, t = _rows(r.summary(cols)), _rows(tuned.summary(cols))
    f1 = _cells(r, "f1")
    f1_tuned = _cells(tuned, "f1")
    rows = []
    figures = []
    coincide: set[tuple[str, str]] = set()
    conclusion = []
    for prev in r.design.prevalences:
        fig, axes = plt.subplots(1, len(r.design.learners), figsize=(4.6 * len(r.design.learners),
                                                                      4.0), squeeze=False)
        for ax, learner in zip(axes[0], r.design.learners):
            drawn: dict[str, np.ndarray] = {}
            best_of: dict[str, tuple[float, ...]] = {}
            for k, strategy in enumerate(r.design.strategies):
                cells = sorted((c for c in s if c["prevalence"] == prev
                                and c["learner"] == learner and c["strategy"] == strategy),
                               key=lambda c: c["alpha"])
                a = [c["alpha"] for c in cells]
                iv = [_mean_interval(f1[(prev, learner, strategy, x)]) for x in a]
                m = np.array([v[0] for v in iv])
                same = [o for o, mo in drawn.items() if mo.shape == m.shape
                        and np.allclose(mo, m, rtol=0, atol=1e-12, equal_nan=True)]
                label = f"{strategy} (α = {_ALPHA_MEANS.get(strategy, 'alpha')})"
                style: dict[str, Any] = {"ls": "-", "marker": "o", "ms": 3}
                if same:  # drawn exactly under an earlier line: dash it, say so
                    coincide.add((same[0], strategy))
                    label += f", coincides with {same[0]}"
                    style = {"ls": (0, (3, 3)), "marker": "x", "ms": 6, "lw": 2.2}
                (line,) = ax.plot(a, m, label=label, zorder=3 + k, **style)
                ax.fill_between(a, [v[1] for v in iv], [v[2] for v in iv], alpha=0.15, lw=0,
                                color=line.get_color())
                drawn[strategy] = m
                best = int(np.nanargmax(m)) if np.isfinite(m).any() else 0
                c = cells[best]
                one = cells[0]
                best_of[strategy] = (c["alpha"], *iv[best])
                rows.append([f"{prev:g}", learner, strategy, _f(one["f1_mean"]),
                             f"{c['alpha']:g}", _ci_text(*iv[best]),
                             _f(c["f1_best_mean"]), _f(c["roc_auc_mean"]), _f(c["brier_mean"])])
            tc = next(c for c in t if c["prevalence"] == prev and c["learner"] == learner)
            tv = _mean_interval(f1_tuned[(prev, learner, "tuned", tc["alpha"])])
            ax.axhline(tv[0], color="k", ls="--", lw=1, label="tuned threshold (validation)")
            rows.append([f"{prev:g}", learner, "tuned", _f(tv[0]), "-", _ci_text(*tv),
                         _f(tc["f1_best_mean"]), _f(tc["roc_auc_mean"]), _f(tc["brier_mean"])])
            conclusion.append(_verdict(prev, learner, best_of, tv))
            ax.set_xscale("log")
            ax.set_title(f"{learner}, prevalence {prev:g}", fontsize=9)
            ax.set_xlabel("α: each strategy's strength (its meaning in the legend)")
            ax.set_ylabel("test F1 (mean, 95 % bootstrap CI)")
            ax.set_ylim(bottom=0)
            ax.grid(alpha=0.3)
        fig.tight_layout()
        handles, labels = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2,
                   fontsize=7, frameon=False)  # below the panels, clear of every line
        figures.append(_save(axes[0][0], os.path.join(out, f"f1_strategies_prev{prev:g}.png")))
    headers = ["prevalence", "learner", "strategy", "F1 at alpha=1", "best alpha (on test: "
               "oracle)", "F1 there (95 % CI)", "F1 at best test threshold", "ROC-AUC", "Brier"]
    table = markdown_table(headers, rows)
    same_text = ("" if not coincide else " " + " ".join(
        f"The `{b}` and `{a}` lines coincide (drawn dashed with crosses): "
        + ("weighting by k and repeating each positive k times give the same training "
           "objective, so the same model." if {a, b} == {"weight", "oversample"}
           else "the two strategies gave the same test F1 in every repetition.")
        for a, b in sorted(coincide)))
    body = ["## Every strategy", "",
            "Test F1 at the strategy's own decision, at alpha = 1 and at the alpha where its "
            "mean test F1 is highest. That alpha is chosen on the test set itself, so its F1 is "
            "an oracle (optimistic) figure; `tuned` chooses its threshold on a validation split "
            "and is not flattered this way. Also F1 at the best threshold of each test sweep (an "
            "oracle bound), ROC-AUC and the Brier score of the predicted probabilities. "
            "alpha means a different thing per strategy: "
            + "; ".join(f"`{k}`: {v}" for k, v in _ALPHA_MEANS.items()
                        if k in r.design.strategies) + "." + same_text,
            "Intervals are 95 % percentile bootstrap intervals of the mean over the "
            "repetitions (they stay within [0, 1]).", "", table, ""]
    body += [f"![{f}]({f})" for f in figures] + ["", "## Conclusion", ""] + conclusion + [""]
    return body, figures, text_table(headers, rows, left=3) + "\n\n" + "\n".join(conclusion)


def _verdict(prev: float, learner: str, best_of: dict[str, tuple[float, ...]],
             tuned: tuple[float, ...]) -> str:
    """One sentence: which strategy reached the highest test F1, and the tuned threshold."""
    ranked = sorted(best_of.items(), key=lambda kv: -np.nan_to_num(kv[1][1], nan=-1.0))
    (top, (a, m, lo, hi)), rest = ranked[0], ranked[1:]
    text = (f"- Prevalence {prev:g}, {learner}: the highest mean test F1 was {_f(m)} "
            f"[{_f(lo)}, {_f(hi)}] ({top} at alpha {a:g}, chosen on test)")
    if rest:
        name, (a2, m2, lo2, hi2) = rest[0]
        text += (f", {_f(m - m2)} above the next, {name} ({_f(m2)} [{_f(lo2)}, {_f(hi2)}] at "
                 f"alpha {a2:g})")
    overlap = not (math.isnan(tuned[1]) or math.isnan(lo)) and tuned[2] >= lo and tuned[1] <= hi
    text += (f"; the tuned threshold, chosen on validation, reached {_ci_text(*tuned)}"
             + (" (the two intervals overlap)." if overlap else " (the intervals do not "
                "overlap)."))
    return text


def _landing(results: dict[str, StudyResult], out: str) -> tuple[list[str], list[str], str]:
    from ..theory.curves import Binormal

    r = results["results"]
    beta = r.design.prevalences[0]
    figures = []
    for learner in r.design.learners:
        ax = r.plot("recall", learner=learner)
        figures.append(_save(ax, os.path.join(out, f"landing_recall_{learner}.png")))
    s = _rows(r.summary(["recall", "specificity"]))
    rows = []
    for learner in r.design.learners:
        for sep in r.design.separations:
            for c in sorted((c for c in s if c["learner"] == learner and c["separation"] == sep),
                            key=lambda c: c["alpha"]):
                curve = Binormal(sep)
                x, z = curve.landing([c["alpha"]], beta)
                el = curve.expected_metric("recall", [c["alpha"]], beta, rule="expected_loss")
                rows.append([learner, f"{sep:g}", f"{c['alpha']:.3g}",
                             _ci(c["recall_mean"], c["recall_ci_low"], c["recall_ci_high"]),
                             _f(x[0]), "-" if el is None else _f(el[0]),
                             _f(c["specificity_mean"]), _f(z[0])])
    table = markdown_table(["learner", "separation", "alpha", "recall measured (95 % CI)",
                            "recall, bayes rule", "recall, expected_loss rule",
                            "specificity measured", "specificity, bayes rule"], rows)
    body = ["## Landing points against the theory's rules", "",
            f"Binormal data (unit-variance classes, means `separation` apart; prevalence "
            f"{beta:g}); the best score's ROC is binormal with a = separation, b = 1. The "
            "bayes rule predicts the point where the likelihood ratio is (1-beta)/(alpha*beta); "
            "the expected_loss rule the point maximising alpha*beta*log(x) + (1-beta)*log(z) "
            "(shown when `imbcore.Binormal` is available).", "", table, ""]
    body += [f"![{f}]({f})" for f in figures] + [""]
    shown = [row for row in rows if row[2] in ("1", "10", "100")]  # the terminal gets a taste
    return body, figures, _text(markdown_table(
        ["learner", "separation", "alpha", "recall measured", "bayes", "expected_loss",
         "specificity", "bayes"], shown)) + "\n(every alpha in report.md)"


_SECTIONS = {"original": _original, "weighting-vs-oversampling": _weighting,
             "strategies": _strategies, "landing": _landing}
