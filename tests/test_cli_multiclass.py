"""``imbcore sweep`` on multiclass files, and the reader's several score columns.

References: the columns as written (pandas/NumPy), scikit-learn's one-vs-rest
``roc_auc_score`` and ``average_precision_score``, ``f1_score`` of argmax and
of the printed weights applied by hand.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from imbcore import cli
from imbcore.cli._io import read_scored
from imbcore.errors import ImbcoreError

pytest.importorskip("pyarrow")
sklearn = pytest.importorskip("sklearn")
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score  # noqa: E402


def scored_file(tmp_path, n=3000, seed=0):
    rng = np.random.default_rng(seed)
    names = np.array(["cat", "dog", "eel"])
    y = rng.choice(3, size=n, p=[0.85, 0.12, 0.03])
    logits = rng.normal(size=(n, 3)) + 1.6 * np.eye(3)[y]
    P = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    path = tmp_path / "val.csv"
    with open(path, "w") as f:
        f.write("id,truth,proba_cat,proba_dog,proba_eel\n")
        for i in range(n):
            f.write(f"{i},{names[y[i]]},{float(P[i, 0])!r},{float(P[i, 1])!r},{float(P[i, 2])!r}\n")
    return path, names[y], P


def test_reader_takes_a_list_or_a_prefix_of_score_columns(tmp_path):
    path, labels, P = scored_file(tmp_path, n=50)
    by_list = read_scored(str(path), scores=["proba_cat", "proba_dog", "proba_eel"],
                          label="truth")
    by_prefix = read_scored(str(path), score_prefix="proba_", label="truth")
    for d in (by_list, by_prefix):
        np.testing.assert_array_equal(d.score, P)
        np.testing.assert_array_equal(d.label, labels)
        assert d.score_columns == ["proba_cat", "proba_dog", "proba_eel"]
    # the same from standard input, read once
    d = read_scored("-", stdin=io.BytesIO(path.read_bytes()), score_prefix="proba_",
                    label="truth")
    np.testing.assert_array_equal(d.score, P)


@pytest.mark.parametrize("kwargs, message", [
    (dict(score_prefix="p_"), r"0 column\(s\) start with 'p_' for --score-prefix"),
    (dict(scores=["proba_cat", "proba_cow"]), r"no column 'proba_cow' for --score"),
    (dict(scores=["proba_cat", "truth"]), r"column 'truth' is given as both score and label"),
])
def test_reader_errors(tmp_path, kwargs, message):
    path, _, _ = scored_file(tmp_path, n=5)
    with pytest.raises(ImbcoreError, match=message):
        read_scored(str(path), label="truth", **kwargs)


def test_sweep_multiclass_file_against_scikit_learn(tmp_path, capsys):
    path, labels, P = scored_file(tmp_path)
    rc = cli.main(["sweep", str(path), "--label", "truth", "--score-prefix", "proba_",
                   "--metrics", "macro_f1,gmean", "--json", "--quiet"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["classes"] == ["cat", "dog", "eel"]
    for k, row in enumerate(out["per_class"]):
        positive = labels == row["class"]
        assert row["roc_auc"] == pytest.approx(roc_auc_score(positive, P[:, k]), abs=1e-12)
        assert row["average_precision"] == pytest.approx(
            average_precision_score(positive, P[:, k]), abs=1e-12)
        assert row["prevalence"] == pytest.approx(positive.mean(), abs=1e-15)
    classes = np.array(out["classes"])
    assert out["macro"]["roc_auc"] == pytest.approx(
        roc_auc_score(labels, P, multi_class="ovr", average="macro"), abs=1e-12)
    argmax_f1 = f1_score(labels, classes[np.argmax(P, axis=1)], average="macro")
    assert out["macro"]["macro_f1"] == pytest.approx(argmax_f1, abs=1e-12)
    best = out["best"]["macro_f1"]
    w = np.array(best["weights"])
    assert w.min() == pytest.approx(1.0)
    tuned = f1_score(labels, classes[np.argmax(P * w, axis=1)], average="macro")
    assert best["best"] == pytest.approx(tuned, abs=1e-9)
    assert best["argmax"] == pytest.approx(argmax_f1, abs=1e-12)
    assert best["best"] > argmax_f1


def test_sweep_multiclass_table_and_column_list(tmp_path, capsys):
    path, labels, P = scored_file(tmp_path, n=1500)
    rc = cli.main(["sweep", str(path), "--label", "truth", "--score",
                   "proba_cat,proba_dog,proba_eel", "--quiet"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "3 classes" in out and "proba_eel" in out
    assert "macro_f1" in out and "balanced_accuracy" in out and "gmean" in out


@pytest.mark.parametrize("extra, needle", [
    (["--pos-label", "cat"], "--pos-label is for two classes"),
    (["--plot", "figs"], "--plot, --bootstrap"),
])
def test_sweep_multiclass_usage_errors(tmp_path, capsys, extra, needle):
    path, _, _ = scored_file(tmp_path, n=100)
    rc = cli.main(["sweep", str(path), "--label", "truth", "--score-prefix", "proba_",
                   "--quiet", *extra])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert needle in err and "Traceback" not in err


def test_weights_optimal_on_a_multiclass_file(tmp_path, capsys):
    path, labels, P = scored_file(tmp_path, n=2000, seed=3)
    rc = cli.main(["weights", str(path), "--label", "truth", "--score-prefix", "proba_",
                   "--scheme", "optimal", "--metric", "macro_f1", "--json", "--quiet"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["classes"] == ["cat", "dog", "eel"]
    w = np.array(out["per_class"])
    classes = np.array(out["classes"])
    tuned = f1_score(labels, classes[np.argmax(P * w, axis=1)], average="macro")
    assert out["optimum"]["value"] == pytest.approx(tuned, abs=1e-9)
    assert tuned > f1_score(labels, classes[np.argmax(P, axis=1)], average="macro")
    # scikit-learn's class_weight has the same ratios
    sk = np.array([out["libraries"]["sklearn"]["class_weight"][c] for c in classes])
    np.testing.assert_allclose(sk / sk.min(), w / w.min(), rtol=1e-12)
    # and the sweep command, with the same seed, finds the same rule
    cli.main(["sweep", str(path), "--label", "truth", "--score-prefix", "proba_",
              "--metrics", "macro_f1", "--json", "--quiet"])
    swept = json.loads(capsys.readouterr().out)
    np.testing.assert_allclose(swept["best"]["macro_f1"]["weights"], w, rtol=1e-12)


def test_weights_scores_need_the_optimal_scheme(tmp_path, capsys):
    path, _, _ = scored_file(tmp_path, n=50)
    rc = cli.main(["weights", str(path), "--label", "truth", "--score-prefix", "proba_",
                   "--scheme", "balanced", "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and "--scheme optimal --metric M" in err
