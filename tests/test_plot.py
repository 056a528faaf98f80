"""imbcore.plot: figures rendered with Agg and checked for content.

What is drawn is compared with references independent of imbcore: the Lp
landing point and the metrics written out in NumPy from the theory's
formulas, scikit-learn's curves, and brute-force confusion counts. Labels,
titles, legends, markers and scales are checked on the Axes.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys

import numpy as np
import pytest

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg", force=True)
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PathCollection, QuadMesh  # noqa: E402
from sklearn import metrics as skm  # noqa: E402

import imbcore as ic  # noqa: E402
from imbcore import plot  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ----------------------------------------------------------------- references


def landing_ref(alpha, p, beta):
    """The landing point from the plain formula (fine away from extreme alpha/beta)."""
    alpha, p, beta = np.broadcast_arrays(np.asarray(alpha, float), np.asarray(p, float),
                                         np.asarray(beta, float))
    d = alpha * beta + 1 - beta
    return (alpha * beta / d) ** (1 / p), ((1 - beta) / d) ** (1 / p)


def metric_ref(name, alpha, p, beta):
    x, z = landing_ref(alpha, p, beta)
    tp, fn = beta * x, beta * (1 - x)
    fp, tn = (1 - beta) * (1 - z), (1 - beta) * z
    return {
        "f1": 2 * tp / (2 * tp + fp + fn),
        "precision": tp / (tp + fp),
        "recall": x,
        "balanced_accuracy": (x + z) / 2,
    }[name]


def lp_auc_ref(p):
    return math.gamma(1 + 1 / p) ** 2 / math.gamma(1 + 2 / p)


def brute_force(y, s):
    """Confusion at every distinct threshold by direct counting (O(n * m))."""
    t = np.unique(s)[::-1]
    pred = s[None, :] >= t[:, None]
    tp = (pred & (y[None, :] == 1)).sum(1).astype(float)
    fp = (pred & (y[None, :] == 0)).sum(1).astype(float)
    return t, tp, fp, y.sum() - tp, (y == 0).sum() - fp


@pytest.fixture(scope="module")
def small():
    rng = np.random.default_rng(7)
    n = 1500
    y = (rng.random(n) < 0.08).astype(int)
    s = np.round(rng.normal(size=n) + 1.3 * y, 2)  # rounded: ties
    return y, s, ic.sweep(y, s)


def markers(ax):
    """Lines drawn as markers only (the marked optima / best points)."""
    return [ln for ln in ax.get_lines() if ln.get_linestyle() == "None" and ln.get_marker()
            not in (None, "None", "")]


def curves(ax):
    return [ln for ln in ax.get_lines() if ln.get_linestyle() != "None"]


def legend_texts(ax):
    leg = ax.get_legend()
    assert leg is not None
    return [t.get_text() for t in leg.get_texts()]


def render(ax):
    ax.figure.canvas.draw()  # the whole figure renders without error


# ------------------------------------------------------------------- theory


def test_tradeoff_curves_lie_on_the_lp_family_and_name_their_auc():
    ps = [1, 2, 5]
    ax = plot.tradeoff_curves(ps)
    render(ax)
    lines = curves(ax)
    assert len(lines) == 3
    for line, p in zip(lines, ps):
        x, z = (np.asarray(v, float) for v in line.get_data())
        assert x.size > 100 and x.min() == pytest.approx(0, abs=1e-12)
        np.testing.assert_allclose(x ** p + z ** p, 1.0, rtol=1e-9)
        assert f"{lp_auc_ref(p):.3f}" in line.get_label()
    assert "recall" in ax.get_xlabel() and "specificity" in ax.get_ylabel()
    assert ax.get_title()
    assert len(legend_texts(ax)) == 3


def test_tradeoff_curves_mark_the_landing_points():
    ps, beta = [2, 4], 0.05
    ax = plot.tradeoff_curves(ps, beta=beta, rule="expected_loss")
    render(ax)
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(dots) == 2  # alpha = 1 and the natural weight
    for coll, alpha in zip(dots, [1.0, (1 - beta) / beta]):
        x, z = landing_ref(alpha, ps, beta)
        np.testing.assert_allclose(coll.get_offsets(), np.column_stack([x, z]), rtol=1e-12)
    assert "β = 0.05" in ax.get_title()
    assert any("19" in t for t in legend_texts(ax))  # (1 - 0.05) / 0.05


def test_metric_vs_alpha_f1_lines_optima_and_natural_weight():
    ps, beta = [2, 5, 10], 0.01
    ax = plot.metric_vs_alpha("f1", p=ps, beta=beta, rule="expected_loss")
    render(ax)
    assert ax.get_xscale() == "log"
    assert "α" in ax.get_xlabel() and "F1" in ax.get_ylabel() and "F1" in ax.get_title()
    lines = [ln for ln in curves(ax) if len(ln.get_xdata()) > 2]
    assert len(lines) == 3
    for line, p in zip(lines, ps):
        a, v = (np.asarray(u, float) for u in line.get_data())
        np.testing.assert_allclose(v, metric_ref("f1", a, p, beta), rtol=1e-8)
    opt = markers(ax)
    assert len(opt) == 3
    for m, p in zip(opt, ps):
        (a_star,), (v_star,) = m.get_data()
        dense = np.geomspace(0.01, 100, 200_001)
        ref = metric_ref("f1", dense, p, beta)
        k = np.argmax(ref)
        assert v_star == pytest.approx(ref[k], rel=1e-9)  # the optimum is the maximum
        assert a_star == pytest.approx(dense[k], rel=1e-3)
        assert v_star >= np.max(metric_ref("f1", lines[0].get_xdata(), p, beta)) - 1e-12
        assert m.get_color() == lines[ps.index(p)].get_color()
    vline = [ln for ln in curves(ax) if len(ln.get_xdata()) == 2]
    assert len(vline) == 1 and vline[0].get_xdata()[0] == pytest.approx(99.0)
    texts = legend_texts(ax)
    assert len(texts) == 4 and any("natural weight" in t for t in texts)


def test_metric_vs_alpha_balanced_accuracy_optimum_is_the_natural_weight_and_p1_is_flat():
    ps, beta = [1, 2, 3], 0.02
    ax = plot.metric_vs_alpha("balanced_accuracy", p=ps, beta=beta)
    render(ax)
    opt = markers(ax)
    assert len(opt) == 2  # p = 1 is flat: nothing to mark
    for m in opt:
        assert m.get_xdata()[0] == pytest.approx((1 - beta) / beta, rel=1e-8)
    texts = legend_texts(ax)
    assert "flat" in texts[0]
    flat_line = curves(ax)[0]
    np.testing.assert_allclose(flat_line.get_ydata(), 0.5, atol=1e-12)


def test_metric_vs_alpha_reports_a_bound_instead_of_a_marker():
    ax = plot.metric_vs_alpha("recall", p=[2], beta=0.1)
    assert markers(ax) == []
    assert "∞" in legend_texts(ax)[0]


def test_precision_recall_vs_alpha_marks_natural_weight_and_crossing():
    p, beta = 3.0, 0.01
    ax = plot.precision_recall_vs_alpha(p, beta, rule="expected_loss")
    render(ax)
    long = [ln for ln in curves(ax) if len(ln.get_xdata()) > 2]
    # the table's labels, as in every other figure (issue 8)
    assert [ln.get_label() for ln in long] == ["Precision", "Recall"]
    for line in long:
        a, v = (np.asarray(u, float) for u in line.get_data())
        np.testing.assert_allclose(v, metric_ref(line.get_label().lower(), a, p, beta),
                                   rtol=1e-8)
    pts = markers(ax)
    squares = [m for m in pts if m.get_marker() == "s"]
    cross = [m for m in pts if m.get_marker() == "X"]
    assert len(squares) == 2 and len(cross) == 1
    nw = (1 - beta) / beta
    got = sorted(m.get_ydata()[0] for m in squares)
    want = sorted([metric_ref("precision", nw, p, beta), metric_ref("recall", nw, p, beta)])
    np.testing.assert_allclose(got, want, rtol=1e-9)
    (ac,), (vc,) = cross[0].get_data()
    assert metric_ref("precision", ac, p, beta) == pytest.approx(
        metric_ref("recall", ac, p, beta), rel=1e-9)
    assert vc == pytest.approx(metric_ref("recall", ac, p, beta), rel=1e-9)
    assert ax.get_xscale() == "log"
    assert any("natural weight" in t for t in legend_texts(ax))
    assert any("crossing" in t for t in legend_texts(ax))


def test_optimal_alpha_map_cells_match_a_dense_scan():
    ps = np.array([1.5, 2.0, 4.0, 8.0])
    betas = np.array([0.001, 0.01, 0.1])
    ax = plot.optimal_alpha_map("f1", p=ps, beta=betas, rule="expected_loss")
    render(ax)
    mesh = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert len(mesh) == 1
    values = np.ma.getdata(mesh[0].get_array()).reshape(len(ps), len(betas))
    dense = np.geomspace(0.1, 1000, 100_001)
    for i, p in enumerate(ps):
        for j, b in enumerate(betas):
            ref = dense[np.argmax(metric_ref("f1", dense, p, b))]
            assert values[i, j] == pytest.approx(ref, rel=2e-4)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "prevalence" in ax.get_xlabel() and "p" in ax.get_ylabel()
    assert "F1" in ax.get_title()
    assert len(ax.figure.axes) >= 2  # the colour bar


def test_optimal_alpha_map_greys_out_cells_without_an_optimum():
    ax = plot.optimal_alpha_map("precision", p=[2, 3], beta=[0.01, 0.1])
    render(ax)
    assert not [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert any("no interior optimum" in t.get_text() for t in ax.texts)


# --------------------------------------------------------------------- data


def test_pr_curve_draws_sklearns_curve_and_marks_the_best_f1(small):
    y, s, sw = small
    ax = plot.pr_curve(sw, metrics=["f1"])
    render(ax)
    line = curves(ax)[0]
    recall, precision = (np.asarray(u, float) for u in line.get_data())
    p_ref, r_ref, _ = skm.precision_recall_curve(y, s)
    # scikit-learn ends at the artificial point (recall 0, precision 1); the rest is ours
    np.testing.assert_allclose(recall, r_ref[:-1][::-1], atol=1e-12)
    np.testing.assert_allclose(precision, p_ref[:-1][::-1], atol=1e-12)
    t, tp, fp, fn, tn = brute_force(y, s)
    f1 = 2 * tp / (2 * tp + fp + fn)
    k = np.flatnonzero(f1 == f1.max())[0]  # highest threshold among ties
    (m,) = markers(ax)
    assert m.get_xdata()[0] == pytest.approx(tp[k] / y.sum())
    assert m.get_ydata()[0] == pytest.approx(tp[k] / (tp[k] + fp[k]))
    # in the model's legend entry now, not the title (issue 8)
    assert f"AP = {skm.average_precision_score(y, s):.3f}" in legend_texts(ax)[0]
    assert "recall" in ax.get_xlabel() and "precision" in ax.get_ylabel()
    chance = [ln for ln in curves(ax) if ln.get_linestyle() == "--"]
    assert chance and chance[0].get_ydata()[0] == pytest.approx(y.mean())
    texts = legend_texts(ax)
    assert any(f"{f1.max():.3f}" in tx and "F1" in tx for tx in texts)


def test_roc_curve_draws_sklearns_curve_and_marks_best_points(small):
    y, s, sw = small
    ax = plot.roc_curve(sw)
    render(ax)
    line = curves(ax)[0]
    fpr, tpr = (np.asarray(u, float) for u in line.get_data())
    f_ref, t_ref, _ = skm.roc_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(fpr, f_ref, atol=1e-12)
    np.testing.assert_allclose(tpr, t_ref, atol=1e-12)
    assert len(markers(ax)) == 3  # f1, mcc, balanced accuracy
    t, tp, fp, fn, tn = brute_force(y, s)
    ba = (tp / (tp + fn) + tn / (tn + fp)) / 2
    k = np.flatnonzero(ba == ba.max())[0]
    ba_mark = [m for m in markers(ax) if "Balanced accuracy" in m.get_label()][0]
    assert ba_mark.get_xdata()[0] == pytest.approx(fp[k] / (fp[k] + tn[k]))
    assert ba_mark.get_ydata()[0] == pytest.approx(tp[k] / (tp[k] + fn[k]))
    assert f"AUC = {skm.roc_auc_score(y, s):.3f}" in legend_texts(ax)[0]
    assert "false positive" in ax.get_xlabel() and "true positive" in ax.get_ylabel()


def test_roc_curve_log_fpr(small):
    ax = plot.roc_curve(small[2], log_fpr=True)
    render(ax)
    assert ax.get_xscale() == "log"
    assert np.all(np.asarray(curves(ax)[0].get_xdata()) > 0)


def test_metric_vs_threshold_curves_best_points_and_cost_axis(small):
    y, s, sw = small
    ax = plot.metric_vs_threshold(sw, metrics=["f1", "recall", "cost(c_fn=10)"])
    render(ax)
    t, tp, fp, fn, tn = brute_force(y, s)
    f1_line = [ln for ln in curves(ax) if ln.get_label() == "F1"][0]
    np.testing.assert_allclose(f1_line.get_xdata(), t)
    np.testing.assert_allclose(f1_line.get_ydata(), 2 * tp / (2 * tp + fp + fn), rtol=1e-12)
    assert [m.get_label().split(" =")[0] for m in markers(ax)] == ["best F1"]
    twin = [a for a in ax.figure.axes if a is not ax and a.get_lines()]
    assert len(twin) == 1
    cost = twin[0].get_lines()
    assert cost[0].get_label().startswith("Cost")
    np.testing.assert_allclose(cost[0].get_ydata(), fp + 10 * fn)
    best_cost = [m for m in cost if m.get_linestyle() == "None"][0]
    assert best_cost.get_ydata()[0] == pytest.approx((fp + 10 * fn).min())
    assert "threshold" in ax.get_xlabel() and ax.get_title()
    assert len(legend_texts(ax)) == 5  # 3 lines + 2 best points


def test_long_sweeps_are_thinned_but_keep_the_exact_best_points():
    rng = np.random.default_rng(3)
    n = 1_000_000
    y = rng.random(n) < 0.02
    s = rng.normal(size=n) + 1.5 * y
    sw = ic.sweep(y, s)
    ax = plot.pr_curve(sw, metrics=["f1"])
    recall, precision = (np.asarray(u) for u in curves(ax)[0].get_data())
    assert len(recall) <= 8500
    p_ref, r_ref, _ = skm.precision_recall_curve(y, s)
    p_ref, r_ref = p_ref[:-1], r_ref[:-1]
    f1 = np.where(p_ref + r_ref > 0, 2 * p_ref * r_ref / np.maximum(p_ref + r_ref, 1e-300), 0)
    k = len(f1) - 1 - np.argmax(f1[::-1])  # sklearn's thresholds rise: ties -> highest
    (m,) = markers(ax)
    assert (m.get_xdata()[0], m.get_ydata()[0]) == (pytest.approx(r_ref[k], abs=1e-15),
                                                    pytest.approx(p_ref[k], abs=1e-15))
    # the drawn points are points of the true curve, with its extremes
    pairs = set(zip(r_ref.tolist(), p_ref.tolist()))
    assert all((a, b) in pairs for a, b in zip(recall.tolist(), precision.tolist()))
    assert precision.max() == p_ref.max() and precision.min() == p_ref.min()
    assert recall[0] == r_ref[-1] and recall[-1] == r_ref[0]
    ax2 = plot.metric_vs_threshold(sw, metrics=["f1"])
    assert len(curves(ax2)[0].get_xdata()) <= 8500


def test_thin_keeps_ends_extremes_and_requested_points():
    x = np.linspace(0, 1, 200_000)
    y = np.sin(50 * x)
    y[777], y[150_000] = 9.0, -9.0
    y[1234] = np.nan
    i = plot.thin(x, y, keep=[5, 199_998], max_points=2000)
    assert len(i) <= 2000 and np.all(np.diff(i) > 0)
    assert {0, 5, 777, 150_000, 199_998, 199_999} <= set(i.tolist())
    assert np.array_equal(plot.thin(x[:100], y[:100]), np.arange(100))
    j = plot.thin(x[::-1].copy(), y, max_points=2000)  # descending x (thresholds)
    assert 777 in j and 150_000 in j
    # log_x: slices even on a log scale, so the decades near 0 keep their detail
    xl = x  # evenly spaced, drawn on a log axis
    lin = plot.thin(xl, y, max_points=2000)
    log = plot.thin(xl, y, max_points=2000, log_x=True)
    assert np.sum(xl[log] < 1e-2) > 3 * np.sum(xl[lin] < 1e-2)
    assert len(log) <= 2000 and {777, 150_000} <= set(log.tolist())
    desc = plot.thin(xl[::-1].copy(), y[::-1].copy(), max_points=2000, log_x=True)
    np.testing.assert_array_equal(np.sort(200_000 - 1 - desc), log)


# ------------------------------------------------------------- conventions


def test_every_figure_draws_on_a_given_axes():
    fig, axes = plt.subplots(2, 4)
    sw = ic.sweep([0, 1, 0, 1, 1, 0], [0.1, 0.9, 0.3, 0.6, 0.4, 0.2])
    calls = [
        lambda ax: plot.tradeoff_curves([2], ax=ax),
        lambda ax: plot.metric_vs_alpha("mcc", [2, 3], 0.1, ax=ax),
        lambda ax: plot.precision_recall_vs_alpha(2, 0.1, ax=ax),
        lambda ax: plot.optimal_alpha_map("f1", [2, 3], [0.01, 0.1], ax=ax),
        lambda ax: plot.pr_curve(sw, ax=ax),
        lambda ax: plot.roc_curve(sw, ax=ax),
        lambda ax: plot.metric_vs_threshold(sw, ax=ax),
    ]
    for call, ax in zip(calls, axes.flat):
        assert call(ax) is ax
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert plt.get_fignums() == [fig.number]
    fig.canvas.draw()


@pytest.mark.parametrize("call, what", [
    (lambda: plot.metric_vs_alpha("f7x", [2], 0.01), "metric"),
    (lambda: plot.metric_vs_alpha("f1", [2], 1.5), "beta"),
    (lambda: plot.metric_vs_alpha("f1", [0.5], 0.1), "p"),
    (lambda: plot.precision_recall_vs_alpha([2, 3], 0.1), "p"),
    (lambda: plot.tradeoff_curves([0.5]), "p"),
    (lambda: plot.pr_curve([0, 1]), "sweep"),
    (lambda: plot.roc_curve(ic.sweep([1, 1], [0.2, 0.4])), "sweep"),
])
def test_bad_arguments_raise_imbcore_error(call, what):
    with pytest.raises(ic.ImbcoreError, match=f"(invalid|unknown) {what}"):
        call()


def test_metric_label():
    assert plot.metric_label("F2") == "F2"
    assert plot.metric_label("youden_j") == "Youden's J"
    assert plot.metric_label("cost(c_fp=2)").startswith("Cost (c_fp=2")


def test_metric_labels_come_from_the_metric_table():
    """The labels are the table's (imbcore.metric_info), and the ones figures always had."""
    had = {
        "accuracy": "Accuracy", "precision": "Precision", "recall": "Recall",
        "specificity": "Specificity", "npv": "NPV", "fpr": "FPR", "fnr": "FNR",
        "balanced_accuracy": "Balanced accuracy", "gmean": "G-mean", "mcc": "MCC",
        "youden_j": "Youden's J", "jaccard": "Jaccard index", "cohen_kappa": "Cohen's kappa",
        "markedness": "Markedness", "f1": "F1", "f2": "F2", "f0.5": "F0.5", "F3": "F3",
        "cost": "Cost", "cost(c_fn=10)": "Cost (c_fp=1, c_fn=10)",
    }
    for m in [*ic.metric_names(), *had]:
        assert plot.metric_label(m) == ic.metric_info(m).label
        if m in had:
            assert plot.metric_label(m) == had[m], m
    assert not hasattr(plot, "_NAMES")


