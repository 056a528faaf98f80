"""The ``imbcore`` command: ``demo``, ``sweep``, ``theory``, ``advise``, ``weights`` and ``study``.

Run ``imbcore --help`` or ``imbcore COMMAND --help`` (also ``python -m imbcore``);
the reference is ``docs/cli.md``. Exit codes: 0 on success, 2 for any mistake
in the input or the options (one line on stderr, no traceback), 1 for anything
unexpected (one line too; ``--debug`` adds the traceback), 130 when
interrupted (Ctrl-C). On a terminal, work that takes longer than about two
seconds shows a progress line on stderr (``--quiet`` turns it off,
``--progress`` shows it elsewhere too).

One module per command (:mod:`.sweep`, :mod:`.theory`, :mod:`.advise`,
:mod:`.demo`), each adding its parser and running it; the options, the
progress line, the scored data and the figures they share have a module each.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import traceback
import warnings
from typing import Any, Iterator, Sequence

from ..errors import ImbcoreError
from . import advise, demo, report, sweep, theory, weights
from . import study as study_command
from .options import PROG, Parser, UsageError, add_debug_option
from .progress import Progress

__all__ = ["main", "build_parser", "plain_numbers", "PROG", "UsageError"]

_COMMANDS = (demo, sweep, theory, advise, weights, study_command, report)


def build_parser() -> Parser:
    """The parser of ``imbcore``: the top-level options and one subparser per command."""
    from .. import __version__

    top = Parser(prog=PROG, description="Choose the class weight and the decision threshold "
                 "for the metric you care about on imbalanced data.",
                 epilog="Run 'imbcore demo' for a tour; 'imbcore COMMAND --help' for details.")
    top.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_debug_option(top, top=True)
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in _COMMANDS:
        command.add_parser(sub)
    return top


@contextlib.contextmanager
def _one_line_warnings() -> Iterator[None]:
    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
             line: Any = None) -> None:
        first = (str(message).splitlines() or [""])[0]
        print(f"{PROG}: warning: {plain_numbers(first)}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = show
        yield


# NumPy >= 2 writes a scalar's repr as np.float64(inf); people read inf
_NUMPY_SCALAR = re.compile(r"\bnp\.(?:float|int|uint|complex|bool|str)\w*\(([^()]*)\)")


def plain_numbers(text: str) -> str:
    """``text`` with NumPy scalars' reprs (``np.float64(inf)``) written as their values.

    Messages come from every layer of imbcore; whichever wrote one, the command
    prints numbers as people write them.

    Examples
    --------
    >>> from imbcore.cli import plain_numbers
    >>> plain_numbers("got np.float64(inf) at np.int64(3); np.True_ is fine")
    'got inf at 3; np.True_ is fine'
    """
    return _NUMPY_SCALAR.sub(lambda m: m.group(1), text)


def _one_line(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        where = f": {e.filename}" if e.filename else ""
        return f"{e.strerror}{where}"
    text = plain_numbers(" ".join(str(e).split()))
    return text or type(e).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``imbcore`` command; returns the exit code.

    Examples
    --------
    >>> from imbcore.cli import main
    >>> main(["theory", "--metrics", "balanced_accuracy", "--beta", "0.05", "--p", "3"])
    balanced_accuracy at prevalence beta = 0.05 (natural weight (1-beta)/beta = 19; bayes rule)
    p  ROC-AUC  alpha*  balanced_accuracy at alpha*  at alpha=1  at alpha=19
    -  -------  ------  ---------------------------  ----------  -----------
    3   0.8833      19                       0.7937      0.6123       0.7937
    0
    """
    prog = PROG
    progress: Progress | None = None
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)  # before parsing succeeds
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        debug = bool(args.debug)
        if args.command is None:
            parser.print_help(sys.stderr)
            print(f"\n{PROG}: error: choose a command: demo, sweep, theory, advise or weights",
                  file=sys.stderr)
            return 2
        prog = f"{PROG} {args.command}"
        progress = Progress(enabled=not args.quiet, force=args.progress)
        with _one_line_warnings():
            return int(args.run(args, progress))
    except KeyboardInterrupt:
        _stop(progress)
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        _stop(progress)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (ImbcoreError, UsageError, OSError, MemoryError) as e:
        _stop(progress)
        if debug:
            traceback.print_exc()
        what = "not enough memory" if isinstance(e, MemoryError) else _one_line(e)
        print(f"{prog}: error: {what}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug, or input nobody foresaw: still one line, code 1
        _stop(progress)
        if debug:
            traceback.print_exc()
        print(f"{prog}: error: {type(e).__name__}: {_one_line(e)}"
              + ("" if debug else " (unexpected; run again with --debug for the traceback, "
                 "and please report it)"), file=sys.stderr)
        return 1
    finally:
        _stop(progress)


def _stop(progress: Progress | None) -> None:
    """Erase the progress line (before a message, so the message has a line of its own)."""
    if progress is not None:
        progress.stop()
