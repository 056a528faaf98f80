"""The ``imbcore`` command: ``demo``, ``sweep``, ``theory`` and ``advise``.

Run ``imbcore --help`` or ``imbcore COMMAND --help``; the reference is
``docs/cli.md``. Exit codes: 0 on success, 2 for any mistake in the input or
the options (one line on stderr, no traceback), 130 when interrupted.
Work that takes longer than about two seconds shows a progress line on stderr
(``--quiet`` turns it off).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import threading
import time
import warnings
from typing import Any, Iterator, Sequence

import numpy as np

from ._core import ImbcoreError

__all__ = ["main", "best_table", "advice_table", "theory_table"]

PROG = "imbcore"

# metrics the advice is given for, unless --metrics names others
ADVICE_METRICS = ("f1", "f2", "f0.5", "mcc", "balanced_accuracy", "gmean", "jaccard",
                  "cohen_kappa", "accuracy")
SWEEP_FIGURES = ("pr_curve.png", "roc_curve.png", "metrics_vs_threshold.png")


class UsageError(Exception):
    """A mistake by the user: reported on one line, exit code 2."""


# ------------------------------------------------------------------------ progress


class Progress:
    """A progress line on stderr for work that takes longer than ``delay`` seconds.

    On a terminal, a spinner (or a bar when the number of steps is known) is
    redrawn in place and erased when the work ends. Elsewhere (a log, a pipe)
    one plain line is written per step that is still running after ``delay``.
    Nothing at all is written for work that ends sooner.
    """

    _SPIN = "|/-\\"

    def __init__(self, enabled: bool = True, delay: float = 2.0, stream: Any = None) -> None:
        self.enabled = enabled
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._label = ""
        self._done: int | None = None
        self._total: int | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._t0 = 0.0
        self._step_t0 = 0.0
        self._announced: set[str] = set()
        self._drawn = False

    def update(self, label: str, done: int | None = None, total: int | None = None) -> None:
        """Say what is being done now (and, if known, how many of how many steps are done)."""
        with self._lock:
            self._label, self._done, self._total = label, done, total
            self._step_t0 = time.monotonic()
        if self.enabled and self._thread is None:
            self._t0 = time.monotonic()
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="imbcore-progress",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """End the display and erase the progress line."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None
        with self._lock:
            if self._drawn:
                self.stream.write("\r\033[K")
                self.stream.flush()
                self._drawn = False

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        k = 0
        while not self._stop.is_set():
            with self._lock:
                now = time.monotonic()
                if self.tty:
                    self.stream.write("\r\033[K" + self._line(now, k))
                    self._drawn = True
                elif self._label not in self._announced and now - self._step_t0 >= self.delay:
                    self._announced.add(self._label)
                    self.stream.write(f"{PROG}: {self._label} ...\n")
                self.stream.flush()
            k += 1
            self._stop.wait(0.15)

    def _line(self, now: float, k: int) -> str:
        elapsed = f"{now - self._t0:.0f} s"
        if self._total:
            width = 24
            filled = int(width * (self._done or 0) / self._total)
            bar = "#" * filled + "-" * (width - filled)
            return f"[{bar}] {self._done}/{self._total} {self._label}  {elapsed}"
        return f"{self._SPIN[k % 4]} {self._label}  {elapsed}"


# ---------------------------------------------------------------------- formatting


def fmt_threshold(t: Any) -> str:
    """A threshold exactly, in the fewest digits that read back to it in its dtype."""
    v: Any = np.asarray(t)[()]
    if not isinstance(v, np.floating):
        v = np.float64(v)
    if v != 0 and not 1e-4 <= abs(v) < 1e7:
        return np.format_float_scientific(v, unique=True, trim="-")
    return np.format_float_positional(v, unique=True, trim="-")


