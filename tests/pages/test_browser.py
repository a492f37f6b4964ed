"""The report in a real browser (Debian's headless chromium): no requests, no errors, no injected script.

Needs ``chromium`` (apt-get install chromium) and the ``playwright`` Python package; Playwright's own
browser download is never used (``executable_path`` points at the system chromium).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from judgeaudit import report as render_report
from tests.support.browser import open_page
from tests.support.paths import REPO
from tests.support.report_data import biased_metrics, judgment_rows, manifest, write_run

pytestmark = pytest.mark.browser


def test_report_in_chromium(browser: Any, tmp_path: Path) -> None:
    report = render_report(write_run(tmp_path / "run", biased_metrics(), judgment_rows(), manifest()))
    page, errors, requests = open_page(browser, report)

    assert requests == [], f"the report tried to reach: {requests}"
    assert errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined", "an answer's script ran"

    assert page.locator("h1").inner_text().startswith("Judge audit")
    assert page.locator(".cards .card").count() >= 5
    assert page.locator("svg.plot").count() == 6
    assert page.locator("svg.strip").count() >= 5
    assert page.locator("details[open]").count() == 0, "examples start collapsed"

    # opened, an example shows the hostile answer and raw output as text, and still nothing runs
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.locator("#evidence").inner_text()
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#evidence img").count() == 0

    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
    page.screenshot(path=str(out / "report.png"), full_page=True)
    assert (out / "report.png").stat().st_size > 10_000
    page.close()


def test_compare_page_in_chromium(browser: Any, tmp_path: Path) -> None:
    from judgeaudit.ranking.compare import compare_runs
    from judgeaudit.verbs.compare import write_compare

    evil = "<script>window.__pwned=1</script>"
    other = biased_metrics()
    other["position"]["consistency"] = {"value": 0.9, "ci": [0.86, 0.94], "n": 200}
    runs = [
        write_run(tmp_path / "a", biased_metrics(), None, manifest(judge=evil)),
        write_run(tmp_path / "b", other, None, manifest(judge="other")),
    ]
    html = write_compare(compare_runs(runs), tmp_path / "cmp")[0]
    page, errors, requests = open_page(browser, html)
    assert requests == [] and errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("svg.plot").count() >= 3
    assert evil in page.locator("#judges").inner_text()
    page.close()
