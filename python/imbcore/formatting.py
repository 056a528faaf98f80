"""Numbers and tables as text: thresholds, metric values, counts, plain and markdown tables, JSON.

One job: how imbcore writes results for people (the command's tables, the
demo's report) and for programs (JSON). Nothing here computes a result.
"""

from __future__ import annotations

import json
import math
from typing import Any, Sequence

import numpy as np

from ._repr import plain
from .metrics import metric_info

__all__ = ["plain", "fmt_threshold", "threshold_digits", "fmt_fraction", "fmt_value", "fmt_count", "count_decimals", "text_table", "markdown_table",
           "jsonable", "json_text"]


def threshold_digits(t: Any, lower: Any = None, *, least: int = 4) -> int:
    """The significant digits that separate threshold ``t`` from ``lower``, the next
    lower distinct score: the fewest (at least ``least``) whose rounding down of
    ``t`` still lies above ``lower``, so that ``score >= printed`` selects the same
    samples as ``score >= t``. At most 17 (every float64 is then exact).

    Examples
    --------
    >>> from imbcore.formatting import threshold_digits
    >>> threshold_digits(0.7321549, 0.73), threshold_digits(0.7321549, 0.7321548)
    (4, 7)
    """
    v = float(t)
    if lower is None or not math.isfinite(float(lower)) or v == 0 or not math.isfinite(v):
        return least
    low = float(lower)
    for d in range(least, 18):
        if low < _round_down(v, d) <= v:
            return d
    return 17


def _round_down(v: float, digits: int) -> float:
    """``v`` rounded towards minus infinity to ``digits`` significant digits (as a
    decimal, then read as the nearest float, never above ``v``)."""
    from decimal import ROUND_FLOOR, Decimal

    d = Decimal(v)
    q = Decimal(1).scaleb(d.adjusted() - digits + 1)
    r = float(d.quantize(q, rounding=ROUND_FLOOR))
    return r if r <= v else float(np.nextafter(r, -np.inf))


def fmt_threshold(t: Any, lower: Any = None) -> str:
    """A threshold as text.

    Without ``lower``: exactly, in the fewest digits that read back to it in its
    dtype. With ``lower``, the next lower distinct score: in the digits of
    :func:`threshold_digits` (at least 4 significant), rounded down, so that the
    printed number selects the same samples and separates the threshold from its
    neighbour without 17 digits.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.formatting import fmt_threshold
    >>> fmt_threshold(np.float32(0.1)), fmt_threshold(0.1), fmt_threshold(3e-7)
    ('0.1', '0.1', '3e-07')
    >>> fmt_threshold(0.73215497123456789, lower=0.7)
    '0.7321'
    >>> fmt_threshold(0.73215497123456789, lower=0.7321)
    '0.73215'
    >>> fmt_threshold(0.73215497123456789, lower=0.732154971)
    '0.7321549712'
    """
    v: Any = np.asarray(t)[()]
    if not isinstance(v, np.floating):
        v = np.float64(v)
    if lower is not None and math.isfinite(float(v)) and v != 0:
        d = threshold_digits(v, lower)
        r = _round_down(float(v), d)
        if r == float(v):  # exact in these digits: the shortest form
            pass
        elif abs(r) != 0 and not 1e-4 <= abs(r) < 1e7:
            return f"{r:.{d - 1}e}"
        else:
            return _positional(r, d)
    if v != 0 and not 1e-4 <= abs(v) < 1e7:
        return np.format_float_scientific(v, unique=True, trim="-")
    return np.format_float_positional(v, unique=True, trim="-")


def _positional(v: float, digits: int) -> str:
    """``v`` with ``digits`` significant digits, positional, trailing zeros dropped."""
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    text = f"{v:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_fraction(v: Any, decimals: int = 4) -> str:
    """A value in [0, 1] with ``decimals`` decimals, but never rounded onto a bound
    it is not: 0.999996 is written 0.999996, not 1.0000, and 3e-7 is 3e-07, not 0.0000.

    Examples
    --------
    >>> from imbcore.formatting import fmt_fraction
    >>> fmt_fraction(0.27264), fmt_fraction(1.0), fmt_fraction(0.0)
    ('0.2726', '1.0000', '0.0000')
    >>> fmt_fraction(1 - 1 / 250_000), fmt_fraction(1 / 250_000), fmt_fraction(0.999951)
    ('0.999996', '4e-06', '0.999951')
    """
    v = float(v)
    if math.isnan(v):
        return "nan"
    text = f"{v:.{decimals}f}"
    if v != 0.0 and float(text) == 0.0:  # a small value, not zero
        return f"{v:.{max(decimals - 1, 1)}g}"
    if v != 1.0 and float(text) == 1.0:  # just below (or above) 1: the digits that show it
        d = min(17, max(decimals, 1 - math.floor(math.log10(abs(1.0 - v)))))
        text = f"{v:.{d}f}"
        while d > decimals and text.endswith("0"):
            text, d = text[:-1], d - 1
    return text


