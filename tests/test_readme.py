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
