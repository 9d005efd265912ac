"""The HTML link report opened in a real headless browser (#15): the charts render (SVG
marks with a size on screen) and the page raises no script error. Skipped only where no
chromium is installed; CI installs one (.ci/run)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vnidmatch.match import dedupe, link
from vnidmatch.synth import derive_register, generate_population

BROWSER = next((b for b in ("/usr/bin/chromium", shutil.which("chromium"),
                            shutil.which("chromium-browser"), shutil.which("google-chrome"))
                if b and Path(b).exists()), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless browser installed")

#: appended to a copy of the page, for the test only (the report itself has no script): it
#: measures every chart once laid out and records script errors, into the DOM it dumps
CATCH = """<script>var errors = [];
window.addEventListener('error', function (e) { errors.push(String(e.message)); });</script>"""
PROBE = """<script>
window.addEventListener('load', function () {
  var charts = Array.from(document.querySelectorAll('svg.vnidmatch-chart')).map(function (s) {
    var r = s.getBoundingClientRect();
    var marks = Array.from(s.querySelectorAll('.mark')).filter(function (m) {
      var b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;
    return {title: s.querySelector('.chart-title').textContent, width: r.width,
            height: r.height, marks: marks, ticks: s.querySelectorAll('.tick').length,
            legend: s.querySelectorAll('.legend text').length};
  });
  var out = document.createElement('pre'); out.id = 'probe';
  out.textContent = JSON.stringify({charts: charts, errors: errors});
  document.body.appendChild(out);
});
</script>"""


def _open(page: Path, tmp_path: Path) -> tuple[dict[str, object], str]:
    probe = tmp_path / "probed.html"
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text
    probe.write_text(text.replace("<head>", "<head>" + CATCH, 1).replace("</body>",
                                                                          PROBE + "</body>"),
                     encoding="utf-8")
    assert BROWSER is not None
    run = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
         "--v=0", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout, re.S)
    assert found, run.stdout[-2000:]
    text = found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
    return json.loads(text.replace("&gt;", ">")), run.stderr


def test_link_report_renders_in_a_browser(tmp_path: Path) -> None:
    pop = generate_population(300, seed=5)
    reg = derive_register(pop, seed=6)
    result = link(reg, pop)
    page = tmp_path / "report.html"
    result.to_html(str(page), truth=[(r["id"], r["true_id"]) for r in reg])
    probed, log = _open(page, tmp_path)
    assert probed["errors"] == []
    assert "Uncaught" not in log
    charts = probed["charts"]
    assert isinstance(charts, list)
    titles = [c["title"] for c in charts]
    assert len(charts) == 5, titles  # histogram, threshold, waterfall, m/u, precision-recall
    assert any(t.startswith("Match weight") for t in titles)
    assert "Precision and recall (with ground truth)" in titles
    for c in charts:
        assert c["width"] > 300 and c["height"] > 200, c
        assert c["marks"] >= 1 and c["ticks"] >= 3 and c["legend"] >= 1, c


def test_dedupe_report_renders_in_a_browser(tmp_path: Path) -> None:
    pop = generate_population(300, seed=5)
    reg = derive_register(pop, seed=6)
    page = tmp_path / "dedupe.html"
    dedupe(pop + [{**r, "id": "D" + r["id"]} for r in reg]).to_html(str(page))
    probed, _ = _open(page, tmp_path)
    assert probed["errors"] == []
    charts = probed["charts"]
    assert isinstance(charts, list)
    assert charts[0]["title"] == "Cluster sizes"
    assert len(charts) == 3
    for c in charts:
        assert c["marks"] >= 1 and c["ticks"] >= 3 and c["legend"] >= 1, c
