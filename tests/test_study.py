"""Experiments (issue 11): the estimator engine, resumable results, summaries, presets, CLI.

References are independent of the code under test: scikit-learn fitted
directly, scipy's t interval, the binormal ROC's closed-form AUC and landing
point (scipy.stats.norm), and runs of the same design under other workers,
backends and a dask cluster.
"""

from __future__ import annotations

import math
import os
import sys

import numpy as np
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

from imbcore import cli  # noqa: E402
from imbcore.errors import ImbcoreError  # noqa: E402
from imbcore.study import Study, StudyResult, run_study  # noqa: E402
from imbcore.study import estimator as engine  # noqa: E402

SMALL = dict(engine="estimator", generator="binormal", separation=[1.0, 2.0],
             prevalence=0.1, learner=["logistic", "cart"], strategy=["weight", "threshold"],
             alpha=[1.0, 4.0], reps=2, n_samples=300, n_features=2, n_informative=2,
             random_state=7)


def small(**kw):
    return Study(**{**SMALL, **kw})


@pytest.fixture(scope="module")
def reference():
    """The small design run once, sequentially."""
    return small().run(n_jobs=1).to_frame()


# ------------------------------------------------------------ reproducibility


def test_same_random_state_same_results_and_another_differs(reference):
    pd.testing.assert_frame_equal(small().run(n_jobs=1).to_frame(), reference)
    other = small(random_state=8).run(n_jobs=1).to_frame()
    assert not np.allclose(other["roc_auc"], reference["roc_auc"])
    assert reference["fit"].tolist() == list(range(small().n_fits))


@pytest.mark.parametrize("backend,n_jobs,chunk", [("loky", 2, None), ("threading", 2, 1),
                                                  ("threading", 3, 5), ("loky", 1, 3)])
def test_results_do_not_depend_on_workers_backend_or_chunking(reference, backend, n_jobs,
                                                              chunk):
    import joblib

    with joblib.parallel_config(backend=backend):
        got = small().run(n_jobs=n_jobs, chunk_size=chunk).to_frame()
    pd.testing.assert_frame_equal(got, reference)


def test_a_dask_cluster_runs_the_same_study_unchanged(reference):
    pytest.importorskip("distributed")
    import joblib
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster):
        with joblib.parallel_config(backend="dask"):
            got = small().run().to_frame()
    pd.testing.assert_frame_equal(got, reference)


def test_generator_random_state_is_reproducible():
    a = small(random_state=np.random.default_rng(3), reps=1).run().to_frame()
    b = small(random_state=np.random.default_rng(3), reps=1).run().to_frame()
    pd.testing.assert_frame_equal(a, b)


# ---------------------------------------------------------------- resuming


class _Stop(Exception):
    pass


def _count_fits(monkeypatch):
    calls = []
    real = engine.one_fit

    def counted(design, cell, seq):
        calls.append(cell)
        return real(design, cell, seq)

    monkeypatch.setattr(engine, "one_fit", counted)
    return calls


def test_an_interrupted_study_resumes_and_reruns_nothing_finished(tmp_path, monkeypatch,
                                                                    reference):
    path = tmp_path / "results.parquet"
    calls = _count_fits(monkeypatch)
    seen = []

    def stop_after_two_chunks(done, total):
        seen.append(done)
        if len(seen) == 2:
            raise _Stop

    with pytest.raises(_Stop):
        small().run(path, n_jobs=1, chunk_size=3, progress=stop_after_two_chunks)
    finished = len(os.listdir(path))
    assert finished == 2 and len(calls) >= 6  # two chunks of 3 fits were written
    first = len(calls)
    calls.clear()
    result = small().run(path, n_jobs=1, chunk_size=3)
    assert len(calls) == small().n_fits - 6  # only the missing fits ran
    assert first - 6 <= 3  # at most the chunk in flight was lost
    pd.testing.assert_frame_equal(result.to_frame(), reference)
    calls.clear()  # everything done: nothing runs, the same frame comes back
    again = small().run(path, n_jobs=2)
    assert calls == [] and again.seconds < 60
    pd.testing.assert_frame_equal(again.to_frame(), reference)
    pd.testing.assert_frame_equal(
        pd.read_parquet(path).sort_values("fit").reset_index(drop=True), reference)