def test_one_sided_metrics_are_not_marked_by_default(small):
    _, _, sw = small
    ax = plot.metric_vs_threshold(sw, metrics=[m for m in ic.metric_names()
                                               if ic.metric_info(m).row != "cost"])
    marked = {m.get_label().split(" =")[0][len("best "):] for m in markers(ax)}
    one_sided = {ic.metric_info(m).label for m in ic.metric_names() if ic.metric_info(m).one_sided}
    assert one_sided == {"Precision", "Recall", "Specificity", "NPV", "FPR", "FNR"}
    assert marked and not marked & one_sided
    assert {"F1", "MCC", "Balanced accuracy"} <= marked


def test_matplotlib_is_imported_only_with_imbcore_plot():
    code = ("import sys, imbcore; assert 'matplotlib' not in sys.modules; "
            "imbcore.plot.tradeoff_curves; assert 'matplotlib' in sys.modules")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd="/", timeout=120)
    assert r.returncode == 0, r.stderr


# ------------------------------------------- figures say what they mean (issue 8)


def best_marks(ax):
    """The best-point markers, by the metric label after 'best '."""
    return {m.get_label().split(" =")[0][len("best "):]: m for m in markers(ax)
            if m.get_label().startswith("best ")}


@pytest.mark.parametrize("draw", ["pr", "roc", "threshold"])
def test_constrained_figures_mark_the_constrained_best(small, draw):
    y, s, sw = small
    bound = {"precision": 0.5}
    want = sw.best("recall", subject_to=bound)
    free = sw.best("recall")
    assert want.index != free.index  # the constraint matters on this data
    t, tp, fp, fn, tn = brute_force(y, s)
    ok = tp / np.maximum(tp + fp, 1) >= 0.5
    k = np.flatnonzero(ok & (tp == tp[ok].max()))[0]  # highest recall with precision >= 0.5
    assert want.threshold == t[k]
    if draw == "pr":
        ax = plot.pr_curve(sw, metrics=["recall"], subject_to=bound)
        xy = (tp[k] / y.sum(), tp[k] / (tp[k] + fp[k]))
    elif draw == "roc":
        ax = plot.roc_curve(sw, metrics=["recall"], subject_to=bound)
        xy = (fp[k] / (fp[k] + tn[k]), tp[k] / y.sum())
    else:
        ax = plot.metric_vs_threshold(sw, metrics=["recall", "precision"], subject_to=bound)
        xy = (t[k], tp[k] / y.sum())
    render(ax)
    mark = best_marks(ax)["Recall"]
    assert (mark.get_xdata()[0], mark.get_ydata()[0]) == (pytest.approx(xy[0]),
                                                          pytest.approx(xy[1]))
    assert f"{want.value:.3f}" in mark.get_label()
    assert f"{free.value:.3f}" not in mark.get_label()
    assert "Precision ≥ 0.5" in ax.get_title() + " ".join(legend_texts(ax))


