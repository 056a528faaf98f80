"""Figures of multiclass decisions against what scikit-learn counts.

The confusion matrices against ``confusion_matrix(normalize="true")``, the bars
against ``precision_recall_fscore_support``, the marked decision points against
per-class recall and precision; the PNGs are written (and were looked at).
"""

from __future__ import annotations

import numpy as np
import pytest

import imbcore as ic

pytest.importorskip("matplotlib")
sklearn = pytest.importorskip("sklearn")
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support  # noqa: E402


def data(n: int = 6000, seed: int = 0, priors=(0.85, 0.1, 0.04, 0.01)):
    return make_classification(n_samples=n, n_features=10, n_informative=6, n_redundant=0,
                               n_classes=len(priors), n_clusters_per_class=1,
                               weights=list(priors), class_sep=0.9, random_state=seed)


def test_figures_show_what_scikit_learn_counts(tmp_path):
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from imbcore.plot.multiclass import confusion_before_after, per_class_bars, per_class_curves

    X, y = data(6000, seed=7)
    half = y.size // 2
    base = LogisticRegression(max_iter=2000).fit(X[:half], y[:half])
    P = base.predict_proba(X[half:])
    yv = y[half:]
    d = np.array([1.0, 2.5, 5.0, 9.0])  # a weight vector: argmax_j w_j p_j
    tuned = np.argmax(P * d, axis=1)

    axes = confusion_before_after(yv, P, d)
    for ax, pred in zip(axes, (np.argmax(P, axis=1), tuned)):
        np.testing.assert_allclose(ax.images[0].get_array(),
                                   confusion_matrix(yv, pred, normalize="true"), rtol=1e-12)
    axes[0].figure.savefig(tmp_path / "confusion.png")

    ax = per_class_bars(yv, P, d)
    heights = np.array([p.get_height() for p in ax.patches]).reshape(3, 2, 4)
    for b, pred in enumerate((np.argmax(P, axis=1), tuned)):
        prec, rec, f1, _ = precision_recall_fscore_support(yv, pred, zero_division=0.0)
        np.testing.assert_allclose(heights[0, b], rec, rtol=1e-12)
        np.testing.assert_allclose(heights[1, b], prec, rtol=1e-12)
        np.testing.assert_allclose(heights[2, b], f1, rtol=1e-12)
    ax.figure.savefig(tmp_path / "bars.png")

    axes = per_class_curves(yv, P, decision=d)
    # the crosses sit at the tuned decision's per-class recall and precision
    prec, rec, _, _ = precision_recall_fscore_support(yv, tuned, zero_division=0.0)
    crosses = [ln for ln in axes[0].lines if ln.get_marker() == "X" and ln.get_xdata().size]
    np.testing.assert_allclose([ln.get_xdata()[0] for ln in crosses], rec, rtol=1e-12)
    np.testing.assert_allclose([ln.get_ydata()[0] for ln in crosses], prec, rtol=1e-12)
    axes[0].figure.savefig(tmp_path / "curves.png")
    plt.close("all")
    assert all((tmp_path / f).stat().st_size > 10_000
               for f in ("confusion.png", "bars.png", "curves.png"))


def test_figures_take_a_tuned_decision():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from imbcore.plot.multiclass import confusion_before_after

    X, y = data(3000, seed=8)
    names = np.array(["a", "b", "c", "d"])
    base = LogisticRegression(max_iter=2000).fit(X[:1500], names[y[:1500]])
    P = base.predict_proba(X[1500:])
    yv = names[y[1500:]]
    d = ic.sweep_multiclass(yv, P).best("macro_f1", random_state=0)
    axes = confusion_before_after(yv, P, d)
    np.testing.assert_allclose(axes[1].images[0].get_array(),
                               confusion_matrix(yv, d.predict(P), normalize="true"), rtol=1e-12)
    plt.close("all")


@pytest.mark.parametrize("call, message", [
    (lambda f: f([0, 1, 2], np.ones((3, 2)) / 2),
     r"^invalid y_score: got 2 columns for 3 classes"),
    (lambda f: f([0, 1, 5], np.ones((3, 3)) / 3, labels=[0, 1, 2]),
     r"^invalid y_true: got label 5, which is not in labels"),
    (lambda f: f([0, 1, 2], [[1, 0, 0], [0, np.nan, 1], [0, 0, 1]]),
     r"^invalid y_score: got a non-finite score in row 1"),
    (lambda f: f([0, 1, 2], np.eye(3), decision=[1.0, -1.0, 2.0]),
     r"^invalid decision: got \[1\.0, -1\.0, 2\.0\]"),
])
def test_figure_errors_name_the_argument(call, message):
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from imbcore.plot.multiclass import per_class_curves

    with pytest.raises(ic.ImbcoreError, match=message):
        call(per_class_curves)
    plt.close("all")
