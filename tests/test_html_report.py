"""The offline HTML threshold report, driven in a real headless Chromium.

The browser tests need Debian's ``chromium`` and ``chromium-driver`` (``.ci/run``
installs them) and the ``selenium`` package; without them they skip with a
message. The screenshot is kept in ``$IMBCORE_ARTIFACTS`` (default: pytest's
temporary folder, which pytest keeps for the last three runs).
"""

import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

import imbcore as ic
from imbcore.cli import main
from imbcore.html_report import PAGE_METRICS, kept_points


def _browser_paths():
    chrome = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                   if p), None)
    driver = shutil.which("chromedriver")
    return chrome, driver


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    chrome, driver_path = _browser_paths()
    if not chrome or not driver_path:
        pytest.skip("no Chromium and chromedriver on PATH (Debian: apt-get install chromium "
                    "chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9", "--no-first-run"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    try:
        drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    except Exception as e:  # a browser that cannot start here
        pytest.skip(f"headless Chromium did not start: {str(e).splitlines()[0]}")
    # no network at all: the page must work offline
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    rng = np.random.default_rng(5)
    y = rng.random(20_000) < 0.03
    s = np.round(rng.normal(size=y.size) + 2.0 * y, 3)  # ties, as real scores have
    sw = ic.sweep(y, s)
    path = tmp_path_factory.mktemp("html") / "report.html"
    sw.to_html(path, bootstrap=100, c_fp=1, c_fn=20, per_day=50_000)
    return sw, path


def _artifact_dir(tmp_path_factory):
    d = os.environ.get("IMBCORE_ARTIFACTS")
    out = Path(d) if d else tmp_path_factory.getbasetemp()
    out.mkdir(parents=True, exist_ok=True)
    return out


def _shown(drv):
    body = drv.find_element("tag name", "body")
    g = lambda k: body.get_attribute(f"data-{k}")  # noqa: E731
    return float(g("threshold")), [float(g(k)) for k in ("tp", "fp", "fn", "tn")]


def _cell(drv, cell_id):
    return drv.find_element("id", cell_id).text


def test_page_in_headless_chromium_offline(browser, report, tmp_path_factory):
    from selenium.webdriver.common.keys import Keys

    sw, path = report
    drv = browser
    drv.get(path.as_uri())
    assert drv.execute_script("return navigator.onLine") is False
    # the page starts at the best F1 threshold
    t, counts = _shown(drv)
    assert t == float(sw.best("f1").threshold)
    assert counts == list(map(float, sw.at(t)))

    slider = drv.find_element("id", "slider")
    slider.click()  # real input events: a click, then arrow keys
    for _ in range(7):
        slider.send_keys(Keys.ARROW_RIGHT)
    t2, counts2 = _shown(drv)
    assert t2 != t
    assert counts2 == list(map(float, sw.at(t2)))  # the counts of Sweep.at at that threshold
    tp, fp, fn, tn = counts2
    # the displayed matrix is what is in the data attributes
    assert [_cell(drv, k).replace(",", "") for k in ("tp", "fp", "fn", "tn")] == \
        [str(int(v)) for v in counts2]
    # every metric on the page equals imbcore's metric table at those counts
    for m in PAGE_METRICS:
        got = float(drv.find_element("id", f"m_{m}").get_attribute("data-value"))
        want = float(ic.metric_value(m, tp, fp, fn, tn))
        assert got == pytest.approx(want, rel=1e-12, abs=1e-15), m
    assert float(drv.find_element("id", "cost").get_attribute("data-value")) == \
        pytest.approx(float(ic.metric_value("cost(c_fp=1, c_fn=20)", tp, fp, fn, tn)))
    assert float(drv.find_element("id", "alerts").get_attribute("data-value")) == \
        pytest.approx(1e4 * (tp + fp) / (sw.n_pos + sw.n_neg))
    # editing a unit cost updates the cost at once
    cfn = drv.find_element("id", "cfn")
    cfn.clear()
    cfn.send_keys("3")
    assert float(drv.find_element("id", "cost").get_attribute("data-value")) == \
        pytest.approx(fp + 3 * fn)

    # a target: the most recall with precision >= 0.5, as Sweep.best chooses it
    box = drv.find_element("id", "target")
    box.send_keys("precision 0.5", Keys.ENTER)
    t3, counts3 = _shown(drv)
    want = sw.best("recall", subject_to={"precision": 0.5})
    assert t3 == float(want.threshold)
    assert counts3 == [float(want.tp), float(want.fp), float(want.fn), float(want.tn)]
    # a typed threshold snaps to the kept threshold at or below it
    box.clear()
    box.send_keys("1.2345", Keys.ENTER)
    t4, counts4 = _shown(drv)
    assert t4 <= 1.2345 and counts4 == list(map(float, sw.at(t4)))
    kept = np.asarray(sw.thresholds)[kept_points(sw)]
    assert t4 == kept[kept <= 1.2345].max()

    # the best-threshold table carries the intervals
    best_text = drv.find_element("id", "best").text
    assert "95 % interval" in best_text and "F1" in best_text

    # nothing but the file itself was requested
    urls = [json.loads(e["message"])["message"]["params"].get("request", {}).get("url", "")
            for e in drv.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"]
    assert all(u.startswith("file://") for u in urls), urls
    errors = [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []

    shot = _artifact_dir(tmp_path_factory) / "html_report.png"
    drv.find_element("id", "slider").click()
    assert drv.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_page_is_self_contained_and_small_at_a_million_scores(tmp_path):
    rng = np.random.default_rng(0)
    y = rng.random(1_000_000) < 0.01
    sw = ic.sweep(y, rng.normal(size=y.size) + 1.5 * y)
    out = sw.to_html(tmp_path / "r.html", bootstrap=None)
    page = Path(out).read_text()
    assert len(page.encode()) <= 2_000_000
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "http://" not in page and "https://" not in page
    data = json.loads(re.search(r'<script id="data" type="application/json">(.*?)</script>',
                                page, re.S).group(1))
    # the kept points are exactly the sweep's counts at those thresholds
    idx = kept_points(sw, extra=[b.index for b in sw.best_all(["f1"]).values()])
    assert data["t"] == [float(v) for v in sw.thresholds[idx]]
    assert data["tp"] == [float(v) for v in sw.tp[idx]]
    assert data["fp"] == [float(v) for v in sw.fp[idx]]


def test_kept_points_are_the_roc_corners_of_sklearn():
    from sklearn.metrics import roc_curve

    rng = np.random.default_rng(1)
    y = rng.random(5000) < 0.1
    s = np.round(rng.normal(size=y.size) + y, 2)
    sw = ic.sweep(y, s)
    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=True)
    # scikit-learn adds a first point (threshold inf) that is no score
    assert np.asarray(sw.thresholds)[kept_points(sw)].tolist() == thr[1:].tolist()


def test_cli_report_writes_the_page(tmp_path, capsys):
    rng = np.random.default_rng(2)
    y = rng.random(3000) < 0.05
    csv = tmp_path / "scores.csv"
    np.savetxt(csv, np.c_[y, rng.normal(size=y.size) + 2 * y], delimiter=",",
               header="label,score", comments="", fmt=["%d", "%.6f"])
    out = tmp_path / "out.html"
    assert main(["report", str(csv), "--html", str(out), "--bootstrap", "20", "-q"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    assert "Threshold report" in out.read_text()


@pytest.mark.parametrize("kwargs, match", [
    ({"c_fp": -1}, "invalid c_fp"),
    ({"c_fn": float("nan")}, "invalid c_fn"),
    ({"max_points": 3}, "invalid max_points"),
])
def test_bad_arguments(tmp_path, kwargs, match):
    sw = ic.sweep([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4])
    with pytest.raises(ic.ImbcoreError, match=match):
        sw.to_html(tmp_path / "x.html", bootstrap=None, **kwargs)


def test_one_class_is_refused(tmp_path):
    sw = ic.sweep([1, 1], [0.1, 0.2])
    with pytest.raises(ic.ImbcoreError, match="one class"):
        sw.to_html(tmp_path / "x.html", bootstrap=None)
