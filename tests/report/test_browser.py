"""The report in a real browser (Debian's headless chromium): no requests, no errors, no injected script.

Needs ``chromium`` (apt-get install chromium) and the ``playwright`` Python package; Playwright's own
browser download is never used (``executable_path`` points at the system chromium).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import biased_metrics, judgment_rows, manifest, write_run

from judgeaudit.report.html import render_report

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str:
    found = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    if not found:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return found


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is not installed (pip install playwright; no browser download needed)",
    )
    executable = _chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """Load a file; return the page, console errors / page errors, and every request other than the file."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    url = path.resolve().as_uri()
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url) if r.url != url else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)  # let any lazy resource (there should be none) try to load
    return page, errors, requests


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
    from judgeaudit.compare import compare_runs, write_compare

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
