"""``imbcore weights FILE --label COL``: class weights of every scheme, or one library's parameter."""

from __future__ import annotations

import argparse
import os
from typing import Any

import numpy as np

from . import _io
from ..errors import ImbcoreError
from ..formatting import fmt_count, json_text, text_table
from ..weights import LIBRARIES, ClassWeights, class_weights, scheme_info, weight_schemes
from .options import UsageError, add_common_options, delimiter
from .progress import Progress
from .scored import pos_label_value

__all__ = ["add_parser", "run", "read_labels"]


def add_parser(sub: Any) -> None:
    """The ``weights`` subcommand and its options."""
    w = sub.add_parser("weights", help="class weights of every scheme, as each library takes them",
                       description="Count the classes of the labels in FILE and print the class "
                       "weights of every scheme (or of --scheme), or the exact parameter a "
                       "library takes (--for). Only the label column is read.")
    w.add_argument("file", metavar="FILE",
                   help="labels: CSV/TSV, Parquet, .npy or .npz, optionally compressed; '-' "
                        "reads standard input")
    w.add_argument("--label", metavar="COL",
                   help="column of labels (default: the first of label, y_true, labels, target, "
                        "y; column 0 of a plain 2-D .npy)")
    w.add_argument("--weight", metavar="COL", help="column of sample weights (default: none)")
    w.add_argument("--pos-label", metavar="X",
                   help="the positive class of two (needed for alpha unless labels are 0/1, "
                        "-1/1 or true/false)")
    w.add_argument("--delimiter", type=delimiter, metavar="C",
                   help="CSV delimiter, one character or 'tab' (default: sniffed)")
    w.add_argument("--scheme", metavar="S",
                   help=f"one scheme: {', '.join(weight_schemes())} (default: a table of all)")
    w.add_argument("--for", dest="library", metavar="LIB", choices=LIBRARIES,
                   help=f"print only this library's parameter: {', '.join(LIBRARIES)}")
    w.add_argument("--b", type=float, metavar="B",
                   help="effective_number's b, in [0, 1) (default 0.999)")
    w.add_argument("--c-fn", type=float, metavar="X", help="cost: cost of a false negative")
    w.add_argument("--c-fp", type=float, metavar="X",
                   help="cost: cost of a false positive (default 1)")
    w.add_argument("--cost-matrix", metavar="M",
                   help="cost: K x K costs, rows (true class) separated by ';', e.g. "
                        "'0,1,1;5,0,1;9,9,0' (classes in sorted order)")
    w.add_argument("--metric", metavar="M",
                   help="optimal: the metric to optimise (e.g. f1, balanced_accuracy)")
    w.add_argument("--score", metavar="COL",
                   help="optimal: column of the model's validation scores; the Bayes rule on "
                        "the model's own ROC gives the weight (instead of --auc)")
    w.add_argument("--auc", type=float, metavar="A",
                   help="optimal: the model's ROC-AUC; the Bayes rule on the binormal curve "
                        "with that AUC gives the weight (when there are no scores)")
    w.add_argument("--score-prefix", dest="score_prefix", metavar="PREFIX",
                   help="optimal on multiclass validation scores: the probability columns are "
                        "those whose names start with PREFIX (or list them: --score "
                        "p_a,p_b,p_c, one per class in sorted label order); with --metric, "
                        "the weights of the best rule argmax_j w_j p_j for any number of classes")
    w.add_argument("--seed", type=int, default=0, metavar="S",
                   help="optimal on multiclass scores: seed of the random starts (default 0)")
    w.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_common_options(w, threads=False)
    w.set_defaults(run=run)


# ------------------------------------------------------------------------ reading

