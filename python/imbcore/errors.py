"""The exception and the warnings imbcore raises.

:class:`ImbcoreError` (a ``ValueError``) reports bad input: its message names
the argument, the value seen and what is allowed. It pickles, so worker
processes (joblib, Dask, multiprocessing) send it back intact.

:class:`UndefinedMetricWarning` reports a metric that is undefined for the
input (one class only): NaN (or scikit-learn's value) is returned. When
scikit-learn is installed it is a subclass of scikit-learn's own
``sklearn.exceptions.UndefinedMetricWarning``, so warning filters written for
scikit-learn keep working; scikit-learn is imported only when the class is
first used, never by ``import imbcore``.

Examples
--------
>>> import pickle
>>> from imbcore.errors import ImbcoreError
>>> e = ImbcoreError("invalid beta: got 2.0; beta must lie in (0, 1)")
>>> pickle.loads(pickle.dumps(e)) == e
True
>>> isinstance(e, ValueError)
True
"""

from __future__ import annotations

import importlib.util
from typing import Any

__all__ = ["ImbcoreError", "ImbcoreWarning", "UndefinedMetricWarning"]


class ImbcoreError(ValueError):
    """Bad input to imbcore: the message names the argument, the value seen and
    what is allowed.

    Two errors are equal when they are of the same class with the same
    message, so an error that travelled through ``pickle`` equals the one
    raised.
    """

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.args == other.args  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.args))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)


class ImbcoreWarning(UserWarning):
    """The base of imbcore's warnings."""


_undefined: type | None = None


def _undefined_metric_warning() -> type:
    """The warning class for undefined metrics, made once (see the module doc)."""
    global _undefined
    if _undefined is None:
        bases: tuple[type, ...] = (ImbcoreWarning,)
        if importlib.util.find_spec("sklearn") is not None:
            try:
                from sklearn.exceptions import UndefinedMetricWarning as _Sk
            except Exception:  # a broken scikit-learn must not break imbcore
                pass
            else:
                bases = (_Sk, ImbcoreWarning)
        _undefined = type("UndefinedMetricWarning", bases, {
            "__module__": __name__,
            "__doc__": "A metric is undefined for the input (one class only); NaN or "
                       "scikit-learn's value is returned. A subclass of scikit-learn's "
                       "UndefinedMetricWarning when scikit-learn is installed.",
        })
    return _undefined


def __getattr__(name: str) -> Any:
    if name == "UndefinedMetricWarning":
        return _undefined_metric_warning()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