def fmt_value(metric: str, v: float) -> str:
    """A metric value: 4 decimals, or 6 significant digits for costs."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "nan"
    if metric.startswith("cost"):
        return f"{v:,.6g}"
    return f"{v:.4f}"


def fmt_count(v: Any) -> str:
    """A count with thousands separators, or a summed weight in 6 significant digits."""
    v = float(v)
    if v.is_integer() and abs(v) < 2**53:
        return f"{int(v):,}"
    return f"{v:,.6g}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """Columns padded to their widest cell; the first ``left`` columns left-aligned."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        f = float(x)
        return f if math.isfinite(f) else None
    return x


# ------------------------------------------------------------------- computations


def best_table(s: Any, metrics: Sequence[str] | None = None,
               subject_to: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """The best threshold per metric of a sweep, with precision and recall there."""
    import imbcore as ic

    names = list(metrics) if metrics is not None else ic.metric_names()
    rows = []
    for m in names:
        try:
            b = s.best(m, subject_to=subject_to)
        except ImbcoreError:
            if metrics is not None or subject_to:
                raise
            continue  # undefined at every threshold (e.g. kappa on odd data)
        rows.append({
            "metric": b.metric, "value": b.value, "threshold": b.threshold,
            "precision": float(ic.metric_value("precision", b.tp, b.fp, b.fn, b.tn)),
            "recall": float(ic.metric_value("recall", b.tp, b.fp, b.fn, b.tn)),
            "tp": b.tp, "fp": b.fp, "fn": b.fn, "tn": b.tn,
        })
    return rows


def _alpha_text(alpha: float, at_bound: bool, flat: bool) -> str:
    if flat:
        return "any (flat)"
    if at_bound:
        return "-> 0 (bound)" if alpha < 1 else "-> inf (bound)"
    return f"{alpha:.4g}"


def theory_table(metric: str, p: Sequence[float], beta: float,
                 n_jobs: int | None = None) -> list[dict[str, Any]]:
    """For each p: alpha*, and the metric at alpha*, at alpha = 1 and at the natural weight."""
    import imbcore as ic

    name = ic.canonical_name(metric)
    ps = np.asarray(p, dtype=np.float64)
    nw = float(ic.natural_weight(beta))  # checks beta first, so its error names no index
    opt = ic.optimal_alpha(name, ps, beta, n_jobs=n_jobs)
    at_1 = ic.expected_metric(name, 1.0, ps, beta)
    at_nw = ic.expected_metric(name, nw, ps, beta)
    auc = ic.lp_auc(ps)
    rows = []
    for j in range(ps.size):
        a, bound, flat = float(opt.alpha[j]), bool(opt.at_bound[j]), bool(opt.flat[j])
        rows.append({
            "metric": name, "beta": beta, "p": float(ps[j]), "roc_auc": float(auc[j]),
            "natural_weight": nw, "alpha": a, "at_bound": bound, "flat": flat,
            "alpha_text": _alpha_text(a, bound, flat),
            "at_optimum": float(opt.value[j]), "at_alpha_1": float(at_1[j]),
            "at_natural": float(at_nw[j]),
        })
    return rows


def advice_table(auc: float, prevalence: float, *, sweep: Any = None,
                 metrics: Sequence[str] = ADVICE_METRICS,
                 n_jobs: int | None = None) -> dict[str, Any]:
    """The weight to train with (theory) beside the threshold to use (data), per metric.

    ``p`` is None when the AUC is outside (0.5, 1): chance-level scores, or
    classes the scores separate perfectly, have no curve of the family.
    """
    import imbcore as ic

    p = float(ic.p_from_auc(auc)) if 0.5 < auc < 1.0 else None
    rows = []
    for m in metrics:
        row: dict[str, Any] = {"metric": ic.canonical_name(m)}
        if p is not None:
            row["theory"] = theory_table(m, [p], prevalence, n_jobs=n_jobs)[0]
        if sweep is not None:
            try:
                b = sweep.best(m)
                row["data"] = {"threshold": b.threshold, "value": b.value}
            except ImbcoreError:
                row["data"] = None
        rows.append(row)
    return {"roc_auc": auc, "prevalence": prevalence, "p": p,
            "natural_weight": float(ic.natural_weight(prevalence)), "rows": rows}


# ----------------------------------------------------------------------- arguments


class _Parser(argparse.ArgumentParser):
    """argparse, with each mistake reported on one line (exit code 2)."""

    def error(self, message: str) -> Any:  # noqa: D401 - argparse's hook
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _number_list(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        values = []
    if not values:
        raise argparse.ArgumentTypeError(f"got {text!r}; give numbers separated by commas, "
                                         "e.g. 2,5,10")
    return values


def _positive_int(text: str) -> int:
    try:
        v = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        v = 0
    if v <= 0:
        raise argparse.ArgumentTypeError(f"got {text!r}; give a positive whole number")
    return v


def _probability(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        v = float("nan")
    if not 0.0 < v < 1.0:
        raise argparse.ArgumentTypeError(f"got {text!r}; give a number between 0 and 1")
    return v


def _split_metrics(values: Sequence[str] | None) -> list[str] | None:
    """Metric names from one or more --metrics options, split at commas outside brackets."""
    if not values:
        return None
    out: list[str] = []
    for text in values:
        depth, cur = 0, ""
        for ch in text:
            depth += ch == "("
            depth -= ch == ")"
            if ch == "," and depth == 0:
                out.append(cur)
                cur = ""
            else:
                cur += ch
        out.append(cur)
    names = [m.strip() for m in out if m.strip()]
    if not names:
        raise UsageError("--metrics names no metric; e.g. --metrics f1,mcc")
    return names


def _check_metrics(names: Sequence[str]) -> list[str]:
    import imbcore as ic

    out = []
    for m in names:
        try:
            out.append(ic.canonical_name(m))
        except ImbcoreError:
            raise UsageError(f"unknown metric {m!r}; known: {', '.join(ic.metric_names())} "
                             "(and f<b>, cost(c_fp=.., c_fn=..))") from None
    return out


def _subject_to(values: Sequence[str] | None) -> dict[str, float] | None:
    if not values:
        return None
    out = {}
    for text in values:
        name, sep, bound = text.rpartition("=")
        try:
            out[_check_metrics([name])[0] if sep else ""] = float(bound)
        except (ValueError, UsageError):
            raise UsageError(f"--subject-to {text!r}: give METRIC=BOUND, e.g. "
                             "precision=0.9 (a floor) or fpr=0.01 (a ceiling)") from None
    return out


def _data_options(p: argparse.ArgumentParser, optional: bool = False) -> None:
    p.add_argument("file", metavar="FILE", nargs="?" if optional else None,
                   help="scored validation data: .csv/.tsv (optionally .gz), .parquet, "
                        ".npy or .npz")
    p.add_argument("--score", metavar="COL",
                   help="column of scores (default: the first of score, y_score, scores, "
                        "prediction, proba; column 1 of a plain 2-D .npy)")
    p.add_argument("--label", metavar="COL",
                   help="column of true labels (default: the first of label, y_true, labels, "
                        "target, y; column 0 of a plain 2-D .npy)")
    p.add_argument("--weight", metavar="COL", help="column of sample weights (default: none)")
    p.add_argument("--pos-label", metavar="X",
                   help="the label value of the positive class (needed unless labels are "
                        "0/1, -1/1 or true/false)")


def _common_options(p: argparse.ArgumentParser, threads: bool = True) -> None:
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress line on stderr")
    if threads:
        p.add_argument("--threads", type=_positive_int, metavar="N",
                       help="threads to use (default: all, or IMBCORE_NUM_THREADS)")


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    top = _Parser(prog=PROG, description="Choose the class weight and the decision threshold "
                  "for the metric you care about on imbalanced data.",
                  epilog="Run 'imbcore demo' for a tour; 'imbcore COMMAND --help' for details.")
    top.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    d = sub.add_parser("demo", help="the main job on built-in data: figures, tables, report",
                       description="Make a realistic scored validation set (a logistic "
                       "regression on synthetic rare-event data, prevalence 1.5%), sweep it, "
                       "print the best threshold per metric and the advice from theory, and "
                       "write the theory and data figures and a markdown report to DIR.")
    d.add_argument("--out", metavar="DIR", default="imbcore-demo",
                   help="where to write figures and report.md (default: ./imbcore-demo)")
    d.add_argument("--n", type=_positive_int, default=1_000_000, metavar="N",
                   help="validation samples (default: 1,000,000; at least 1,000)")
    d.add_argument("--seed", type=int, default=None, metavar="S",
                   help="random seed of the data (default: 2024)")
    d.add_argument("--save-data", action="store_true",
                   help="also write the data set to DIR/validation.npz (arrays label, score)")
    _common_options(d)
    d.set_defaults(run=_cmd_demo)

    s = sub.add_parser("sweep", help="best threshold per metric, ROC-AUC and AP of scored data",
                       description="Sweep every distinct threshold of the scores in FILE and "
                       "print the best threshold per metric, with ROC-AUC and average "
                       "precision.")
    _data_options(s)
    s.add_argument("--metrics", action="append", metavar="LIST",
                   help="metrics to report, comma-separated, e.g. f1,mcc,'cost(c_fn=10)' "
                        "(default: all standard metrics)")
    s.add_argument("--subject-to", action="append", metavar="METRIC=BOUND",
                   help="only thresholds where METRIC is at least BOUND (at most, for fpr, "
                        "fnr and cost); repeatable, e.g. --subject-to precision=0.9")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.add_argument("--plot", metavar="DIR",
                   help="also write " + ", ".join(SWEEP_FIGURES) + " to DIR")
    _common_options(s)
    s.set_defaults(run=_cmd_sweep)

    t = sub.add_parser("theory", help="optimal class weight per p from the theory",
                       description="For each curve exponent p: the optimal weight alpha*, "
                       "the expected metric at alpha*, at alpha = 1 and at the natural weight "
                       "(1-beta)/beta.")
    t.add_argument("--metric", action="append", metavar="NAME",
                   help="metric(s), comma-separated or repeated (default: f1)")
    t.add_argument("--beta", type=_number_list, default=[0.01], metavar="B[,B...]",
                   help="prevalence(s) of the positive class (default: 0.01)")
    t.add_argument("--p", type=_number_list, default=[2.0, 5.0, 10.0], metavar="P[,P...]",
                   help="curve exponents, >= 1 (default: 2,5,10)")
    t.add_argument("--json", action="store_true", help="print JSON instead of a table")
    t.add_argument("--plot", metavar="FILE",
                   help="also draw the metric against alpha to FILE (.png, .pdf, .svg)")
    _common_options(t)
    t.set_defaults(run=_cmd_theory)

    a = sub.add_parser("advise", help="weight from theory beside threshold from data",
                       description="From a model's validation scores (FILE), or from its "
                       "ROC-AUC and the prevalence: the p whose curve has that AUC, and per "
                       "metric the class weight to train with (theory) beside the best "
                       "threshold for the scores as they are (data).")
    _data_options(a, optional=True)
    a.add_argument("--auc", type=float, metavar="A",
                   help="ROC-AUC of the model, in (0.5, 1) (instead of FILE)")
    a.add_argument("--prevalence", type=_probability, metavar="B",
                   help="prevalence of the positive class, in (0, 1) (instead of FILE)")
    a.add_argument("--metrics", action="append", metavar="LIST",
                   help="metrics, comma-separated (default: "
                        + ", ".join(ADVICE_METRICS) + ")")
    a.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _common_options(a)
    a.set_defaults(run=_cmd_advise)
    return top


# ------------------------------------------------------------------------ helpers


def _read_and_sweep(args: argparse.Namespace, progress: Progress) -> tuple[Any, Any]:
    import imbcore as ic

    from ._io import read_scored

    progress.update(f"reading {args.file}")
    data = read_scored(args.file, score=args.score, label=args.label, weight=args.weight)
    labels = data.label
    pos_label = _pos_label(args.pos_label, labels, data)
    progress.update(f"sweeping {len(data):,} scores")
    s = ic.sweep(labels, data.score, sample_weight=data.weight, pos_label=pos_label,
                 n_jobs=args.threads)
    if s.n_pos <= 0 or s.n_neg <= 0:
        kind = "positive" if s.n_neg <= 0 else "negative"
        raise UsageError(f"{args.file}: every sample is {kind} (column "
                         f"{data.columns['label']!r}); the curves need both classes"
                         + ("" if args.pos_label is not None else
                            ", or name the positive class with --pos-label"))
    return data, s


def _pos_label(text: str | None, labels: np.ndarray, data: Any) -> Any:
    """--pos-label read in the type of the labels, and checked to be one of them."""
    col = data.columns["label"]
    kind = labels.dtype.kind
    if text is None:
        if kind in "US":
            seen = np.unique(labels[: 1 << 20])
            shown = ", ".join(repr(str(v)) for v in seen[:5])
            raise UsageError(f"{data.path}: column {col!r} holds labels {shown}; "
                             "name the positive one with --pos-label")
        if kind in "iuf" and labels.size:
            lo, hi = labels.min().item(), labels.max().item()
            two = np.count_nonzero(labels == lo) + np.count_nonzero(labels == hi) == labels.size
            if lo != hi and two and not ({lo, hi} <= {0, 1} or {lo, hi} <= {-1, 1}):
                raise UsageError(f"{data.path}: column {col!r} holds labels {lo:g}, {hi:g}; "
                                 "name the positive one with --pos-label")
        return None
    try:
        if kind == "b":
            low = text.strip().lower()
            if low not in ("true", "false", "1", "0"):
                raise ValueError
            value: Any = low in ("true", "1")
        elif kind in "iu":
            value = int(float(text)) if float(text).is_integer() else float(text)
        elif kind == "f":
            value = float(text)
        else:
            value = text
    except ValueError:
        raise UsageError(f"--pos-label {text!r} is not a value of column {col!r} "
                         f"(its labels are {labels.dtype.name})") from None
    if not (labels == value).any():
        seen = np.unique(labels[: 1 << 20])
        shown = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in seen[:5])
        raise UsageError(f"--pos-label {text!r} is not a value of column {col!r} "
                         f"(values seen: {shown})")
    return value


def _summary(s: Any, source: str, n_rows: int | None = None) -> str:
    total = s.n_pos + s.n_neg
    prevalence = s.n_pos / total
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        auc = s.roc_auc
    if s.weighted:
        size = (f"{n_rows:,} samples of total weight {total:,.6g}, positive weight "
                f"{s.n_pos:,.6g}")
    else:
        size = f"{fmt_count(total)} samples, {fmt_count(s.n_pos)} positive"
    text = (f"{source}: {size} (prevalence {prevalence:.3%}), {len(s):,} distinct scores\n"
            f"ROC-AUC {auc:.4f}   average precision {s.average_precision:.4f}")
    if auc < 0.5:
        text += ("\n(ROC-AUC below 0.5: do higher scores mean negative? Negate the scores "
                 "or check --pos-label)")
    return text


def _best_text(rows: list[dict[str, Any]]) -> str:
    return _table(
        ["metric", "best", "threshold", "precision", "recall", "tp", "fp", "fn", "tn"],
        [[r["metric"], fmt_value(r["metric"], r["value"]), fmt_threshold(r["threshold"]),
          f"{r['precision']:.4f}", f"{r['recall']:.4f}", fmt_count(r["tp"]),
          fmt_count(r["fp"]), fmt_count(r["fn"]), fmt_count(r["tn"])] for r in rows])


def _plot_module() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise UsageError("figures need matplotlib: pip install 'imbcore[plot]'") from None
    matplotlib.use("Agg", force=True)  # files only: no window, no display needed
    from . import plot

    return plot


def _save(ax: Any, path: str) -> None:
    import matplotlib.pyplot as plt

    fig = ax.figure
    try:
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)


def _check_figure_path(path: str) -> None:
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    ok = ("png", "pdf", "svg", "jpg", "jpeg", "eps", "ps", "tif", "tiff", "webp")
    if ext not in ok:
        raise UsageError(f"--plot {path!r}: name the figure file with a known suffix "
                         f"({', '.join('.' + e for e in ok[:3])}, ...)")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"--plot {path!r}: no such directory {folder!r}")


