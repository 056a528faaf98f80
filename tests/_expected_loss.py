"""The imbcore namespace with the original analysis's landing rule as default.

The tests that import ``ic`` from here check the expected-loss rule against
its own formulas (the original analysis, kept reproducible); the Bayes rule
has its own tests (tests/test_bayes.py).
"""

import functools

import imbcore

_RULED = {"landing", "expected_metric", "grid", "grid_f1", "optimal_alpha"}


class _ExpectedLoss:
    def __getattr__(self, name):
        f = getattr(imbcore, name)
        if name in _RULED:
            return functools.partial(f, rule="expected_loss")
        return f


ic = _ExpectedLoss()
