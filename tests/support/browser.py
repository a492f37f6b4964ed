"""Loading a page in the test browser and recording what it asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any


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
