"""The command line's vocabulary: option types, shared options, and the user's mistakes.

Every mistake in the options is reported on one line (exit code 2): argparse's
own through :class:`Parser`, ours by raising :class:`UsageError`.
"""

from __future__ import annotations

import argparse
import decimal
import difflib
from typing import Any, Callable, Sequence

from ..constraints import Constraints
from ..errors import ImbcoreError
from ..metrics import metric_info, metric_names

__all__ = ["PROG", "UsageError", "Parser", "number_list", "whole_number", "positive_int",
           "count_of", "seed", "probability", "delimiter", "split_metrics", "check_metrics",
           "parse_subject_to", "add_metrics_option", "add_debug_option", "add_data_options", "add_common_options"]

PROG = "imbcore"


class UsageError(Exception):
    """A mistake by the user: reported on one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """argparse, with each mistake reported on one line (exit code 2)."""

    def error(self, message: str) -> Any:  # noqa: D401 - argparse's hook
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def number_list(text: str) -> list[float]:
    """``--p 2,5,10``: numbers separated by commas."""
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        values = []
    if not values:
        raise argparse.ArgumentTypeError(f"got {text!r}; give numbers separated by commas, "
                                         "e.g. 2,5,10")
    return values


def whole_number(text: str) -> int | None:
    """``text`` as a whole number, or None.

    Separators (``1_000_000``, ``1,000,000``) and integral numbers written as
    floats (``1e6``, ``2.5e3``, ``1000.0``) are whole numbers; ``1.5e0`` is not.
    Read exactly (as a decimal), so a large ``1e30`` is 10**30, not a float's guess.

    Examples
    --------
    >>> from imbcore.cli.options import whole_number
    >>> whole_number("1e6"), whole_number("1_000_000"), whole_number("1.5e0")
    (1000000, 1000000, None)
    """
    cleaned = text.strip().replace("_", "").replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        d = decimal.Decimal(cleaned)
    except decimal.InvalidOperation:
        return None
    if not d.is_finite() or d != d.to_integral_value() or d.adjusted() > 100:
        return None
    return int(d)


def positive_int(text: str) -> int:
    """``--n 1e6``: a positive whole number (separators and ``1e6`` are fine)."""
    v = whole_number(text)
    if v is None or v <= 0:
        raise argparse.ArgumentTypeError(f"got {text!r}; give a positive whole number, "
                                         "e.g. 1000000, 1_000_000 or 1e6")
    return v


def count_of(what: str, example: str) -> Callable[[str], int]:
    """An option type for a count >= 1 whose message names what is counted.

    Examples
    --------
    >>> from imbcore.cli.options import count_of
    >>> threads = count_of("threads", "--threads 4")
    >>> threads("2")
    2
    >>> threads("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: got '0'; give a number of threads >= 1, e.g. --threads 4
    """

    def parse(text: str) -> int:
        v = whole_number(text)
        if v is None or v <= 0:
            raise argparse.ArgumentTypeError(f"got {text!r}; give a number of {what} >= 1, "
                                             f"e.g. {example}")
        return v

    parse.__name__ = f"number of {what}"  # what argparse calls the type in its messages
    return parse


def seed(text: str) -> int:
    """``--seed 7``: a whole number >= 0 (NumPy's seeds are non-negative)."""
    v = whole_number(text)
    if v is None or v < 0:
        raise argparse.ArgumentTypeError(f"got {text!r}; give a whole number >= 0")
    return v


def probability(text: str) -> float:
    """``--prevalence 0.02``: a number strictly between 0 and 1."""
    try:
        v = float(text)
    except ValueError:
        v = float("nan")
    if not 0.0 < v < 1.0:
        raise argparse.ArgumentTypeError(f"got {text!r}; give a number between 0 and 1")
    return v


def delimiter(text: str) -> str:
    """``--delimiter ';'``: one character; ``tab`` (or ``\\t``) for a tab."""
    if text.lower() in ("tab", "\\t", "\t"):
        return "\t"
    if len(text) != 1 or text in "\"\r\n":
        raise argparse.ArgumentTypeError(f"got {text!r}; give one character such as ',' ';' "
                                         "'|', or 'tab'")
    return text


def add_metrics_option(p: argparse.ArgumentParser, default: Sequence[str]) -> None:
    """``--metrics LIST``, the one spelling of every command (``--metric`` is an alias)."""
    p.add_argument("--metrics", "--metric", dest="metrics", action="append", metavar="LIST",
                   help="metrics, comma-separated or repeated, e.g. f1,mcc,'cost(c_fn=10)' "
                        f"(default: {', '.join(default)})")


def split_metrics(values: Sequence[str] | None) -> list[str] | None:
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


def check_metrics(names: Sequence[str], option: str = "--metrics") -> list[str]:
    """The canonical names, or a UsageError: the known metrics for an unknown name, the
    metric table's own reason for a known one written wrong (``cost(c_fn=-1)``, ``f0``)."""
    out = []
    for m in names:
        try:
            out.append(metric_info(m).name)
        except ImbcoreError as e:
            if "unknown" in str(e):
                raise UsageError(f"unknown metric {m!r}{_did_you_mean(m)}; known: "
                                 f"{', '.join(metric_names())} (and f<b>, "
                                 "cost(c_fp=.., c_fn=..))") from None
            raise UsageError(f"{option} {m!r}: {e}") from None
    return out


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name.strip().lower(), metric_names(), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_subject_to(values: Sequence[str] | None) -> dict[str, float] | None:
    """``--subject-to precision=0.9`` (repeatable; also ``'precision>=0.9,fpr<=0.01'``)
    as ``{metric: bound}``, read by :meth:`imbcore.constraints.Constraints.parse`."""
    if not values:
        return None
    bounds: dict[str, float] = {}
    for text in values:
        try:
            parsed = Constraints.parse(text, name="--subject-to")
        except ImbcoreError as e:
            message = str(e).removeprefix("invalid --subject-to: ")
            if "unknown" in message:
                name = text.split("=")[0].rstrip("<>").strip()
                message += _did_you_mean(name)
            raise UsageError(f"--subject-to {text!r}: {message}; give METRIC=BOUND, e.g. "
                             "precision=0.9 (a floor) or fpr=0.01 (a ceiling), several "
                             "separated by commas") from None
        for metric, bound in parsed.pairs():
            if metric in bounds:
                raise UsageError(f"--subject-to {text!r}: {metric} is bounded twice; bound "
                                 "each metric once")
            bounds[metric] = bound
    return bounds


def add_data_options(p: argparse.ArgumentParser, optional: bool = False) -> None:
    """FILE and the options that say which of its columns hold what."""
    p.add_argument("file", metavar="FILE", nargs="?" if optional else None,
                   help="scored validation data: CSV/TSV, Parquet, .npy or .npz, optionally "
                        "compressed (gzip, bzip2, zstd: recognised by content); '-' reads "
                        "standard input")
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
    p.add_argument("--delimiter", type=delimiter, metavar="C",
                   help="CSV delimiter, one character or 'tab' (default: tab for .tsv, else "
                        "the most frequent of , tab ; | in the header line)")


def add_debug_option(p: argparse.ArgumentParser, top: bool = False) -> None:
    """``--debug``: a traceback with any error. On the command and on each subcommand;
    a subcommand leaves the value alone unless given (argparse would reset it)."""
    p.add_argument("--debug", action="store_true",
                   default=False if top else argparse.SUPPRESS,
                   help="on an error, also print the traceback (for reporting a bug)")


def add_common_options(p: argparse.ArgumentParser, threads: bool = True) -> None:
    """--quiet, --progress, --debug and (unless ``threads`` is False) --threads."""
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("-q", "--quiet", action="store_true",
                       help="no progress line on stderr")
    shown.add_argument("--progress", action="store_true",
                       help="a progress line on stderr even when it is not a terminal "
                            "(by default only on a terminal)")
    add_debug_option(p)
    if threads:
        p.add_argument("--threads", type=count_of("threads", "--threads 4"), metavar="N",
                       help="threads to use (default: all, or IMBCORE_NUM_THREADS)")


def add_bootstrap_options(p: argparse.ArgumentParser) -> None:
    """``--bootstrap N``, ``--ci C`` and ``--seed S``: bootstrap intervals of the best
    threshold and of its value (see :func:`imbcore.bootstrap`)."""
    p.add_argument("--bootstrap", type=count_of("replicates", "--bootstrap 1000"),
                   metavar="N",
                   help="also give percentile intervals of the best threshold and of its "
                        "value over N Poisson bootstrap replicates, e.g. --bootstrap 1000")
    p.add_argument("--ci", type=probability, default=0.95, metavar="C",
                   help="confidence level of the --bootstrap intervals (default 0.95)")
    p.add_argument("--seed", type=seed, default=0, metavar="S",
                   help="seed of the --bootstrap replicates (default 0)")
