"""The ``imbcore`` command: results, files, errors, progress, and the demo end to end.

The command runs in a subprocess (``python -m imbcore.cli``, ``python -m
imbcore`` and the console script) on small CSV files, for the theory, for each
kind of mistake and for the demo; the other formats (Parquet, .npy, .npz) and
the wide matrix of mistakes run in-process through ``main()``, the same code
without the cost of starting Python each time. Results are compared with
scikit-learn, brute-force counting and the theory's formulas written out
independently (math.gamma for the AUC of the Lp curve). Reading files on their
own (compression, standard input, delimiters) is tested in ``test_io.py``.
"""

from __future__ import annotations

import ast
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest
from sklearn import metrics as skm

import imbcore as ic
from imbcore import cli
from imbcore.cli.progress import Progress
from imbcore.cli.sweep import DECISION_FIGURES, SWEEP_FIGURES

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def run(*args, cwd=None, timeout=300):
    """``python -m imbcore.cli ARGS``; returns (exit code, stdout, stderr)."""
    r = subprocess.run([sys.executable, "-m", "imbcore.cli", *map(str, args)],
                       capture_output=True, text=True, cwd=cwd or "/", timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def in_process(capsys, *args):
    rc = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_one_line_error(rc, err, *needles):
    assert rc == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert "error" in lines[0]
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


# ----------------------------------------------------------------------- data


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(11)
    n = 2000
    y = (rng.random(n) < 0.06).astype(np.int64)
    s = np.round(rng.normal(size=n) + 1.4 * y, 3)  # three decimals: ties, exact in CSV
    w = rng.integers(1, 4, n).astype(float)
    return y, s, w


def oracle_best(y, s, metric, w=None):
    """Best threshold by brute force over every distinct score (ties -> highest threshold)."""
    w = np.ones_like(s) if w is None else w
    t = np.unique(s)[::-1]
    pred = s[None, :] >= t[:, None]
    tp = (pred * (w * (y == 1))[None, :]).sum(1)
    fp = (pred * (w * (y == 0))[None, :]).sum(1)
    fn, tn = (w * (y == 1)).sum() - tp, (w * (y == 0)).sum() - fp
    with np.errstate(invalid="ignore", divide="ignore"):
        v = {
            "f1": 2 * tp / (2 * tp + fp + fn),
            "balanced_accuracy": (tp / (tp + fn) + tn / (tn + fp)) / 2,
            "accuracy": (tp + tn) / (tp + fp + fn + tn),
            "mcc": (tp * tn - fp * fn) / np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)),
        }[metric]
    v = np.nan_to_num(v, nan=0.0)
    k = np.flatnonzero(v == v.max())[0]
    return float(t[k]), float(v[k])


@pytest.fixture(scope="module")
def files(tmp_path_factory, data):
    y, s, w = data
    d = tmp_path_factory.mktemp("data")
    csv = d / "val.csv"
    with open(csv, "w") as f:
        f.write("id,score,label,weight\n")
        f.writelines(f"{i},{s[i]:.3f},{y[i]},{w[i]:g}\n" for i in range(len(y)))
    pq.write_table(pa.table({"p_hat": s, "truth": np.where(y == 1, "fraud", "ok"),
                             "w": w}), d / "val.parquet")
    np.save(d / "val.npy", np.column_stack([y, s]).astype(np.float64))
    rec = np.zeros(len(y), dtype=[("label", "i1"), ("score", "f8")])
    rec["label"], rec["score"] = y, s
    np.save(d / "rec.npy", rec)
    np.savez(d / "val.npz", y_true=y.astype(bool), y_score=s.astype(np.float32))
    return d


# ----------------------------------------------------------------------- sweep


def test_sweep_csv_json_matches_sklearn_and_brute_force(files, data):
    y, s, w = data
    rc, out, err = run("sweep", files / "val.csv", "--json", "--metrics",
                       "f1,balanced_accuracy,mcc,accuracy")
    assert rc == 0, err
    r = json.loads(out)
    assert r["n_samples"] == len(y) and r["n_pos"] == int(y.sum())
    assert r["n_thresholds"] == len(np.unique(s))
    assert r["roc_auc"] == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)
    assert r["average_precision"] == pytest.approx(skm.average_precision_score(y, s), abs=1e-12)
    assert r["columns"] == {"score": "score", "label": "label"}
    for m in ("f1", "balanced_accuracy", "mcc", "accuracy"):
        t, v = oracle_best(y, s, m)
        assert r["best"][m]["threshold"] == t
        assert r["best"][m]["value"] == pytest.approx(v, rel=1e-12)
    b = r["best"]["f1"]
    assert b["tp"] + b["fn"] == y.sum() and b["tp"] + b["fp"] == (s >= b["threshold"]).sum()


def test_sweep_table_output(files, data):
    y, s, _ = data
    rc, out, err = run("sweep", files / "val.csv")
    assert rc == 0 and err == ""
    assert f"ROC-AUC {skm.roc_auc_score(y, s):.4f}" in out
    assert f"average precision {skm.average_precision_score(y, s):.4f}" in out
    header = [ln for ln in out.splitlines() if ln.startswith("metric")][0].split()
    assert header == ["metric", "best", "threshold", "precision", "recall", "tp", "fp", "fn", "tn"]
    rows = {ln.split()[0]: ln.split() for ln in out.splitlines()[4:] if ln.strip()}
    assert set(ic.metric_names()) <= set(rows)
    t, v = oracle_best(y, s, "f1")
    # thresholds print with the digits that separate them from the next lower
    # distinct score: the printed number predicts exactly the same samples
    printed = float(rows["f1"][2])
    assert printed <= t and np.array_equal(s >= printed, s >= t)
    assert rows["f1"][1] == f"{v:.4f}"


def test_sweep_parquet_with_string_labels_weights_and_plots(capsys, files, data, tmp_path):
    y, s, w = data
    rc, out, err = in_process(capsys, "sweep", files / "val.parquet", "--score", "p_hat", "--label", "truth",
                       "--pos-label", "fraud", "--weight", "w", "--metrics", "f1,mcc",
                       "--json", "--plot", tmp_path / "figs")
    assert rc == 0, err
    r = json.loads(out)
    assert r["roc_auc"] == pytest.approx(skm.roc_auc_score(y, s, sample_weight=w), abs=1e-12)
    assert r["average_precision"] == pytest.approx(
        skm.average_precision_score(y, s, sample_weight=w), abs=1e-12)
    assert r["n_pos"] == pytest.approx(w[y == 1].sum())
    t, v = oracle_best(y, s, "f1", w)
    assert r["best"]["f1"]["threshold"] == t
    assert r["best"]["f1"]["value"] == pytest.approx(v, rel=1e-12)
    every = SWEEP_FIGURES + ("gains_chart.png",)  # scores outside [0, 1]: no reliability
    assert sorted(os.path.basename(f) for f in r["figures"]) == sorted(every)
    for name in every:
        head = (tmp_path / "figs" / name).read_bytes()[:8]
        assert head == PNG


