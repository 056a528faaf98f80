"""The threshold report as one self-contained, offline HTML page.

:func:`write_html` (also :meth:`imbcore.Sweep.to_html` and ``imbcore report
FILE --html out.html``) writes a page for the people who decide a threshold
without running Python: a threshold slider and a box for a threshold or a
target (``precision 0.9``: the most recall with precision >= 0.9); the confusion matrix, every metric, the cost for
editable unit costs and the alerts per 10,000 (and per day) at the chosen
threshold; PR and ROC curves with the current point; the best threshold per
metric with bootstrap intervals. Scripts, styles and data are inline: the page
makes no network request.

The curves are thinned exactly, as scikit-learn's ``drop_intermediate`` does:
only the corners of the ROC curve are kept (a point inside a straight run of
positives or negatives adds nothing to either curve), plus the best threshold
of every metric. The slider moves over the kept thresholds, so the counts it
shows are exact there; a typed threshold snaps to the nearest kept threshold
below or at it, and the page shows the one it uses. When the corners exceed
``max_points`` an evenly spaced subset of them is kept and the page says so.
"""

from __future__ import annotations

import html
import json
import math
import os
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from .errors import ImbcoreError
from .metrics import metric_info

if TYPE_CHECKING:
    from ._sweep import Sweep

__all__ = ["write_html", "html_page", "kept_points"]

# the metrics of the page's table, in the order shown (the page computes them
# from the counts with the formulas of the metric table, checked by the tests)
PAGE_METRICS = ("precision", "recall", "specificity", "npv", "fpr", "fnr", "accuracy",
                "balanced_accuracy", "f1", "f2", "f0.5", "gmean", "mcc", "youden_j",
                "jaccard", "cohen_kappa", "markedness")
BEST_METRICS = ("f1", "f2", "mcc", "balanced_accuracy", "gmean", "youden_j", "accuracy",
                "cohen_kappa", "jaccard")
# the metrics whose best threshold gets bootstrap intervals (each costs a pass per replicate)
INTERVAL_METRICS = ("f1", "mcc", "balanced_accuracy")


def kept_points(sw: Sweep, max_points: int = 50_000, *, extra: Sequence[int] = ()) -> np.ndarray:
    """Indices of the thresholds the page keeps: the ROC corners, both ends and ``extra``.

    Examples
    --------
    >>> import imbcore
    >>> from imbcore.html_report import kept_points
    >>> s = imbcore.sweep([1, 1, 1, 0, 0, 1], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    >>> kept_points(s).tolist()        # 0.8 lies inside a run of positives
    [0, 2, 4, 5]
    """
    if max_points < 10:
        raise ImbcoreError(f"invalid max_points: got {max_points!r}; keep at least 10 points")
    tp = np.asarray(sw.tp, dtype=np.float64)
    fp = np.asarray(sw.fp, dtype=np.float64)
    n = tp.size
    if n <= 2:
        return np.arange(n)
    corner = np.r_[True, (np.diff(tp, 2) != 0) | (np.diff(fp, 2) != 0), True]
    idx = np.flatnonzero(corner)
    if idx.size > max_points:
        idx = idx[np.unique(np.linspace(0, idx.size - 1, max_points).round().astype(np.int64))]
    return np.unique(np.r_[idx, np.asarray(extra, dtype=np.int64)])


def _num(x: float, digits: int = 10) -> float | None:
    x = float(x)
    return None if not math.isfinite(x) else float(f"{x:.{digits}g}")


