"""The ``multiclass`` study: which class weights to train with, or which decision rule to use.

For data sets of 3 to 5 classes with imbalanced priors (scikit-learn's
``make_classification``) and two models (multinomial ``LogisticRegression``
and ``HistGradientBoostingClassifier``), each repetition splits the data into
train (50 %), validation (25 %) and test (25 %), stratified, and measures
macro-F1 on the test split of

* ``argmax``: the unweighted model, predicting its most probable class;
* ``balanced``, ``sqrt``, ``effective_number``: the model retrained on the
  training split with those class weights (:func:`imbcore.class_weights`),
  predicting its most probable class;
* ``optimal``: the model retrained with the weight vector that the tuned
  ``weights`` rule found on the unweighted model's validation scores
  (``class_weights(y, "optimal", metric=..., proba=P_val, y_val=y_val)``);
* ``tuned``: the unweighted model decided by that rule, ``argmax_j w_j p_j``
  (no retraining).

A well-specified model trained with class weights ``w`` decides like the
unweighted one under ``argmax_j w_j p_j``; the study shows how far that holds
for a linear model and for boosted trees, and what the weights of the usual
schemes cost against the tuned ones.

Fits run through :class:`joblib.Parallel` (the active backend decides where);
every random stream of repetition ``r`` of data set ``d`` is a child of
``SeedSequence(random_state).spawn`` keyed on ``(d, r)``, so results do not
depend on ``n_jobs``.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import ImbcoreError

__all__ = ["MulticlassDataset", "DATASETS", "MODELS", "STRATEGIES", "RETRAINED",
           "run_multiclass_study", "MulticlassStudyResult"]


@dataclass(frozen=True)
class MulticlassDataset:
    """One data set of the study: ``make_classification`` with these priors."""

    name: str
    priors: tuple[float, ...]
    n_samples: int = 20_000
    n_features: int = 20
    n_informative: int = 8
    class_sep: float = 1.0
    flip_y: float = 0.0

    def make(self, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """The features and labels of one repetition."""
        from sklearn.datasets import make_classification

        return make_classification(
            n_samples=self.n_samples, n_features=self.n_features,
            n_informative=self.n_informative, n_redundant=0, n_classes=len(self.priors),
            n_clusters_per_class=1, weights=list(self.priors), class_sep=self.class_sep,
            flip_y=self.flip_y, random_state=seed)


DATASETS = (
    MulticlassDataset("K=3 (0.90/0.08/0.02)", (0.90, 0.08, 0.02)),
    MulticlassDataset("K=4 (0.85/0.10/0.04/0.01)", (0.85, 0.10, 0.04, 0.01)),
    MulticlassDataset("K=5 (0.60/0.25/0.10/0.04/0.01)", (0.60, 0.25, 0.10, 0.04, 0.01)),
)
MODELS = ("logistic", "hgb")
RETRAINED = ("balanced", "sqrt", "effective_number")
STRATEGIES = ("argmax",) + RETRAINED + ("optimal", "tuned")


def _model(name: str, seed: int) -> Any:
    if name == "logistic":
        from sklearn.linear_model import LogisticRegression

        # lbfgs fits the multinomial (softmax) model for more than two classes
        return LogisticRegression(max_iter=2000)
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=seed)
    raise ImbcoreError(f"invalid model: got {name!r}; one of {', '.join(MODELS)}")


def tuned_weights(y_train: np.ndarray, y_val: np.ndarray, proba_val: np.ndarray, metric: str,
                  random_state: int) -> Any:
    """The class weights of the tuned ``weights`` rule on validation scores.

    :func:`imbcore.class_weights` with scheme ``"optimal"``: the weights that
    make ``argmax_j w_j p_j`` best for ``metric`` on ``(y_val, proba_val)``,
    for training on ``y_train``.
    """
    from ..weights import class_weights

    return class_weights(y_train, "optimal", metric=metric, proba=proba_val, y_val=y_val,
                         random_state=random_state)


def one_repetition(dataset: MulticlassDataset, models: Sequence[str], metric: str,
                   seq: np.random.SeedSequence, d: int, rep: int) -> list[dict[str, Any]]:
    """Every model and strategy on one data set of one repetition: one row each."""
    from sklearn.metrics import balanced_accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    from ..weights import class_weights

    data_seed, split_seed, model_seed, tune_seed = (
        int(s.generate_state(1, np.uint32)[0]) for s in seq.spawn(4))
    X, y = dataset.make(data_seed)
    X_tr, X_rest, y_tr, y_rest = train_test_split(X, y, test_size=0.5, stratify=y,
                                                  random_state=split_seed)
    X_val, X_te, y_val, y_te = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest,
                                                random_state=split_seed + 1)
    classes = np.unique(y_tr)
    rows = []

    def record(model: str, strategy: str, pred: np.ndarray, seconds: float,
               weights: Any = None, val_value: float = math.nan) -> None:
        w = None if weights is None else np.asarray(weights, dtype=np.float64)
        rows.append({
            "dataset": dataset.name, "n_classes": len(dataset.priors), "model": model,
            "strategy": strategy, "rep": rep, "data_index": d,
            "macro_f1": float(f1_score(y_te, pred, average="macro", labels=classes,
                                       zero_division=0.0)),
            "balanced_accuracy": float(balanced_accuracy_score(y_te, pred)),
            "validation_value": val_value,
            "weights": "" if w is None else " ".join(f"{v:.4g}" for v in w / w.min()),
            "seconds": seconds,
        })

    for model in models:
        t0 = time.perf_counter()
        base = _model(model, model_seed).fit(X_tr, y_tr)
        fit_seconds = time.perf_counter() - t0
        P_val, P_te = base.predict_proba(X_val), base.predict_proba(X_te)
        record(model, "argmax", base.classes_[np.argmax(P_te, axis=1)], fit_seconds)
        for scheme in RETRAINED:
            cw = class_weights(y_tr, scheme)
            t0 = time.perf_counter()
            m = _model(model, model_seed).fit(X_tr, y_tr, sample_weight=cw.sample_weight(y_tr))
            record(model, scheme, m.predict(X_te), time.perf_counter() - t0, cw.weights)
        t0 = time.perf_counter()
        cw = tuned_weights(y_tr, y_val, P_val, metric, tune_seed)
        tune_seconds = time.perf_counter() - t0
        w = np.asarray(cw.weights)
        value = float(cw.optimum.value) if cw.optimum is not None else math.nan
        record(model, "tuned", base.classes_[np.argmax(P_te * w, axis=1)], tune_seconds, w,
               value)
        t0 = time.perf_counter()
        m = _model(model, model_seed).fit(X_tr, y_tr, sample_weight=cw.sample_weight(y_tr))
        record(model, "optimal", m.predict(X_te), time.perf_counter() - t0, w, value)
    return rows


class MulticlassStudyResult:
    """The rows of a multiclass study (one per data set, repetition, model and strategy)."""

    def __init__(self, rows: list[dict[str, Any]], metric: str, reps: int,
                 seconds: float) -> None:
        self.rows = rows
        self.metric = metric
        self.reps = reps
        self.seconds = seconds

    def __len__(self) -> int:
        return len(self.rows)

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows)

    def summary(self, value: str = "macro_f1") -> list[dict[str, Any]]:
        """Per data set, model and strategy: the mean of ``value`` over repetitions, its 95 %
        t interval half-width, and the mean paired difference from ``argmax`` with its
        half-width."""
        from scipy import stats

        keyed: dict[tuple[str, str, str], dict[int, float]] = {}
        for r in self.rows:
            keyed.setdefault((r["dataset"], r["model"], r["strategy"]), {})[
                (r["data_index"], r["rep"])] = r[value]
        out = []
        for (ds, model, strategy), by_rep in keyed.items():
            v = np.array(list(by_rep.values()))
            base = keyed[(ds, model, "argmax")]
            diff = np.array([by_rep[k] - base[k] for k in by_rep])
            out.append({"dataset": ds, "model": model, "strategy": strategy, "n": v.size,
                        "mean": float(v.mean()), "half_width": _half_width(v, stats),
                        "vs_argmax": float(diff.mean()),
                        "vs_argmax_half_width": _half_width(diff, stats)})
        return out

    def table(self, value: str = "macro_f1") -> str:
        """The summary as a markdown table: one row per data set and model, one column per
        strategy (mean ± 95 % half-width)."""
        summary = self.summary(value)
        cell = {(s["dataset"], s["model"], s["strategy"]): s for s in summary}
        keys = list(dict.fromkeys((s["dataset"], s["model"]) for s in summary))
        strategies = [s for s in STRATEGIES if any(k[2] == s for k in cell)]
        lines = ["| data | model | " + " | ".join(strategies) + " |",
                 "|---|---|" + "---|" * len(strategies)]
        for ds, model in keys:
            best = max(cell[(ds, model, s)]["mean"] for s in strategies)
            row = []
            for s in strategies:
                c = cell[(ds, model, s)]
                text = f"{c['mean']:.3f} ± {c['half_width']:.3f}"
                row.append(f"**{text}**" if c["mean"] == best else text)
            lines.append(f"| {ds} | {model} | " + " | ".join(row) + " |")
        return "\n".join(lines)


def _half_width(v: np.ndarray, stats: Any) -> float:
    if v.size < 2:
        return math.nan
    return float(stats.t.ppf(0.975, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size))


def run_multiclass_study(*, datasets: Sequence[MulticlassDataset] = DATASETS,
                         models: Sequence[str] = MODELS, reps: int = 20,
                         metric: str = "macro_f1", random_state: int = 0,
                         n_jobs: int | None = None,
                         progress: Callable[[int, int], None] | None = None
                         ) -> MulticlassStudyResult:
    """Run the multiclass study (see the module doc).

    Parameters
    ----------
    datasets : sequence of MulticlassDataset, default DATASETS
        The data sets (priors of 3 to 5 classes).
    models : sequence of {"logistic", "hgb"}, default both
    reps : int, default 20
        Repetitions per data set (fresh data and split each time).
    metric : str, default "macro_f1"
        The multiclass metric the ``optimal`` and ``tuned`` strategies tune for.
    random_state : int, default 0
        The root of every random stream.
    n_jobs : int, optional
        Repetitions run in parallel by :class:`joblib.Parallel`.
    progress : callable(done, total), optional
        Called as repetitions finish.

    Returns
    -------
    MulticlassStudyResult
    """
    from joblib import Parallel, delayed

    if isinstance(reps, bool) or not isinstance(reps, (int, np.integer)) or reps < 1:
        raise ImbcoreError(f"invalid reps: got {reps!r}; reps must be a whole number >= 1")
    for m in models:
        _model(m, 0)  # unknown names raise here, before any fit
    root = np.random.SeedSequence(random_state)
    per_data = root.spawn(len(datasets))
    tasks = [(d, r, seq) for d, ds_seq in enumerate(per_data)
             for r, seq in enumerate(ds_seq.spawn(reps))]
    t0 = time.perf_counter()
    rows: list[dict[str, Any]] = []
    done = 0
    runner = Parallel(n_jobs=n_jobs, return_as="generator")
    for part in runner(delayed(one_repetition)(datasets[d], models, metric, seq, d, r)
                       for d, r, seq in tasks):
        rows.extend(part)
        done += 1
        if progress is not None:
            progress(done, len(tasks))
    rows.sort(key=lambda r: (r["data_index"], r["rep"], MODELS.index(r["model"])
                             if r["model"] in MODELS else 0, STRATEGIES.index(r["strategy"])))
    return MulticlassStudyResult(rows, metric, reps, time.perf_counter() - t0)


def write_multiclass_report(result: MulticlassStudyResult, out: str, *, command: str) -> str:
    """Write ``results.csv`` and ``report.md`` to ``out``; returns the report's path."""
    os.makedirs(out, exist_ok=True)
    result.to_frame().to_csv(os.path.join(out, "results.csv"), index=False)
    lines = ["# imbcore study: multiclass", "",
             f"`{command}`: {len(result):,} rows, {result.seconds:.0f} s.", "",
             f"Held-out macro-F1 (mean ± 95 % t half-width over {result.reps} repetitions):",
             "", result.table("macro_f1"), "",
             "Held-out balanced accuracy:", "", result.table("balanced_accuracy"), ""]
    path = os.path.join(out, "report.md")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path