def _print_json(obj: Any) -> None:
    print(json.dumps(_jsonable(obj), indent=2, ensure_ascii=False, allow_nan=False))


# ----------------------------------------------------------------------- commands


def _cmd_sweep(args: argparse.Namespace, progress: Progress) -> int:
    metrics = _split_metrics(args.metrics)
    metrics = _check_metrics(metrics) if metrics else None
    subject_to = _subject_to(args.subject_to)
    if args.plot is not None:
        _plot_module()  # fail early, before the work, when matplotlib is missing
    data, s = _read_and_sweep(args, progress)
    progress.update("best thresholds")
    rows = best_table(s, metrics, subject_to)
    figures = []
    if args.plot:
        plot = _plot_module()
        os.makedirs(args.plot, exist_ok=True)
        marked = [m for m in (metrics or ["f1", "mcc", "balanced_accuracy"])
                  if not m.startswith("cost")][:4] or ["f1"]
        for k, (name, draw) in enumerate((
                ("pr_curve.png", lambda: plot.pr_curve(s, metrics=marked)),
                ("roc_curve.png", lambda: plot.roc_curve(s, metrics=marked)),
                ("metrics_vs_threshold.png",
                 lambda: plot.metric_vs_threshold(s, metrics=metrics or (
                     "f1", "mcc", "balanced_accuracy", "precision", "recall"))))):
            progress.update(f"drawing {name}", k, 3)
            path = os.path.join(args.plot, name)
            _save(draw(), path)
            figures.append(path)
    progress.stop()
    if args.json:
        _print_json({
            "file": args.file, "columns": data.columns, "n_samples": len(data),
            "n_pos": s.n_pos, "n_neg": s.n_neg, "prevalence": s.n_pos / (s.n_pos + s.n_neg),
            "n_thresholds": len(s), "roc_auc": s.roc_auc,
            "average_precision": s.average_precision, "subject_to": subject_to,
            "best": {r["metric"]: {k: v for k, v in r.items() if k != "metric"} for r in rows},
            "figures": figures,
        })
        return 0
    print(_summary(s, args.file, len(data)))
    if subject_to:
        print("subject to " + ", ".join(
            f"{k} {'>=' if _higher(k) else '<='} {v:g}" for k, v in subject_to.items()))
    print()
    print(_best_text(rows))
    for path in figures:
        print(f"wrote {path}")
    return 0