def test_infeasible_constraints_raise_as_best_does(small):
    with pytest.raises(ic.ImbcoreError, match="no threshold satisfies"):
        plot.pr_curve(small[2], subject_to={"precision": 1.5})


@pytest.mark.parametrize("call", [
    lambda sw: plot.pr_curve(sw, metrics=["f1", "f7x"]),
    lambda sw: plot.roc_curve(sw, metrics=["nope"]),
    lambda sw: plot.metric_vs_threshold(sw, metrics=["f1"], mark=["nope"]),
    lambda sw: plot.metric_vs_threshold(sw, metrics=["nope"]),
    lambda sw: plot.pr_curve(sw, subject_to={"nope": 0.5}),
])
def test_unknown_metric_names_raise(small, call):
    with pytest.raises(ic.ImbcoreError, match="(invalid|unknown) (metric|subject_to)"):
        call(small[2])


def two_models():
    rng = np.random.default_rng(5)
    n = 4000
    y = (rng.random(n) < 0.1).astype(int)
    good = rng.normal(size=n) + 2.0 * y
    weak = rng.normal(size=n) + 0.7 * y
    return y, good, weak


@pytest.mark.parametrize("kind", ["pr", "roc"])
def test_two_models_on_one_axes(kind):
    y, good, weak = two_models()
    draw = plot.pr_curve if kind == "pr" else plot.roc_curve
    score = skm.average_precision_score if kind == "pr" else skm.roc_auc_score
    what = "AP" if kind == "pr" else "AUC"
    ax = draw(ic.sweep(y, good), name="boosted trees", metrics=["f1"])
    assert draw(ic.sweep(y, weak), name="logistic", metrics=["f1"], ax=ax) is ax
    render(ax)
    texts = legend_texts(ax)
    for name, s in (("boosted trees", good), ("logistic", weak)):
        entry = [tx for tx in texts if tx.startswith(name)]
        assert len(entry) == 1, texts
        assert f"{what} = {score(y, s):.3f}" in entry[0]
    assert f"{score(y, good):.3f}" not in ax.get_title()
    assert f"{score(y, weak):.3f}" not in ax.get_title()
    chance = [ln for ln in curves(ax) if ln.get_linestyle() == "--"]
    assert len(chance) == 1  # once per axes
    assert sum("hance" in tx for tx in texts) == 1
    lines = [ln for ln in curves(ax) if ln.get_label().startswith(("boosted", "logistic"))]
    assert len(lines) == 2 and lines[0].get_color() != lines[1].get_color()
    assert len(texts) == len(set(texts))