def read_labels(path: str, label: str | None = None, weight: str | None = None,
                delimiter: str | None = None, stdin: Any = None) -> _io.ScoredData:
    """The label (and weight) column of a file, read as ``imbcore sweep`` reads files.

    :func:`imbcore.cli._io.read_scored` also needs a score column, which class
    weights do not; this reads with the same pieces (formats, compression,
    column defaults, messages) and only the columns named.

    Examples
    --------
    >>> import io
    >>> from imbcore.cli.weights import read_labels
    >>> d = read_labels("-", weight="w", stdin=io.BytesIO(b"y;w\\na;1\\nb;2\\n"))
    >>> d.label, d.weight, d.columns
    (array(['a', 'b'], dtype='<U1'), array([1., 2.]), {'label': 'y', 'weight': 'w'})
    """
    if path != _io.STDIN:
        if not os.path.exists(path):
            raise ImbcoreError(f"{path}: no such file")
        if os.path.isdir(path):
            raise ImbcoreError(f"{path}: is a directory, not a data file")
    name = "<stdin>" if path == _io.STDIN else path
    try:
        src = _io._Source(path, stdin)
        fmt = _io.detect_format(path, src.head)
        cols, wanted, line_of = _read_columns(src, fmt, label, weight, delimiter)
    except (OSError, EOFError) as e:
        raise ImbcoreError(f"{name}: cannot read: {_io._arrow_message(e)}") from None
    except ImbcoreError:
        raise
    except Exception as e:  # pyarrow's own errors
        if type(e).__module__.startswith("pyarrow"):
            raise ImbcoreError(f"{name}: cannot read: {_io._arrow_message(e)}") from None
        raise
    labels = np.asarray(cols["label"])
    if labels.dtype == object:
        labels = labels.astype(str)
    if labels.size == 0:
        raise ImbcoreError(f"{name}: has no data rows")
    weights = None
    if "weight" in cols:
        weights = _io._as_scores(name, wanted["weight"], np.asarray(cols["weight"]), line_of)
        if weights.shape != labels.shape:
            raise ImbcoreError(f"{name}: weight {wanted['weight']!r} has {weights.size} values "
                               f"but label {wanted['label']!r} has {labels.size}")
        if (weights < 0).any():
            i = int(np.argmax(weights < 0))
            raise ImbcoreError(f"{name}: column {wanted['weight']!r} has a negative weight "
                               f"{float(weights[i]):g} at {line_of(i)}; weights must be >= 0")
    return _io.ScoredData(path=name, format=fmt, score=np.empty(0), label=labels,
                          weight=weights, columns=wanted)


def _wanted(path: str, available: list[str], label: str | None, weight: str | None
            ) -> dict[str, str]:
    wanted = {"label": _io._pick(path, available, "label", label, _io.DEFAULT_LABEL)}
    if weight is not None:
        wanted["weight"] = _io._pick(path, available, "weight", weight, ())
    return wanted


