"""Bounds on metrics for a constrained choice of threshold (``subject_to``).

``subject_to={"precision": 0.9, "fpr": 0.01}`` asks for precision >= 0.9 and
fpr <= 0.01: each bound is a floor for a metric where higher is better and a
ceiling otherwise. :meth:`Constraints.parse` reads it once (canonical metric
names, finite bounds, directions) and every user of ``subject_to``
(:meth:`imbcore.Sweep.best`, :func:`imbcore.bootstrap`,
:class:`imbcore.ThresholdTuner`, the figures and the command line) passes the
parsed value on. The messages about constraints are written here, once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Union

from .errors import ImbcoreError
from .metrics import metric_info

__all__ = ["Bound", "Constraints", "SubjectTo"]

#: What ``subject_to`` may be: None, a mapping of metric name to bound, a text
#: such as ``"precision>=0.9, fpr<=0.01"``, or parsed :class:`Constraints`.
SubjectTo = Union[None, Mapping[str, float], str, "Constraints"]

_SYNTAX = ("give a mapping such as {'precision': 0.9} or a text such as "
           "'precision>=0.9, fpr<=0.01' (or 'precision=0.9')")

# one bound in text: a metric name, an operator, a number
_TEXT_BOUND = re.compile(r"^\s*(?P<name>.+?)\s*(?P<op>>=|<=|=)\s*(?P<bound>[^=<>]+?)\s*$")


@dataclass(frozen=True)
class Bound:
    """One bound: ``metric >= bound`` when higher is better, else ``metric <= bound``."""

    metric: str
    bound: float
    higher_is_better: bool

    @property
    def operator(self) -> str:
        """``'>='`` for a floor, ``'<='`` for a ceiling."""
        return ">=" if self.higher_is_better else "<="

    def holds(self, value: Any) -> Any:
        """Whether ``value`` (a number or an array) meets the bound (NaN never does)."""
        return value >= self.bound if self.higher_is_better else value <= self.bound

    def __str__(self) -> str:
        return f"{self.metric} {self.operator} {self.bound:g}"


class Constraints:
    """Parsed ``subject_to``: a sequence of :class:`Bound`, one per metric.

    Make it with :meth:`parse`; it is immutable, empty when there are no
    bounds (and then false).

    Examples
    --------
    >>> from imbcore.constraints import Constraints
    >>> c = Constraints.parse({"Precision": 0.9, "fpr": 0.01})
    >>> str(c)
    'precision >= 0.9, fpr <= 0.01'
    >>> c.pairs()
    [('precision', 0.9), ('fpr', 0.01)]
    >>> Constraints.parse("precision>=0.9, fpr<=0.01") == c
    True
    >>> bool(Constraints.parse(None))
    False
    """

    __slots__ = ("_bounds",)

    def __init__(self, bounds: tuple[Bound, ...] = ()) -> None:
        self._bounds = tuple(bounds)

    @classmethod
    def parse(cls, subject_to: SubjectTo, *, name: str = "subject_to") -> Constraints:
        """Reads ``subject_to`` (see :data:`SubjectTo`) once.

        Raises :class:`~imbcore.ImbcoreError` naming ``name`` for anything but
        known metrics with finite bounds, for a metric bounded twice, and for a
        bound in the wrong direction (``fpr >= 0.1``: the choice keeps a
        metric at or above a floor only where higher is better).
        """
        if subject_to is None:
            return cls()
        if isinstance(subject_to, Constraints):
            return subject_to
        if isinstance(subject_to, str):
            items = [_text_bound(part, subject_to, name)
                     for part in subject_to.split(",") if part.strip()]
        elif isinstance(subject_to, Mapping):
            items = [(k, v, None) for k, v in subject_to.items()]
        else:
            raise ImbcoreError(f"invalid {name}: got {subject_to!r}; {_SYNTAX}")
        bounds: list[Bound] = []
        for key, value, op in items:
            bound = _one_bound(key, value, op, name)
            if any(b.metric == bound.metric for b in bounds):
                raise ImbcoreError(f"invalid {name}: got {bound.metric} twice; bound each "
                                   "metric once")
            bounds.append(bound)
        return cls(tuple(bounds))

    def pairs(self) -> list[tuple[str, float]]:
        """``(metric, bound)`` pairs, as the core reads them."""
        return [(b.metric, b.bound) for b in self._bounds]

    def as_dict(self) -> dict[str, float]:
        """``{metric: bound}`` with canonical names (what ``subject_to`` accepts)."""
        return dict(self.pairs())

    def metrics(self) -> list[str]:
        """The canonical names of the bounded metrics."""
        return [b.metric for b in self._bounds]

    def unmet(self, where: str = "") -> ImbcoreError:
        """The error for "no threshold satisfies these bounds" (``where``, e.g.
        ``'among the candidate thresholds'``, says where none was found)."""
        place = f" {where}" if where else ""
        return ImbcoreError(f"invalid subject_to: got {self}; no threshold{place} satisfies "
                            "it, loosen the bounds")

    def __iter__(self) -> Iterator[Bound]:
        return iter(self._bounds)

    def __len__(self) -> int:
        return len(self._bounds)

    def __bool__(self) -> bool:
        return bool(self._bounds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Constraints) and self._bounds == other._bounds

    def __hash__(self) -> int:
        return hash(self._bounds)

    def __str__(self) -> str:
        return ", ".join(str(b) for b in self._bounds)

    def __repr__(self) -> str:
        return f"Constraints.parse({self.as_dict()!r})"


def _text_bound(part: str, whole: str, name: str) -> tuple[str, Any, str | None]:
    m = _TEXT_BOUND.match(part)
    if m is None:
        raise ImbcoreError(f"invalid {name}: got {whole!r}; {part.strip()!r} is not a bound: "
                           f"{_SYNTAX}")
    return m["name"], m["bound"], m["op"]


def _one_bound(key: Any, value: Any, op: str | None, name: str) -> Bound:
    if not isinstance(key, str):
        raise ImbcoreError(f"invalid {name}: got the key {key!r}; keys are metric names "
                           "such as 'precision'")
    try:
        info = metric_info(key)
    except ImbcoreError as e:  # name the argument, keep what the table says is known
        said = str(e)
        raise ImbcoreError(f"invalid {name}: got the metric {key!r}, which is unknown; "
                           f"{said.split('; ', 1)[-1]}") from None
    shown = f"{key}{op}{value}" if op is not None else f"{{{key!r}: {value!r}}}"
    try:
        bound = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        bound = math.nan
    if not math.isfinite(bound):
        raise ImbcoreError(f"invalid {name}: got {shown}; bounds must be finite numbers")
    if op is not None and op != "=" and (op == ">=") != info.higher_is_better:
        natural = ">=" if info.higher_is_better else "<="
        kind = "higher" if info.higher_is_better else "lower"
        raise ImbcoreError(
            f"invalid {name}: got {key}{op}{value}; {info.name} is bounded as "
            f"{info.name}{natural}{value} ({kind} is better), the only direction a best "
            "threshold can be held to")
    return Bound(info.name, bound, info.higher_is_better)