def test_resuming_without_random_state_takes_the_stored_one(tmp_path, reference):
    path = tmp_path / "r.parquet"
    small().run(path, n_jobs=1)
    got = small(random_state=None).run(path, n_jobs=1).to_frame()
    pd.testing.assert_frame_equal(got, reference)


def test_resuming_another_design_is_refused_before_any_fit(tmp_path, monkeypatch):
    path = tmp_path / "r.parquet"
    small(reps=1).run(path, n_jobs=1)
    calls = _count_fits(monkeypatch)
    with pytest.raises(ImbcoreError, match=r"different study design \(alpha: stored "
                                           r"\[1.0, 4.0\], now \[1.0, 5.0\]\)"):
        small(reps=1, alpha=[1.0, 5.0]).run(path, n_jobs=1)
    with pytest.raises(ImbcoreError, match="different study design"):
        small(reps=1, engine="estimator", metrics=["f1", "mcc"]).run(path, n_jobs=1)
    with pytest.raises(ImbcoreError, match="another random_state"):
        small(reps=1, random_state=99).run(path, n_jobs=1)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ImbcoreError, match="a file; a study writes its results to a folder"):
        small(reps=1).run(tmp_path / "file")
    assert calls == []


# ------------------------------------------------------------ bad input (section 7)


@pytest.mark.parametrize("kw,needle", [
    (dict(strategy="smoke"), "invalid strategy: got 'smoke'; known: weight, oversample, "
                             "undersample, smote, threshold, tuned"),
    (dict(engine="gpu"), "invalid engine: got 'gpu'; known: rust, estimator"),
    (dict(generator="moons"), "invalid generator: got 'moons'; known: binormal, "
                              "make_classification"),
    (dict(reps=0), "invalid reps: got 0; reps must be a whole number >= 1"),
    (dict(reps=-3), "invalid reps: got -3"),
    (dict(reps=2.5), "invalid reps: got 2.5"),
    (dict(alpha=[1.0, -1.0]), "invalid alpha: got -1.0"),
    (dict(prevalence=1.0), "invalid prevalence: got 1.0"),
    (dict(metrics=["f1", "nope"]), "nope"),
    (dict(learner="forest"), "invalid learner: got 'forest'; known: cart, logistic, hgb, sgd"),
    (dict(random_state=-1), "invalid random_state: got -1"),
])
def test_bad_designs_raise_before_any_fit(kw, needle):
    with pytest.raises(ImbcoreError) as e:
        small(**kw)
    assert needle in str(e.value)


class _NoFit:
    def predict_proba(self, X):  # pragma: no cover - never called
        return X


class _NoScores:
    def fit(self, X, y):  # pragma: no cover - never called
        return self

    def get_params(self, deep=True):  # pragma: no cover
        return {}


def test_estimators_without_fit_or_scores_are_refused():
    with pytest.raises(ImbcoreError, match="_NoFit, which has no fit method"):
        small(learner=_NoFit())
    with pytest.raises(ImbcoreError, match="neither predict_proba nor decision_function"):
        small(learner=_NoScores())
    from sklearn.tree import DecisionTreeClassifier

    with pytest.raises(ImbcoreError, match="got the class DecisionTreeClassifier; pass an "
                                           "instance"):
        small(learner=DecisionTreeClassifier)


def test_weighting_an_estimator_without_sample_weight_is_refused():
    from sklearn.neighbors import KNeighborsClassifier

    with pytest.raises(ImbcoreError, match="takes no sample_weight; strategy 'weight' needs it"):
        small(learner=KNeighborsClassifier(), strategy="weight")
    small(learner=KNeighborsClassifier(), strategy="threshold")  # fine without weights


