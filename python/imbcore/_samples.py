"""Validated samples: labels, scores and weights as the core reads them.

A :class:`Samples` is made once from what a user passes (checked by
:mod:`imbcore._inputs`) and then passed on: :func:`imbcore.sweep` keeps it as
:attr:`imbcore.Sweep.samples`, and the bootstrap, the figures and the
threshold tuner take it without checking the arrays again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._inputs import binary_labels, scores_1d, weights_1d

__all__ = ["Samples"]


class Samples:
    """Labels, scores and optional weights, validated once.

    Parameters
    ----------
    y_true, y_score, sample_weight, pos_label
        As for :func:`imbcore.sweep`.

    Attributes
    ----------
    labels : ndarray of uint8
        1 for a positive, 0 for a negative.
    scores : ndarray of float32 or float64
        The scores, contiguous (integers within 2^53 read as float64).
    weights : ndarray of float64 or None
        The sample weights (finite, >= 0), or None.
    score_dtype : numpy.dtype
        The dtype the scores came in (thresholds are given back in it).

    Notes
    -----
    The arrays are read-only references to the caller's data where no
    conversion was needed, so making a :class:`Samples` copies nothing then.
    Types, shapes, lengths and labels are checked here; that the scores and
    weights are finite (and weights >= 0) is checked by the core in the pass
    that reads them, with the index of the first bad value.

    Examples
    --------
    >>> import imbcore
    >>> s = imbcore.Samples(["b", "a", "b"], [0.9, 0.2, 0.6], pos_label="b")
    >>> s
    <Samples: 3 samples, 2 positive>
    >>> s.labels
    array([1, 0, 1], dtype=uint8)
    >>> imbcore.sweep(["b", "a", "b"], [0.9, 0.2, 0.6], pos_label="b").samples.n_pos
    2
    """

    __slots__ = ("labels", "scores", "weights", "score_dtype")

    labels: np.ndarray
    scores: np.ndarray
    weights: np.ndarray | None
    score_dtype: np.dtype

    def __init__(self, y_true: Any, y_score: Any, *, sample_weight: Any = None,
                 pos_label: Any = None) -> None:
        scores, score_dtype = scores_1d(y_score)
        labels = binary_labels(y_true, pos_label, n=scores.shape[0])
        weights = weights_1d(sample_weight, scores.shape[0])
        self._set(labels, scores, weights, score_dtype)

    def _set(self, labels: np.ndarray, scores: np.ndarray, weights: np.ndarray | None,
             score_dtype: np.dtype) -> None:
        views = []
        for a in (labels, scores, weights):
            if a is not None:
                a = a.view()
                a.flags.writeable = False  # a view: the caller's array stays as it was
            views.append(a)
        object.__setattr__(self, "labels", views[0])
        object.__setattr__(self, "scores", views[1])
        object.__setattr__(self, "weights", views[2])
        object.__setattr__(self, "score_dtype", np.dtype(score_dtype))

    @classmethod
    def _validated(cls, labels: np.ndarray, scores: np.ndarray, weights: np.ndarray | None,
                   score_dtype: Any = None) -> Samples:
        """Samples from arrays already in the core's form (no checks)."""
        out = cls.__new__(cls)
        out._set(labels, scores, weights, scores.dtype if score_dtype is None else score_dtype)
        return out

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Samples is immutable")

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    @property
    def n_pos(self) -> int | float:
        """The number of positives (their summed weight when weighted)."""
        if self.weights is None:
            return int(np.count_nonzero(self.labels))
        return float(self.weights[self.labels != 0].sum())

    @property
    def n_neg(self) -> int | float:
        """The number of negatives (their summed weight when weighted)."""
        if self.weights is None:
            return len(self) - int(np.count_nonzero(self.labels))
        return float(self.weights[self.labels == 0].sum())

    def __repr__(self) -> str:
        kind = "weighted " if self.weights is not None else ""
        return f"<Samples: {len(self)} {kind}samples, {np.count_nonzero(self.labels)} positive>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Samples._validated, (np.array(self.labels), np.array(self.scores),
                                     None if self.weights is None else np.array(self.weights),
                                     self.score_dtype))
