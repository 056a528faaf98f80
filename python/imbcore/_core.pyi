"""Stubs of the compiled module ``imbcore._core`` (private: use the public API)."""

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "ImbcoreError",
    "average_precision",
    "best",
    "evaluate",
    "expected_metric",
    "grid",
    "known_metrics",
    "landing",
    "lp_auc",
    "metric_curve",
    "metric_info",
    "num_threads",
    "optimal_alpha",
    "p_from_auc",
    "roc_auc",
    "standard_metrics",
    "sweep_counts",
]

_F64 = npt.NDArray[np.float64]

class ImbcoreError(ValueError): ...

def metric_info(name: str) -> tuple[str, bool]: ...
def standard_metrics() -> list[str]: ...
def known_metrics() -> list[str]: ...
def evaluate(metric_name: str, tp: _F64, fp: _F64, fn_: _F64, tn: _F64) -> _F64: ...
def landing(
    alpha: _F64, p: _F64, beta: _F64, n_jobs: int | None = None
) -> tuple[_F64, _F64, _F64, _F64]: ...
def expected_metric(
    metric_name: str, alpha: _F64, p: _F64, beta: _F64, n_jobs: int | None = None
) -> _F64: ...
def grid(metric_name: str, alpha: _F64, p: _F64, beta: _F64, n_jobs: int | None = None) -> _F64: ...
def optimal_alpha(
    metric_name: str,
    p: _F64,
    beta: _F64,
    low: float,
    high: float,
    n_jobs: int | None = None,
) -> tuple[_F64, _F64, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]: ...
def lp_auc(p: _F64) -> _F64: ...
def p_from_auc(auc: _F64) -> _F64: ...
def sweep_counts(
    y_true: npt.NDArray[np.uint8],
    y_score: npt.NDArray[np.float32] | npt.NDArray[np.float64],
    sample_weight: _F64 | None = None,
    n_jobs: int | None = None,
) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any], float, float]: ...
def metric_curve(
    metric_name: str,
    tp: npt.NDArray[Any],
    fp: npt.NDArray[Any],
    n_pos: float,
    n_neg: float,
    n_jobs: int | None = None,
) -> _F64: ...
def best(
    metric_name: str,
    constraints: list[tuple[str, float]],
    tp: npt.NDArray[Any],
    fp: npt.NDArray[Any],
    n_pos: float,
    n_neg: float,
    n_jobs: int | None = None,
) -> tuple[int, float] | None: ...
def roc_auc(
    tp: npt.NDArray[Any],
    fp: npt.NDArray[Any],
    n_pos: float,
    n_neg: float,
    n_jobs: int | None = None,
) -> float: ...
def average_precision(
    tp: npt.NDArray[Any], fp: npt.NDArray[Any], n_pos: float, n_jobs: int | None = None
) -> float: ...
def num_threads() -> int: ...
