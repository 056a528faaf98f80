"""Stubs of the compiled module ``imbcore._core`` (private: use the public API)."""

from typing import Any, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "_curve_from_parts",
    "_sim_cart_fit_predict",
    "_sim_generate",
    "_sim_logistic_fit",
    "best_of_points",
    "bootstrap_bands",
    "bootstrap_counts",
    "bootstrap_scores",
    "calibration_bands",
    "calibration_of_sweep",
    "clean_weight",
    "curve_auc",
    "curve_expected_metric",
    "curve_families",
    "curve_grid",
    "curve_landing",
    "curve_optimal_alpha",
    "curve_tpr",
    "evaluate",
    "ImbcoreError",
    "isotonic_masses",
    "known_metrics",
    "mc_best",
    "mc_check_scores",
    "mc_confusion",
    "mc_cost_decide",
    "mc_decide",
    "mc_evaluate",
    "mc_known_metrics",
    "mc_metric_info",
    "metric_info",
    "multiclass_pair_wins",
    "noisy_weight",
    "num_threads",
    "p_from_auc",
    "rules",
    "score_buckets",
    "ScoreHistogram",
    "scores_of_keys",
    "sim_check_fits",
    "sim_run_fits",
    "sklearn_weighted_pr_curve",
    "sklearn_weighted_sweep",
    "standard_metrics",
    "sweep_scores",
    "SweepCurve",
    "SweepState",
    "upper_hull",
]

_F64 = npt.NDArray[np.float64]

from .errors import ImbcoreError as ImbcoreError

def metric_info(name: str) -> tuple[str, str, str, str, bool, bool, bool, str]: ...
def standard_metrics() -> list[str]: ...
def known_metrics() -> list[str]: ...
def evaluate(metric_name: str, tp: _F64, fp: _F64, fn_: _F64, tn: _F64) -> _F64: ...
_Noise = tuple[float, float] | None

def curve_families() -> list[tuple[str, list[str]]]: ...
def rules() -> list[str]: ...
def curve_auc(family: str, params: list[_F64], n_jobs: int | None = None) -> _F64: ...
def curve_tpr(family: str, params: list[_F64], fpr: _F64, n_jobs: int | None = None) -> _F64: ...
def curve_landing(
    family: str,
    params: list[_F64],
    rule: str,
    alpha: _F64,
    beta: _F64,
    noise: _Noise = None,
    n_jobs: int | None = None,
) -> tuple[_F64, _F64, _F64, _F64]: ...
def curve_expected_metric(
    family: str,
    params: list[_F64],
    rule: str,
    metric: str,
    alpha: _F64,
    beta: _F64,
    noise: _Noise = None,
    n_jobs: int | None = None,
) -> _F64: ...
def curve_grid(
    family: str,
    params: list[_F64],
    rule: str,
    metric: str,
    alpha: _F64,
    beta: _F64,
    noise: _Noise = None,
    n_jobs: int | None = None,
) -> _F64: ...
def curve_optimal_alpha(
    family: str,
    params: list[_F64],
    rule: str,
    metric: str,
    beta: _F64,
    low: float,
    high: float,
    noise: _Noise = None,
    n_jobs: int | None = None,
) -> tuple[_F64, _F64, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]: ...
def clean_weight(alpha: _F64, noise: tuple[float, float]) -> _F64: ...
def noisy_weight(alpha: _F64, noise: tuple[float, float]) -> _F64: ...
def upper_hull(x: _F64, y: _F64) -> npt.NDArray[np.uint64]: ...
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
def best_of_points(name: str, constraints_: list[tuple[str, float]], tp: _F64, fp: _F64,
                   fn: _F64, tn: _F64) -> tuple[int, float] | None: ...
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
def bootstrap_bands(
    y_true: npt.NDArray[np.uint8],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    sample_weight: _F64 | None,
    thresholds: _F64,
    metrics: list[str],
    n_resamples: int,
    method_: str = "poisson",
    stratify: bool = False,
    seed: int = 0,
    n_jobs: int | None = None,
) -> _F64: ...
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

@final
class ScoreHistogram:
    def __new__(cls, bits: int, score_bits: int, weighted: bool) -> ScoreHistogram: ...
    def update(
        self,
        y_true: npt.NDArray[np.uint8],
        y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
        sample_weight: _F64 | None = None,
    ) -> None: ...
    def merge(self, other: ScoreHistogram) -> None: ...
    @property
    def bits(self) -> int: ...
    @property
    def score_bits(self) -> int: ...
    @property
    def weighted(self) -> bool: ...
    def arrays(
        self,
    ) -> tuple[
        npt.NDArray[np.uint64],
        npt.NDArray[np.uint64],
        npt.NDArray[np.uint64],
        npt.NDArray[np.uint64],
        npt.NDArray[np.uint64],
        _F64 | None,
        _F64 | None,
    ]: ...
    def _load(
        self,
        index: npt.NDArray[np.uint64],
        rows: npt.NDArray[np.uint64],
        pos: npt.NDArray[np.uint64],
        neg: npt.NDArray[np.uint64],
        lo: npt.NDArray[np.uint64],
        hi: npt.NDArray[np.uint64],
        pos_weight: _F64 | None = None,
        neg_weight: _F64 | None = None,
    ) -> None: ...

def score_buckets(
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64], bits: int
) -> npt.NDArray[np.uint32]: ...
def scores_of_keys(keys: npt.NDArray[np.uint64], score_bits: int) -> _F64: ...

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

# multiclass decisions (score matrices flattened row-major, with their column count)
def mc_metric_info(name: str) -> tuple[str, str, str, str]: ...
def mc_known_metrics() -> list[str]: ...
def mc_check_scores(scores: _F64, k: int, rule_name: str | None = None) -> None: ...
def mc_decide(scores: _F64, k: int, rule_name: str,
              params: _F64) -> npt.NDArray[np.uint32]: ...
def mc_cost_decide(scores: _F64, k: int, cost_matrix: _F64) -> npt.NDArray[np.uint32]: ...
def mc_confusion(y: npt.NDArray[np.uint32], pred: npt.NDArray[np.uint32],
                 sample_weight: _F64 | None, k: int) -> _F64: ...
def mc_evaluate(metric_name: str, y: npt.NDArray[np.uint32], pred: npt.NDArray[np.uint32],
                sample_weight: _F64 | None, k: int, cost_matrix: _F64 | None = None) -> float: ...
def mc_best(
    scores: _F64,
    k: int,
    y: npt.NDArray[np.uint32],
    sample_weight: _F64 | None,
    metric_name: str,
    rule_name: str,
    starts: _F64,
    constraints: list[tuple[str, int | None, str, float]],
    cost_matrix: _F64 | None = None,
    n_jobs: int | None = None,
) -> tuple[list[float], float, list[float], int, list[float]]: ...