def test_sampler_strategies_without_imbalanced_learn_name_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "imblearn", None)  # `import imblearn` raises ImportError
    for strategy in ("oversample", "undersample", "smote"):
        with pytest.raises(ImbcoreError, match=r"imbalanced-learn, which is not installed: "
                                               r"pip install 'imbcore\[imbalanced\]'"):
            small(strategy=["weight", strategy])
    small(strategy=["weight", "threshold", "tuned"])  # the others need no sampler


def test_smote_is_estimator_engine_only():
    with pytest.raises(ImbcoreError, match="SMOTE runs on the estimator engine only"):
        small(engine="rust", strategy="smote", learner="cart")


def test_the_rust_engine_refuses_estimator_objects():
    from sklearn.tree import DecisionTreeClassifier

    with pytest.raises(ImbcoreError, match="invalid learner"):
        small(engine="rust", learner=DecisionTreeClassifier())


def test_unknown_preset_lists_the_known_ones():
    from imbcore.study.presets import preset

    with pytest.raises(ImbcoreError, match="invalid preset: got 'orignal'; known: original, "
                                           "weighting-vs-oversampling, strategies, landing"):
        preset("orignal")


def test_bad_run_arguments():
    with pytest.raises(ImbcoreError, match="invalid n_jobs"):
        small().run(n_jobs=0)
    with pytest.raises(ImbcoreError, match="invalid chunk_size: got 0"):
        small().run(chunk_size=0)
    with pytest.raises(ImbcoreError, match="invalid progress: got 'yes'"):
        small().run(progress="yes")


def test_learners_named_by_a_dict():
    r = small(learner={"deep": "cart", "lr": "logistic"}, reps=1).run().to_frame()
    assert set(r["learner"]) == {"deep", "lr"}
    assert r[r.learner == "deep"]["tree_depth"].notna().all()
    assert r[r.learner == "lr"]["tree_depth"].isna().all()
    try:
        from imbcore.study import _rust  # noqa: F401
    except ImportError:
        return
    r = small(engine="rust", learner={"deep": "cart", "lr": "logistic"}, reps=1).run()
    df = r.to_frame()
    assert df[df.learner == "deep"]["tree_depth"].notna().all()
    assert df[df.learner == "lr"]["tree_depth"].isna().all()


# ------------------------------------------------------- summaries and figures


def test_summary_matches_a_direct_t_interval(reference):
    stats = pytest.importorskip("scipy.stats")
    r = small().run(n_jobs=1)
    s = r.summary(["f1", "roc_auc"])
    axes = ["generator", "separation", "prevalence", "learner", "strategy", "alpha"]
    assert len(s) == small().design.n_cells
    for _, row in s.iterrows():
        cell = reference
        for a in axes:
            cell = cell[cell[a] == row[a]]
        for col in ("f1", "roc_auc"):
            v = cell[col].dropna().to_numpy()
            assert row["n"] == len(cell)
            assert row[f"{col}_mean"] == pytest.approx(v.mean(), rel=1e-12)
            with np.errstate(invalid="ignore"):
                lo, hi = stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
            if np.isnan(lo):  # no spread: scipy gives NaN, the interval is the point
                assert row[f"{col}_ci_low"] == pytest.approx(v.mean())
            else:
                assert row[f"{col}_ci_low"] == pytest.approx(lo, rel=1e-9, abs=1e-12)
                assert row[f"{col}_ci_high"] == pytest.approx(hi, rel=1e-9, abs=1e-12)


