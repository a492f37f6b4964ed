"""A section without a plot of its own is drawn with the default: its estimates with their 95% intervals."""

from __future__ import annotations

import pytest

from judgeaudit.metrics import section
from judgeaudit.pages import plots
from judgeaudit.pages import sections as page


def test_a_section_with_its_own_plot_keeps_it() -> None:
    position = section("position")
    assert position is not None and page.plot_of(position) is page.PLOTS["position"]


def test_the_default_plot_draws_every_estimate_of_the_section(monkeypatch: pytest.MonkeyPatch) -> None:
    score = section("score_vs_rank")
    assert score is not None
    metrics = {
        "score_vs_rank": {
            "rank_accuracy": {"value": 0.7, "ci": [0.6, 0.8], "n": 50},
            "score_accuracy": {"value": 0.55, "ci": [0.4, 0.7], "n": 25},
            "score_tie_rate": {"value": None, "ci": [None, None], "n": 0, "note": "no scores"},
            "n_unparsed": 2,
        }
    }
    monkeypatch.setattr(page, "PLOTS", {k: v for k, v in page.PLOTS.items() if k != "score_vs_rank"})
    spec = page.plot_of(score)
    assert spec.caption == page.DEFAULT_CAPTION
    svg = str(spec.plot(metrics))
    assert "Pairwise accuracy" in svg and "Score accuracy" in svg  # the catalogue's labels
    assert "Score tie rate" in svg  # a metric without a value keeps its row, empty
    assert "Unreadable outputs" not in svg  # a count is not an interval
    shown = {s["id"]: s for s in page.sections(metrics)}["score-vs-rank"]
    assert shown["plot"] is not None and shown["caption"] == page.DEFAULT_CAPTION


def test_the_default_plot_is_none_without_an_estimate() -> None:
    assert plots.section_plot({"listwise": {"n_unparsed": 0}}, "listwise") is None
