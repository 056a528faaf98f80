"""Errors that cross processes, scikit-learn's warning class, a light and
robust import, the metric table's facts, module names, and Ctrl-C."""

from __future__ import annotations

import inspect
import multiprocessing
import os
import pickle
import subprocess
import sys
import textwrap
import types
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import imbcore as ic
from imbcore.errors import ImbcoreError


def _python(code: str, env: dict[str, str] | None = None, timeout: float = 120):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=timeout)


# ---------------------------------------------------------------- errors


def test_imbcore_error_pickles_to_an_equal_error():
    with pytest.raises(ImbcoreError) as e:
        ic.metric_info("bogus")
    back = pickle.loads(pickle.dumps(e.value))
    assert back == e.value and type(back) is ImbcoreError and str(back) == str(e.value)
    assert isinstance(back, ValueError)
    assert ic.ImbcoreError is ImbcoreError
    assert ic._core.ImbcoreError is ImbcoreError  # what the binding raises


def test_a_worker_process_sends_the_error_back():
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx) as ex:
        fut = ex.submit(ic.metric_info, "bogus")
        with pytest.raises(ImbcoreError, match="bogus.*known metrics are accuracy"):
            fut.result()


def test_errors_name_argument_value_and_rule():
    with pytest.raises(ImbcoreError, match=r'invalid metric: got "cost\(c_fn=-1\)"; a cost must '
                                           r"be finite and >= 0"):
        ic.metric_info("cost(c_fn=-1)")


# ---------------------------------------------------------------- warnings


def test_undefined_metric_warning_is_scikit_learns():
    from sklearn.exceptions import UndefinedMetricWarning as Sk

    assert issubclass(ic.UndefinedMetricWarning, Sk)
    assert issubclass(ic.UndefinedMetricWarning, ic.ImbcoreWarning)
    with pytest.warns(Sk, match="Only one class"):
        assert np.isnan(ic.roc_auc_score([1, 1], [0.2, 0.3]))
    with pytest.warns(Sk):
        assert np.isnan(ic.sweep([0, 0], [0.2, 0.3]).roc_auc)