def html_page(sw: Sweep, *, title: str = "Threshold report", bootstrap: int | None = None,
              ci: float = 0.95, random_state: Any = 0, c_fp: float = 1.0, c_fn: float = 1.0,
              per_day: float | None = None, max_points: int = 50_000) -> str:
    """The page as a string (see :func:`write_html` for the arguments)."""
    from ._sweep import Sweep

    if not isinstance(sw, Sweep):
        raise ImbcoreError(f"invalid sweep: got {type(sw).__name__}; give an imbcore.Sweep")
    if sw.n_pos <= 0 or sw.n_neg <= 0:
        raise ImbcoreError("invalid sweep: got a sweep of one class; the report needs both "
                           "positives and negatives")
    for name, v in (("c_fp", c_fp), ("c_fn", c_fn)):
        if not (isinstance(v, (int, float)) and math.isfinite(v) and v >= 0):
            raise ImbcoreError(f"invalid {name}: got {v!r}; unit costs are finite numbers >= 0")
    best = sw.best_all(list(BEST_METRICS))
    boot = None
    if bootstrap:
        if getattr(sw, "_samples", None) is None:
            raise ImbcoreError("invalid bootstrap: got a sweep without its samples; the "
                               "intervals need the sweep made by imbcore.sweep(y, s), or "
                               "bootstrap=None")
        boot = sw.bootstrap([m for m in INTERVAL_METRICS if m in best],
                            n_resamples=int(bootstrap), ci=ci, random_state=random_state)
    idx = kept_points(sw, max_points, extra=[b.index for b in best.values()])
    thinned = idx.size < np.count_nonzero(np.r_[True, (np.diff(np.asarray(sw.tp, float), 2) != 0)
                                                | (np.diff(np.asarray(sw.fp, float), 2) != 0),
                                                True]) if len(sw) > 2 else False
    t = np.asarray(sw.thresholds, dtype=np.float64)[idx]
    rows = []
    for name, b in best.items():
        row = {"metric": name, "label": metric_info(name).label, "value": _num(b.value),
               "threshold": _num(float(b.threshold), 17)}
        if boot is not None and name in INTERVAL_METRICS:
            lo, hi = boot.interval("value", name)
            tlo, thi = boot.interval("threshold", name)
            row.update(value_ci=[_num(lo), _num(hi)], threshold_ci=[_num(tlo), _num(thi)])
        rows.append(row)
    data = {
        "title": title,
        # repr-exact thresholds: the slider's counts are those of Sweep.at(t)
        "t": [float(v) for v in t],
        "tp": [float(v) for v in np.asarray(sw.tp)[idx]],
        "fp": [float(v) for v in np.asarray(sw.fp)[idx]],
        "n_pos": float(sw.n_pos), "n_neg": float(sw.n_neg), "n_thresholds": len(sw),
        "weighted": sw.weighted, "thinned": bool(thinned),
        "roc_auc": _num(sw.roc_auc), "average_precision": _num(sw.average_precision),
        "best": rows, "ci": ci if boot is not None else None,
        "n_resamples": boot.n_resamples if boot is not None else 0,
        "c_fp": c_fp, "c_fn": c_fn, "per_day": per_day,
        "metrics": [{"name": m, "label": metric_info(m).label,
                     "higher": metric_info(m).higher_is_better} for m in PAGE_METRICS],
        "start": int(np.searchsorted(idx, best["f1"].index)) if "f1" in best else 0,
    }
    payload = json.dumps(data, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")
    return (_TEMPLATE.replace("__TITLE__", html.escape(title))
            .replace("__DATA__", payload).replace("__SCRIPT__", _SCRIPT))


def write_html(sw: Sweep, path: str | os.PathLike[str], *, title: str = "Threshold report",
               bootstrap: int | None = 200, ci: float = 0.95, random_state: Any = 0,
               c_fp: float = 1.0, c_fn: float = 1.0, per_day: float | None = None,
               max_points: int = 50_000) -> str:
    """Write the threshold report of a sweep as one self-contained HTML file.

    Parameters
    ----------
    sw : Sweep
        The sweep of the validation scores (made by :func:`imbcore.sweep` for
        bootstrap intervals).
    path : str or path
        Where to write the page.
    title : str
        The page's heading.
    bootstrap : int or None, default 200
        Poisson bootstrap replicates for the intervals of the best thresholds
        and values of F1, MCC and balanced accuracy; None or 0 for none.
        Needs the sweep's samples.
    ci : float
        The level of the intervals.
    random_state : int or numpy.random.Generator
        The seed of the replicates.
    c_fp, c_fn : float
        The unit costs the page starts with (editable on the page).
    per_day : float, optional
        Samples scored per day, for "alerts per day" (editable on the page).
    max_points : int
        At most this many ROC corners are kept (an evenly spaced subset beyond).

    Returns
    -------
    str
        ``path``, as a string.

    Examples
    --------
    >>> import numpy as np, imbcore, tempfile, os
    >>> from pathlib import Path
    >>> rng = np.random.default_rng(0)
    >>> y = rng.random(10_000) < 0.02
    >>> s = imbcore.sweep(y, rng.normal(size=y.size) + 2 * y)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = s.to_html(os.path.join(d, "report.html"), bootstrap=50)
    ...     page = Path(out).read_text()
    >>> "<script src" in page or "http://" in page or "https://" in page
    False
    """
    page = html_page(sw, title=title, bootstrap=bootstrap, ci=ci, random_state=random_state,
                     c_fp=c_fp, c_fn=c_fn, per_day=per_day, max_points=max_points)
    with open(path, "w", encoding="utf-8") as f:
        f.write(page)
    return os.fspath(path)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>__TITLE__</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:12px 18px;color:#222}
h1{font-size:20px;margin:4px 0 2px}h2{font-size:15px;margin:10px 0 4px}
.sub{color:#555;margin-bottom:8px}
.controls{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;background:#f4f6f8;padding:8px 10px;border-radius:6px}
.controls input[type=range]{width:340px}.controls input[type=text],.controls input[type=number]{width:90px}
#target{width:150px}
.grid{display:grid;grid-template-columns:340px 1fr 1fr;gap:14px;margin-top:10px}
table{border-collapse:collapse}td,th{padding:2px 8px;text-align:right}th{background:#eef1f4}
td:first-child,th:first-child{text-align:left}
.cm td{border:1px solid #ccc;min-width:70px;text-align:center}.cm th{border:1px solid #ccc;white-space:nowrap}
.big{font-size:18px;font-weight:600}.note{color:#666;font-size:12px}
svg{background:#fff;border:1px solid #ddd}.axis{stroke:#888}.curve{fill:none;stroke:#1f77b4;stroke-width:1.5}
.pt{fill:#d62728}.lbl{font-size:11px;fill:#444}
#best td.bt{cursor:pointer;color:#1f4f99;text-decoration:underline}
@media print{.controls input,.controls button,#target,.noprint{display:none}
body{max-width:none;padding:0;font-size:11px}.grid{grid-template-columns:260px 1fr 1fr}
svg{width:250px;height:250px}h2{break-after:avoid}table{break-inside:avoid}}
</style></head>
<body>
<h1>__TITLE__</h1>
<div class="sub" id="summary"></div>
<div class="controls">
 <label>Threshold <input id="slider" type="range" min="0" step="1"></label>
 <span>score &ge; <b id="thr"></b></span>
 <label class="noprint">type a threshold or a target (e.g. <i>precision 0.9</i>):
  <input id="target" type="text" placeholder="0.5 or precision 0.9"></label>
 <button id="go" class="noprint">set</button> <span id="msg" class="note"></span>
</div>
<div class="controls" style="margin-top:6px">
 <label>cost of a false positive <input id="cfp" type="number" min="0" step="any"></label>
 <label>cost of a false negative <input id="cfn" type="number" min="0" step="any"></label>
 <label>samples per day <input id="perday" type="number" min="0" step="any"></label>
</div>
<div class="grid">
 <div>
  <h2>At this threshold</h2>
  <table class="cm"><tr><th></th><th>predicted +</th><th>predicted &minus;</th></tr>
   <tr><th>actual +</th><td id="tp"></td><td id="fn"></td></tr>
   <tr><th>actual &minus;</th><td id="fp"></td><td id="tn"></td></tr></table>
  <p><span class="big" id="alerts"></span> alerts per 10,000<span id="daywrap">,
   <span class="big" id="perdayv"></span> per day</span><br>
   cost <span class="big" id="cost"></span> <span class="note">(c_fp&middot;fp + c_fn&middot;fn)</span></p>
  <table id="metrics"><tr><th>metric</th><th>value</th></tr></table>
 </div>
 <div><h2>Precision&ndash;recall curve</h2><svg id="pr" width="400" height="360" viewBox="0 0 400 360"></svg>
  <div class="note" id="aptext"></div></div>
 <div><h2>ROC curve</h2><svg id="roc" width="400" height="360" viewBox="0 0 400 360"></svg>
  <div class="note" id="auctext"></div></div>
</div>
<h2>Best threshold per metric</h2>
<table id="best"></table>
<p class="note" id="foot"></p>
<script id="data" type="application/json">__DATA__</script>
<script>__SCRIPT__</script>
</body></html>
"""

_SCRIPT = r"""
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const N = D.t.length, P = D.n_pos, Q = D.n_neg, TOT = P + Q;
const $ = (id) => document.getElementById(id);
const r = (a, b) => (b > 0 ? a / b : 0);
// The formulas of imbcore's metric table (rust/core/src/metric), with its
// conventions for undefined ratios (0; NaN for Cohen's kappa).
function metrics(tp, fp, fn, tn) {
  const prec = r(tp, tp + fp), rec = r(tp, tp + fn), spec = r(tn, tn + fp), npv = r(tn, tn + fn);
  const fb = (b) => { const b2 = b * b, d = (1 + b2) * tp + b2 * fn + fp; return r((1 + b2) * tp, d); };
  const n = tp + fp + fn + tn;
  const den = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  const mcc = den > 0 ? (tp * tn - fp * fn) / den : 0;
  const rows = (tp + fn > 0) + (tn + fp > 0);
  const ba = rows ? ((tp + fn > 0 ? rec : 0) + (tn + fp > 0 ? spec : 0)) / rows : 0;
  const po = (tp + tn) / n, pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
  const kappa = pe < 1 ? (po - pe) / (1 - pe) : NaN;
  const full = tp + fn > 0 && tn + fp > 0 && tp + fp > 0 && tn + fn > 0;
  const yj = full ? rec + spec - 1 : 0, mk = full ? prec + npv - 1 : 0;
  return {precision: prec, recall: rec, specificity: spec, npv: npv, fpr: r(fp, fp + tn),
          fnr: r(fn, fn + tp), accuracy: po, balanced_accuracy: ba, f1: fb(1), f2: fb(2),
          "f0.5": fb(0.5), gmean: Math.sqrt(rec * spec), mcc: mcc, youden_j: yj,
          jaccard: r(tp, tp + fp + fn), cohen_kappa: kappa, markedness: mk};
}
function fmt(x, d) { return Number.isFinite(x) ? x.toFixed(d) : "undefined"; }
function cnt(x) { return D.weighted ? x.toFixed(2) : Math.round(x).toLocaleString("en-US"); }
const mtab = $("metrics");
for (const m of D.metrics) {
  const tr = mtab.insertRow(); tr.insertCell().textContent = m.label;
  const c = tr.insertCell(); c.id = "m_" + m.name;
}
$("slider").max = N - 1;
$("cfp").value = D.c_fp; $("cfn").value = D.c_fn;
if (D.per_day != null) $("perday").value = D.per_day;
$("summary").textContent = `${cnt(P)} positives, ${cnt(Q)} negatives (prevalence ` +
  `${(100 * P / TOT).toFixed(2)} %), ${D.n_thresholds.toLocaleString("en-US")} distinct ` +
  `thresholds; ROC-AUC ${fmt(D.roc_auc, 4)}, average precision ${fmt(D.average_precision, 4)}.`;

// --- curves (SVG) ---
const W = 400, H = 360, L = 44, B = 36, T = 10, R = 10;
const sx = (x) => L + x * (W - L - R), sy = (y) => H - B - y * (H - B - T);
function axes(svg, xl, yl) {
  let s = `<line class="axis" x1="${L}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(0)}"/>` +
          `<line class="axis" x1="${L}" y1="${sy(0)}" x2="${L}" y2="${sy(1)}"/>`;
  for (let k = 0; k <= 5; k++) {
    const v = k / 5;
    s += `<text class="lbl" x="${sx(v)}" y="${sy(0) + 14}" text-anchor="middle">${v.toFixed(1)}</text>` +
         `<text class="lbl" x="${L - 6}" y="${sy(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`;
  }
  s += `<text class="lbl" x="${sx(0.5)}" y="${H - 6}" text-anchor="middle">${xl}</text>` +
       `<text class="lbl" transform="translate(12,${sy(0.5)}) rotate(-90)" text-anchor="middle">${yl}</text>`;
  svg.innerHTML = s;
}
function poly(svg, xs, ys) {
  const pts = xs.map((x, i) => `${sx(x).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join(" ");
  svg.insertAdjacentHTML("beforeend", `<polyline class="curve" points="${pts}"/>`);
  svg.insertAdjacentHTML("beforeend", `<circle class="pt" r="5" cx="-9" cy="-9"/>`);
  return svg.lastElementChild;
}
const rec = D.tp.map((v) => v / P), prc = D.tp.map((v, i) => v / (v + D.fp[i])), fpr = D.fp.map((v) => v / Q);
axes($("pr"), "recall", "precision"); axes($("roc"), "false positive rate", "recall (true positive rate)");
const prPt = poly($("pr"), rec, prc), rocPt = poly($("roc"), [0].concat(fpr), [0].concat(rec));
$("aptext").textContent = `average precision ${fmt(D.average_precision, 4)}`;
$("auctext").textContent = `ROC-AUC ${fmt(D.roc_auc, 4)}`;

// --- the current threshold ---
let cur = 0;
function show(i) {
  cur = i; $("slider").value = i;
  const tp = D.tp[i], fp = D.fp[i], fn = P - tp, tn = Q - fp;
  const el = document.body;
  el.dataset.index = i; el.dataset.threshold = D.t[i];
  el.dataset.tp = tp; el.dataset.fp = fp; el.dataset.fn = fn; el.dataset.tn = tn;
  $("thr").textContent = String(D.t[i]);
  $("tp").textContent = cnt(tp); $("fp").textContent = cnt(fp);
  $("fn").textContent = cnt(fn); $("tn").textContent = cnt(tn);
  const m = metrics(tp, fp, fn, tn);
  for (const k in m) { const c = $("m_" + k); if (c) { c.textContent = fmt(m[k], 4); c.dataset.value = m[k]; } }
  const cfp = Number($("cfp").value) || 0, cfn = Number($("cfn").value) || 0;
  const cost = cfp * fp + cfn * fn; $("cost").textContent = cost.toLocaleString("en-US", {maximumFractionDigits: 2});
  $("cost").dataset.value = cost;
  const a = 1e4 * (tp + fp) / TOT; $("alerts").textContent = a.toFixed(1); $("alerts").dataset.value = a;
  const pd = Number($("perday").value);
  $("daywrap").style.display = pd > 0 ? "" : "none";
  $("perdayv").textContent = (pd * (tp + fp) / TOT).toFixed(1);
  prPt.setAttribute("cx", sx(rec[i])); prPt.setAttribute("cy", sy(prc[i]));
  rocPt.setAttribute("cx", sx(fpr[i])); rocPt.setAttribute("cy", sy(rec[i]));
}
// thresholds descend: the kept threshold at or below t (predicting at least what t predicts)
function atThreshold(t) {
  let lo = 0, hi = N - 1;
  if (t > D.t[0]) return 0;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (D.t[mid] > t) lo = mid + 1; else hi = mid; }
  return lo;
}
function setTarget(text) {
  const s = text.trim(); $("msg").textContent = "";
  if (!s) return;
  const num = Number(s);
  if (Number.isFinite(num)) {
    const i = atThreshold(num); show(i);
    if (D.t[i] !== num) $("msg").textContent = `snapped to the kept threshold ${D.t[i]}`;
    return;
  }
  const mm = s.match(/^([a-z_0-9.]+)\s*(?:>=|<=|=|\s)\s*([-+0-9.eE]+)$/i);
  const info = mm && D.metrics.find((m) => m.name === mm[1].toLowerCase());
  if (!info) { $("msg").textContent = "type a number, or a metric and a value: precision 0.9"; return; }
  const v = Number(mm[2]), rel = info.higher ? ">=" : "<=";
  // the most recall among the thresholds meeting the target (ties: the highest
  // threshold), as Sweep.best("recall", subject_to={metric: v}) chooses
  let best = -1;
  for (let i = 0; i < N; i++) {
    const tp = D.tp[i], fp = D.fp[i], x = metrics(tp, fp, P - tp, Q - fp)[info.name];
    if ((info.higher ? x >= v : x <= v) && (best < 0 || tp > D.tp[best])) best = i;
  }
  if (best < 0) { $("msg").textContent = `no threshold has ${info.name} ${rel} ${v}`; return; }
  show(best); $("msg").textContent = `the most recall with ${info.name} ${rel} ${v}`;
}
$("slider").addEventListener("input", (e) => { $("msg").textContent = ""; show(Number(e.target.value)); });
$("go").addEventListener("click", () => setTarget($("target").value));
$("target").addEventListener("keydown", (e) => { if (e.key === "Enter") setTarget($("target").value); });
for (const id of ["cfp", "cfn", "perday"]) $(id).addEventListener("input", () => show(cur));

// --- best thresholds ---
const bt = $("best");
const lvl = D.ci ? `${Math.round(100 * D.ci)} % interval` : null;
bt.innerHTML = `<tr><th>metric</th><th>best value</th>${lvl ? `<th>${lvl}</th>` : ""}` +
  `<th>threshold</th>${lvl ? `<th>${lvl}</th>` : ""}</tr>`;
for (const b of D.best) {
  const tr = bt.insertRow();
  tr.insertCell().textContent = b.label;
  tr.insertCell().textContent = fmt(b.value, 4);
  if (lvl) tr.insertCell().textContent = b.value_ci ? `[${fmt(b.value_ci[0], 4)}, ${fmt(b.value_ci[1], 4)}]` : "";
  const c = tr.insertCell(); c.className = "bt"; c.textContent = Number(b.threshold.toPrecision(6));
  c.title = "show this threshold"; c.addEventListener("click", () => show(atThreshold(b.threshold)));
  if (lvl) tr.insertCell().textContent = b.threshold_ci ? `[${Number(b.threshold_ci[0].toPrecision(4))}, ${Number(b.threshold_ci[1].toPrecision(4))}]` : "";
}
$("foot").textContent = `A sample is predicted positive when its score is at or above the threshold. ` +
  `The curves keep ${N.toLocaleString("en-US")} of ${D.n_thresholds.toLocaleString("en-US")} thresholds: ` +
  (D.thinned ? "an evenly spaced subset of the ROC corners (and every best threshold); the slider moves over those. "
             : "every corner of the ROC curve (points inside straight runs add nothing), and every best threshold; the counts shown are exact. ") +
  (lvl ? `Intervals: ${D.n_resamples} Poisson bootstrap replicates (percentile). ` : "") +
  "Made by imbcore.";
show(D.start);
"""