def _read_columns(src: Any, fmt: str, label: str | None, weight: str | None,
                  delim: str | None) -> tuple[dict[str, Any], dict[str, str], Any]:
    row = lambda i: f"row {i}"  # noqa: E731
    if fmt == "csv":
        pa = _io._pyarrow(src.name, "CSV")
        import pyarrow.csv as pacsv

        columns, d = _io._csv_header(src, delim)
        wanted = _wanted(src.name, list(columns), label, weight)
        included = list(dict.fromkeys(columns[c] for c in wanted.values()))

        def read(as_text: bool = True, threads: bool = True, on_bad_row: Any = None) -> Any:
            # every column as text: labels are typed after reading (as the sweep's reader
            # does), weights are checked with the line of the first bad one
            convert = pacsv.ConvertOptions(include_columns=included, strings_can_be_null=True,
                                           column_types={c: pa.string() for c in included})
            return pacsv.read_csv(src.open(), read_options=pacsv.ReadOptions(use_threads=threads),
                                  parse_options=pacsv.ParseOptions(delimiter=d,
                                                                   invalid_row_handler=on_bad_row),
                                  convert_options=convert)

        try:
            table = read()
        except pa.ArrowInvalid as e:
            if "parse error" in _io._arrow_message(e):
                raise _io._csv_parse_error(src, read, e) from None
            raise ImbcoreError(f"{src.name}: cannot read as CSV: {_io._arrow_message(e)}") from None
        table = table.rename_columns([c.strip() for c in table.column_names])
        return _io._arrow_columns(src.name, table, wanted, _io._csv_line), wanted, _io._csv_line
    if fmt == "parquet":
        pa = _io._pyarrow(src.name, "Parquet")
        import pyarrow.parquet as pq

        try:
            f = pq.ParquetFile(src.path if not src.in_memory else pa.BufferReader(src.read_all()))
            wanted = _wanted(src.name, list(f.schema_arrow.names), label, weight)
            table = f.read(columns=list(dict.fromkeys(wanted.values())))
        except (pa.ArrowException, OSError) as e:
            raise ImbcoreError(f"{src.name}: cannot read as Parquet: "
                               f"{str(e).splitlines()[0]}") from None
        return _io._arrow_columns(src.name, table, wanted, row), wanted, row
    a = _io._load_npy(src)
    if fmt == "npz" or not isinstance(a, np.ndarray):
        if isinstance(a, np.ndarray):
            raise ImbcoreError(f"{src.name}: is a single .npy array, not an .npz archive")
        with a:
            wanted = _wanted(src.name, list(a.files), label, weight)
            cols = {role: np.asarray(a[c]) for role, c in wanted.items()}
    elif a.dtype.names:
        wanted = _wanted(src.name, list(a.dtype.names), label, weight)
        cols = {role: np.asarray(a[c]) for role, c in wanted.items()}
    elif a.ndim == 1 and label is None and weight is None:  # a plain array of labels
        wanted, cols = {"label": "0"}, {"label": a}
    elif a.ndim == 2:
        wanted, cols = {}, {}
        for role, col in (("label", label if label is not None else "0"), ("weight", weight)):
            if col is None:
                continue
            try:
                j = int(col)
                if not 0 <= j < a.shape[1]:
                    raise ValueError
            except ValueError:
                raise ImbcoreError(f"{src.name}: is a plain 2-D array of {a.shape[1]} columns; "
                                   f"--{role} must be a column index 0..{a.shape[1] - 1}, got "
                                   f"{col!r}") from None
            wanted[role], cols[role] = str(j), np.ascontiguousarray(a[:, j])
    else:
        raise ImbcoreError(f"{src.name}: holds an array of shape {a.shape}; expected labels "
                           "(1-D), a 2-D array or a structured array")
    for role, v in cols.items():
        if v.ndim != 1:
            raise ImbcoreError(f"{src.name}: {role} {wanted[role]!r} has shape {v.shape}; "
                               "expected 1-D")
    return cols, wanted, row


# ------------------------------------------------------------------------ running

def _cost_matrix(text: str) -> list[list[float]]:
    try:
        rows = [[float(v) for v in r.split(",")] for r in text.split(";") if r.strip()]
    except ValueError:
        rows = []
    if not rows:
        raise UsageError(f"--cost-matrix {text!r}: give rows of numbers separated by ';', "
                         "e.g. '0,1;10,0'")
    if len({len(r) for r in rows}) != 1:
        raise UsageError(f"--cost-matrix {text!r}: rows of different lengths "
                         f"({', '.join(str(len(r)) for r in rows)}); give K rows of K numbers")
    return rows


def _params(args: argparse.Namespace, scheme: str) -> dict[str, Any]:
    """The options that are this scheme's parameters (those given, for the table of all)."""
    given: dict[str, Any] = {}
    if args.b is not None:
        given["b"] = args.b
    if args.c_fn is not None:
        given["c_fn"] = args.c_fn
    if args.c_fp is not None:
        given["c_fp"] = args.c_fp
    if args.cost_matrix is not None:
        given["cost_matrix"] = _cost_matrix(args.cost_matrix)
    if args.metric is not None:
        given["metric"] = args.metric
    if args.auc is not None:
        given["auc"] = args.auc
    if args.scheme is not None:
        return given
    takes = scheme_info(scheme).params
    return {k: v for k, v in given.items() if k in takes}