def test_chance_level_can_be_left_out_and_styled(small):
    ax = plot.pr_curve(small[2], plot_chance_level=False)
    assert not [ln for ln in curves(ax) if ln.get_linestyle() == "--"]
    ax = plot.roc_curve(small[2], chance_level_kw={"color": "red", "ls": ":"})
    chance = [ln for ln in curves(ax) if "hance" in ln.get_label()]
    assert len(chance) == 1 and chance[0].get_color() == "red"


def test_from_predictions_is_the_sweep_of_the_predictions(small):
    y, s, sw = small
    labels = np.where(y == 1, "fraud", "ok")
    a = plot.pr_curve_from_predictions(labels, s, pos_label="fraud", name="m")
    b = plot.pr_curve(sw, name="m")
    for la, lb in zip(curves(a), curves(b)):
        np.testing.assert_array_equal(la.get_xydata(), lb.get_xydata())
    assert legend_texts(a) == legend_texts(b)
    w = np.linspace(0.5, 2, len(y))
    r = plot.roc_curve_from_predictions(y, s, sample_weight=w, name="w")
    want = f"AUC = {skm.roc_auc_score(y, s, sample_weight=w):.3f}"
    assert any(want in tx for tx in legend_texts(r))


def test_one_colour_and_marker_per_metric_across_figures(small):
    sw = small[2]
    names = ["f1", "mcc", "balanced_accuracy"]
    seen = {}
    for draw in (lambda: plot.pr_curve(sw, metrics=names),
                 lambda: plot.roc_curve(sw, metrics=names[::-1]),
                 lambda: plot.metric_vs_threshold(sw, metrics=["recall", *names])):
        ax = draw()
        for label, m in best_marks(ax).items():  # the shape is the metric's everywhere
            assert seen.setdefault(label, m.get_marker()) == m.get_marker(), label
    lines = {ln.get_label(): mpl.colors.to_hex(ln.get_color())
             for ln in curves(plot.metric_vs_threshold(sw, metrics=["precision", "f1"]))}
    pr = plot.precision_recall_vs_alpha(2, 0.05)
    lines2 = {ln.get_label(): mpl.colors.to_hex(ln.get_color()) for ln in curves(pr)}
    assert lines["F1"] == plot.metric_color("f1")
    assert lines["Precision"] == lines2["Precision"] == plot.metric_color("precision")
    assert len({plot.metric_color(m) for m in ic.metric_names()}) == len(ic.metric_names())
    assert plot.metric_color("F1") == plot.metric_color("f1")


