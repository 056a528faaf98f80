"""Figures of multiclass decisions: per-class curves, confusion matrices, per-class scores.

Needs matplotlib. Each function takes the validation (or test) labels and the
score matrix (``predict_proba``, one column per class in the order of
``labels``), draws on ``ax``/``axes`` (new ones when None) and returns them:

* :func:`per_class_curves`: every class's one-vs-rest precision-recall and
  ROC curves on one figure, one colour per class, with each class's best
  point for a binary metric marked (and, given a tuned decision, where that
  decision puts each class);
* :func:`confusion_before_after`: the confusion matrix normalised by true
  class (each row sums to 1: recall on the diagonal) of plain argmax and of
  the tuned decision, side by side;
* :func:`per_class_bars`: per-class recall, precision and F1 of argmax and of
  the tuned decision.

A *decision* is a :class:`imbcore.MulticlassDecision` (anything with
``predict(y_score)``), or a weight vector ``w`` for the rule
``argmax_j w_j s_j``.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

import matplotlib.pyplot as plt  # the package's __init__ says when matplotlib is missing

from ..errors import ImbcoreError

__all__ = ["per_class_curves", "confusion_before_after", "per_class_bars", "class_colors"]


def class_colors(k: int) -> list[Any]:
    """One colour per class: matplotlib's ten-colour cycle, then ``tab20``, then ``turbo``."""
    if k <= 10:
        return [f"C{i}" for i in range(k)]
    cmap = plt.get_cmap("tab20" if k <= 20 else "turbo")
    return [cmap(i / max(k - 1, 1)) if k > 20 else cmap(i) for i in range(k)]


