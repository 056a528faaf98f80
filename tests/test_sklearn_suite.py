"""scikit-learn's own ranking tests, run with imbcore's functions substituted.

scikit-learn ships ``sklearn/metrics/tests/test_ranking.py`` in its wheel.
This module loads that file's source under another name, binds the names
``roc_curve``, ``precision_recall_curve``, ``roc_auc_score``,
``average_precision_score`` and ``det_curve`` to imbcore's functions right
after its imports (so that lists and parametrizations built from them, such
as ``CURVE_FUNCS``, hold imbcore's functions too), and hands every test
function that uses one of those five names to pytest, which expands their
parametrizations as scikit-learn's own run does. Tests that use none of the
five are out of scope and not collected; parametrized cases that call none
of them (``confusion_matrix_at_thresholds`` among ``CURVE_FUNCS``) are
skipped.

Skipped when scikit-learn is not installed.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
import types
from pathlib import Path

import pytest

pytest.importorskip("sklearn")
_spec = importlib.util.find_spec("sklearn.metrics.tests.test_ranking")
if _spec is None or _spec.origin is None:  # pragma: no cover - a wheel without tests
    pytest.skip("this scikit-learn ships no metrics tests", allow_module_level=True)

import imbcore  # noqa: E402

#: The functions substituted: scikit-learn's names, imbcore's functions.
SUBSTITUTED = ("roc_curve", "precision_recall_curve", "roc_auc_score",
               "average_precision_score", "det_curve")


def _load_patched(path: Path) -> types.ModuleType:
    """scikit-learn's test module, with the five names bound to imbcore's functions
    after its last top-level import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    last_import = max(i for i, node in enumerate(tree.body)
                      if isinstance(node, (ast.Import, ast.ImportFrom)))
    patch = ast.parse(f"from imbcore import {', '.join(SUBSTITUTED)}").body
    for node in patch:
        ast.copy_location(node, tree.body[last_import])
    tree.body[last_import + 1:last_import + 1] = patch
    ast.fix_missing_locations(tree)
    name = "imbcore_sklearn_test_ranking"
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    exec(compile(tree, str(path), "exec"), module.__dict__)  # noqa: S102
    return module


def _names_used(obj: object, namespace: dict, seen: set[int]) -> set[str]:
    """The global names a function uses, through the module's own helpers."""
    code = getattr(obj, "__code__", None)
    if code is None or id(obj) in seen:
        return set()
    seen.add(id(obj))
    names: set[str] = set()
    stack = [code]
    while stack:
        c = stack.pop()
        names.update(c.co_names)
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    for n in list(names):
        helper = namespace.get(n)
        if isinstance(helper, types.FunctionType) and helper.__module__ == namespace["__name__"]:
            names |= _names_used(helper, namespace, seen)
    return names


def _parametrized_with_ours(fn: object) -> bool:
    ours = {id(getattr(imbcore, n)) for n in SUBSTITUTED}
    for mark in getattr(fn, "pytestmark", []):
        if mark.name != "parametrize":
            continue
        values = mark.args[1] if len(mark.args) > 1 else mark.kwargs.get("argvalues", [])
        for v in values:
            vs = v if isinstance(v, (tuple, list)) else (v,)
            if any(id(x) in ours for x in vs):
                return True
    return False


#: scikit-learn's own warning rules for its tests (its strict mode, which CI
#: runs): deprecations are errors, other warnings are not. imbcore's suite
#: turns every warning into an error, which would fail these tests with
#: scikit-learn's own functions too.
pytestmark = [
    pytest.mark.filterwarnings("default"),
    pytest.mark.filterwarnings("error::DeprecationWarning"),
    pytest.mark.filterwarnings("error::FutureWarning"),
]

SKLEARN_TESTS = _load_patched(Path(_spec.origin))
_ns = vars(SKLEARN_TESTS)
#: Test functions that use one of the five by name (directly or through a
#: helper of the module) or are parametrized over them.
_DIRECT: set[str] = set()
IN_SCOPE: dict[str, types.FunctionType] = {}
for _name, _fn in _ns.items():
    if not (_name.startswith("test_") and isinstance(_fn, types.FunctionType)):
        continue
    if _names_used(_fn, _ns, set()) & set(SUBSTITUTED):
        _DIRECT.add(_name)
        IN_SCOPE[_name] = _fn
    elif _parametrized_with_ours(_fn):
        IN_SCOPE[_name] = _fn

globals().update(IN_SCOPE)  # pytest collects them here, with their marks


def _seeds() -> list[int]:
    """scikit-learn's ``global_random_seed`` values (its conftest's rule)."""
    var = os.environ.get("SKLEARN_TESTS_GLOBAL_RANDOM_SEED")
    if var is None:
        return [42]
    if var == "all":
        return list(range(100))
    if "-" in var:
        start, stop = var.split("-")
        return list(range(int(start), int(stop) + 1))
    return [int(var)]


@pytest.fixture(params=_seeds())
def global_random_seed(request: pytest.FixtureRequest) -> int:
    return request.param


@pytest.fixture(autouse=True)
def _only_cases_that_call_imbcore(request: pytest.FixtureRequest) -> None:
    """Skips a parametrized case that reaches none of imbcore's functions."""
    name = request.node.originalname
    if name not in IN_SCOPE or name in _DIRECT:
        return
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    ours = {id(getattr(imbcore, n)) for n in SUBSTITUTED}
    if not any(id(v) in ours for v in params.values()):
        pytest.skip("out of scope: this case calls none of imbcore's functions")


def test_the_substitution_took_place():
    for n in SUBSTITUTED:
        assert _ns[n] is getattr(imbcore, n)
    assert all(f in (_ns["det_curve"], _ns["precision_recall_curve"], _ns["roc_curve"])
               for f in _ns["CURVE_FUNCS"][1:])
    assert len(IN_SCOPE) >= 30  # 43 with scikit-learn 1.9