@pytest.mark.parametrize("name, extra", [
    ("val.npy", []),                                     # plain 2-D: columns 0 = label, 1 = score
    ("val.npy", ["--label", "0", "--score", "1"]),
    ("rec.npy", []),                                     # structured: field names
    ("val.npz", ["--score", "y_score", "--label", "y_true"]),
    ("val.npz", []),                                     # y_score / y_true are defaults too
])
def test_sweep_numpy_files(capsys, files, data, name, extra):
    y, s, _ = data
    rc, out, err = in_process(capsys, "sweep", files / name, "--json", "--metrics", "f1", *extra)
    assert rc == 0, err
    r = json.loads(out)
    score = s.astype(np.float32) if name.endswith("npz") else s
    assert r["roc_auc"] == pytest.approx(skm.roc_auc_score(y, score), abs=1e-12)
    t, _ = oracle_best(y, score.astype(np.float64), "f1")
    assert r["best"]["f1"]["threshold"] == pytest.approx(t, rel=1e-15)


def test_sweep_subject_to(capsys, files, data):
    y, s, _ = data
    rc, out, err = in_process(capsys, "sweep", files / "val.csv", "--metrics", "recall", "--json",
                       "--subject-to", "precision=0.5")
    assert rc == 0, err
    b = json.loads(out)["best"]["recall"]
    t = np.unique(s)[::-1]
    prec = np.array([y[s >= u].mean() for u in t])
    rec = np.array([y[s >= u].sum() / y.sum() for u in t])
    ok = prec >= 0.5
    k = np.flatnonzero(ok & (rec == rec[ok].max()))[0]
    assert b["threshold"] == t[k] and b["precision"] >= 0.5


# ---------------------------------------------------------------------- theory


def f_ref(alpha, p, beta):
    """F1 at the landing point, from the theory's formulas written out."""
    d = alpha * beta + 1 - beta
    x, z = (alpha * beta / d) ** (1 / p), ((1 - beta) / d) ** (1 / p)
    tp, fn, fp = beta * x, beta * (1 - x), (1 - beta) * (1 - z)
    return 2 * tp / (2 * tp + fp + fn)


def f_bayes_ref(alpha, p, beta):
    """F1 at the Bayes landing point, from its closed form written out."""
    r = (alpha * beta / (1 - beta)) ** (1 / (p - 1))
    z = (1 + r ** p) ** (-1 / p)
    x = r * z
    tp, fn, fp = beta * x, beta * (1 - x), (1 - beta) * (1 - z)
    return 2 * tp / (2 * tp + fp + fn)


def test_theory_json_bayes_matches_the_closed_form_and_the_f1_identity():
    rc, out, err = run("theory", "--metric", "f1", "--beta", "0.01", "--p", "2,5,10", "--json")
    assert rc == 0, err
    rows = json.loads(out)
    dense = np.geomspace(0.5, 500, 400_001)
    for r in rows:
        p = r["p"]
        assert r["rule"] == "bayes"
        k = np.argmax(f_bayes_ref(dense, p, 0.01))
        assert r["alpha"] == pytest.approx(dense[k], rel=1e-4)
        assert r["at_optimum"] == pytest.approx(f_bayes_ref(dense[k], p, 0.01), rel=1e-9)
        # Lipton et al. 2014: the F1-optimal weight is 2/F1* - 1.
        assert r["alpha"] == pytest.approx(2 / r["at_optimum"] - 1, rel=1e-9)
        assert r["at_alpha_1"] == pytest.approx(f_bayes_ref(1.0, p, 0.01), rel=1e-9)


def test_theory_json_matches_the_formulas():
    rc, out, err = run("theory", "--metric", "f1", "--beta", "0.01", "--p", "2,5,10", "--json",
                       "--rule", "expected_loss")
    assert rc == 0, err
    rows = json.loads(out)
    assert [r["p"] for r in rows] == [2, 5, 10]
    dense = np.geomspace(0.05, 50, 400_001)
    for r in rows:
        p = r["p"]
        assert r["roc_auc"] == pytest.approx(math.gamma(1 + 1 / p) ** 2 / math.gamma(1 + 2 / p))
        k = np.argmax(f_ref(dense, p, 0.01))
        assert r["alpha"] == pytest.approx(dense[k], rel=1e-4)
        assert r["at_optimum"] == pytest.approx(f_ref(dense[k], p, 0.01), rel=1e-9)
        assert r["at_alpha_1"] == pytest.approx(f_ref(1.0, p, 0.01), rel=1e-9)
        assert r["at_natural"] == pytest.approx(f_ref(99.0, p, 0.01), rel=1e-9)
        assert r["natural_weight"] == pytest.approx(99.0)


def test_theory_table_and_plot(capsys, tmp_path):
    fig = tmp_path / "theory.png"
    rc, out, err = in_process(capsys, "theory", "--metric", "balanced_accuracy,f1", "--beta", "0.05",
                       "--p", "1,3", "--plot", fig)
    assert rc == 0, err
    assert fig.read_bytes()[:8] == PNG
    assert "balanced_accuracy at prevalence beta = 0.05" in out
    assert "natural weight (1-beta)/beta = 19" in out
    ba_rows = re.findall(r"^\s*3\s+0\.8833\s+(\S+)", out, flags=re.M)
    assert ba_rows[0] == "19"  # balanced accuracy: alpha* is the natural weight
    assert "any (flat)" in out and "-> inf (bound)" in out  # p = 1 for BA and for F1


# ---------------------------------------------------------------------- advise


def lp_f1_star(p, beta):
    """The best F1 on the Lp curve, by a scan of recall (z = (1 - x^p)^(1/p))."""
    x = np.linspace(1e-9, 1 - 1e-12, 2_000_001)
    z = (1 - x**p) ** (1 / p)
    f1 = 2 * beta * x / (beta * x + beta + (1 - beta) * (1 - z))
    return float(f1.max())


def binormal_f1_star(a, b, beta):
    """The best F1 on TPR = Phi(a + b*Phi^-1(FPR)), by a scan of the threshold."""
    from scipy.stats import norm

    u = np.linspace(-8, 8, 2_000_001)  # u = Phi^-1(FPR) runs over the whole curve
    fpr, x = norm.cdf(u), norm.cdf(a + b * u)
    f1 = 2 * beta * x / (beta * x + beta + (1 - beta) * fpr)
    return float(f1.max())