def _inputs(y_true: Any, y_score: Any, labels: Any, sample_weight: Any
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    y = np.asarray(y_true)
    s = np.asarray(y_score, dtype=np.float64)
    if y.ndim != 1:
        raise ImbcoreError(f"invalid y_true: got an array of shape {y.shape}; y_true must be a "
                           "1-D array of labels")
    if s.ndim != 2 or s.shape[0] != y.shape[0]:
        raise ImbcoreError(f"invalid y_score: got an array of shape {s.shape} for {y.shape[0]} "
                           "labels; y_score must be (n_samples, n_classes)")
    classes = np.unique(y) if labels is None else np.asarray(labels)
    if classes.ndim != 1 or classes.size != s.shape[1]:
        raise ImbcoreError(f"invalid y_score: got {s.shape[1]} columns for {classes.size} "
                           f"classes {classes.tolist()}; give one column per class, in the "
                           "order of labels")
    absent = ~np.isin(y, classes)
    if absent.any():
        bad = y[int(np.argmax(absent))]
        raise ImbcoreError(f"invalid y_true: got label {getattr(bad, 'item', lambda: bad)()!r}, "
                           f"which is not in labels {classes.tolist()}")
    if not np.isfinite(s).all():
        row = int(np.argmax(~np.isfinite(s).all(axis=1)))
        raise ImbcoreError(f"invalid y_score: got a non-finite score in row {row}; scores must "
                           "be finite")
    w = None
    if sample_weight is not None:
        w = np.asarray(sample_weight, dtype=np.float64)
        if w.shape != y.shape or not (np.isfinite(w) & (w >= 0)).all():
            raise ImbcoreError(f"invalid sample_weight: got shape {w.shape}; one finite "
                               "weight >= 0 per label")
    return y, s, classes, w


def _predict(decision: Any, s: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """The labels a decision (an object with ``predict``, or a weight vector) gives."""
    if decision is None:
        return classes[np.argmax(s, axis=1)]
    if hasattr(decision, "predict"):
        return np.asarray(decision.predict(s))
    w = np.asarray(decision, dtype=np.float64)
    if w.shape != (classes.size,) or not (np.isfinite(w) & (w > 0)).all():
        raise ImbcoreError(f"invalid decision: got {decision!r}; give a MulticlassDecision or "
                           f"{classes.size} finite weights > 0")
    return classes[np.argmax(s * w, axis=1)]


def _confusion(y: np.ndarray, pred: np.ndarray, classes: np.ndarray,
               w: np.ndarray | None) -> np.ndarray:
    """The K x K confusion matrix (rows true, columns predicted), weighted by ``w``."""
    k = classes.size
    order = np.argsort(classes)
    ti = order[np.searchsorted(classes, y, sorter=order)]
    pi = order[np.searchsorted(classes, pred, sorter=order)]
    m = np.zeros((k, k))
    np.add.at(m, (ti, pi), 1.0 if w is None else w)
    return m


def _per_class(m: np.ndarray) -> dict[str, np.ndarray]:
    """Per-class recall, precision and F1 of a confusion matrix (0 where undefined, as
    scikit-learn's ``zero_division=0``)."""
    tp = np.diag(m)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.where(m.sum(axis=1) > 0, tp / m.sum(axis=1), 0.0)
        precision = np.where(m.sum(axis=0) > 0, tp / m.sum(axis=0), 0.0)
        f1 = np.where(recall + precision > 0, 2 * recall * precision / (recall + precision), 0.0)
    return {"recall": recall, "precision": precision, "F1": f1}


def per_class_curves(y_true: Any, y_score: Any, *, labels: Any = None, sample_weight: Any = None,
                     metric: str = "f1", decision: Any = None, axes: Any = None) -> Any:
    """Every class's one-vs-rest precision-recall and ROC curves, one colour per class.

    Each class ``c`` is swept as the binary problem ``y_true == c`` on its
    column of scores (:func:`imbcore.sweep`); its best threshold for
    ``metric`` is marked with a circle. Given ``decision``, a cross marks
    where that multiclass decision puts each class (its recall and precision,
    its recall and false positive rate), which is not in general a point of
    the one-vs-rest curve: the decision compares columns.

    Parameters
    ----------
    y_true : array_like of shape (n,)
    y_score : array_like of shape (n, K)
        Scores, one column per class in the order of ``labels``.
    labels : array_like, optional
        The classes, in the order of the columns (default: the sorted labels).
    sample_weight : array_like of shape (n,), optional
    metric : str, default "f1"
        The binary metric whose best one-vs-rest point is marked.
    decision : MulticlassDecision or array_like of K weights, optional
        A tuned decision to mark.
    axes : two matplotlib Axes, optional

    Returns
    -------
    ndarray of two Axes (PR, ROC)

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.plot.multiclass import per_class_curves
    >>> rng = np.random.default_rng(0)
    >>> y = rng.choice(3, size=3000, p=[0.8, 0.15, 0.05])
    >>> P = rng.dirichlet(np.ones(3), size=3000) + 2 * np.eye(3)[y]
    >>> P /= P.sum(axis=1, keepdims=True)
    >>> axes = per_class_curves(y, P, decision=[1.0, 2.0, 4.0])
    >>> [t.get_text()[:9] for t in axes[0].get_legend().get_texts()][:3]
    ['class 0 (', 'class 1 (', 'class 2 (']
    """
    from .._sweep import sweep

    y, s, classes, w = _inputs(y_true, y_score, labels, sample_weight)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12.0, 5.0), layout="constrained")
    ax_pr, ax_roc = axes[0], axes[1]
    colors = class_colors(classes.size)
    m = None
    if decision is not None:
        m = _confusion(y, _predict(decision, s, classes), classes, w)
    for k, c in enumerate(classes):
        positive = y == c
        if not positive.any() or positive.all():
            continue  # one-vs-rest curves need both sides
        sw = sweep(positive, s[:, k], sample_weight=w)
        tp, fp = np.asarray(sw.tp, dtype=np.float64), np.asarray(sw.fp, dtype=np.float64)
        recall = tp / tp[-1]
        with np.errstate(invalid="ignore"):
            precision = np.where(tp + fp > 0, tp / (tp + fp), 1.0)
        fpr = fp / fp[-1]
        best = sw.best(metric)
        i = best.index
        ax_pr.plot(recall, precision, color=colors[k], lw=1.5,
                   label=f"class {c} (AP {sw.average_precision:.3f})")
        ax_roc.plot(np.r_[0.0, fpr], np.r_[0.0, recall], color=colors[k], lw=1.5,
                    label=f"class {c} (AUC {sw.roc_auc:.3f})")
        for ax, x, yy in ((ax_pr, recall[i], precision[i]), (ax_roc, fpr[i], recall[i])):
            ax.plot([x], [yy], "o", color=colors[k], mec="black", ms=8, zorder=3)
        if m is not None:
            r = _per_class(m)
            neg = m.sum() - m[k].sum()
            class_fpr = (m[:, k].sum() - m[k, k]) / neg if neg > 0 else 0.0
            ax_pr.plot([r["recall"][k]], [r["precision"][k]], "X", color=colors[k],
                       mec="black", ms=10, zorder=4)
            ax_roc.plot([class_fpr], [r["recall"][k]], "X", color=colors[k], mec="black",
                        ms=10, zorder=4)
    from matplotlib.lines import Line2D

    keys = [Line2D([], [], ls="", marker="o", color="0.6", mec="black", ms=8,
                   label=f"best one-vs-rest {metric}")]
    if m is not None:
        keys.append(Line2D([], [], ls="", marker="X", color="0.6", mec="black", ms=10,
                           label="tuned multiclass decision"))
    ax_roc.plot([0, 1], [0, 1], ls="--", color="0.6", lw=1.0)
    for ax, title, xl, yl in ((ax_pr, "Precision-recall, one vs rest", "recall", "precision"),
                              (ax_roc, "ROC, one vs rest", "false positive rate",
                               "recall (true positive rate)")):
        ax.set_xlim(0, 1.0)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(xl)
        ax.set_ylabel(yl)
        ax.set_title(title)
        ax.grid(alpha=0.3)
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles=handles + keys, fontsize="small",
                  loc="lower left" if ax is ax_pr else "lower right")
    return np.asarray(axes)


