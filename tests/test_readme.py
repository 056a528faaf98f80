"""The tour in the README runs as written."""

import doctest
import pathlib
import re

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_readme_tour_runs():
    text = README.read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README has no python example"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    session: dict = {}  # the blocks read as one session, each going on from the last
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, session, f"README block {i}", str(README), 0)
        runner.run(test, clear_globs=False)
        session.update(test.globs)  # a DocTest runs on a copy of the names it is given
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def test_docs_and_benches_name_no_machine_specific_path():
    root = pathlib.Path(__file__).resolve().parents[1]
    files = [root / "README.md", *(root / "docs").glob("*.md"), *(root / "benches").iterdir()]
    for f in files:
        if f.suffix in (".md", ".py"):
            assert "/work/" not in f.read_text(encoding="utf-8"), f


def test_cli_docs_list_every_command_and_the_optimal_scheme():
    import imbcore.cli as cli

    root = pathlib.Path(__file__).resolve().parents[1]
    text = (root / "docs" / "cli.md").read_text(encoding="utf-8")
    synopsis = text.split("```")[1]
    import argparse

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for c in sorted(sub.choices):
        assert f"imbcore {c}" in synopsis, c
    assert "awaits" not in text
    row = next(ln for ln in text.splitlines() if ln.startswith("| `--scheme S`"))
    assert "optimal" in row
    # the README keeps measured ratios and conditions; targets and misses live in benches/
    readme = (root / "README.md").read_text(encoding="utf-8")
    bench = readme.split("## Benchmarks")[1].split("\n## ")[0]
    assert "target" not in bench.replace("the targets, and where", "") and "miss" not in bench