def test_import_is_light_and_does_not_import_scikit_learn():
    r = _python("""
        import sys, imbcore
        heavy = [m for m in ("sklearn", "scipy", "matplotlib", "pyarrow", "tqdm", "pandas")
                 if m in sys.modules]
        print(heavy)
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


# ---------------------------------------------------------------- threads


@pytest.mark.parametrize("value", ["abc", "0", "-3", "", "1.5"])
def test_bad_thread_count_warns_and_falls_back(value):
    r = _python("""
        import os, imbcore
        print(imbcore._core.num_threads(), os.cpu_count())
        s = imbcore.sweep([0, 1], [0.2, 0.9])
        print(s.roc_auc)
    """, env={"IMBCORE_NUM_THREADS": value})
    assert r.returncode == 0, r.stderr
    threads, cores = r.stdout.split()[:2]
    assert threads == cores
    assert "RuntimeWarning" in r.stderr and "IMBCORE_NUM_THREADS" in r.stderr
    assert repr(value) in r.stderr


def test_good_thread_count_bounds_the_pool():
    r = _python("import imbcore; print(imbcore._core.num_threads())",
                env={"IMBCORE_NUM_THREADS": "1"})
    assert r.returncode == 0 and r.stdout.strip() == "1", r.stderr


# ---------------------------------------------------------------- names


def test_imbcore_sweep_is_a_plain_function_with_its_signature():
    assert isinstance(ic.sweep, types.FunctionType)
    params = inspect.signature(ic.sweep).parameters
    assert list(params)[:2] == ["y_true", "y_score"]
    assert {"sample_weight", "pos_label", "n_jobs"} <= set(params)
    assert ic.sweep.__doc__.lstrip().startswith("The exact confusion counts")
    assert "imbcore.sweep" not in sys.modules  # no module shadows the function
    assert isinstance(ic.sweep([0, 1], [0.1, 0.9]), ic.Sweep)


def _public_modules():
    """Every module of the package whose dotted name has no private part."""
    import importlib
    import pkgutil

    names = ["imbcore"]
    for info in pkgutil.walk_packages(ic.__path__, "imbcore."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    for name in names:
        try:
            yield importlib.import_module(name)
        except ImportError:  # an optional dependency (e.g. matplotlib) is missing
            continue


def _hides_its_parameters(obj) -> bool:
    try:
        params = list(inspect.signature(obj).parameters.values())
    except (TypeError, ValueError):  # builtins without a text signature
        return False
    kinds = [p.kind for p in params if p.name != "self"]
    return kinds == [inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD]


def test_no_public_function_or_class_shows_only_args_and_kwargs():
    seen, hidden = 0, []
    for module in _public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            where = f"{module.__name__}.{name}"
            if inspect.isclass(obj):
                seen += 1
                if _hides_its_parameters(obj):
                    hidden.append(where)
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        seen += 1
                        if _hides_its_parameters(member):
                            hidden.append(f"{where}.{attr}")
            elif inspect.isroutine(obj):  # functions (not type aliases such as SubjectTo)
                seen += 1
                if _hides_its_parameters(obj):
                    hidden.append(where)
    assert seen > 100  # the walk really reached the package
    assert hidden == []


# ---------------------------------------------------------------- the metric table


# The facts of each row, written down here independently of the table.
ROWS = {
    "accuracy": ("Accuracy", "max", False, False),
    "precision": ("Precision", "max", True, False),
    "recall": ("Recall", "max", True, False),
    "specificity": ("Specificity", "max", True, False),
    "npv": ("NPV", "max", True, False),
    "fpr": ("FPR", "min", True, False),
    "fnr": ("FNR", "min", True, False),
    "f1": ("F1", "max", False, False),
    "f2": ("F2", "max", False, False),
    "f0.5": ("F0.5", "max", False, False),
    "balanced_accuracy": ("Balanced accuracy", "max", False, False),
    "gmean": ("G-mean", "max", False, False),
    "mcc": ("MCC", "max", False, True),
    "youden_j": ("Youden's J", "max", False, True),
    "jaccard": ("Jaccard index", "max", False, False),
    "cohen_kappa": ("Cohen's kappa", "max", False, True),
    "markedness": ("Markedness", "max", False, True),
    "cost": ("Cost", "min", False, False),
}


def test_metric_info_of_every_row():
    assert ic.metric_names() == list(ROWS)
    for name, (label, direction, one_sided, needs_det) in ROWS.items():
        info = ic.metric_info(name.upper())
        assert (info.name, info.label, info.direction, info.one_sided, info.needs_det) == (
            name, label, direction, one_sided, needs_det), name
        assert info.higher_is_better == (direction == "max")
        assert info.scales_with_counts == (name == "cost")
        assert info.formula
    assert ic.metric_info("cost(c_fp=2, c_fn=10)").row == "cost"
    assert ic.metric_info("f3").row == "f<b>"
    assert ic.metric_info("cost(c_fp=2, c_fn=10)").label == "Cost (c_fp=2, c_fn=10)"
    with pytest.raises(ImbcoreError, match="f<b>"):
        ic.metric_info("nope")


def test_one_sided_metrics_are_best_at_an_end_of_the_curve():
    # What "one-sided" promises, checked on the theory: the best weight of a
    # one-sided metric is at a bound of the search (predict everything or
    # nothing positive); every other metric has an interior optimum.
    for name in ic.metric_names():
        for p, beta in [(4.0, 0.05), (10.0, 0.01)]:
            best = ic.optimal_alpha(name, p=p, beta=beta)
            assert bool(best.at_bound) == ic.metric_info(name).one_sided, (name, p, beta)


# ---------------------------------------------------------------- Ctrl-C


CTRL_C = """
import os, signal, threading, time
import numpy as np, imbcore as ic

def timed(call):
    t = time.perf_counter(); call(); return time.perf_counter() - t

def interrupted(call, after):
    sent = []
    def fire():
        time.sleep(after)
        sent.append(time.perf_counter())
        os.kill(os.getpid(), signal.SIGINT)
    threading.Thread(target=fire, daemon=True).start()
    try:
        call()
    except KeyboardInterrupt:
        return time.perf_counter() - sent[0]
    raise SystemExit("the call was not interrupted")

rng = np.random.default_rng(0)
n = {n}
y = rng.random(n) < 0.01
s = rng.normal(size=n)
s32 = rng.random(n, dtype=np.float32)
calls = {{
    "sweep": lambda: ic.sweep(y, s),
    "float32 sweep": lambda: ic.sweep(y, s32),
    "weighted sweep": lambda: ic.sweep(y, s, sample_weight=np.ones(n)),
    "grid": lambda: ic.grid("mcc", np.logspace(-2, 4, 12000), np.linspace(1, 40, 1000),
                            [0.01, 0.1, 0.2, 0.3]),
    "optimal_alpha": lambda: ic.optimal_alpha("f1", p=np.linspace(1.5, 30, 1200),
                                              beta=np.linspace(0.001, 0.4, 300)[:, None]),
}}
for name, call in calls.items():
    full = min(timed(call), timed(call))  # the first call also pays for fresh pages
    answer = interrupted(call, full * 0.1)
    print(name, full, answer)
ic.sweep([0, 1], [0.2, 0.8])  # the process goes on working
"""


def test_long_calls_answer_ctrl_c():
    r = _python(CTRL_C.format(n=20_000_000), timeout=600)
    assert r.returncode == 0, r.stderr + r.stdout
    for line in r.stdout.splitlines():
        name, full, answer = line.rsplit(" ", 2)
        # Judged as a ratio, not a time: the interrupted call returns long
        # before the uninterrupted one would have (it was sent at 10 %).
        assert float(answer) < 0.5 * float(full), line
