"""Stubs of the compiled module ``imbcore._core`` (private: use the public API)."""

from typing import Any, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "ImbcoreError",
    "SweepCurve",
    "SweepState",
    "_curve_from_parts",
    "binormal_auc",
    "binormal_expected_metric",
    "binormal_landing",
    "binormal_optimal_alpha",
    "binormal_tpr",
    "bootstrap_counts",
    "calibration_bands",
    "calibration_of_sweep",
    "isotonic_masses",
    "bootstrap_scores",
    "evaluate",
    "expected_metric",
    "grid",
    "known_metrics",
    "landing",
    "lp_auc",
    "metric_info",
    "multiclass_pair_wins",
    "num_threads",
    "optimal_alpha",
    "p_from_auc",
    "sklearn_weighted_pr_curve",
    "sklearn_weighted_sweep",
    "standard_metrics",
    "sweep_scores",
    "sim_check_fits",
    "sim_run_fits",
    "_sim_cart_fit_predict",
    "_sim_logistic_fit",
    "_sim_generate",
    "upper_hull",
]

_F64 = npt.NDArray[np.float64]

from .errors import ImbcoreError as ImbcoreError

def metric_info(name: str) -> tuple[str, str, str, str, bool, bool, bool, str]: ...
def standard_metrics() -> list[str]: ...
def known_metrics() -> list[str]: ...
def evaluate(metric_name: str, tp: _F64, fp: _F64, fn_: _F64, tn: _F64) -> _F64: ...
def landing(
    rule: str, alpha: _F64, p: _F64, beta: _F64, n_jobs: int | None = None
) -> tuple[_F64, _F64, _F64, _F64]: ...
def expected_metric(
    rule: str, metric_name: str, alpha: _F64, p: _F64, beta: _F64, n_jobs: int | None = None
) -> _F64: ...
def grid(
    rule: str, metric_name: str, alpha: _F64, p: _F64, beta: _F64, n_jobs: int | None = None
) -> _F64: ...
def binormal_auc(a: _F64, b: _F64, n_jobs: int | None = None) -> _F64: ...
def binormal_tpr(a: _F64, b: _F64, fpr: _F64, n_jobs: int | None = None) -> _F64: ...
def binormal_landing(
    rule: str, a: _F64, b: _F64, alpha: _F64, beta: _F64, n_jobs: int | None = None
) -> tuple[_F64, _F64, _F64, _F64]: ...
def binormal_expected_metric(
    rule: str,
    metric_name: str,
    a: _F64,
    b: _F64,
    alpha: _F64,
    beta: _F64,
    n_jobs: int | None = None,
) -> _F64: ...
def binormal_optimal_alpha(
    rule: str,
    metric_name: str,
    a: _F64,
    b: _F64,
    beta: _F64,
    low: float,
    high: float,
    n_jobs: int | None = None,
) -> tuple[_F64, _F64, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]: ...
def upper_hull(x: _F64, y: _F64) -> npt.NDArray[np.uint64]: ...
def optimal_alpha(
    rule: str,
    metric_name: str,
    p: _F64,
    beta: _F64,
    low: float,
    high: float,
    n_jobs: int | None = None,
) -> tuple[_F64, _F64, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]: ...
def lp_auc(p: _F64) -> _F64: ...
def p_from_auc(auc: _F64) -> _F64: ...
def sweep_scores(
    y_true: npt.NDArray[np.uint8],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    sample_weight: _F64 | None = None,
    n_jobs: int | None = None,
) -> SweepCurve: ...
def _curve_from_parts(thresholds: npt.NDArray[Any], tp: npt.NDArray[Any], fp: npt.NDArray[Any],
                      scale: int = 0, fn: npt.NDArray[Any] | None = None,
                      tn: npt.NDArray[Any] | None = None) -> SweepCurve: ...