def test_metric_names_are_written_alike_in_every_figure(small):
    """A metric is named by its table label ('Balanced accuracy', 'Precision') in titles and
    legends, never lower-cased in one figure and capitalised mid-phrase in another (it
    starts its phrase, follows 'best', or is listed with another); axis labels are
    lower-case descriptions. The per-p legend does not repeat the metric's name."""
    texts = []
    for ax in (plot.metric_vs_alpha("balanced_accuracy", [2, 3], 0.05),
               plot.precision_recall_vs_alpha(2, 0.05),
               plot.optimal_alpha_map("balanced_accuracy", [2, 3], [0.01, 0.1]),
               plot.metric_vs_threshold(small[2], metrics=["balanced_accuracy", "precision"]),
               plot.pr_curve(small[2], metrics=["balanced_accuracy"])):
        texts += [ax.get_title(), *(legend_texts(ax) if ax.get_legend() else [])]
    for text in texts:
        assert not re.search(r"balanced accuracy|\b(precision|recall)\b", text), text
        assert not re.search(r"\b(?!best\b|and\b)[a-z]+ (Balanced accuracy|Precision|Recall)",
                             text), text
    assert any("Balanced accuracy" in tx for tx in texts)
    legend = legend_texts(plot.metric_vs_alpha("balanced_accuracy", [1.5, 2, 3, 5, 10], 0.01))
    assert not any("Balanced accuracy" in tx for tx in legend)  # the title says it, once
    assert len(legend) == len(set(legend))


