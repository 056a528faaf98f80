"""Reading scored data: compression by content, standard input, delimiters, and the errors.

Files are written in ``tmp_path`` with the standard library (gzip, bz2) and
the zstandard package, then read back with :func:`imbcore.cli._io.read_scored`
(and through the command where the command adds something: ``-`` reads its
own standard input). Every variant must give the very same arrays as the
plain CSV file.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import subprocess
import sys

import numpy as np
import pytest

from imbcore import ImbcoreError, cli
from imbcore.cli._io import detect_compression, detect_format, read_scored, sniff_delimiter

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

zstandard = pytest.importorskip("zstandard")

COMPRESS = {
    "gzip": gzip.compress,
    "bz2": bz2.compress,
    "zstd": lambda b: zstandard.ZstdCompressor().compress(b),
}


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(5)
    n = 500
    y = (rng.random(n) < 0.1).astype(np.int64)
    s = np.round(rng.normal(size=n) + y, 3)
    return y, s


def csv_text(y, s, delimiter=","):
    rows = [delimiter.join(["id", "score", "label"])]
    rows += [delimiter.join([str(i), f"{s[i]:.3f}", str(y[i])]) for i in range(len(y))]
    return "\n".join(rows) + "\n"


def check(d, y, s):
    np.testing.assert_array_equal(d.score, s)
    np.testing.assert_array_equal(d.label, y)
    assert d.columns == {"score": "score", "label": "label"}


def write(path, text, binary=False):
    (path.write_bytes if binary else path.write_text)(text)
    return path


def in_process(capsys, *args):
    rc = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_one_line_error(rc, err, *needles):
    assert rc == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


# ---------------------------------------------------------------- compression


@pytest.mark.parametrize("codec", sorted(COMPRESS))
@pytest.mark.parametrize("name", ["val.csv", "val.csv.{codec}", "val", "val.data"])
def test_compressed_csv_is_recognised_by_content_not_name(tmp_path, data, codec, name):
    y, s = data
    blob = COMPRESS[codec](csv_text(y, s).encode())
    path = write(tmp_path / name.format(codec=codec), blob, binary=True)
    assert detect_compression(blob[:8]) == codec
    check(read_scored(str(path)), y, s)


def test_a_gz_name_on_plain_text_is_read_as_plain_text(tmp_path, data):
    y, s = data
    check(read_scored(str(write(tmp_path / "val.csv.gz", csv_text(y, s)))), y, s)


@pytest.mark.parametrize("codec", sorted(COMPRESS))
def test_compressed_tsv_parquet_and_numpy(tmp_path, data, codec):
    y, s = data
    tsv = write(tmp_path / "v.tsv.x", COMPRESS[codec](csv_text(y, s, "\t").encode()),
                binary=True)
    check(read_scored(str(tsv)), y, s)
    buf = io.BytesIO()
    pq.write_table(pa.table({"score": s, "label": y}), buf)
    parquet = write(tmp_path / "v.parquet.z", COMPRESS[codec](buf.getvalue()), binary=True)
    check(read_scored(str(parquet)), y, s)
    buf = io.BytesIO()
    np.savez(buf, score=s, label=y)
    npz = write(tmp_path / "v.npz.z", COMPRESS[codec](buf.getvalue()), binary=True)
    check(read_scored(str(npz)), y, s)


def test_truncated_compressed_file_is_a_clean_error(capsys, tmp_path, data):
    y, s = data
    blob = gzip.compress(csv_text(y, s).encode())
    path = write(tmp_path / "cut.csv", blob[: len(blob) // 2], binary=True)
    with pytest.raises(ImbcoreError, match="cut.csv: "):
        read_scored(str(path))
    rc, out, err = in_process(capsys, "sweep", path)
    assert_one_line_error(rc, err, "cut.csv")
    assert out == ""


# -------------------------------------------------------------------- stdin


@pytest.mark.parametrize("codec", [None, *sorted(COMPRESS)])
def test_dash_reads_standard_input(data, codec):
    y, s = data
    blob = csv_text(y, s, ";").encode()
    if codec:
        blob = COMPRESS[codec](blob)
    d = read_scored("-", stdin=io.BytesIO(blob))
    check(d, y, s)
    assert d.path == "<stdin>" and d.format == "csv"


def test_dash_reads_parquet_and_numpy_by_content(data):
    y, s = data
    buf = io.BytesIO()
    pq.write_table(pa.table({"score": s, "label": y}), buf)
    assert detect_format("-", buf.getvalue()[:8]) == "parquet"
    check(read_scored("-", stdin=io.BytesIO(buf.getvalue())), y, s)
    buf = io.BytesIO()
    np.save(buf, np.column_stack([y, s]))
    d = read_scored("-", stdin=io.BytesIO(buf.getvalue()))
    np.testing.assert_array_equal(d.score, s)


@pytest.mark.parametrize("codec", [None, "gzip"])
def test_the_command_reads_its_standard_input(tmp_path, data, codec):
    y, s = data
    blob = csv_text(y, s).encode()
    if codec:
        blob = COMPRESS[codec](blob)
    r = subprocess.run([sys.executable, "-m", "imbcore", "sweep", "-", "--metrics", "f1",
                        "--json"], input=blob, capture_output=True, cwd="/", timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["file"] == "-" and out["n_samples"] == len(y) and out["n_pos"] == y.sum()
    r = subprocess.run([sys.executable, "-m", "imbcore", "sweep", "-", "--metrics", "f1"],
                       input=blob, capture_output=True, cwd="/", timeout=300)
    assert r.stdout.decode().startswith(f"<stdin>: {len(y)} samples")


def test_empty_standard_input_is_a_clean_error(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    rc, out, err = in_process(capsys, "sweep", "-")
    assert_one_line_error(rc, err, "<stdin>", "empty")


def test_dash_on_a_terminal_does_not_wait_for_typing(capsys, monkeypatch):
    class Terminal(io.TextIOWrapper):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(io.BytesIO(b"score,label\n0.5,1\n")))
    rc, out, err = in_process(capsys, "sweep", "-")
    assert_one_line_error(rc, err, "standard input is a terminal", "pipe")


# --------------------------------------------------------------- delimiters


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiter_is_sniffed_from_the_header(tmp_path, data, delimiter):
    y, s = data
    path = write(tmp_path / "v.txt", csv_text(y, s, delimiter))
    check(read_scored(str(path)), y, s)


def test_sniffing_counts_outside_quotes_and_prefers_the_usual_order():
    assert sniff_delimiter('"a,b";"c,d";e') == ";"
    assert sniff_delimiter("score|label") == "|"
    assert sniff_delimiter("a,b\tc") == ","  # a tie goes to the comma
    assert sniff_delimiter("a\tb\tc,d") == "\t"
    assert sniff_delimiter("score") == ","


def test_tsv_files_are_tab_separated_whatever_the_header(tmp_path, data):
    y, s = data
    text = csv_text(y, s, "\t").replace("id\t", "id, with a comma\t", 1)
    check(read_scored(str(write(tmp_path / "v.tsv", text))), y, s)
    check(read_scored(str(write(tmp_path / "v.tab", text))), y, s)


def test_delimiter_option(capsys, tmp_path, data):
    y, s = data
    # the header alone would say ',' (two of them), the data is ';'-separated
    text = csv_text(y, s, ";").replace("id;", "id,a,b;", 1)
    path = write(tmp_path / "odd.csv", text)
    with pytest.raises(ImbcoreError, match="no score column"):
        read_scored(str(path))
    check(read_scored(str(path), delimiter=";"), y, s)
    rc, out, err = in_process(capsys, "sweep", path, "--delimiter", ";", "--json",
                              "--metrics", "f1")
    assert rc == 0, err
    assert json.loads(out)["n_samples"] == len(y)
    tsv = write(tmp_path / "t.dat", csv_text(y, s, "\t"))
    for spelling in ("tab", "\\t", "\t"):
        rc, out, err = in_process(capsys, "sweep", tsv, "--delimiter", spelling, "--json")
        assert rc == 0, err
    for bad in ("ab", '"', ""):
        with pytest.raises(SystemExit):
            cli.main(["sweep", str(tsv), "--delimiter", bad])
        assert "--delimiter" in capsys.readouterr().err


# ---------------------------------------------------------- one reader, errors


@pytest.fixture
def bad(tmp_path):
    """Bad CSV files, made on demand by name."""
    files = {
        "text_score": "score,label\n0.5,1\nhigh,0\n",
        "missing": "score,label\n0.5,1\n,0\n0.2,1\n",
        "short_row": "id,score,label\n1,0.5,1\n2,0.4\n",
        "inf": "score,label\n0.5,1\ninf,0\n",
        "empty": "",
        "header_only": "score,label\n",
    }
    return lambda name: write(tmp_path / f"{name}.csv", files[name])


def test_the_csv_reader_names_the_problem(bad):
    """What the stdlib reader once checked pyarrow against: the one reader says it all."""
    for name in ("text_score", "missing", "short_row", "inf", "empty", "header_only"):
        with pytest.raises(ImbcoreError) as e:
            read_scored(str(bad(name))).score  # noqa: B018
        key = {"text_score": "must hold numbers", "missing": "missing value",
               "short_row": "line 3", "inf": "non-finite", "empty": "empty",
               "header_only": "no data rows"}[name]
        assert key in str(e.value), str(e.value)


def test_csv_variants_read_alike(tmp_path):
    """Delimiters, quoting, gzip, a BOM and string labels read alike."""
    rng = np.random.default_rng(11)
    y = rng.random(300) < 0.1
    s = np.round(rng.normal(size=300) + 1.4 * y, 3)
    n = 300
    lines = ['"score";"label"'] + [f'{s[i]:.3f};"{"pos" if y[i] else "neg"}"' for i in range(n)]
    text = "\ufeff" + "\n".join(lines) + "\n"
    plain = write(tmp_path / "v.csv", text)
    zipped = tmp_path / "v.csv.gz"
    with gzip.open(zipped, "wt", encoding="utf-8") as f:
        f.write(text)
    tsv = write(tmp_path / "v.tsv", text.replace(";", "\t"))
    for path in (plain, zipped, tsv):
        d = read_scored(str(path))
        np.testing.assert_array_equal(d.score, s[:n])
        assert list(d.label[:3]) == ["pos" if v else "neg" for v in y[:3]]
        assert d.columns == {"score": "score", "label": "label"}


def test_errors_far_into_a_big_file_name_their_line(tmp_path):
    """pyarrow types a column from its first block; a bad value much later is still found."""
    n = 300_000
    rows = [f"{i / n:.6f},{i % 2}" for i in range(n)]
    late = n - 7
    for what, fix, needles in (
            ("score", lambda r: r.replace(rows[late], "oops,1"),
             ["must hold numbers", f"line {late + 2}", "'oops'"]),
            ("label", lambda r: r.replace(rows[late], "0.5,maybe"), None),
            ("short", lambda r: r.replace(rows[late], "0.5"), [f"line {late + 2}", "field"])):
        path = write(tmp_path / f"{what}.csv", fix("score,label\n" + "\n".join(rows) + "\n"))
        if needles is None:  # a third label: read as text, then too many classes
            d = read_scored(str(path))
            assert d.label.dtype.kind == "U" and set(d.label) == {"0", "1", "maybe"}
            continue
        with pytest.raises(ImbcoreError) as e:
            read_scored(str(path))
        for needle in needles:
            assert needle in str(e.value), str(e.value)


def test_labels_read_as_text_are_typed_back(tmp_path):
    path = write(tmp_path / "l.csv", 'score,label\n0.1," 1"\n0.2,"0 "\n0.3,TRUE\n')
    assert read_scored(str(path)).label.dtype.kind == "U"  # '1', '0', 'TRUE': three values
    path = write(tmp_path / "b.csv", "score,label\n0.1, yes\n0.2,no \n")
    assert list(read_scored(str(path)).label) == ["yes", "no"]
    path = write(tmp_path / "t.csv", "score,label\n0.1, True\n0.2,false \n")
    assert read_scored(str(path)).label.tolist() == [True, False]


def test_column_names_are_matched_without_surrounding_spaces(tmp_path, data):
    y, s = data
    text = csv_text(y, s).replace("id,score,label", "id , score , label ", 1)
    check(read_scored(str(write(tmp_path / "sp.csv", text))), y, s)
    with pytest.raises(ImbcoreError, match="columns are 'id', 'score', 'label'"):
        read_scored(str(tmp_path / "sp.csv"), weight="w")


# ------------------------------------------------------------- without pyarrow


def test_without_pyarrow_csv_and_parquet_say_what_to_install(capsys, monkeypatch, tmp_path,
                                                               data):
    y, s = data
    csv = write(tmp_path / "v.csv", csv_text(y, s))
    pq.write_table(pa.table({"score": s, "label": y}), tmp_path / "v.parquet")
    npz = tmp_path / "v.npz"
    np.savez(npz, score=s, label=y)
    zipped = write(tmp_path / "v.csv.gz", gzip.compress(csv_text(y, s).encode()), binary=True)
    for name in ("pyarrow", "pyarrow.csv", "pyarrow.parquet", "pyarrow.compute"):
        monkeypatch.setitem(sys.modules, name, None)  # `import pyarrow` raises ImportError
    for path, what in ((csv, "CSV"), (tmp_path / "v.parquet", "Parquet"),
                       (zipped, "gzip")):
        with pytest.raises(ImbcoreError, match=f"reading {what}.* needs pyarrow"):
            read_scored(str(path))
        rc, out, err = in_process(capsys, "sweep", path)
        assert_one_line_error(rc, err, "pip install 'imbcore[cli]'")
    check(read_scored(str(npz)), y, s)  # NumPy files need no pyarrow


def test_the_reader_writes_numbers_plainly_and_spots_predict_proba(tmp_path):
    bad = write(tmp_path / "inf.csv", "score,label\n0.5,1\n-inf,0\n")
    with pytest.raises(ImbcoreError, match=r"non-finite value -inf at line 3") as e:
        read_scored(str(bad))
    assert "np." not in str(e.value)
    p = np.linspace(0.01, 0.99, 50).astype(np.float32)
    np.save(tmp_path / "proba.npy", np.column_stack([1 - p, p]))
    with pytest.raises(ImbcoreError, match=r"predict_proba.*proba\[:, 1\]"):
        read_scored(str(tmp_path / "proba.npy"))
    # named columns are taken as given: the user said which column holds what
    d = read_scored(str(tmp_path / "proba.npy"), label="0", score="1")
    assert d.score.shape == (50,)
    # a plain (n, 2) array of labels and scores is not mistaken for probabilities
    y = (p > 0.5).astype(np.float64)
    np.save(tmp_path / "pairs.npy", np.column_stack([y, 1 - y]))
    assert read_scored(str(tmp_path / "pairs.npy")).label.shape == (50,)
