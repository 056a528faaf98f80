"""``imbcore study``: run a preset study, write its results, figures and a markdown report."""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from ..study.presets import preset_names
from .options import UsageError, add_common_options, positive_int, seed
from .progress import Progress

__all__ = ["add_parser", "run"]

_PRESETS = tuple(preset_names())
_SEED = 2024


def add_parser(sub: Any) -> None:
    """The ``study`` subcommand and its options."""
    p = sub.add_parser("study", help="train many models under each strategy: figures, report",
                       description="Run a preset study (a grid of independent fits: generate "
                       "data, train under a strategy, score and sweep a test split), writing "
                       "DIR/results.parquet (one row per fit), figures and DIR/report.md. An "
                       "interrupted study resumes where it stopped when run again with the "
                       "same options. Presets: " + ", ".join(_PRESETS) + ".")
    p.add_argument("--preset", required=True, metavar="NAME",
                   help=f"the study to run: {', '.join(_PRESETS)}")
    p.add_argument("--reps", type=_reps, default=None, metavar="N",
                   help="repetitions per cell (default: the preset's, 1000 for original, 20 "
                        "for multiclass and 100 for the others)")
    p.add_argument("--engine", default="rust", metavar="ENGINE",
                   help="rust (generators and learners in Rust; default) or estimator "
                        "(scikit-learn estimators through joblib)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="where to write results, figures and report.md (default: "
                        "./imbcore-study-NAME)")
    p.add_argument("--seed", type=seed, default=None, metavar="S",
                   help=f"random seed of the study (default: {_SEED})")
    p.add_argument("--n-jobs", dest="n_jobs", type=positive_int, default=None, metavar="N",
                   help="workers (estimator engine) or threads (Rust engine); default: all")
    add_common_options(p, threads=False)
    p.set_defaults(run=run)


def _reps(text: str) -> int:
    from .options import whole_number

    v = whole_number(text)
    if v is None or v < 1:
        raise argparse.ArgumentTypeError(f"got {text!r}; reps must be a whole number >= 1")
    return v


def _eta(done: int, total: int, t0: float) -> str:
    """The time left at the rate so far, e.g. 'ETA 3 min 20 s'."""
    spent = time.monotonic() - t0
    if done <= 0 or spent <= 0:
        return "ETA -"
    left = int(round(spent / done * (total - done)))
    minutes, sec = divmod(left, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"ETA {hours} h {minutes:02d} min"
    return f"ETA {minutes} min {sec:02d} s" if minutes else f"ETA {sec} s"


def run(args: argparse.Namespace, progress: Progress) -> int:
    """Run ``imbcore study``; returns the exit code."""
    from ..study.presets import preset
    from ..study.run import Study
    from .figures import plot_module

    chosen = preset(args.preset)  # an unknown name lists the known ones
    engine = str(args.engine).strip().lower()
    reps = chosen.reps if args.reps is None else args.reps
    data_seed = _SEED if args.seed is None else args.seed
    if chosen.runner is not None:
        return _run_itself(chosen, args, engine, reps, data_seed, progress)
    studies = {part: Study(**make(engine), reps=reps, engine=engine, random_state=data_seed)
               for part, make in chosen.parts.items()}  # every design checked before any fit
    plot_module()
    out = args.out or f"imbcore-study-{chosen.name}"
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        raise UsageError(f"--out {out}: cannot make the folder: {e.strerror or e}") from None
    results = {}
    total = sum(s.n_fits for s in studies.values())
    offset = 0
    t0 = time.monotonic()
    for part, study in studies.items():
        def show(done: int, _total: int, offset: int = offset) -> None:
            progress.update(f"fits of {chosen.name}, {_eta(offset + done, total, t0)}",
                            offset + done, total)

        results[part] = study.run(os.path.join(out, f"{part}.parquet"),
                                  n_jobs=args.n_jobs or -1, progress=show)
        offset += study.n_fits
    progress.stop()
    from ..study.report import write_report

    command = (f"imbcore study --preset {chosen.name} --reps {reps} --engine {engine} "
               f"--seed {data_seed}")
    report, figures, text = write_report(chosen, results, out, command=command, seed=data_seed)
    seconds = sum(r.seconds for r in results.values())
    print(f"imbcore study {chosen.name}: {total:,} fits ({engine} engine, {reps:,} repetitions "
          f"per cell), {seconds:.1f} s of fitting")
    print(text)
    print(f"Wrote {', '.join(f'{p}.parquet' for p in results)}, {len(figures)} figures and "
          f"{report}")
    return 0


def _run_itself(chosen: Any, args: argparse.Namespace, engine: str, reps: int, data_seed: int,
                progress: Progress) -> int:
    """A preset with its own runner (not a grid of binary fits): the estimator engine only."""
    if engine != "estimator" and args.engine != "rust":
        raise UsageError(f"--engine {args.engine}: preset {chosen.name} runs scikit-learn "
                         "estimators (--engine estimator)")
    out = args.out or f"imbcore-study-{chosen.name}"
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        raise UsageError(f"--out {out}: cannot make the folder: {e.strerror or e}") from None
    t0 = time.monotonic()

    def show(done: int, total: int) -> None:
        progress.update(f"repetitions of {chosen.name}, {_eta(done, total, t0)}", done, total)

    command = (f"imbcore study --preset {chosen.name} --reps {reps} --engine estimator "
               f"--seed {data_seed}")
    report, text = chosen.runner(out=out, reps=reps, seed=data_seed, n_jobs=args.n_jobs or -1,
                                 progress=show, command=command)
    progress.stop()
    print(f"imbcore study {chosen.name}: {reps:,} repetitions per data set, "
          f"{time.monotonic() - t0:.1f} s")
    print(text)
    print(f"Wrote {report}")
    return 0
