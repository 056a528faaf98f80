"""Numbers and tables as text: thresholds, metric values, counts, plain and markdown tables, JSON.

One job: how imbcore writes results for people (the command's tables, the
demo's report) and for programs (JSON). Nothing here computes a result.
"""

from __future__ import annotations

import json
import math
from typing import Any, Sequence

import numpy as np

from . import metric_info

__all__ = ["fmt_threshold", "fmt_value", "fmt_count", "text_table", "markdown_table",
           "jsonable", "json_text"]


def fmt_threshold(t: Any) -> str:
    """A threshold exactly, in the fewest digits that read back to it in its dtype.

    Examples
    --------
    >>> import numpy as np
    >>> from imbcore.formatting import fmt_threshold
    >>> fmt_threshold(np.float32(0.1)), fmt_threshold(0.1), fmt_threshold(3e-7)
    ('0.1', '0.1', '3e-07')
    """
    v: Any = np.asarray(t)[()]
    if not isinstance(v, np.floating):
        v = np.float64(v)
    if v != 0 and not 1e-4 <= abs(v) < 1e7:
        return np.format_float_scientific(v, unique=True, trim="-")
    return np.format_float_positional(v, unique=True, trim="-")


def fmt_value(metric: str, v: float | None) -> str:
    """A metric value: 4 decimals, or 6 significant digits for costs (not in [0, 1]).

    Examples
    --------
    >>> from imbcore.formatting import fmt_value
    >>> fmt_value("f1", 0.27264), fmt_value("cost(c_fn=20)", 204656.0), fmt_value("mcc", None)
    ('0.2726', '204,656', 'nan')
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "nan"
    if metric_info(metric).row == "cost":  # counts (or summed weights), unbounded
        return f"{v:,.6g}"
    return f"{v:.4f}"


def fmt_count(v: Any) -> str:
    """A count with thousands separators, or a summed weight in 6 significant digits.

    Examples
    --------
    >>> from imbcore.formatting import fmt_count
    >>> fmt_count(1234567), fmt_count(2.5)
    ('1,234,567', '2.5')
    """
    v = float(v)
    if v.is_integer() and abs(v) < 2**53:
        return f"{int(v):,}"
    return f"{v:,.6g}"


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