def test_optimal_alpha_map_colour_bar_clears_the_auc_axis_on_given_axes():
    for fig, ax in (plt.subplots(figsize=(6, 4)),
                    (lambda f: (f, f.subplots(1, 2)[0]))(plt.figure(figsize=(11, 4)))):
        plot.optimal_alpha_map("f1", np.geomspace(1.2, 20, 12), np.geomspace(1e-3, 0.3, 12),
                               ax=ax)
        fig.canvas.draw()
        r = fig.canvas.get_renderer()
        (auc,) = ax.child_axes
        cbar = [a for a in fig.axes if a is not ax and a.get_label() == "<colorbar>"]
        assert len(cbar) == 1
        a, c = auc.get_tightbbox(r), cbar[0].get_tightbbox(r)
        assert a.x1 <= c.x0, (a, c)  # the ROC-AUC labels end before the colour bar starts


def test_tradeoff_curves_mark_the_bayes_landing_points_by_default():
    # The Bayes point of x^p + z^p = 1 in plain closed form (moderate values,
    # where it is accurate): r = (alpha*beta/(1-beta))^(1/(p-1)),
    # z = (1 + r^p)^(-1/p), x = r*z.
    ps, beta = np.array([2.0, 4.0]), 0.05
    ax = plot.tradeoff_curves(ps, beta=beta)
    render(ax)
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    for coll, alpha in zip(dots, [1.0, (1 - beta) / beta]):
        r = (alpha * beta / (1 - beta)) ** (1 / (ps - 1))
        z = (1 + r ** ps) ** (-1 / ps)
        np.testing.assert_allclose(coll.get_offsets(), np.column_stack([r * z, z]), rtol=1e-12)