def test_advise_file_puts_theory_beside_data(files, data):
    y, s, _ = data
    rc, out, err = run("advise", files / "val.csv", "--metrics", "f1,balanced_accuracy",
                       "--json")
    assert rc == 0, err
    r = json.loads(out)
    auc = skm.roc_auc_score(y, s)
    assert r["roc_auc"] == pytest.approx(auc, abs=1e-12)
    assert r["prevalence"] == pytest.approx(y.mean())
    p = r["p"]
    assert math.gamma(1 + 1 / p) ** 2 / math.gamma(1 + 2 / p) == pytest.approx(auc, abs=1e-10)
    rows = {row["metric"]: row for row in r["rows"]}
    beta = y.mean()
    # the Bayes identities on every curve: balanced accuracy at the natural weight,
    # F1 at 2/F1* - 1 with F1* the curve's best F1 (scanned here)
    for curve in ("theory", "binormal", "lp_expected_loss"):
        assert rows["balanced_accuracy"][curve]["alpha"] == pytest.approx((1 - beta) / beta)
    assert rows["f1"]["theory"]["alpha"] == pytest.approx(2 / lp_f1_star(p, beta) - 1, rel=1e-6)
    fit = r["binormal"]
    assert fit["source"] == "fit" and 0 <= fit["max_distance"] < 0.2
    assert rows["f1"]["binormal"]["alpha"] == pytest.approx(
        2 / binormal_f1_star(fit["a"], fit["b"], beta) - 1, rel=1e-6)
    # the original analysis's expected-loss rule, kept for comparison (this is
    # what the advice showed as alpha* before the Bayes rule became the default)
    dense = np.geomspace(0.05, 50, 200_001)
    assert rows["f1"]["lp_expected_loss"]["alpha"] == pytest.approx(
        dense[np.argmax(f_ref(dense, p, beta))], rel=2e-4)
    # on the model's own ROC: the best F1 and balanced accuracy of the data are
    # hull vertices, so the own-ROC optimum is the data's best value
    for m in ("f1", "balanced_accuracy"):
        t, v = oracle_best(y, s, m)
        assert rows[m]["data"]["threshold"] == t
        assert rows[m]["empirical"]["value"] == pytest.approx(v, rel=1e-12)
        lo, hi = rows[m]["empirical"]["alpha_range"]
        assert lo <= rows[m]["empirical"]["alpha"] <= hi
        # these scores are not probabilities: no weight is read off the threshold
        assert rows[m]["data"]["weight"] is None
    rc, out, err = run("advise", files / "val.csv", "--metrics", "f1", "--theory")
    assert rc == 0, err
    assert "alpha* own ROC" in out and "alpha* Lp exp.loss" in out and "= weight" in out
    assert "moving the" in out


def test_advise_leads_with_one_recommendation_per_metric(files, data):
    y, s, _ = data
    rc, out, err = run("advise", files / "val.csv", "--metrics", "f1,balanced_accuracy")
    assert rc == 0, err
    assert "np." not in out and "float64" not in out
    head, _, rest = out.partition("Recommendation per metric")
    assert rest, out
    # no theory comparison unless asked: no curve families in the output
    main = rest.split("'imbcore advise FILE --theory'")[0]
    assert "binormal" not in main and "Lp" not in main
    lines = {ln.split()[0]: ln for ln in rest.splitlines() if ln.startswith(("f1 ", "balanced"))}
    beta = y.mean()
    for m in ("f1", "balanced_accuracy"):
        t, v = oracle_best(y, s, m)
        line = lines[m]
        # the threshold to use, with its interval, and the metric there, with its interval
        assert line.split()[1] == ic.formatting.fmt_threshold(t)
        assert len(re.findall(r"\[[-0-9.e]+, [-0-9.e]+\]", line)) == 2, line
        assert f"{v:.4f}" in line
    # the weight that equals the threshold on the model's own ROC, by the Bayes
    # identities: F1 at 2/F1* - 1 (F1* the data's best F1, a hull vertex) and
    # balanced accuracy at (1 - beta)/beta
    f1_star = oracle_best(y, s, "f1")[1]
    # (on the own ROC a whole interval of weights lands on the optimal vertex)
    for m, want in (("f1", 2 / f1_star - 1), ("balanced_accuracy", (1 - beta) / beta)):
        w = re.findall(r"\s([0-9.]+)(?: \(any in ([0-9.e+]+) to ([0-9.e+]+)\))?\s*$",
                       lines[m])[0]
        if w[1]:
            assert float(w[1]) <= want * 1.0005 and float(w[2]) >= want / 1.0005, (m, w, want)
        else:
            assert float(w[0]) == pytest.approx(want, rel=1e-3), (m, w, want)
    assert "--theory" in out
    rc, out, err = run("advise", files / "val.csv", "--metrics", "f1", "--theory")
    assert rc == 0, err
    theory = out.split("Theory, for comparison")[1]
    assert "binormal" in theory and "alpha* Lp" in theory


def test_advise_flags_a_poor_binormal_fit(tmp_path):
    rng = np.random.default_rng(8)
    n = 60_000
    y = rng.random(n) < 0.05
    # positives from two far-apart groups: a ROC no binormal curve follows
    s = rng.normal(size=n) + np.where(y, np.where(rng.random(n) < 0.5, 0.0, 4.0), 0.0)
    np.savez(tmp_path / "mix.npz", label=y, score=s)
    rc, out, err = run("advise", tmp_path / "mix.npz", "--metrics", "f1", "--json")
    assert rc == 0, err
    fit = json.loads(out)["binormal"]
    # the fit's largest gap, measured here against scikit-learn's ROC
    from scipy.stats import norm

    fpr, tpr, _ = skm.roc_curve(y, s)
    inner = (fpr > 0) & (fpr < 1)
    gap = np.max(np.abs(norm.cdf(fit["a"] + fit["b"] * norm.ppf(fpr[inner])) - tpr[inner]))
    assert gap > 0.05 and fit["poor_fit"] is True
    rc, out, err = run("advise", tmp_path / "mix.npz", "--metrics", "f1", "--theory")
    assert rc == 0, err
    assert "POOR FIT" in out and "trust the own-ROC column" in out


def test_advise_from_auc_alone_says_it_is_theory_only(capsys):
    rc, out, err = in_process(capsys, "advise", "--auc", "0.875", "--prevalence", "0.025",
                              "--metrics", "f1")
    assert rc == 0, err
    assert "Theory only" in out and "real model" in out and "np." not in out


def test_weights_optimal_uses_the_files_scores(files, data):
    y, s, _ = data
    rc, out, err = run("weights", files / "val.csv", "--scheme", "optimal", "--metric", "f1",
                       "--score", "score", "--json")
    assert rc == 0, err
    r = json.loads(out)
    # the Bayes rule on the model's own ROC; F1* the best F1 of the data
    # (scikit-learn's PR curve)
    p, rc_, _ = skm.precision_recall_curve(y, s)
    with np.errstate(invalid="ignore"):
        f1_star = np.nanmax(2 * p * rc_ / (p + rc_))
    # on the own ROC the optimum is the data's best F1 (a hull vertex), which no
    # binormal curve reaches exactly
    assert r["optimum"]["value"] == pytest.approx(f1_star, rel=1e-12)
    assert "own ROC" in r["curve_used"] and "'score'" in r["curve_used"]
    rc, out, err = run("weights", files / "val.csv", "--scheme", "optimal", "--metric", "f1",
                       "--score", "score")
    assert rc == 0, err
    assert "curve: the model's own ROC" in out and "np." not in out
    rc, out, err = run("weights", files / "val.csv", "--scheme", "optimal", "--metric", "f1",
                       "--auc", "0.8")
    assert rc == 0, err
    assert "binormal curve with ROC-AUC 0.8" in out and "np." not in out
    rc, out, err = run("weights", files / "val.csv", "--scheme", "optimal", "--metric", "f1",
                       "--auc", "0.8", "--score", "score")
    assert rc == 2 and "not both" in err


def test_reprs_and_messages_show_no_numpy_reprs():
    rng = np.random.default_rng(0)
    y = rng.random(3000) < 0.1
    sw = ic.sweep(y, rng.normal(size=3000) + 1.5 * y)
    fit = ic.fit_curve(sw, "binormal")
    assert repr(ic.Binormal(np.float64(1.62684), np.float64(1.0))) == "Binormal(a=1.627, b=1)"
    assert repr(ic.Lp(np.float64(2.5))) == "Lp(p=2.5)"
    for obj in (fit.curve, ic.Lp(np.array([2.0, 3.0])), ic.class_weights(y.astype(int)),
                ic.class_weights(y.astype(int), "optimal", metric="f1", curve=fit.curve)):
        assert "np." not in repr(obj) and "array(" not in repr(obj), repr(obj)
    with pytest.raises(ic.ImbcoreError) as e:
        ic.class_weights(y.astype(int), "optimal", metric="f1",
                         curve=ic.Binormal(np.array([1.0, 2.0])))
    assert "Binormal(a=[1, 2], b=1)" in str(e.value) and "np." not in str(e.value)