def bootstrap_scores(
    y_true: npt.NDArray[np.uint8],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    sample_weight: _F64 | None,
    metrics: list[str],
    constraints: list[tuple[str, float]],
    n_resamples: int,
    method_: str = "poisson",
    stratify: bool = False,
    seed: int = 0,
    n_jobs: int | None = None,
) -> tuple[_F64, npt.NDArray[np.int64], _F64, _F64, _F64, _F64, _F64]: ...
def bootstrap_counts(
    y_true: npt.NDArray[np.uint8],
    replicate: int,
    method_: str = "poisson",
    stratify: bool = False,
    seed: int = 0,
) -> npt.NDArray[np.uint32]: ...
def sklearn_weighted_sweep(
    y_true: npt.NDArray[np.uint8],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    sample_weight: _F64,
    n_jobs: int | None = None,
) -> tuple[npt.NDArray[Any], _F64, _F64]: ...
def sklearn_weighted_pr_curve(
    y_true: npt.NDArray[np.uint8],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    sample_weight: _F64,
    n_jobs: int | None = None,
) -> tuple[_F64, _F64, npt.NDArray[Any], float]: ...
def multiclass_pair_wins(
    y_true: npt.NDArray[np.uint32],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    k: int,
    n_jobs: int | None = None,
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]: ...

def calibration_of_sweep(
    curve: SweepCurve, n_jobs: int | None = None
) -> tuple[_F64, npt.NDArray[np.uintp], list[float]]: ...
def calibration_bands(
    y_true: npt.NDArray[np.uint8],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    sample_weight: _F64 | None,
    kind: str,
    grid: list[float],
    n_resamples: int,
    method_: str = "poisson",
    stratify: bool = False,
    seed: int = 0,
    n_jobs: int | None = None,
) -> _F64: ...
def isotonic_masses(scores: _F64, pos: _F64, neg: _F64) -> tuple[_F64, npt.NDArray[np.uintp]]: ...

@final
class SweepCurve:
    @property
    def thresholds(self) -> npt.NDArray[Any]: ...
    @property
    def tp(self) -> npt.NDArray[Any]: ...
    @property
    def fp(self) -> npt.NDArray[Any]: ...
    @property
    def fn(self) -> npt.NDArray[Any]: ...
    @property
    def tn(self) -> npt.NDArray[Any]: ...
    @property
    def n_pos(self) -> Any: ...
    @property
    def n_neg(self) -> Any: ...
    @property
    def weighted(self) -> bool: ...
    def counts_at(self, i: int) -> tuple[Any, Any, Any, Any]: ...
    def __len__(self) -> int: ...
    def metric(self, name: str, n_jobs: int | None = None) -> _F64: ...
    def best(
        self, name: str, constraints_: list[tuple[str, float]] = ..., n_jobs: int | None = None
    ) -> tuple[int, float] | None: ...
    def roc_auc(self, n_jobs: int | None = None) -> float: ...
    def average_precision(self, n_jobs: int | None = None) -> float: ...
    def to_state(self) -> SweepState: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class SweepState:
    def __init__(self) -> None: ...
    def update(
        self,
        y_true: npt.NDArray[np.uint8],
        y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
        sample_weight: _F64 | None = None,
        n_jobs: int | None = None,
    ) -> None: ...
    def merge(self, other: SweepState, n_jobs: int | None = None) -> SweepState: ...
    def finalize(self) -> SweepCurve: ...
    def __len__(self) -> int: ...
    def _parts(self) -> tuple[Any, ...]: ...
    def __getstate__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: tuple[Any, ...]) -> None: ...
    @property
    def weighted(self) -> bool: ...
    @property
    def score_dtype(self) -> str | None: ...
    def totals(self) -> tuple[Any, Any]: ...

def num_threads() -> int: ...
def sim_check_fits(
    fits: dict[str, npt.NDArray[Any]], names: dict[str, list[str]], metric_names: list[str]
) -> int: ...
def sim_run_fits(
    fits: dict[str, npt.NDArray[Any]],
    names: dict[str, list[str]],
    metric_names: list[str],
    n_jobs: int | None = None,
) -> dict[str, npt.NDArray[Any]]: ...
def _sim_cart_fit_predict(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.uint8],
    w: _F64,
    x_test: npt.NDArray[np.float64],
    max_depth: int = 0,
    min_samples_leaf: int = 1,
    seed: int = 0,
) -> tuple[_F64, npt.NDArray[np.uint8], int]: ...
def _sim_logistic_fit(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.uint8], w: _F64, c: float
) -> _F64: ...
def _sim_generate(
    generator: str,
    n_samples: int,
    n_features: int,
    n_informative: int,
    n_redundant: int,
    n_repeated: int,
    n_clusters_per_class: int,
    separation: float,
    prevalence: float,
    flip_y: float,
    seed: int,
) -> tuple[_F64, npt.NDArray[np.uint8]]: ...
