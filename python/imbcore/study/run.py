"""A study: its design, and running it (any engine, resumable, with a progress bar)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ..errors import ImbcoreError
from .design import Design, make_design, root_entropy
from .estimator import record_names
from .result import StudyResult

__all__ = ["Study", "run_study"]


class Study:
    """A grid of independent fits: generate data, train under a strategy, score, sweep.

    The grid is generator x separation x prevalence x learner x strategy x
    alpha, each cell repeated ``reps`` times. Every argument is checked here,
    before any fit runs.

    Parameters
    ----------
    generator : str or list of str
        ``"binormal"`` (unit-variance Gaussian classes whose means lie
        ``separation`` apart: the ROC of the best score is binormal with
        ``a = separation``, ``b = 1``) or ``"make_classification"``
        (scikit-learn's algorithm with ``class_sep = separation``,
        ``n_redundant = 0``).
    separation : float or list of float
        Class separation, >= 0.
    prevalence : float or list of float
        The share of positives, in (0, 1).
    learner : str, estimator, list or dict
        ``"cart"`` (a fully grown decision tree unless ``max_depth``) or
        ``"logistic"`` (L2 logistic regression with ``C``); with the estimator
        engine also ``"hgb"`` (``HistGradientBoostingClassifier``), ``"sgd"``
        (``SGDClassifier(loss="log_loss")``) and any scikit-learn compatible
        classifier object (it needs ``fit`` and ``predict_proba`` or
        ``decision_function``; it is cloned for each fit, every
        ``random_state`` inside seeded and every ``n_jobs`` set to 1). A dict
        names them: ``{"deep": tree, "stump": stump}``.
    strategy : str or list of str
        How the rare class is favoured, each with the axis ``alpha``:

        * ``"weight"``: ``sample_weight`` alpha for positives, 1 for negatives;
        * ``"oversample"``: positives resampled at random to alpha times their count;
        * ``"undersample"``: negatives kept at rate 1/alpha;
        * ``"smote"`` (estimator engine): SMOTE up to alpha times the positives,
          capped at the negatives' count;
        * ``"threshold"``: trained unweighted, positive when the probability is at
          least ``1/(1+alpha)`` (the threshold weight alpha moves a calibrated
          model to);
        * ``"tuned"``: trained unweighted on two thirds of the training split,
          positive at the threshold best for each metric on the other third
          (the validation split); alpha plays no part.

        The estimator engine resamples with imbalanced-learn (the ``imbalanced``
        extra).
    alpha : float or list of float
        Weights or resampling factors, > 0.
    reps : int
        Repetitions per cell, >= 1.
    metrics : str or list of str
        Metrics recorded at the strategy's decision and at the best threshold
        of each test sweep (any name of :func:`imbcore.metric_names`).
    engine : {"rust", "estimator"}
        ``"rust"``: generators and learners in Rust, no Python per fit (cart
        and logistic only). ``"estimator"``: scikit-learn estimators through
        ``joblib.Parallel`` (any joblib backend, e.g. ``dask``).
    n_samples, n_features, n_informative, n_clusters_per_class, flip_y
        The data of each fit (as in ``make_classification``; the binormal
        generator spreads the separation evenly over all ``n_features``,
        and reads neither ``n_informative`` nor the others).
    max_depth, min_samples_leaf
        Of the named ``"cart"`` learner (``max_depth=None``: fully grown).
    C
        Inverse L2 penalty of the named ``"logistic"`` learner.
    test_size : float
        Share of each data set held out to score (rounded up, as
        ``train_test_split`` does).
    random_state : int, numpy Generator or None
        The root of every random stream. Repetition ``r`` on data cell ``k``
        (generator x separation x prevalence) uses ``SeedSequence(entropy,
        spawn_key=(k, r))`` whatever the learner, strategy and alpha: they are
        compared on the same data sets (common random numbers). Results never
        depend on ``n_jobs``, chunking or the backend.

    Examples
    --------
    >>> from imbcore.study import Study
    >>> study = Study(engine="estimator", learner="logistic", separation=[1.0, 2.0],
    ...               alpha=[1.0, 10.0], reps=2, n_samples=500, prevalence=0.1,
    ...               random_state=0)
    >>> study.n_fits
    8
    >>> result = study.run()
    >>> sorted(set(result.columns["alpha"].tolist()))
    [1.0, 10.0]
    >>> float(result.columns["roc_auc"].min()) > 0.5
    True
    """

    def __init__(self, *, generator: str | Sequence[str] = "binormal",
                 separation: float | Sequence[float] = 1.0,
                 prevalence: float | Sequence[float] = 0.01,
                 learner: Any = "logistic", strategy: str | Sequence[str] = "weight",
                 alpha: float | Sequence[float] = 1.0, reps: int = 100,
                 metrics: str | Sequence[str] = "f1", engine: str = "rust",
                 n_samples: int = 10_000, n_features: int = 10, n_informative: int = 5,
                 n_clusters_per_class: int = 2, flip_y: float = 0.0,
                 max_depth: int | None = None, min_samples_leaf: int = 1, C: float = 1.0,
                 test_size: float = 0.25, random_state: Any = None) -> None:
        self.design = make_design(
            engine=engine, generator=generator, separation=separation, prevalence=prevalence,
            learner=learner, strategy=strategy, alpha=alpha, reps=reps, metrics=metrics,
            n_samples=n_samples, n_features=n_features, n_informative=n_informative,
            n_clusters_per_class=n_clusters_per_class, flip_y=flip_y, max_depth=max_depth,
            min_samples_leaf=min_samples_leaf, C=C, test_size=test_size)
        self._given_entropy = None if random_state is None else root_entropy(random_state)
        if self.design.engine == "estimator":
            from .estimator import check_estimators

            check_estimators(self.design)
        else:
            _rust_module()  # the Rust engine must be there before anything runs

    @property
    def n_fits(self) -> int:
        """How many fits the study runs (cells x reps)."""
        return self.design.n_fits

    @property
    def fingerprint(self) -> str:
        """A hash of the design (stored with the results; resuming checks it)."""
        return self.design.fingerprint

    def record_columns(self) -> list[str]:
        """The columns of each fit's record, after ``fit``, the axes and ``rep``."""
        return record_names(self.design.metrics)

    def __repr__(self) -> str:
        axes = ", ".join(f"{k}={list(v)!r}" for k, v in self.design.axis_values().items()
                         if len(v) > 1)
        return (f"<Study: {self.n_fits} fits ({axes or 'one cell'}; reps={self.design.reps}, "
                f"engine={self.design.engine!r})>")

    def run(self, path: str | os.PathLike[str] | None = None, *, n_jobs: int | None = None,
            progress: bool | Callable[[int, int], None] = False,
            chunk_size: int | None = None) -> StudyResult:
        """Run every fit not yet done, appending records to ``path`` as chunks finish.

        Parameters
        ----------
        path : str or path, optional
            A folder for the records (a Parquet dataset, see
            :mod:`imbcore.study.store`). If it holds results of this design,
            only the missing fits run; results of another design raise
            ``ImbcoreError``. None keeps the records in memory only.
        n_jobs : int, optional
            Workers (estimator engine: joblib workers; None lets an active
            ``joblib.parallel_config`` decide, e.g. every worker of a dask
            cluster) or threads (Rust engine; None for all).
        progress : bool or callable
            True draws a progress bar with an ETA on stderr (tqdm); a callable
            is called as ``progress(done, total)`` after each chunk.
        chunk_size : int, optional
            Fits per task (and per file written); by default sized so every
            worker gets several tasks. Results do not depend on it.

        Returns
        -------
        StudyResult
        """
        from .._inputs import n_jobs_arg

        n_jobs_arg(n_jobs)  # checked here, before anything runs
        if not (isinstance(progress, bool) or callable(progress)):
            raise ImbcoreError(f"invalid progress: got {progress!r}; give True, False or a "
                               "function progress(done, total)")
        if chunk_size is not None and (isinstance(chunk_size, bool) or not isinstance(
                chunk_size, (int, np.integer)) or chunk_size < 1):
            raise ImbcoreError(f"invalid chunk_size: got {chunk_size!r}; give a whole number "
                               ">= 1 or None")
        design = self.design
        store = None
        entropy = self._given_entropy
        done = np.zeros(0, dtype=np.int64)
        if path is not None:
            from .store import ResultStore

            store = ResultStore(path, design)
            entropy, done = store.open(entropy)
        if entropy is None:
            entropy = root_entropy(None)
            self._given_entropy = entropy  # a second run() continues the same study
        pending = np.setdiff1d(np.arange(design.n_fits, dtype=np.int64), done)
        total, finished = design.n_fits, int(done.size)
        kept: list[dict[str, np.ndarray]] = []
        bar = _Bar(progress, total, finished)
        t0 = time.perf_counter()
        try:
            for chunk in self._results(entropy, pending, n_jobs, chunk_size, bar):
                columns = {**design.fit_columns(chunk["fit"]), **chunk}
                if store is not None:
                    store.append(columns, entropy)
                else:
                    kept.append(columns)
                finished += int(chunk["fit"].size)
                bar.set(finished)
        finally:
            bar.close()
        seconds = time.perf_counter() - t0
        if store is not None:
            columns = store.read()
        else:
            columns = _concat(kept, design)
        return StudyResult(design, columns, path=None if path is None else os.fspath(path),
                           seconds=seconds)

    def _results(self, entropy: int, pending: np.ndarray, n_jobs: int | None,
                 chunk_size: int | None, bar: _Bar) -> Iterator[dict[str, np.ndarray]]:
        if pending.size == 0:
            return
        design = self.design
        if design.engine == "estimator":
            from joblib import effective_n_jobs

            from .estimator import run_parallel

            workers = max(1, effective_n_jobs(n_jobs))
            size = chunk_size or int(min(64, max(1, -(-pending.size // (8 * workers)))))
            chunks = [pending[i:i + size] for i in range(0, pending.size, size)]
            yield from run_parallel(design, entropy, chunks, n_jobs)
            return
        rust = _rust_module()
        size = chunk_size or 4096
        names = record_names(design.metrics)
        for i in range(0, pending.size, size):
            index = pending[i:i + size]
            fits = _rust_fits(design, entropy, index)
            within = [bar.done]

            def step(newly: int, within: list[int] = within) -> None:
                within[0] += int(newly)  # the engine reports the fits finished since last time
                bar.set(within[0])

            out = rust.run_fits(fits, metrics=list(design.metrics), n_jobs=n_jobs,
                                progress=step)
            rec = {k: np.asarray(out[k], dtype=np.float64) for k in names}
            # a tree depth only means something for trees (the estimator engine's NaN)
            rec["tree_depth"] = np.where(fits["learner"] == "cart", rec["tree_depth"], np.nan)
            yield {"fit": index, **rec}


def _rust_module() -> Any:
    try:
        from . import _rust  # type: ignore[attr-defined]
    except ImportError:
        raise ImbcoreError("invalid engine: got 'rust', but this build of imbcore has no Rust "
                           "study engine; use engine='estimator'") from None
    return _rust


def _rust_fits(design: Design, entropy: int, index: np.ndarray) -> dict[str, np.ndarray]:
    """The Rust engine's description of the fits numbered ``index``."""
    from .design import fit_seeds

    cols = design.fit_columns(index)
    n = index.size
    d, p = design.data, design.learner_params
    seeds = np.array([s.generate_state(1, np.uint64)[0]
                      for s in fit_seeds(design, entropy, index)], dtype=np.uint64)
    # a learner named by a dict key ({"deep": "cart"}) is the engine's learner it names
    learners = np.array([str(design.estimators.get(v, v)) for v in cols["learner"].tolist()],
                        dtype=str)
    return {
        "generator": cols["generator"].astype(str),
        "n_samples": np.full(n, d["n_samples"], dtype=np.int64),
        "n_features": np.full(n, d["n_features"], dtype=np.int64),
        "n_informative": np.full(n, d["n_informative"], dtype=np.int64),
        "n_clusters_per_class": np.full(n, d["n_clusters_per_class"], dtype=np.int64),
        "separation": cols["separation"].astype(np.float64),
        "prevalence": cols["prevalence"].astype(np.float64),
        "flip_y": np.full(n, d["flip_y"]),
        "learner": learners,
        "max_depth": np.full(n, p["max_depth"], dtype=np.int64),
        "min_samples_leaf": np.full(n, p["min_samples_leaf"], dtype=np.int64),
        "C": np.full(n, p["C"]),
        "strategy": cols["strategy"].astype(str),
        "alpha": cols["alpha"].astype(np.float64),
        "test_size": np.full(n, d["test_size"]),
        "seed": seeds,
    }


def _concat(parts: list[dict[str, np.ndarray]], design: Design) -> dict[str, np.ndarray]:
    if not parts:
        cols = design.fit_columns(np.zeros(0, dtype=np.int64))
        return {**cols, **{k: np.zeros(0) for k in record_names(design.metrics)}}
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.argsort(out["fit"], kind="stable")
    return {k: v[order] for k, v in out.items()}


class _Bar:
    """The progress display: a tqdm bar with an ETA, a callback, or nothing."""

    def __init__(self, progress: Any, total: int, done: int) -> None:
        self.done = done
        self.total = total
        self._call = progress if callable(progress) else None
        self._bar = None
        if progress is True:
            from tqdm import tqdm

            self._bar = tqdm(total=total, initial=done, unit="fit", file=sys.stderr,
                             dynamic_ncols=True, smoothing=0.1, leave=False)

    def set(self, done: int) -> None:
        if done <= self.done:
            return
        step, self.done = done - self.done, done
        if self._bar is not None and step > 0:
            self._bar.update(step)
        if self._call is not None:
            self._call(done, self.total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run_study(path: str | os.PathLike[str] | None = None, *, n_jobs: int | None = None,
              progress: bool | Callable[[int, int], None] = False, **design: Any) -> StudyResult:
    """Make a :class:`Study` of ``design`` and run it (``Study(**design).run(path, ...)``).

    Examples
    --------
    >>> from imbcore.study import run_study
    >>> r = run_study(engine="estimator", learner="cart", strategy=["weight", "threshold"],
    ...               alpha=[1.0, 4.0], reps=2, n_samples=400, prevalence=0.2,
    ...               random_state=1)
    >>> len(r), sorted(set(r.columns["strategy"].tolist()))
    (8, ['threshold', 'weight'])
    """
    return Study(**design).run(path, n_jobs=n_jobs, progress=progress)

