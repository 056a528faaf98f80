"""Figures written by the commands: matplotlib on demand, files checked before the work."""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

from .options import UsageError

__all__ = ["plot_module", "save_figure", "check_figure_path"]

_SUFFIXES = ("png", "pdf", "svg", "jpg", "jpeg", "eps", "ps", "tif", "tiff", "webp")


def plot_module() -> ModuleType:
    """:mod:`imbcore.plot`, drawing to files only; a UsageError when matplotlib is missing."""
    try:
        import matplotlib
    except ImportError:
        raise UsageError("figures need matplotlib: pip install 'imbcore[plot]'") from None
    matplotlib.use("Agg", force=True)  # files only: no window, no display needed
    from .. import plot

    return plot


def save_figure(ax: Any, path: str) -> None:
    """Write the figure of ``ax`` to ``path`` and close it."""
    import matplotlib.pyplot as plt

    fig = ax.figure
    try:
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)


def check_figure_path(path: str) -> None:
    """A UsageError unless ``path`` has a figure suffix and its folder exists."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in _SUFFIXES:
        raise UsageError(f"--plot {path!r}: name the figure file with a known suffix "
                         f"({', '.join('.' + e for e in _SUFFIXES[:3])}, ...)")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"--plot {path!r}: no such directory {folder!r}")