def test_advise_reads_the_weight_off_a_calibrated_threshold(tmp_path):
    # calibrated scores (exact binormal posteriors): the best threshold t names
    # the weight (1 - t)/t, and the own-ROC Bayes weight alpha* lands at the
    # threshold 1/(1 + alpha*), up to sampling error: the metric there is the
    # best to within 0.005, and the two weights agree to 25 % (the metric is
    # flat near its optimum, so where exactly the best sample threshold falls
    # varies more than the value; measured with this seed: 0.5 % for F1, 15 %
    # for balanced accuracy)
    rng = np.random.default_rng(5)
    y = rng.random(100_000) < 0.03
    x = rng.standard_normal(y.size) + 1.5 * y
    prob = 1 / (1 + np.exp(-(1.5 * x - 1.125 + math.log(0.03 / 0.97))))
    np.savez(tmp_path / "cal.npz", label=y, score=prob)
    rc, out, err = run("advise", tmp_path / "cal.npz", "--metrics", "f1,balanced_accuracy",
                       "--json")
    assert rc == 0, err
    rows = {row["metric"]: row for row in json.loads(out)["rows"]}
    for m in ("f1", "balanced_accuracy"):
        t = rows[m]["data"]["threshold"]
        assert rows[m]["data"]["weight"] == pytest.approx((1 - t) / t, rel=1e-12)
        own = rows[m]["empirical"]["alpha"]
        at_own = oracle_value_at(y, prob, m, 1 / (1 + own))
        assert at_own >= rows[m]["data"]["value"] - 0.005
        assert abs(math.log(rows[m]["data"]["weight"] / own)) < math.log(1.25)


def oracle_value_at(y, s, metric, t):
    pred = s >= t
    tp, fp = np.sum(pred & y), np.sum(pred & ~y)
    fn, tn = np.sum(~pred & y), np.sum(~pred & ~y)
    if metric == "f1":
        return 2 * tp / (2 * tp + fp + fn)
    return (tp / (tp + fn) + tn / (tn + fp)) / 2


def test_advise_from_auc_and_prevalence(capsys):
    rc, out, err = in_process(capsys, "advise", "--auc", "0.9", "--prevalence", "0.02", "--metrics", "f1")
    assert rc == 0, err
    m = re.search(r"p = ([0-9.]+)", out)
    p = float(m.group(1))
    assert math.gamma(1 + 1 / p) ** 2 / math.gamma(1 + 2 / p) == pytest.approx(0.9, abs=1e-3)
    assert "best threshold" not in out and "alpha*" in out
    assert re.search(r"^f1\s+\d", out, flags=re.M)
    assert "alpha* binormal" in out and "equal variances" in out and "own ROC" not in out.split("\n\n")[1]


# ---------------------------------------------------------------------- errors