def _param_text(value: dict[Any, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in value.items())


def run(args: argparse.Namespace, progress: Progress) -> int:
    """Run ``imbcore weights``; returns the exit code."""
    if args.scheme is not None:
        scheme_info(args.scheme)  # an unknown scheme fails before reading
    if args.score_prefix or (args.score is not None and "," in args.score):
        return _optimal_from_scores(args, progress)
    if args.score is not None and args.auc is not None:
        raise UsageError("give --score (the model's own ROC) or --auc (a binormal curve with "
                         "that AUC), not both")
    curve = None
    args.curve_text = None if args.auc is None else (
        f"the equal-variance binormal curve with ROC-AUC {args.auc:g}, Bayes rule (--score COL "
        "uses the model's own ROC instead)")
    if args.score is not None:  # the model's own ROC, from its validation scores
        from ..theory.curves import Empirical
        from .scored import read_and_sweep

        args.threads = getattr(args, "threads", None)
        data, sw = read_and_sweep(args, progress)
        curve = Empirical(sw)
        args.curve_text = (f"the model's own ROC (scores in column {data.columns['score']!r}, "
                           f"{len(sw):,} thresholds, ROC-AUC {sw.roc_auc:.4f}), Bayes rule")
        pos_label = None if args.pos_label is None else pos_label_value(args.pos_label,
                                                                         data.label, data)
    else:
        where = "standard input" if args.file == "-" else args.file
        progress.update(f"reading {where}")
        data = read_labels(args.file, label=args.label, weight=args.weight,
                           delimiter=args.delimiter)
        pos_label = None if args.pos_label is None else pos_label_value(args.pos_label,
                                                                         data.label, data)
    progress.update(f"counting {len(data.label):,} labels")

    def weights_of(scheme: str) -> ClassWeights:
        params = _params(args, scheme)
        if scheme == "optimal" and curve is not None:
            params["curve"] = curve
        return class_weights(data.label, scheme, sample_weight=data.weight, pos_label=pos_label,
                             **params)

    if args.scheme is not None:
        cw = weights_of(args.scheme)
        progress.stop()
        return _one_scheme(args, data, cw)
    rows: list[ClassWeights] = []
    skipped = []
    for scheme in weight_schemes(include_optimal=True):
        if scheme == "cost" and args.c_fn is None and args.cost_matrix is None:
            skipped.append("cost (give --c-fn, or --cost-matrix)")
            continue
        if scheme == "optimal" and (args.metric is None or (args.auc is None
                                                            and curve is None)):
            skipped.append("optimal (give --metric, and --score or --auc)")
            continue
        rows.append(weights_of(scheme))
    progress.stop()
    return _all_schemes(args, data, rows, skipped)


def _optimal_from_scores(args: argparse.Namespace, progress: Progress) -> int:
    """``--scheme optimal`` on a validation file with a probability column per class: the
    weights of the tuned rule ``argmax_j w_j p_j`` (:func:`imbcore.class_weights` with
    ``proba``), scaled on the file's class counts."""
    if args.scheme != "optimal" or args.metric is None:
        raise UsageError("--score/--score-prefix give validation probabilities for "
                         "--scheme optimal --metric M (e.g. macro_f1)")
    if args.auc is not None:
        raise UsageError("give --auc (the theory's curve, two classes) or validation "
                         "probabilities (--score/--score-prefix), not both")
    if args.score and args.score_prefix:
        raise UsageError("give --score (a list of columns) or --score-prefix, not both")
    where = "standard input" if args.file == "-" else args.file
    progress.update(f"reading {where}")
    listed = [c.strip() for c in args.score.split(",")] if args.score else None
    data = _io.read_scored(args.file, scores=listed, score_prefix=args.score_prefix,
                           label=args.label, weight=args.weight, delimiter=args.delimiter)
    progress.update(f"tuning the rule on {len(data.label):,} samples")
    cw = class_weights(data.label, "optimal", sample_weight=data.weight, metric=args.metric,
                       proba=data.score, y_val=data.label, val_sample_weight=data.weight,
                       random_state=args.seed)
    progress.stop()
    if args.library is None and not args.json:
        d = cw.optimum
        print(f"the best rule argmax_j w_j p_j for {d.metric} on the file's probabilities "
              f"(columns {', '.join(data.score_columns or [])}): {d.metric} {d.value:.4f}")
    return _one_scheme(args, data, cw)


def _summary(data: _io.ScoredData, cw: ClassWeights) -> str:
    weighted = data.weight is not None
    total = float(cw.totals.sum())
    parts = [f"{c!r}: {fmt_count(t)} ({t / total:.3%})" for c, t in zip(cw.classes, cw.totals)]
    what = "total weight by class" if weighted else "samples by class"
    return f"{data.path}: {len(data.label):,} samples, {cw.n_classes} classes; {what}: " + \
        ", ".join(parts)


def _fmt(v: float) -> str:
    return f"{v:.6g}"


def _one_scheme(args: argparse.Namespace, data: _io.ScoredData, cw: ClassWeights) -> int:
    if args.library is not None:
        value = cw.for_library(args.library)
        print(json_text(value) if args.json else "\n".join(
            f"{k}={v!r}" for k, v in value.items()))
        return 0
    if args.json:
        extra = ({"curve_used": args.curve_text}
                 if cw.scheme == "optimal" and getattr(args, "curve_text", None) else {})
        print(json_text({"file": data.path, "n_samples": len(data.label), **cw.to_dict(),
                         **extra}))
        return 0
    print(_summary(data, cw))
    info = cw.info
    params = _param_text({k: v for k, v in cw.params.items() if v is not None
                          and not isinstance(v, np.ndarray)})
    print(f"\nscheme {cw.scheme}{f' ({params})' if params else ''}: {info.formula}\n"
          f"normalisation: {info.normalization}\nsource: {info.source}")
    if cw.scheme == "optimal" and getattr(args, "curve_text", None):
        print(f"curve: {args.curve_text}")
    print()
    over, under = cw.oversampling(), cw.undersampling()
    print(text_table(["class", "samples", "weight", "oversample x", "undersample keep"],
                     [[repr(c), fmt_count(n), _fmt(w), _fmt(over[c]), _fmt(under[c])]
                      for c, n, w in zip(cw.classes, cw.counts, cw.weights)]))
    alpha = cw.alpha_or_none
    if alpha is not None:
        neg = [c for c in cw.classes if c != cw.pos_label][0]
        print(f"\nalpha = weight of {cw.pos_label!r} / weight of {neg!r} = {_fmt(alpha)}")
    elif cw.n_classes == 2:
        print("\n(name the positive class with --pos-label for alpha and the binary parameters)")
    print("\nwhat each library receives:")
    libs = []
    for lib in LIBRARIES:
        try:
            text = _param_text(cw.for_library(lib))
        except ImbcoreError as e:
            text = f"- ({e})"
        libs.append([lib, text])
    print(text_table(["library", "parameter"], libs, left=2))
    return 0


def _all_schemes(args: argparse.Namespace, data: _io.ScoredData, rows: list[ClassWeights],
                 skipped: list[str]) -> int:
    lib = args.library
    if args.json:
        if lib is not None:
            out: dict[str, Any] = {}
            for cw in rows:
                try:
                    out[cw.scheme] = cw.for_library(lib)
                except ImbcoreError as e:
                    out[cw.scheme] = {"error": str(e)}
            print(json_text(out))
        else:
            print(json_text({"file": data.path, "n_samples": len(data.label),
                             "schemes": [cw.to_dict() for cw in rows]}))
        return 0
    first = rows[0]
    print(_summary(data, first))
    print()
    binary = first.n_classes == 2
    headers = ["scheme"] + (["alpha"] if binary else [])
    if lib is None:
        headers += [f"w[{c!r}]" for c in first.classes]
    else:
        headers += [f"{lib} parameter"]
    table = []
    for cw in rows:
        cells = [cw.scheme + (f" (b={cw.params['b']:g})" if "b" in cw.params else "")]
        if binary:
            a = cw.alpha_or_none
            cells.append("-" if a is None else _fmt(a))
        if lib is None:
            cells += [_fmt(w) for w in cw.weights]
        else:
            try:
                cells.append(_param_text(cw.for_library(lib)))
            except ImbcoreError as e:
                cells.append(f"- ({e})")
        table.append(cells)
    print(text_table(headers, table, left=1 if lib is None else len(headers)))
    print()
    if lib is None:
        print("w: each scheme's weights as its source scales them; alpha: the positive class's "
              "weight over the negative's.\n'imbcore weights FILE --scheme S' shows one scheme's "
              "formula and what each library receives; --for LIB one library's parameter.")
    if binary and first.alpha_or_none is None:
        print("(name the positive class with --pos-label for alpha)")
    if any(cw.scheme == "optimal" for cw in rows) and getattr(args, "curve_text", None):
        print(f"optimal: on {args.curve_text}")
    for s in skipped:
        print(f"not shown: {s}")
    return 0