def fmt_value(metric: str, v: float | None) -> str:
    """A metric value: 4 decimals (never rounded onto 0 or 1 when it is not, see
    :func:`fmt_fraction`), or for costs (counts, not in [0, 1]) as :func:`fmt_count`.

    Examples
    --------
    >>> from imbcore.formatting import fmt_value
    >>> fmt_value("f1", 0.27264), fmt_value("cost(c_fn=20)", 204656.0), fmt_value("mcc", None)
    ('0.2726', '204,656', 'nan')
    >>> fmt_value("cost", 4899380.5)
    '4,899,380.5'
    >>> fmt_value("specificity", 1 - 1 / 250_000), fmt_value("fpr", 1 / 250_000)
    ('0.999996', '4e-06')
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "nan"
    if metric_info(metric).row == "cost":  # counts (or summed weights), unbounded
        return fmt_count(v)
    return fmt_fraction(v)


def count_decimals(total: float) -> int:
    """Decimals that give summed weights up to ``total`` six significant digits (at least 1).

    One value for a whole table, so its weighted counts line up.

    Examples
    --------
    >>> from imbcore.formatting import count_decimals
    >>> count_decimals(4899380.5), count_decimals(2500.0), count_decimals(0.75)
    (1, 2, 6)
    """
    t = abs(float(total))
    if not math.isfinite(t) or t == 0:
        return 1
    digits = math.floor(math.log10(t)) + 1  # before the point (<= 0 below 1)
    return min(max(1, 6 - digits), 12)


def fmt_count(v: Any, decimals: int | None = None) -> str:
    """A count, or a summed weight, as people write numbers: separators, no exponent.

    Whole numbers are written whole. Others get ``decimals`` decimals (a
    table's :func:`count_decimals`), or by default six significant digits and
    at least one decimal, trailing zeros dropped: a weighted count reads
    ``4,899,380.5``, not ``4.89938e+06``.

    Examples
    --------
    >>> from imbcore.formatting import fmt_count
    >>> fmt_count(1234567), fmt_count(2.5), fmt_count(4899380.53), fmt_count(0.000123456)
    ('1,234,567', '2.5', '4,899,380.5', '0.000123456')
    >>> fmt_count(582.691, decimals=1), fmt_count(1200.0, decimals=1)
    ('582.7', '1,200')
    >>> fmt_count(float("nan")), fmt_count(float("inf"))
    ('nan', 'inf')
    """
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    if v.is_integer() and abs(v) < 2**53:
        return f"{int(v):,}"
    if decimals is not None:
        return f"{v:,.{decimals}f}"
    text = f"{v:,.{count_decimals(v)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """Columns padded to their widest cell; the first ``left`` columns left-aligned.

    Examples
    --------
    >>> from imbcore.formatting import text_table
    >>> print(text_table(["metric", "best"], [["f1", "0.2726"], ["mcc", "0.2612"]]))
    metric    best
    ------  ------
    f1      0.2726
    mcc     0.2612
    """
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table: the first column left-aligned, the others right-aligned.

    Examples
    --------
    >>> from imbcore.formatting import markdown_table
    >>> print(markdown_table(["metric", "best"], [["F1", "0.2726"]]))
    | metric | best |
    |---|---:|
    | F1 | 0.2726 |
    """
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def jsonable(x: Any) -> Any:
    """``x`` with NumPy scalars as Python numbers and non-finite floats as None.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.formatting import jsonable
    >>> jsonable({"n": np.int64(3), "v": [np.float32(0.5), float("nan")], "ok": np.bool_(True)})
    {'n': 3, 'v': [0.5, None], 'ok': True}
    """
    if isinstance(x, dict):
        return {k: jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, (np.floating, float)):
        f = float(x)
        return f if math.isfinite(f) else None
    return x


def json_text(obj: Any) -> str:
    """``obj`` as indented JSON (strict: NaN and infinities become null).

    Examples
    --------
    >>> from imbcore.formatting import json_text
    >>> print(json_text({"roc_auc": float("nan")}))
    {
      "roc_auc": null
    }
    """
    return json.dumps(jsonable(obj), indent=2, ensure_ascii=False, allow_nan=False)