def _higher(metric: str) -> bool:
    import imbcore as ic

    return ic.higher_is_better(metric)


def _cmd_theory(args: argparse.Namespace, progress: Progress) -> int:
    metrics = _check_metrics(_split_metrics(args.metric) or ["f1"])
    if args.plot:
        _check_figure_path(args.plot)
    tables = []
    for m in metrics:
        for b in args.beta:
            tables.append((m, b, theory_table(m, args.p, b, n_jobs=args.threads)))
    if args.plot:
        plot = _plot_module()
        progress.update(f"drawing {args.plot}")
        _save(_theory_figure(plot, metrics, args.beta, args.p), args.plot)
    progress.stop()
    if args.json:
        _print_json([row for _, _, rows in tables for row in rows])
        return 0
    for i, (m, b, rows) in enumerate(tables):
        if i:
            print()
        nw = rows[0]["natural_weight"]
        name = m
        print(f"{name} at prevalence beta = {b:g} (natural weight (1-beta)/beta = {nw:.4g})")
        print(_table(["p", "ROC-AUC", "alpha*", f"{name} at alpha*", "at alpha=1",
                      f"at alpha={nw:.4g}"],
                     [[f"{r['p']:g}", f"{r['roc_auc']:.4f}", r["alpha_text"],
                       fmt_value(m, r["at_optimum"]), fmt_value(m, r["at_alpha_1"]),
                       fmt_value(m, r["at_natural"])] for r in rows], left=0))
        notes = {r["alpha_text"] for r in rows if r["flat"] or r["at_bound"]}
        if any("bound" in t for t in notes):
            print(f"(bound: {name} keeps improving towards the end of the search range "
                  "1e-12..1e12)")
        if any("flat" in t for t in notes):
            print(f"(flat: at this p {name} does not depend on alpha)")
    if args.plot:
        print(f"wrote {args.plot}")
    return 0