# --------------------------------- several models, bands, threshold axis (issue 21)


@pytest.mark.parametrize("kind", ["pr", "roc"])
def test_colour_is_the_model_and_marker_shape_the_metric(kind):
    y, good, weak = two_models()
    draw = plot.pr_curve if kind == "pr" else plot.roc_curve
    ax = draw(ic.sweep(y, good), name="gbm", metrics=["f1", "mcc"])
    draw(ic.sweep(y, weak), name="lr", metrics=["f1", "mcc"], ax=ax)
    render(ax)
    line = {ln.get_label().split(" (")[0]: mpl.colors.to_hex(ln.get_color())
            for ln in curves(ax) if ln.get_label().startswith(("gbm", "lr"))}
    assert line["gbm"] != line["lr"]
    marks = [m for m in markers(ax) if m.get_label().startswith("best ")]
    assert len(marks) == 4
    shapes = {}
    for m in marks:
        model = m.get_label().rsplit("(", 1)[1].rstrip(")")
        metric = m.get_label().split(" =")[0][len("best "):]
        assert mpl.colors.to_hex(m.get_color()) == line[model], m.get_label()
        shapes.setdefault(metric, set()).add(m.get_marker())
    assert all(len(v) == 1 for v in shapes.values()) and shapes["F1"] != shapes["MCC"]
    title = ax.get_legend().get_title().get_text()
    assert "colour" in title and "model" in title and "marker" in title and "metric" in title


def _band_oracle(y, s, t, n_resamples, seed_state, ci, metric):
    """Per replicate, scikit-learn's metric (NaN where undefined) of the samples as the
    replicate counts them; then the percentiles of the replicates where it is defined."""
    from imbcore.bootstrap import _replicate_counts, _seed

    seed = _seed(seed_state)
    score = {"precision": skm.precision_score, "f1": skm.f1_score,
             "recall": skm.recall_score}[metric]
    vals = np.full((n_resamples, t.size), np.nan)
    for r in range(n_resamples):
        c = _replicate_counts(y.astype(np.uint8), r, seed=seed).astype(float)
        for k, th in enumerate(t):
            vals[r, k] = score(y, s >= th, sample_weight=c, zero_division=np.nan)
    keep = (~np.isnan(vals)).sum(0) >= max(2, math.ceil(0.5 * n_resamples))
    out = np.full((2, t.size), np.nan)
    out[:, keep] = np.nanquantile(vals[:, keep], [(1 - ci) / 2, (1 + ci) / 2], axis=0)
    return out


