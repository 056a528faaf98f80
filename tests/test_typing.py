"""The hand-written stubs of the compiled module stay true to it."""

import subprocess
import sys

import pytest


def test_core_stubs_match_the_compiled_module():
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "imbcore._core"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_package_ships_py_typed():
    from importlib import resources

    assert resources.files("imbcore").joinpath("py.typed").is_file()
    assert resources.files("imbcore").joinpath("_core.pyi").is_file()


def test_the_package_type_checks():
    # mypy over the package's sources, with the settings of pyproject.toml
    pytest.importorskip("mypy")
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=root, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