def _theory_figure(plot: Any, metrics: Sequence[str], betas: Sequence[float],
                   ps: Sequence[float]) -> Any:
    if len(metrics) == 1 and len(betas) == 1:
        return plot.metric_vs_alpha(metrics[0], ps, betas[0])
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(metrics), len(betas), squeeze=False, layout="constrained",
                             figsize=(9.6 * len(betas), 4.4 * len(metrics)))
    for i, m in enumerate(metrics):
        for j, b in enumerate(betas):
            ax = plot.metric_vs_alpha(m, ps, b, ax=axes[i][j])
            # beside each panel rather than over its lines, as in a one-panel figure
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                      fontsize="small", title="curve exponent p")
    return axes[0][0]


def _cmd_advise(args: argparse.Namespace, progress: Progress) -> int:
    metrics = _check_metrics(_split_metrics(args.metrics) or list(ADVICE_METRICS))
    s: Any = None
    data: Any = None
    if args.file is not None:
        if args.auc is not None or args.prevalence is not None:
            raise UsageError("give FILE, or --auc and --prevalence, not both")
        data, s = _read_and_sweep(args, progress)
        prevalence = s.n_pos / (s.n_pos + s.n_neg)
        auc = s.roc_auc
        source = args.file
    else:
        if args.auc is None or args.prevalence is None:
            raise UsageError("advise needs a FILE of scores, or both --auc and --prevalence")
        if not 0.5 < args.auc < 1.0:
            raise UsageError(f"--auc {args.auc:g}: give a ROC-AUC strictly between 0.5 "
                             "(chance) and 1 (perfect)")
        prevalence, auc, source = args.prevalence, args.auc, None
    progress.update("advice from theory")
    adv = advice_table(auc, prevalence, sweep=s, metrics=metrics, n_jobs=args.threads)
    progress.stop()
    if args.json:
        out = dict(adv)
        if source:
            out["file"] = source
            out["n_samples"] = len(data)
        _print_json(out)
        return 0
    if s is not None:
        print(_summary(s, source, len(data)))
    nw = adv["natural_weight"]
    print(f"prevalence {prevalence:.4g}   natural weight (1-beta)/beta = {nw:.4g}")
    if adv["p"] is None:
        print(f"ROC-AUC {auc:.4f} is outside (0.5, 1): no curve of the family matches, so "
              "there is no advice on the weight; the thresholds below still hold.")
    else:
        print(f"ROC-AUC {auc:.4f}  ->  p = {adv['p']:.4g} (the curve z = (1-x^p)^(1/p) with "
              "this AUC)")
    print()
    headers = ["metric"]
    if adv["p"] is not None:
        headers += ["alpha*", "at alpha*", "at alpha=1", f"at alpha={nw:.4g}"]
    if s is not None:
        headers += ["best threshold", "value"]
    rows = []
    for r in adv["rows"]:
        m = r["metric"]
        cells = [m]
        if adv["p"] is not None:
            th = r["theory"]
            cells += [th["alpha_text"], fmt_value(m, th["at_optimum"]),
                      fmt_value(m, th["at_alpha_1"]), fmt_value(m, th["at_natural"])]
        if s is not None:
            d = r["data"]
            cells += ([fmt_threshold(d["threshold"]), fmt_value(m, d["value"])] if d
                      else ["-", "-"])
        rows.append(cells)
    print(_table(headers, rows))
    print()
    if adv["p"] is not None:
        print("alpha*: the class weight to train with (weighted cross-entropy) for that metric; "
              "'at ...': the metric the theory expects there.")
    if s is not None:
        print("best threshold: where to cut these scores for that metric, keeping the model "
              "as it is (predict positive when score >= threshold).")
    return 0