def test_bands_leave_out_replicates_where_the_metric_is_undefined():
    from imbcore.bootstrap import metric_bands

    rng = np.random.default_rng(2)
    n = 600
    y = (rng.random(n) < 0.15).astype(int)
    s = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 1.5 * y - 1.5))), 3)
    t = np.unique(np.concatenate([np.quantile(s, np.linspace(0, 1, 25)),
                                  np.sort(s[y == 1])[-4:], [s.max() + 0.01]]))
    b = metric_bands(ic.Samples(y, s), ["precision", "f1", "recall"], t, ci=0.9,
                     n_resamples=60, random_state=4)
    for m in ("precision", "f1", "recall"):
        want = _band_oracle(y, s, t, 60, 4, 0.9, m)
        np.testing.assert_array_equal(np.isnan(b[m]), np.isnan(want), err_msg=m)
        np.testing.assert_allclose(b[m], want, rtol=1e-12, atol=1e-12, err_msg=m)
    # near the top, precision is undefined in many replicates: no wedge down to 0
    top = np.isnan(b["precision"][0])
    assert top[-1] and not top[0]
    assert np.nanmin(b["precision"][0][t > np.quantile(s, 0.9)]) > 0.2


def test_band_figure_draws_the_bands_and_nothing_where_too_few_remain():
    from imbcore.bootstrap import metric_bands
    from imbcore.plot.curves import _band_points

    rng = np.random.default_rng(3)
    n = 20_000
    y = rng.random(n) < 0.05
    s = 1 / (1 + np.exp(-(rng.normal(size=n) + 2 * y - 3)))
    sw = ic.sweep(y, s)
    ax = plot.metric_vs_threshold(sw, ["f1", "precision", "npv"],
                                  subject_to={"precision": 0.5}, ci=0.95, n_resamples=50)
    render(ax)
    x = np.asarray(sw.thresholds)
    t = x[_band_points(x, ax.get_xscale() == "log")]
    for m in ("precision", "npv"):
        band = [c for c in ax.collections if c.get_gid() == f"ci-{m}"]
        assert len(band) == 1
        verts = np.concatenate([p.vertices for p in band[0].get_paths()])
        if m == "precision":
            high = verts[:, 0] >= np.quantile(s[y], 0.5)  # precision well above prevalence
            assert high.any() and verts[high, 1].min() > 0.2  # no wedge down to 0 at the top
        # drawn exactly where the bands are defined: the same bands, the same thresholds
        lo, hi = metric_bands(ic.Samples(y, s), [m], t, ci=0.95, n_resamples=50,
                              random_state=0)[m]
        drawn = np.isfinite(lo)
        assert set(np.round(verts[:, 0], 12)) <= set(np.round(t[drawn], 12))
        assert set(np.round(verts[:, 1], 12)) <= set(np.round(np.r_[lo[drawn], hi[drawn]], 12))
        if m == "npv":  # at the lowest threshold nothing is predicted negative: no band
            assert not drawn[-1] and verts[:, 0].min() > x[-1]
    assert "undefined" in plot.metric_vs_threshold.__doc__


def test_threshold_axis_is_linear_for_probabilities_and_can_be_chosen():
    rng = np.random.default_rng(4)
    n = 20_000
    y = rng.random(n) < 0.03
    z = rng.normal(size=n) + 2.5 * y - 4
    proba = ic.sweep(y, 1 / (1 + np.exp(-z)))  # in [0, 1], tiny for most negatives
    assert plot.metric_vs_threshold(proba, ["f1"]).get_xscale() == "linear"
    decades = ic.sweep(y, np.exp(2.5 * z))  # positive scores spanning decades
    assert plot.metric_vs_threshold(decades, ["f1"]).get_xscale() == "log"
    assert plot.metric_vs_threshold(decades, ["f1"], xscale="linear").get_xscale() == "linear"
    assert plot.metric_vs_threshold(proba, ["f1"], xscale="log").get_xscale() == "log"
    raw = ic.sweep(y, z)  # margins, negative and positive
    assert plot.metric_vs_threshold(raw, ["f1"]).get_xscale() == "linear"


def test_optimal_alpha_map_contour_labels_lie_inside_the_axes():
    ax = plot.optimal_alpha_map("f1")
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_window_extent()
    labels = [t for t in ax.texts if t.get_text().startswith("α*=")]
    assert labels
    for t in labels:
        e = t.get_window_extent()
        assert box.x0 <= e.x0 and e.x1 <= box.x1 and box.y0 <= e.y0 and e.y1 <= box.y1, (
            t.get_text(), e, box)
