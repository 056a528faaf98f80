"""What every test shares: figures a test kept open (to look at its axes) are closed after it."""

import sys

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt = sys.modules.get("matplotlib.pyplot")  # only where a test drew something
    if plt is not None:
        plt.close("all")
