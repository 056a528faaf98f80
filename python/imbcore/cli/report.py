"""``imbcore report FILE --html OUT``: the threshold report as one offline HTML page."""

from __future__ import annotations

import argparse
from typing import Any

from .options import UsageError, add_common_options, add_data_options
from .progress import Progress
from .scored import read_and_sweep

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """The ``report`` subcommand and its options."""
    s = sub.add_parser("report", help="an interactive threshold report as one offline HTML page",
                       description="Sweep the scores in FILE and write one self-contained "
                       "HTML page (no network access needed): a threshold slider with the "
                       "confusion matrix, every metric, the cost and the alerts per 10,000 "
                       "at the chosen threshold, PR and ROC curves, and the best threshold "
                       "per metric with bootstrap intervals.")
    add_data_options(s)
    s.add_argument("--html", metavar="OUT", required=True, help="the HTML file to write")
    s.add_argument("--title", default=None, help="the page's heading (default: the file name)")
    s.add_argument("--bootstrap", type=int, default=200, metavar="N",
                   help="bootstrap replicates for the intervals (default 200; 0 for none)")
    s.add_argument("--seed", type=int, default=0, metavar="S",
                   help="seed of the bootstrap replicates (default 0)")
    s.add_argument("--c-fp", type=float, default=1.0, metavar="C",
                   help="unit cost of a false positive the page starts with (default 1)")
    s.add_argument("--c-fn", type=float, default=1.0, metavar="C",
                   help="unit cost of a false negative the page starts with (default 1)")
    s.add_argument("--per-day", type=float, default=None, metavar="N",
                   help="samples scored per day, for the alerts per day (editable on the page)")
    add_common_options(s)
    s.set_defaults(run=run)


def run(args: argparse.Namespace, progress: Progress) -> int:
    """Run ``imbcore report``; returns the exit code."""
    from ..html_report import write_html

    if args.bootstrap < 0:
        raise UsageError(f"--bootstrap: got {args.bootstrap}; give a count >= 0")
    data, s = read_and_sweep(args, progress)
    if args.bootstrap:
        progress.update(f"{args.bootstrap:,} bootstrap replicates")
    try:
        out = write_html(s, args.html, title=args.title or f"Threshold report: {data.path}",
                         bootstrap=args.bootstrap or None, random_state=args.seed,
                         c_fp=args.c_fp, c_fn=args.c_fn, per_day=args.per_day)
    except OSError as e:
        raise UsageError(f"--html {args.html}: cannot write it: {e.strerror or e}") from None
    progress.stop()
    print(f"wrote {out}")
    return 0