def test_summary_with_more_repetitions_matches_scipy_at_90_percent():
    stats = pytest.importorskip("scipy.stats")
    r = small(reps=6, learner="logistic", strategy="weight", alpha=[1.0, 9.0]).run()
    df = r.to_frame()
    s = r.summary("average_precision", confidence=0.9)
    for _, row in s.iterrows():
        v = df[(df.separation == row.separation) & (df.alpha == row.alpha)][
            "average_precision"].to_numpy()
        lo, hi = stats.t.interval(0.9, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
        assert row["average_precision_ci_low"] == pytest.approx(lo, rel=1e-10)
        assert row["average_precision_ci_high"] == pytest.approx(hi, rel=1e-10)
    with pytest.raises(ImbcoreError, match="invalid columns: got 'nope'"):
        r.summary("nope")
    with pytest.raises(ImbcoreError, match="invalid confidence"):
        r.summary(confidence=1.5)


def test_to_frame_without_pandas_is_a_dict_of_arrays(monkeypatch, reference):
    r = small().run(n_jobs=1)
    monkeypatch.setitem(sys.modules, "pandas", None)
    cols = r.to_frame()
    assert isinstance(cols, dict)
    assert list(cols) == list(reference.columns)
    np.testing.assert_array_equal(cols["roc_auc"], reference["roc_auc"].to_numpy())


def test_plot_draws_a_line_per_separation_with_the_theory(monkeypatch):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    r = small(learner="logistic").run(n_jobs=1)
    ax = r.plot("f1", strategy="weight")
    labels = [line.get_label() for line in ax.get_lines()]
    assert "separation 1" in labels and "separation 2" in labels
    assert "theory, bayes rule" in labels
    import imbcore

    if hasattr(imbcore, "Binormal"):  # the expected_loss overlay comes from the theory
        assert "theory, expected_loss rule" in labels
    assert ax.get_xscale() == "log"
    plt.close(ax.figure)
    with pytest.raises(ImbcoreError, match="invalid strategy: the study has several"):
        r.plot("f1")
    with pytest.raises(ImbcoreError, match="invalid metric: got 'mcc'"):
        r.plot("mcc", strategy="weight")


# ------------------------------------------------------------- what is measured


def test_the_estimator_engine_measures_what_the_binormal_theory_says():
    """Logistic regression on binormal data: ROC-AUC near Phi(d / sqrt 2), and weight alpha
    lands near the bayes rule's recall (closed forms with scipy, not the code's own)."""
    norm = pytest.importorskip("scipy.stats").norm
    d, beta = 1.5, 0.1
    r = Study(engine="estimator", separation=d, prevalence=beta, learner="logistic",
              strategy=["weight", "threshold"], alpha=[1.0, 9.0], reps=12, n_samples=4000,
              n_features=2, n_informative=2, random_state=0).run(n_jobs=2)
    df = r.to_frame()
    assert df["roc_auc"].mean() == pytest.approx(norm.cdf(d / math.sqrt(2)), abs=0.01)
    for (strategy, alpha), cell in df.groupby(["strategy", "alpha"]):
        cut = math.log((1 - beta) / (alpha * beta)) / d + d / 2
        assert cell["recall"].mean() == pytest.approx(norm.sf(cut - d), abs=0.06), strategy
        assert cell["specificity"].mean() == pytest.approx(norm.cdf(cut), abs=0.02), strategy


def test_every_strategy_runs_and_resamples_as_documented():
    pytest.importorskip("imblearn")
    r = Study(engine="estimator", separation=1.5, prevalence=0.1, learner="cart",
              strategy=["weight", "oversample", "undersample", "smote", "threshold", "tuned"],
              alpha=[1.0, 5.0], reps=2, n_samples=600, n_features=2, n_informative=2,
              max_depth=3, random_state=0, metrics=["f1", "balanced_accuracy"]).run()
    df = r.to_frame()
    assert len(df) == 24 and df["roc_auc"].notna().all()
    assert (df["tree_depth"] <= 3).all()
    # weight 5 on positives, oversampling by 5 and undersampling to 1/5 raise recall
    for s in ("weight", "oversample", "undersample", "threshold"):
        one = df[(df.strategy == s) & (df.alpha == 1.0)]["recall"].mean()
        five = df[(df.strategy == s) & (df.alpha == 5.0)]["recall"].mean()
        assert five >= one, s


def test_weight_k_equals_k_fold_duplication_for_full_batch_logistic_regression():
    """The claim of the weighting-vs-oversampling preset, checked with scikit-learn alone."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    y = (rng.random(3000) < 0.05).astype(int)
    X = rng.normal(size=(3000, 3)) + y[:, None] * [1.0, 0.5, 0.0]
    for k in (2, 7):
        a = LogisticRegression(tol=1e-12, max_iter=10_000).fit(
            X, y, sample_weight=np.where(y == 1, k, 1.0))
        idx = np.repeat(np.arange(y.size), np.where(y == 1, k, 1))
        b = LogisticRegression(tol=1e-12, max_iter=10_000).fit(X[idx], y[idx])
        np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-6)
        np.testing.assert_allclose(a.intercept_, b.intercept_, atol=1e-6)
    from imbcore.study.presets import duplication_check

    rows = duplication_check((2, 10), reps=2, n_samples=1500)
    for row in rows:
        assert row["logistic_max_diff"] < 1e-6
        assert row["sgd_max_diff"] > 1e-3 and row["sgd_rel"] > 0.01


def test_the_figures_bayes_landing_is_the_binormal_closed_form():
    norm = pytest.importorskip("scipy.stats").norm
    from imbcore import Binormal

    alpha = np.array([0.5, 1.0, 7.0, 99.0])
    for a, beta in ((0.7, 0.01), (2.0, 0.3)):
        x, z = Binormal(a).landing(alpha, beta)
        # the likelihood ratio exp(a*s - a^2/2) equals (1-beta)/(alpha*beta) at the cut s
        s = (np.log((1 - beta) / (alpha * beta)) + a * a / 2) / a
        np.testing.assert_allclose(x, norm.sf(s - a), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(z, norm.cdf(s), rtol=1e-12, atol=1e-15)
        tp, fn, fp = beta * norm.sf(s - a), beta * norm.cdf(s - a), (1 - beta) * norm.sf(s)
        np.testing.assert_allclose(Binormal(a).expected_metric("f1", alpha, beta),
                                   2 * tp / (2 * tp + fp + fn), rtol=1e-9)


def test_threshold_for_weight_is_one_over_one_plus_alpha():
    for a in (0.5, 1.0, 3.0, 99.0):
        assert engine.threshold_for_weight(a) == pytest.approx(1 / (1 + a), rel=1e-15)


def test_binormal_generator_has_the_documented_distribution():
    X, y = engine.binormal(200_000, 4, 2.0, 0.3, np.random.default_rng(1))
    assert y.sum() == 60_000
    diff = X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0)
    np.testing.assert_allclose(diff, [2 / math.sqrt(4)] * 4, atol=0.02)
    np.testing.assert_allclose(np.cov(X[y == 0].T), np.eye(4), atol=0.02)


def test_run_study_and_the_package_attribute():
    import imbcore

    assert imbcore.study.Study is Study
    r = run_study(**{**SMALL, "reps": 1})
    assert isinstance(r, StudyResult) and len(r) == 16
    assert "16 fits of 16" in repr(r)


# ------------------------------------------------------------------------- CLI


def test_cli_writes_results_figures_and_a_report(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "landing"
    rc = cli.main(["study", "--preset", "landing", "--reps", "1", "--engine", "estimator",
                   "--out", str(out), "--n-jobs", "2", "--quiet"])
    text, err = capsys.readouterr()
    assert rc == 0, err
    files = sorted(os.listdir(out))
    assert files == ["landing_recall_cart.png", "landing_recall_logistic.png", "report.md",
                     "results.parquet"]
    df = pd.read_parquet(out / "results.parquet")
    assert len(df) == 2 * 4 * 11 and set(df.learner) == {"logistic", "cart"}
    report = (out / "report.md").read_text()
    assert "recall, bayes rule" in report and "![" in report
    assert "landing" in text and "Wrote results.parquet" in text
    # run again: everything is done, nothing is refit, the same rows come back
    rc = cli.main(["study", "--preset", "landing", "--reps", "1", "--engine", "estimator",
                   "--out", str(out), "--quiet"])
    assert rc == 0
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), df)


@pytest.mark.parametrize("args,needles", [
    (["--preset", "nope"], ["invalid preset: got 'nope'", "original, weighting-vs-oversampling,"
                                                         " strategies, landing"]),
    (["--preset", "landing", "--reps", "0"], ["--reps", "reps must be a whole number >= 1"]),
    (["--preset", "landing", "--engine", "gpu"], ["invalid engine: got 'gpu'",
                                                  "known: rust, estimator"]),
])
def test_cli_errors_are_one_line(capsys, tmp_path, args, needles):
    try:
        rc = cli.main(["study", *args, "--out", str(tmp_path / "x")])
    except SystemExit as e:  # argparse's own checks (the option's type) exit
        rc = e.code
    _, err = capsys.readouterr()
    assert rc == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    for n in needles:
        assert n in err
    assert not (tmp_path / "x").exists()  # nothing written before the checks


# -------------------------------------------------------- the two engines agree


def _rust_engine_or_skip():
    try:
        from imbcore.study import _rust  # noqa: F401
    except ImportError:
        pytest.skip("this build has no Rust study engine")


def test_both_engines_give_statistically_compatible_results():
    """The same binormal design on both engines: per cell, the means of ROC-AUC, F1, recall
    and specificity differ by less than 4.5 standard errors of their difference (Welch)."""
    _rust_engine_or_skip()
    design = dict(generator="binormal", separation=[1.0, 2.0], prevalence=0.1,
                  learner=["logistic", "cart"], strategy=["weight", "threshold", "tuned"],
                  alpha=[1.0, 9.0], n_samples=1500, n_features=2, n_informative=2,
                  max_depth=4, random_state=3)
    est = Study(engine="estimator", reps=30, **design).run(n_jobs=2).to_frame()
    rust = Study(engine="rust", reps=120, **design).run().to_frame()
    axes = ["separation", "learner", "strategy", "alpha"]
    checked = 0
    for key, e in est.groupby(axes):
        r = rust
        for a, v in zip(axes, key):
            r = r[r[a] == v]
        for col in ("roc_auc", "f1", "recall", "specificity", "f1_best"):
            x, y = e[col].dropna(), r[col].dropna()
            se = math.sqrt(x.var() / len(x) + y.var() / len(y))
            assert abs(x.mean() - y.mean()) <= 4.5 * se + 1e-3, (key, col, x.mean(), y.mean())
            checked += 1
        if key[1] == "cart":  # depth-limited trees on both engines
            assert e["tree_depth"].max() <= 4 and r["tree_depth"].max() <= 4
        else:
            assert e["tree_depth"].isna().all() and r["tree_depth"].isna().all()
    assert checked == 2 * 2 * 3 * 2 * 5


def test_rust_engine_results_do_not_depend_on_threads_or_chunks(tmp_path):
    _rust_engine_or_skip()
    s = small(engine="rust", reps=3)
    a = s.run(n_jobs=1).to_frame()
    b = s.run(n_jobs=2, chunk_size=5).to_frame()
    pd.testing.assert_frame_equal(a, b)
    path = tmp_path / "r.parquet"
    seen = []

    def stop(done, total):
        seen.append(done)
        if done >= 10:
            raise _Stop

    with pytest.raises(_Stop):
        s.run(path, chunk_size=4, progress=stop)
    pd.testing.assert_frame_equal(s.run(path).to_frame(), a)


def test_progress_bar_and_callback(capsys):
    got = []
    small(reps=1).run(progress=lambda done, total: got.append((done, total)), chunk_size=4)
    assert got[-1] == (8 * 2, 16) and [d for d, _ in got] == sorted(d for d, _ in got)
    small(reps=1).run(progress=True)
    err = capsys.readouterr().err
    assert "/16 [" in err and "fit/s" in err and "<" in err  # count, time left, rate


def test_strategies_of_one_repetition_share_the_data(reference):
    """Common random numbers: every strategy and alpha of a repetition sees the same data."""
    keys = ["generator", "separation", "prevalence", "rep"]
    for _, g in reference.groupby(keys):
        assert g["n_pos_train"].nunique() == 1 and g["n_pos_test"].nunique() == 1
    # an unweighted tree (threshold) and a tree with weight 1 are the same tree
    a = reference[(reference.learner == "cart") & (reference.alpha == 1.0)]
    w, t = a[a.strategy == "weight"], a[a.strategy == "threshold"]
    np.testing.assert_array_equal(w["roc_auc"].to_numpy(), t["roc_auc"].to_numpy())
    np.testing.assert_array_equal(w["tree_depth"].to_numpy(), t["tree_depth"].to_numpy())
    # different repetitions draw different data
    assert reference.groupby(keys)["n_pos_train"].first().nunique() > 1


def test_rust_engine_weight_k_equals_k_fold_oversampling_for_logistic_regression():
    """On the same data, weight k and duplicating each positive k times give the same
    full-batch logistic regression: the same test scores, so the same AUC, Brier and F1."""
    _rust_engine_or_skip()
    r = Study(engine="rust", learner="logistic", strategy=["weight", "oversample"],
              separation=[1.0, 2.0], alpha=[2.0, 5.0, 20.0], reps=4, n_samples=2000,
              prevalence=0.05, n_features=2, n_informative=2, random_state=0).run().to_frame()
    w = r[r.strategy == "weight"].reset_index(drop=True)
    o = r[r.strategy == "oversample"].reset_index(drop=True)
    for col in ("roc_auc", "brier", "f1", "recall", "specificity"):
        np.testing.assert_allclose(w[col], o[col], atol=1e-9, err_msg=col)


def test_strategies_report_is_aligned_honest_and_concludes(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    import re

    out = tmp_path / "strategies"
    rc = cli.main(["study", "--preset", "strategies", "--reps", "4", "--engine", "rust",
                   "--out", str(out), "--quiet"])
    text, err = capsys.readouterr()
    assert rc == 0, err
    # an aligned table on standard output: every row as long as its dashed rule, no pipes
    lines = text.splitlines()
    rule = next(i for i, ln in enumerate(lines) if set(ln.replace(" ", "")) == {"-"})
    header, body = lines[rule - 1], lines[rule + 1:]
    body = body[:next(i for i, ln in enumerate(body) if not ln.strip())]
    assert "|" not in header and len(body) >= 8
    gaps = [i for i, ch in enumerate(lines[rule]) if ch == " "]
    assert len(gaps) >= 2 * 8  # nine columns, two spaces between each
    for ln in [header, *body]:  # every row keeps the gaps between the rule's columns
        assert "|" not in ln and len(ln) <= len(lines[rule])
        assert all(i >= len(ln) or ln[i] == " " for i in gaps), ln
    report = (out / "report.md").read_text()
    # best alpha is labelled an oracle; the conclusion exists and gives intervals
    assert "oracle" in report and "## Conclusion" in report
    conclusion = report.split("## Conclusion")[1]
    assert conclusion.count("- Prevalence") == 4 and "[" in conclusion
    # intervals respect F1's range
    for lo, hi in re.findall(r"\[(-?[0-9.]+), (-?[0-9.]+)\]", report):
        assert 0.0 <= float(lo) <= float(hi) <= 1.0
    # weight k and oversampling by whole k train the same model in the Rust engine:
    # the lines coincide, and the report says so
    df = pd.read_parquet(out / "results.parquet")
    w = df[df.strategy == "weight"].sort_values(["prevalence", "learner", "alpha", "rep"])
    o = df[df.strategy == "oversample"].sort_values(["prevalence", "learner", "alpha", "rep"])
    same = np.allclose(w.f1.to_numpy(), o.f1.to_numpy(), equal_nan=True)
    assert ("coincide" in report) == same
    assert "class weight" in report and "oversampling factor" in report