def test_errors_through_the_process(files, tmp_path):
    """Each kind of mistake, end to end: exit code 2 and one line, no traceback."""
    garbage = tmp_path / "junk.parquet"
    garbage.write_bytes(b"this is not parquet" * 10)
    cases = [
        (["sweep", tmp_path / "missing.csv"], ["no such file"]),
        (["sweep", files / "val.csv", "--score", "nope"], ["no column 'nope'", "score"]),
        (["sweep", garbage], ["cannot read"]),
        (["sweep", files / "val.csv", "--bogus"], ["unrecognized arguments"]),
        (["theory", "--p", "0.5"], ["invalid p"]),
        (["advise"], ["needs a FILE"]),
    ]
    procs = [subprocess.Popen([sys.executable, "-m", "imbcore.cli", *map(str, a)], cwd="/",
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for a, _ in cases]
    for proc, (_, needles) in zip(procs, cases):
        out, err = proc.communicate(timeout=300)
        assert_one_line_error(proc.returncode, err, *needles)
        assert out == ""


def test_console_script():
    exe = shutil.which("imbcore")
    if exe is None:
        pytest.skip("the console script is not on PATH")
    r = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("imbcore ")
    r = subprocess.run([exe, "theory", "--beta", "2"], capture_output=True, text=True,
                       timeout=120)
    assert_one_line_error(r.returncode, r.stderr, "invalid beta")


def write(path, text, binary=False):
    (path.write_bytes if binary else path.write_text)(text)
    return path


@pytest.fixture
def bad(tmp_path):
    """Bad files, made on demand by name."""
    def make(name):
        p = tmp_path
        return {
            "text_score": write(p / "a.csv", "score,label\n0.5,1\nhigh,0\n"),
            "missing": write(p / "b.csv", "score,label\n0.5,1\n,0\n0.2,1\n"),
            "missing_label": write(p / "b2.csv", "score,label\n0.5,1\n0.1,\n0.2,1\n"),
            "empty": write(p / "c.csv", ""),
            "header_only": write(p / "d.csv", "score,label\n"),
            "short_row": write(p / "e.csv", "id,score,label\n1,0.5,1\n2,0.4\n"),
            "inf": write(p / "f.csv", "score,label\n0.5,1\ninf,0\n"),
            "one_class": write(p / "g.csv", "score,label\n0.5,0\n0.4,0\n"),
            "strings": write(p / "h.csv", "score,label\n0.5,yes\n0.4,no\n"),
            "neg_weight": write(p / "i.csv", "score,label,w\n0.5,1,1\n0.4,0,-2\n"),
            "three_labels": write(p / "j.csv", "score,label\n0.5,1\n0.4,0\n0.3,2\n"),
            "one_two": write(p / "j2.csv", "score,label\n0.5,1\n0.4,2\n0.3,2\n"),
            "binary": write(p / "k.csv", b"\xff\xfe\x00\x81\x00garbage", binary=True),
            "npy_1d": p / "l.npy",
            "npy_obj": p / "m.npy",
            "npz_mismatch": p / "n.npz",
            "bad_npy": write(p / "o.npy", b"\x93NUMPY garbage", binary=True),
            "dir": p,
        }[name]
    np.save(tmp_path / "l.npy", np.arange(5.0))
    np.save(tmp_path / "m.npy", np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    np.savez(tmp_path / "n.npz", score=np.arange(3.0), label=np.array([0, 1]))
    return make


@pytest.mark.parametrize("name, args, needles", [
    ("text_score", [], ["must hold numbers", "line 3", "'high'"]),
    ("missing", [], ["missing value", "line 3"]),
    ("missing_label", [], ["missing value", "label"]),
    ("empty", [], ["empty"]),
    ("header_only", [], ["no data rows"]),
    ("short_row", [], ["line 3"]),
    ("inf", [], ["non-finite", "line 3"]),
    ("one_class", [], ["negative", "both classes"]),
    ("strings", [], ["--pos-label", "'no', 'yes'"]),
    ("strings", ["--pos-label", "maybe"], ["--pos-label 'maybe'", "'no', 'yes'"]),
    ("neg_weight", ["--weight", "w"], ["negative weight"]),
    ("three_labels", [], ["more than two"]),
    ("one_two", [], ["labels 1, 2", "--pos-label"]),
    ("binary", [], ["not a text", "csv"]),
    ("npy_1d", [], ["shape (5,)"]),
    ("npy_obj", [], ["python objects"]),
    ("npz_mismatch", [], ["same length"]),
    ("bad_npy", [], ["cannot read"]),
    ("dir", [], ["folder", "--label COL and --score COL"]),  # a folder streams: it needs both
    ("strings", ["--score", "label", "--label", "label"], ["both score and label"]),
])
def test_bad_files(capsys, bad, name, args, needles):
    rc, out, err = in_process(capsys, "sweep", bad(name), *args)
    assert_one_line_error(rc, err, *needles)
    assert out == ""


@pytest.mark.parametrize("args, needles", [
    (["sweep", "{csv}", "--metrics", "f1,f7x"], ["unknown metric 'f7x'"]),
    (["sweep", "{csv}", "--metrics", ","], ["names no metric"]),
    (["sweep", "{csv}", "--subject-to", "precision"], ["--subject-to"]),
    (["sweep", "{csv}", "--subject-to", "precision=1.5"], ["no threshold satisfies"]),
    (["sweep", "{csv}", "--weight", "nope"], ["no column 'nope'"]),
    (["sweep", "{csv}", "--label", "Score"], ["did you mean 'score'"]),
    (["sweep", "{csv}", "--threads", "0"], ["--threads"]),
    (["sweep"], ["FILE"]),
    (["theory", "--beta", "1.5"], ["invalid beta"]),
    (["theory", "--p", "two"], ["--p", "numbers separated by commas"]),
    (["theory", "--metric", "nope"], ["unknown metric"]),
    (["theory", "--plot", "{tmp}/fig.xyz"], ["suffix"]),
    (["theory", "--plot", "{tmp}/no/such/dir/fig.png"], ["no such directory"]),
    (["advise", "--auc", "0.4", "--prevalence", "0.1"], ["--auc"]),
    (["advise", "--auc", "0.8"], ["--prevalence"]),
    (["advise", "--auc", "0.8", "--prevalence", "2"], ["--prevalence"]),
    (["advise", "{csv}", "--auc", "0.8", "--prevalence", "0.1"], ["not both"]),
    (["demo", "--n", "10"], ["at least 1,000"]),
    (["demo", "--n", "many"], ["--n"]),
    (["frobnicate"], ["invalid choice"]),
    ([], ["choose a command"]),
])
def test_bad_options(capsys, files, tmp_path, args, needles):
    args = [a.format(csv=files / "val.csv", tmp=tmp_path) for a in args]
    try:
        rc = cli.main(args)
    except SystemExit as e:  # argparse's own errors
        rc = e.code
    out, err = capsys.readouterr()
    if not args:  # no command: the help, then the one error line
        assert rc == 2 and err.strip().splitlines()[-1].startswith("imbcore: error:")
        return
    assert_one_line_error(rc, err, *needles)


def test_plot_dir_that_cannot_be_made_is_a_clean_error(capsys, files, tmp_path):
    blocker = write(tmp_path / "file", "x")
    rc, out, err = in_process(capsys, "sweep", files / "val.csv", "--plot", blocker / "sub")
    assert_one_line_error(rc, err, "file")


# -------------------------------------------------------------------- progress


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_silent_for_short_work():
    stream = FakeTerminal()
    p = Progress(delay=2.0, stream=stream)
    p.update("quick")
    p.stop()
    assert stream.getvalue() == ""


def wait_for(stream, text, timeout=10.0):
    """Until the progress thread has written ``text`` (polling: no fixed sleeps to race)."""
    end = time.monotonic() + timeout
    while text not in stream.getvalue() and time.monotonic() < end:
        time.sleep(0.01)


def test_progress_spinner_on_a_terminal_is_erased_at_the_end():
    stream = FakeTerminal()
    p = Progress(delay=0.05, stream=stream)
    p.update("sweeping", 1, 4)
    wait_for(stream, "1/4 sweeping")
    p.stop()
    text = stream.getvalue()
    assert "\r" in text and "sweeping" in text and "1/4" in text and "[######" in text
    assert_erased(text)


def assert_erased(text):
    """The line was blanked and the cursor put back at its start (tqdm's erase)."""
    assert text.endswith("\r")
    assert text.rstrip("\r").rsplit("\r", 1)[-1].strip() == ""


def test_progress_keeps_time_moving_during_one_long_step():
    """A long call into Rust makes no update; the display still redraws on its own."""
    stream = FakeTerminal()
    p = Progress(delay=0.05, stream=stream)
    p.update("sweeping 10,000,000 scores")
    wait_for(stream, "00:01")
    p.stop()
    text = stream.getvalue()
    assert "sweeping 10,000,000 scores  00:00" in text
    assert "sweeping 10,000,000 scores  00:01" in text
    assert_erased(text)


def test_progress_in_a_log_only_when_asked():
    """Not on a terminal (a log, a pipe): nothing unless forced (``--progress``)."""
    stream = io.StringIO()
    p = Progress(delay=0.05, stream=stream)
    p.update("reading")
    time.sleep(0.2)
    p.update("sweeping")
    time.sleep(0.2)  # more redraw ticks
    p.stop()
    assert stream.getvalue() == ""
    stream = io.StringIO()
    p = Progress(delay=0.05, stream=stream, force=True)
    p.update("reading")
    wait_for(stream, "reading")
    p.update("sweeping")
    wait_for(stream, "sweeping")
    p.stop()
    text = stream.getvalue()
    assert "reading" in text and "sweeping" in text
    assert_erased(text)


def test_progress_option_and_quiet_through_the_command(capsys, monkeypatch, files):
    """--progress draws on a stderr that is no terminal, where by default nothing is
    drawn; --quiet never draws; stdout holds only the results."""
    import functools

    import imbcore.cli.scored

    real = imbcore.cli.scored.sweep

    def slow_sweep(*args, **kwargs):
        time.sleep(0.5)  # longer than the delay before anything is drawn
        return real(*args, **kwargs)

    monkeypatch.setattr(imbcore.cli.scored, "sweep", slow_sweep)
    monkeypatch.setattr(cli, "Progress", functools.partial(Progress, delay=0.1))
    for flags, drawn in ((["--progress"], True), ([], False), (["--quiet"], False)):
        rc, out, err = in_process(capsys, "sweep", files / "val.csv", "--metrics", "f1",
                                  "--json", *flags)
        assert rc == 0, err
        json.loads(out)  # stdout is the JSON alone
        assert ("sweeping 2,000 scores" in err) is drawn, err
    with pytest.raises(SystemExit):  # one or the other
        cli.main(["sweep", str(files / "val.csv"), "--quiet", "--progress"])
    assert "not allowed with" in capsys.readouterr().err


def test_quiet_and_disabled_progress_write_nothing():
    stream = io.StringIO()
    p = Progress(enabled=False, delay=0.0, stream=stream)
    p.update("anything")
    time.sleep(0.2)
    p.stop()
    assert stream.getvalue() == ""


# ------------------------------------------------------------------------ demo


def test_demo_end_to_end(tmp_path):
    out_dir = tmp_path / "demo"
    rc, out, err = run("demo", "--n", "20000", "--out", out_dir, "--save-data", "--quiet")
    assert rc == 0, err
    assert err == ""
    report = (out_dir / "report.md").read_text()
    from imbcore.demo import FIGURES

    for name in FIGURES:
        assert f"]({name})" in report, name
        blob = (out_dir / name).read_bytes()
        assert blob[:8] == PNG and len(blob) > 10_000
    z = np.load(out_dir / "validation.npz")
    y, s = z["label"], z["score"]
    assert y.shape == (20000,) and s.dtype == np.float32 and 0.005 < y.mean() < 0.03
    auc = skm.roc_auc_score(y, s)
    ap = skm.average_precision_score(y, s)
    assert 0.75 < auc < 0.95  # a realistic, imperfect model
    assert f"ROC-AUC {auc:.4f}" in out and f"ROC-AUC {auc:.4f}" in report
    assert f"average precision {ap:.4f}" in report
    f1_row = re.search(r"^f1\s+(\S+)\s+(\S+)", out, flags=re.M)
    p_ref, r_ref, t_ref = skm.precision_recall_curve(y, s)
    f1 = np.where(p_ref + r_ref > 0, 2 * p_ref * r_ref / np.maximum(p_ref + r_ref, 1e-300), 0)
    k = len(t_ref) - 1 - np.argmax(f1[:-1][::-1])
    assert f1_row.group(1) == f"{f1[k]:.4f}"
    # printed with the digits that separate it from the next lower score: it
    # predicts exactly the samples scikit-learn's threshold does
    printed = np.float32(f1_row.group(2))
    assert printed <= t_ref[k] and np.array_equal(s >= printed, s >= t_ref[k])
    assert re.search(r"Done in [0-9.]+ s", out)
    assert "| metric |" in report and "## 3. Advice" in report
    # the advice per curve and rule, and the retraining check with its verdict
    assert "α* own ROC" in report and "α* Lp (expected loss)" in report
    assert "## 4. Check: retraining at several weights" in report
    assert "retrained" in out and "moved threshold" in out and "exp.loss Lp" in out
    assert "moving the threshold does" in report and "Moving the threshold" in report


def test_demo_data_is_deterministic_and_documented():
    from imbcore import demo

    y1, s1 = demo.make_validation_set(3000, seed=5)
    y2, s2 = demo.make_validation_set(3000, seed=5)
    y3, _ = demo.make_validation_set(3000, seed=6)
    assert np.array_equal(y1, y2) and np.array_equal(s1, s2) and not np.array_equal(y1, y3)
    assert "logistic regression" in demo.__doc__.lower()


# --------------------------------------------------------------------- package


def test_python_dash_m_imbcore_is_the_command(files):
    r = subprocess.run([sys.executable, "-m", "imbcore", "--version"], capture_output=True,
                       text=True, cwd="/", timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("imbcore ")
    r = subprocess.run([sys.executable, "-m", "imbcore", "sweep", str(files / "val.csv"),
                        "--metrics", "f1", "--json"], capture_output=True, text=True, cwd="/",
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["n_samples"] == 2000
    r = subprocess.run([sys.executable, "-m", "imbcore", "theory", "--beta", "2"],
                       capture_output=True, text=True, cwd="/", timeout=120)
    assert_one_line_error(r.returncode, r.stderr, "invalid beta")
    r = subprocess.run([sys.executable, "-m", "imbcore"], capture_output=True, text=True,
                       cwd="/", timeout=120)
    assert r.returncode == 2 and "choose a command" in r.stderr


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize("target, args", [
    ("imbcore.cli.scored.sweep", ["sweep", "{csv}"]),                 # in the Rust sweep
    ("imbcore.cli.scored.read_scored", ["advise", "{csv}"]),          # reading the file
    ("imbcore.cli.theory.theory_table", ["theory", "--metric", "f1"]),
    ("imbcore.cli.sweep.best_table", ["sweep", "{csv}", "--progress"]),
    ("imbcore.demo.report.make_validation_set", ["demo", "--n", "1000", "--out", "{tmp}"]),
    ("imbcore.cli.build_parser", ["theory"]),                         # before any command
])
def test_ctrl_c_is_one_line_and_exit_code_130(capsys, monkeypatch, files, tmp_path, target,
                                              args):
    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(f"{module}.{name}", interrupt)
    args = [a.format(csv=files / "val.csv", tmp=tmp_path) for a in args]
    rc = cli.main(args)
    out, err = capsys.readouterr()
    assert rc == 130
    assert out == ""
    assert err.strip().splitlines() == [f"imbcore {args[0]}: interrupted"] or (
        name == "build_parser" and err.strip() == "imbcore: interrupted")
    assert "Traceback" not in err


def test_ctrl_c_through_the_process(files):
    """A real SIGINT in a real process: exit code 130 and one line."""
    code = ("import sys, time, imbcore.cli.scored as s\n"
            "def slow(*a, **k):\n"
            "    print('ready', file=sys.stderr, flush=True); time.sleep(60)\n"
            "s.sweep = slow\n"
            "from imbcore.cli import main\n"
            f"sys.exit(main(['sweep', {str(files / 'val.csv')!r}]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd="/", stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr.readline().strip() == "ready"
    proc.send_signal(__import__("signal").SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert out == "" and err.strip() == "imbcore sweep: interrupted"


def test_import_imbcore_stays_light():
    """The command's own dependencies load with the command, not with the library."""
    code = ("import sys, imbcore; heavy = [m for m in ('tqdm', 'pyarrow', 'matplotlib', "
            "'imbcore.cli', 'imbcore.demo', 'imbcore.cli._io') if m in sys.modules]; "
            "assert not heavy, heavy; import imbcore.cli; assert 'tqdm' in sys.modules; "
            "assert 'pyarrow' not in sys.modules and 'matplotlib' not in sys.modules")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/",
                       timeout=120)
    assert r.returncode == 0, r.stderr


def _imports(path, package):
    """The imbcore modules a source file imports (statically), by dotted name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = package.split(".")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "imbcore"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1])
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "imbcore":
                continue
            if node.module or node.level != 1:  # `from . import x`: its own package is no edge
                found.add(mod)
            for a in node.names:  # `from . import advice` imports a module
                found.add(f"{mod}.{a.name}")
    return found


def test_no_module_imports_a_module_that_imports_it():
    """The import graph of the package (static imports, lazy ones included) has no cycle."""
    import pathlib

    import imbcore

    root = pathlib.Path(imbcore.__file__).parent
    modules = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join(parts)
        modules[name] = (path, name if is_package else ".".join(parts[:-1]))
    graph = {name: {m for m in _imports(path, pkg) if m in modules and m != name}
             for name, (path, pkg) in modules.items()}
    # a module's own parent package is imported by Python first anyway: not an edge to judge
    owned = [n for n in graph if n.startswith(("imbcore.cli", "imbcore.demo",
                                               "imbcore.plot", "imbcore.advice",
                                               "imbcore.formatting", "imbcore.__main__"))]
    assert "imbcore.cli.sweep" in owned and "imbcore.demo.data" in owned

    def reaches(start, goal):
        seen, todo = set(), [start]
        while todo:
            m = todo.pop()
            for n in graph.get(m, ()):
                if n == goal:
                    return True
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return False

    cycles = [(a, b) for a in owned for b in graph[a] if reaches(b, a)]
    assert cycles == []


# ------------------------------- the command line says what went wrong (issue 8)


def test_sweep_figures_mark_the_constrained_best_of_the_table(capsys, monkeypatch, files,
                                                               tmp_path):
    drawn = {}

    def keep(ax, path):
        drawn[os.path.basename(path)] = ax

    monkeypatch.setattr("imbcore.cli.sweep.save_figure", keep)
    rc, out, err = in_process(capsys, "sweep", files / "val.csv", "--metrics", "recall,f1",
                              "--subject-to", "precision=0.5", "--json", "--plot", tmp_path)
    assert rc == 0, err
    best = json.loads(out)["best"]
    assert set(drawn) - set(DECISION_FIGURES) == set(SWEEP_FIGURES)
    for name, ax in drawn.items():
        if name in DECISION_FIGURES:
            continue
        marks = {m.get_label().split(" =")[0]: m for m in ax.get_lines()
                 if m.get_label().startswith("best ")}
        assert set(marks) == {"best Recall", "best F1"}, (name, marks)
        for metric, label in (("recall", "best Recall"), ("f1", "best F1")):
            assert f"= {best[metric]['value']:.3f}" in marks[label].get_label(), name
        if name == "pr_curve.png":
            m = marks["best Recall"]
            assert m.get_xdata()[0] == pytest.approx(best["recall"]["recall"])
            assert m.get_ydata()[0] == pytest.approx(best["recall"]["precision"])
            assert m.get_ydata()[0] >= 0.5
        if name == "metrics_vs_threshold.png":
            assert marks["best Recall"].get_xdata()[0] == best["recall"]["threshold"]


def test_sweep_figures_draw_every_constrained_metric(capsys, monkeypatch, files, tmp_path):
    drawn = {}
    monkeypatch.setattr("imbcore.cli.sweep.save_figure",
                        lambda ax, path: drawn.setdefault(os.path.basename(path), ax))
    for metrics in (["--metrics", "f1"], []):
        rc, out, err = in_process(capsys, "sweep", files / "val.csv", *metrics,
                                  "--subject-to", "precision=0.5", "--subject-to", "fpr=0.2",
                                  "--plot", tmp_path)
        assert rc == 0, err
        ax = drawn.pop("metrics_vs_threshold.png")
        curves = {ln.get_label() for ln in ax.get_lines() if len(ln.get_xdata()) > 2}
        assert {"Precision", "FPR"} <= curves, (metrics, curves)


@pytest.mark.parametrize("args, needles", [
    (["demo", "--seed", "-1"], ["--seed", "-1"]),
    (["demo", "--seed", "x"], ["--seed"]),
    (["demo", "--n", "1.5e0"], ["--n", "1.5e0", "whole number"]),
    (["demo", "--n", "-1e3"], ["--n"]),
    (["sweep", "{csv}", "--metrics", "cost(c_fn=-1)"], ["a cost must be finite and >= 0"]),
    (["theory", "--metric", "cost(c_fn=-1)"], ["a cost must be finite and >= 0"]),
    (["advise", "--auc", "0.8", "--prevalence", "0.1", "--metrics", "f0"],
     ["beta of an F-score"]),
    (["sweep", "{csv}", "--subject-to", "cost(c_fn=-1)=3"],
     ["--subject-to", "a cost must be finite and >= 0"]),
])
def test_more_bad_options_are_one_line(capsys, files, args, needles):
    args = [a.format(csv=files / "val.csv") for a in args]
    try:
        rc = cli.main(args)
    except SystemExit as e:
        rc = e.code
    out, err = capsys.readouterr()
    assert_one_line_error(rc, err, *needles)
    assert "unknown metric" not in err and "Traceback" not in err


def test_demo_seed_minus_one_through_the_process():
    rc, out, err = run("demo", "--seed", "-1", "--n", "1000")
    assert_one_line_error(rc, err, "--seed")
    assert out == ""


def test_demo_data_refuses_bad_seeds_and_sizes():
    from imbcore import demo

    with pytest.raises(ic.ImbcoreError, match="invalid seed: got -1"):
        demo.make_validation_set(1000, seed=-1)
    with pytest.raises(ic.ImbcoreError, match="invalid n: got 0"):
        demo.make_validation_set(0)


def test_whole_numbers_may_be_written_as_integral_floats():
    from imbcore.cli.options import positive_int

    for text, want in [("1e6", 10**6), ("1_000_000", 10**6), ("1,000,000", 10**6),
                       ("2.5e3", 2500), ("1000.0", 1000), (" 7 ", 7)]:
        assert positive_int(text) == want, text
    for text in ("1.5e0", "0", "-3", "1e-3", "nan", "inf", "", "1e", "0x10"):
        with pytest.raises(Exception, match="whole number"):
            positive_int(text)
    args = cli.build_parser().parse_args(["demo", "--n", "1e6", "--seed", "1e3"])
    assert (args.n, args.seed) == (10**6, 1000)


@pytest.mark.parametrize("command", [["theory"], ["sweep", "{csv}"], ["advise", "{csv}"]])
@pytest.mark.parametrize("spelling", ["--metrics", "--metric"])
def test_metrics_is_one_option_everywhere_with_metric_as_alias(capsys, files, command,
                                                               spelling):
    args = [a.format(csv=files / "val.csv") for a in command]
    rc, out, err = in_process(capsys, *args, spelling, "f1,balanced_accuracy", spelling, "mcc",
                              "--json")
    assert rc == 0, err
    r = json.loads(out)
    if command[0] == "theory":
        got = [row["metric"] for row in r]
    elif command[0] == "sweep":
        got = list(r["best"])
    else:
        got = [row["metric"] for row in r["rows"]]
    assert list(dict.fromkeys(got)) == ["f1", "balanced_accuracy", "mcc"]
    help_text = cli.build_parser()._subparsers._group_actions[0].choices[command[0]].format_help()
    assert "--metrics LIST" in help_text


def test_numbers_in_messages_are_plain(capsys, tmp_path, monkeypatch, files):
    bad = write(tmp_path / "inf.csv", "score,label,w\n0.5,1,1\ninf,0,1\n0.1,0,1\n")
    rc, out, err = in_process(capsys, "sweep", bad)
    assert_one_line_error(rc, err, "non-finite value inf at line 3")
    neg = write(tmp_path / "neg.csv", "score,label,w\n0.5,1,1\n0.3,0,-2\n0.1,0,1\n")
    rc, out, err = in_process(capsys, "sweep", neg, "--weight", "w")
    assert_one_line_error(rc, err, "negative weight -2 at line 3")

    def raise_numpy_repr(*a, **k):
        raise ic.ImbcoreError(f"invalid x: got {np.float64('inf')!r} and "
                              f"{np.array([np.float32(0.5)])[0]!r}; {np.int64(3)!r} allowed")

    monkeypatch.setattr("imbcore.cli.scored.sweep", raise_numpy_repr)
    rc, out, err = in_process(capsys, "sweep", files / "val.csv")
    assert_one_line_error(rc, err, "invalid x: got inf and 0.5; 3 allowed")
    assert "np." not in err


def test_plot_dir_errors_say_they_come_from_plot(capsys, files, tmp_path):
    blocker = write(tmp_path / "txns.csv", "x")
    rc, out, err = in_process(capsys, "sweep", files / "val.csv", "--plot", blocker)
    assert_one_line_error(rc, err, f"--plot {blocker}", "exists")
    assert out == ""


def test_weighted_counts_read_as_numbers(capsys, tmp_path, data):
    y, s, _ = data
    w = np.linspace(1000.25, 4000.5, len(y))
    path = tmp_path / "heavy.csv"
    with open(path, "w") as f:
        f.write("score,label,w\n")
        f.writelines(f"{a:.3f},{b},{float(c)!r}\n" for a, b, c in zip(s, y, w))
    rc, out, err = in_process(capsys, "sweep", path, "--weight", "w", "--metrics",
                              "f1,cost(c_fn=10)")
    assert rc == 0, err
    assert "e+" not in out and "e-" not in out, out
    rows = {ln.split()[0]: ln.split() for ln in out.splitlines() if ln.startswith(("f1", "cost"))}
    b = ic.sweep(y, s, sample_weight=w).best("f1")
    tn = rows["f1"][-1]
    assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", tn), tn
    assert float(tn.replace(",", "")) == pytest.approx(b.tn, rel=1e-6)
    assert f"total weight {w.sum():,.1f}".rstrip("0").rstrip(".") in out


def test_unexpected_errors_are_one_line_exit_1_and_debug_shows_the_traceback(
        capsys, monkeypatch, files):
    def boom(*a, **k):
        raise RuntimeError("something broke\nsecond line")

    monkeypatch.setattr("imbcore.cli.scored.sweep", boom)
    rc, out, err = in_process(capsys, "sweep", files / "val.csv")
    assert rc == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("imbcore sweep: error:") and "something broke" in lines[0]
    assert "--debug" in lines[0]
    for argv in (["sweep", files / "val.csv", "--debug"], ["--debug", "sweep", files / "val.csv"]):
        rc, out, err = in_process(capsys, *argv)
        assert rc == 1
        assert "Traceback" in err and "RuntimeError: something broke" in err
        assert err.strip().splitlines()[-1].startswith("imbcore sweep: error:")


@pytest.mark.parametrize("layout", ["npy", "npz"])
def test_predict_proba_arrays_get_a_hint(capsys, tmp_path, data, layout):
    y, s, _ = data
    p = 1 / (1 + np.exp(-s))
    proba = np.column_stack([1 - p, p])
    if layout == "npy":
        path = tmp_path / "proba.npy"
        np.save(path, proba)
    else:
        path = tmp_path / "proba.npz"
        np.savez(path, y_true=y, y_score=proba)
    rc, out, err = in_process(capsys, "sweep", path)
    assert_one_line_error(rc, err, "predict_proba", "[:, 1]")


def test_demo_figures_say_what_they_mean(monkeypatch, tmp_path):
    """p up to 40 for F1, a log FPR axis for the ROC, no legend entry twice, and metric
    names written alike (issue 8)."""
    pytest.importorskip("matplotlib")
    from imbcore.demo import report

    drawn = {}

    def keep(fig, path):
        fig.canvas.draw()
        drawn[os.path.basename(path)] = fig

    monkeypatch.setattr(report, "_save", keep)
    report.run(str(tmp_path), 3000)
    f1 = drawn["f1_vs_alpha.png"].axes[0]
    texts = [t.get_text() for t in f1.get_legend().get_texts()]
    assert any(t.startswith("p = 40 ") for t in texts), texts
    assert drawn["roc_curve.png"].axes[0].get_xscale() == "log"
    for name, fig in drawn.items():
        for ax in fig.axes:
            leg = ax.get_legend()
            if leg is None:
                continue
            texts = [t.get_text() for t in leg.get_texts()]
            assert len(texts) == len(set(texts)), (name, texts)
            assert not any(re.search(r"\b(expected|for|at) Balanced", t) for t in texts)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_out_and_plot_files_that_cannot_be_written_name_their_option(capsys, tmp_path):
    blocker = write(tmp_path / "report", "x")
    rc, out, err = in_process(capsys, "demo", "--out", blocker, "--n", "1000")
    assert_one_line_error(rc, err, f"--out {blocker}", "exists")
    folder = tmp_path / "fig.png"
    folder.mkdir()
    rc, out, err = in_process(capsys, "theory", "--plot", folder)
    assert_one_line_error(rc, err, f"--plot {folder}", "cannot write")


def test_warnings_are_one_line_with_plain_numbers(capsys, monkeypatch, files):
    import warnings

    def warn_then_fail(*a, **k):
        warnings.warn(f"odd value {np.float64(0.25)!r}\nmore detail", UserWarning)
        raise ic.ImbcoreError("stop here")

    monkeypatch.setattr("imbcore.cli.scored.sweep", warn_then_fail)
    rc, out, err = in_process(capsys, "sweep", files / "val.csv")
    assert rc == 2
    assert err.splitlines()[0] == "imbcore: warning: odd value 0.25"


def test_weights_optimal_scheme_from_the_command_line(tmp_path):
    # Under the Bayes rule balanced accuracy is best at the natural weight
    # (1-beta)/beta, whatever the curve: 8 negatives, 2 positives -> 4.
    f = tmp_path / "y.csv"
    f.write_text("y\n" + "\n".join(["0"] * 8 + ["1"] * 2) + "\n")
    rc, out, err = run("weights", str(f), "--label", "y", "--scheme", "optimal",
                       "--metric", "balanced_accuracy", "--auc", "0.85", "--for", "xgboost")
    assert rc == 0, err
    assert float(out.strip().split("=")[1]) == pytest.approx(4.0, rel=1e-9)
    rc, out, err = run("weights", str(f), "--label", "y")
    assert rc == 0, err
    assert "optimal (give --metric, and --score or --auc)" in out


def test_sweep_json_and_plots_of_probabilities_carry_calibration(capsys, tmp_path):
    rng = np.random.default_rng(4)
    y = (rng.random(3000) < 0.1).astype(int)
    p = 1 / (1 + np.exp(-(rng.normal(size=3000) + 2 * y - 3)))
    np.save(tmp_path / "p.npy", np.column_stack([y, p]))
    rc, out, err = in_process(capsys, "sweep", tmp_path / "p.npy", "--metrics", "f1",
                              "--json", "--plot", tmp_path / "figs")
    assert rc == 0, err
    r = json.loads(out)
    assert sorted(os.path.basename(f) for f in r["figures"]) == sorted(
        SWEEP_FIGURES + DECISION_FIGURES)
    for name in DECISION_FIGURES:
        assert (tmp_path / "figs" / name).read_bytes()[:8] == PNG
    b = r["calibration"]["brier"]
    assert b["score"] == pytest.approx(skm.brier_score_loss(y, p), rel=1e-12)
    assert r["calibration"]["log_loss"]["score"] == pytest.approx(skm.log_loss(y, p), rel=1e-12)
    assert b["score"] == pytest.approx(b["mcb"] - b["dsc"] + b["unc"], abs=1e-14)
    from scipy.stats import ks_2samp

    assert r["ks"]["statistic"] == pytest.approx(ks_2samp(p[y == 1], p[y == 0]).statistic)
    t = r["best"]["f1"]["threshold"]
    nb = r["net_benefit"]["f1"]
    assert nb["threshold"] == t
    assert nb["model"] == pytest.approx(
        ((p >= t) & (y == 1)).mean() - ((p >= t) & (y == 0)).mean() * t / (1 - t), rel=1e-12)
