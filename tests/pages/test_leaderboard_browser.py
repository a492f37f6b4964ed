"""The leaderboard in headless chromium: renders, asks nothing of the network, and a hostile name stays text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from judgeaudit.pages.leaderboard_html import write_leaderboard  # noqa: E402
from judgeaudit.ranking.leaderboard import build  # noqa: E402
from tests.support.browser import open_page
from tests.support.runs import judge, write_run  # noqa: E402

pytestmark = pytest.mark.browser
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


def test_leaderboard_in_chromium(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    multi = pd.concat([judge(SCRIPT, family=IMG), judge("fair", "fam1")])
    runs = [write_run(tmp_path / "multi", multi), write_run(tmp_path / "solo", judge("solo", seed=4, n=90))]
    page_path = write_leaderboard(build(runs, tmp_path / "lb"), tmp_path / "lb")[0]
    page, errors, requests = open_page(browser, page_path)
    assert requests == [], f"the leaderboard tried to reach: {requests}"
    assert errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    board = page.locator("table.leaderboard")
    assert board.locator("tbody tr[id^='judge-']").count() == 3
    text = board.inner_text()
    assert SCRIPT in text and IMG in text  # shown as text
    assert page.locator("table.leaderboard img").count() == 0
    assert "not comparable" in text  # two batteries
    page.locator("thead a", has_text="Length coefficient").click()
    assert page.url.endswith("leaderboard-by-verbosity.length_coef.html")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()
