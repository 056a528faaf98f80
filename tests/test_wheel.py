"""The wheel: built by ``maturin build --release``, installed into a fresh
virtual environment with no Rust toolchain on PATH, where the README's tour and
``imbcore demo`` run.

The build reuses the release artefacts that the test command's ``pip install``
and ``cargo`` steps left in ``target/``, so it costs seconds, not a compile.
It needs the source tree (it skips when the tests run from elsewhere), the
``maturin`` command (the ``test`` extra) and PyPI for the wheel's dependencies
(pip's cache serves them when it has them).
"""

import os
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNER = '''
import doctest, pathlib, re, sys
import imbcore
assert imbcore.__file__.startswith(sys.prefix), imbcore.__file__   # the wheel, not the source
text = pathlib.Path(sys.argv[1]).read_text()
parser = doctest.DocTestParser()
runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
session = {}
for i, block in enumerate(re.findall(r"```python\\n(.*?)```", text, flags=re.S)):
    test = parser.get_doctest(block, session, f"README block {i}", sys.argv[1], 0)
    runner.run(test, clear_globs=False)
    session.update(test.globs)
r = runner.summarize(verbose=False)
print(f"README tour: {r.attempted} examples, {r.failed} failed")
sys.exit(1 if r.failed or not r.attempted else 0)
'''


def _maturin():
    exe = shutil.which("maturin")
    if exe is None:
        pytest.skip("maturin is not installed (pip install maturin, in the test extra)")
    return exe


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if not (ROOT / "pyproject.toml").is_file() or not (ROOT / "rust").is_dir():
        pytest.skip("the wheel test needs the source tree")
    out = tmp_path_factory.mktemp("wheel")
    t0 = time.perf_counter()
    subprocess.run([_maturin(), "build", "--release", "--out", str(out)], cwd=ROOT, check=True,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=3600)
    print(f"maturin build --release: {time.perf_counter() - t0:.1f} s")
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_is_one_abi3_manylinux_wheel(wheel):
    # imbcore-<version>-cp310-abi3-manylinux_<glibc>_<arch>.whl (maturin's audit
    # picked the glibc level from the symbols the library uses)
    m = re.fullmatch(r"imbcore-[0-9.]+-cp310-abi3-(manylinux_\d+_\d+)_(x86_64|aarch64)\.whl",
                     wheel.name)
    if sys.platform.startswith("linux"):
        assert m, wheel.name


def test_wheel_installs_without_rust_and_runs_the_tour_and_demo(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    # no Rust: PATH holds the environment and the system's folders, without cargo
    path = os.pathsep.join([str(bindir), "/usr/bin", "/bin"])
    assert shutil.which("cargo", path=path) is None and shutil.which("rustc", path=path) is None
    env = {"PATH": path, "HOME": os.environ.get("HOME", str(tmp_path)), "LANG": "C.UTF-8",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg"}
    for k in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CACHE_DIR", "IMBCORE_NUM_THREADS"):
        if k in os.environ:
            env[k] = os.environ[k]

    def run(*args, **kw):
        return subprocess.run([str(a) for a in args], env=env, cwd=tmp_path, check=True,
                              capture_output=True, text=True, timeout=1800, **kw)

    t0 = time.perf_counter()
    run(py, "-m", "pip", "install", "-q", "--only-binary", ":all:", f"{wheel}[plot,cli]")
    t_install = time.perf_counter() - t0
    # the tour also uses scikit-learn (the ThresholdTuner example)
    run(py, "-m", "pip", "install", "-q", "--only-binary", ":all:", "scikit-learn")
    t0 = time.perf_counter()
    run(py, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", wheel)
    t_wheel = time.perf_counter() - t0
    print(f"pip install wheel[plot,cli]: {t_install:.1f} s; the wheel alone: {t_wheel:.1f} s")

    readme = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", readme)
    tour = run(py, "-c", RUNNER, readme)
    assert re.search(r"README tour: [1-9]\d* examples, 0 failed", tour.stdout), tour.stdout

    demo = run(bindir / "imbcore", "demo", "--n", "100000", "--out", tmp_path / "demo", "-q")
    assert "best" in demo.stdout.lower()
    assert (tmp_path / "demo" / "report.md").is_file()
    assert len(list((tmp_path / "demo").glob("*.png"))) >= 6