def _cmd_demo(args: argparse.Namespace, progress: Progress) -> int:
    from . import demo

    if args.n < 1000:
        raise UsageError(f"--n {args.n}: the demo needs at least 1,000 samples")
    _plot_module()
    seed = demo.SEED if args.seed is None else args.seed
    t0 = time.perf_counter()
    r = demo.run(args.out, args.n, seed=seed, save_data=args.save_data, n_jobs=args.threads,
                 step=lambda label, done, total: progress.update(label, done, total))
    progress.stop()
    s = r.sweep
    print(f"imbcore demo: {r.n:,} scored validation samples (logistic regression on synthetic "
          f"rare-event data, seed {seed})")
    print(_summary(s, "validation set"))
    print()
    print("Best threshold per metric (predict positive when score >= threshold):")
    print(_best_text(r.best))
    print()
    adv = r.advice
    if adv["p"] is not None:
        print(f"Theory: ROC-AUC {adv['roc_auc']:.4f} -> p = {adv['p']:.4g}; class weight to "
              f"train with (alpha*) beside the natural weight {adv['natural_weight']:.4g}:")
        print(_table(["metric", "alpha*", "at alpha*", "at alpha=1", "best threshold"],
                     [[row["metric"], row["theory"]["alpha_text"],
                       fmt_value(row["metric"], row["theory"]["at_optimum"]),
                       fmt_value(row["metric"], row["theory"]["at_alpha_1"]),
                       fmt_threshold(row["data"]["threshold"]) if row.get("data") else "-"]
                      for row in adv["rows"]]))
        print()
    print(f"Wrote {len(r.figures)} figures and {r.report}"
          + (f" and {r.data_file}" if r.data_file else ""))
    sec = r.seconds
    print(f"Done in {time.perf_counter() - t0:.1f} s (data {sec['data']:.1f} s, sweep and best "
          f"thresholds {sec['sweep']:.2f} s, figures {sec['figures']:.1f} s).")
    return 0


# --------------------------------------------------------------------------- main


@contextlib.contextmanager
def _one_line_warnings() -> Iterator[None]:
    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
             line: Any = None) -> None:
        print(f"{PROG}: warning: {str(message).splitlines()[0]}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = show
        yield


def _one_line(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        where = f": {e.filename}" if e.filename else ""
        return f"{e.strerror}{where}"
    text = " ".join(str(e).split())
    return text or type(e).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``imbcore`` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        print(f"\n{PROG}: error: choose a command: demo, sweep, theory or advise",
              file=sys.stderr)
        return 2
    progress = Progress(enabled=not args.quiet)
    prog = f"{PROG} {args.command}"
    try:
        with _one_line_warnings():
            return args.run(args, progress)
    except BrokenPipeError:  # output piped into `head` and the like
        progress.stop()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (ImbcoreError, UsageError, OSError, MemoryError) as e:
        progress.stop()
        what = "not enough memory" if isinstance(e, MemoryError) else _one_line(e)
        print(f"{prog}: error: {what}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        progress.stop()
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    finally:
        progress.stop()


if __name__ == "__main__":
    sys.exit(main())