def confusion_before_after(y_true: Any, y_score: Any, decision: Any, *, labels: Any = None,
                           sample_weight: Any = None, axes: Any = None,
                           names: Sequence[str] = ("argmax", "tuned")) -> Any:
    """The confusion matrix normalised by true class, of argmax and of ``decision``.

    Each row sums to 1, so the diagonal is each class's recall; each cell is
    annotated with its share and the count.

    Parameters
    ----------
    y_true, y_score, labels, sample_weight
        As :func:`per_class_curves`.
    decision : MulticlassDecision or array_like of K weights
    axes : two matplotlib Axes, optional
    names : two str
        The titles of the two matrices.

    Returns
    -------
    ndarray of two Axes

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.plot.multiclass import confusion_before_after
    >>> y = np.array([0, 0, 0, 1, 1, 2])
    >>> P = np.array([[.9, .1, 0], [.6, .4, 0], [.7, .2, .1], [.5, .4, .1], [.2, .8, 0],
    ...               [.5, .1, .4]])
    >>> axes = confusion_before_after(y, P, [1.0, 1.5, 2.0])
    >>> axes[1].images[0].get_array()[2].tolist()     # class 2 now found
    [0.0, 0.0, 1.0]
    """
    y, s, classes, w = _inputs(y_true, y_score, labels, sample_weight)
    if axes is None:
        k = classes.size
        side = min(4.0 + 0.55 * k, 9.0)
        _, axes = plt.subplots(1, 2, figsize=(2 * side + 1.4, side + 0.6),
                               layout="constrained")
    image = None
    for ax, dec, title in zip(axes, (None, decision), names):
        m = _confusion(y, _predict(dec, s, classes), classes, w)
        rows = m.sum(axis=1, keepdims=True)
        share = np.divide(m, rows, out=np.zeros_like(m), where=rows > 0)
        image = ax.imshow(share, cmap="Blues", vmin=0.0, vmax=1.0)
        k = classes.size
        for i in range(k):
            for j in range(k):
                count = f"{m[i, j]:.0f}" if w is None else f"{m[i, j]:.3g}"
                ax.text(j, i, f"{share[i, j]:.2f}\n({count})", ha="center", va="center",
                        fontsize="small" if k <= 6 else "x-small",
                        color="white" if share[i, j] > 0.6 else "black")
        ax.set_xticks(range(k), [str(c) for c in classes])
        ax.set_yticks(range(k), [str(c) for c in classes])
        ax.set_xlabel("predicted class")
        ax.set_ylabel("true class")
        macro_recall = float(np.mean(np.diag(share)))
        ax.set_title(f"{title} (mean recall {macro_recall:.3f})")
    ax0 = axes[-1]
    ax0.figure.colorbar(image, ax=list(axes), shrink=0.8, label="share of the true class")
    return np.asarray(axes)


def per_class_bars(y_true: Any, y_score: Any, decision: Any, *, labels: Any = None,
                   sample_weight: Any = None, ax: Any = None,
                   names: Sequence[str] = ("argmax", "tuned")) -> Any:
    """Per-class recall, precision and F1 of argmax (light) and of ``decision`` (dark).

    One group of bars per class; within it recall, precision and F1, each a
    pair (before, after). The macro averages are in the legend.

    Parameters
    ----------
    y_true, y_score, labels, sample_weight
        As :func:`per_class_curves`.
    decision : MulticlassDecision or array_like of K weights
    ax : matplotlib Axes, optional
    names : two str

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.plot.multiclass import per_class_bars
    >>> y = np.array([0, 0, 0, 1, 1, 2])
    >>> P = np.array([[.9, .1, 0], [.6, .4, 0], [.7, .2, .1], [.5, .4, .1], [.2, .8, 0],
    ...               [.5, .1, .4]])
    >>> ax = per_class_bars(y, P, [1.0, 1.5, 2.0])
    >>> len(ax.patches)   # 3 classes x 3 scores x 2 decisions
    18
    """
    y, s, classes, w = _inputs(y_true, y_score, labels, sample_weight)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 1.6 * classes.size + 2.0), 4.6),
                             layout="constrained")
    scores = [_per_class(_confusion(y, _predict(dec, s, classes), classes, w))
              for dec in (None, decision)]
    kinds = ("recall", "precision", "F1")
    colors = {"recall": "C0", "precision": "C2", "F1": "C1"}
    width = 0.13
    x = np.arange(classes.size)
    for a, kind in enumerate(kinds):
        for b, (sc, name) in enumerate(zip(scores, names)):
            offset = (2 * a + b - 2.5) * width
            ax.bar(x + offset, sc[kind], width, color=colors[kind], alpha=0.4 if b == 0 else 1.0,
                   edgecolor="black", lw=0.5,
                   label=f"{kind}, {name} (macro {float(np.mean(sc[kind])):.3f})")
    ax.set_xticks(x, [f"class {c}" for c in classes])
    ax.set_ylim(0, 1.0)
    ax.set_ylabel("score")
    ax.set_title("Per-class scores: argmax (light) and tuned decision (dark)")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize="x-small", ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    return ax
