"""Self-preference on judges whose family loyalty is known."""

from __future__ import annotations

import pandas as pd
from deterministic_judges import always_family, always_gold, first_slot, frame, judge_rows, make_items

from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.self_preference import self_preference_metrics

ITEMS = make_items(40, labels=("a", "b", "b", "a"), families=("mine", "theirs"))


def self_pref(df: pd.DataFrame, judge: str = "j", family: str | None = "mine") -> dict:
    rows, _ = prepare(df)
    out = self_preference_metrics(rows, judge=judge, judge_family=family, n_boot=500)
    assert out is not None
    return out


def test_judge_that_always_picks_its_own_family() -> None:
    m = self_pref(frame(judge_rows(ITEMS, always_family("mine"), judge_family="mine")))
    assert m["eo_gap"]["value"] == 1.0  # always right when own is better, never when other is
    assert m["eo_gap"]["p_value"] < 1e-6
    wr = m["family_matrix"]["win_rate"]["mine"]
    assert wr["mine"]["value"] == 1.0 and wr["theirs"]["value"] == 0.0


def test_gold_judge_has_no_gap() -> None:
    m = self_pref(frame(judge_rows(ITEMS, always_gold, judge_family="mine")))
    assert m["eo_gap"]["value"] == 0.0
    assert m["eo_gap"]["rates"] == [1.0, 1.0]


def test_slot_judge_has_no_gap() -> None:
    m = self_pref(frame(judge_rows(ITEMS, first_slot, judge_family="mine")))
    assert m["eo_gap"]["value"] == 0.0


def test_excess_win_rate_against_other_judges_on_the_same_pairs() -> None:
    loyal = judge_rows(ITEMS, always_family("mine"), judge="loyal", judge_family="mine")
    fair = judge_rows(ITEMS, always_gold, judge="fair", judge_family="theirs")
    m = self_pref(frame(loyal, fair), judge="loyal")
    ewr = m["excess_win_rate"]
    # the loyal judge gives its family every win; the fair judge gives it the gold half
    assert ewr["own_win_rate"] == 1.0 and ewr["others_win_rate"] == 0.5
    assert ewr["value"] == 0.5 and ewr["ci"][0] > 0.3
    assert set(m["family_matrix"]["judge_families"]) == {"mine", "theirs"}


def test_excess_win_rate_needs_shared_pairs() -> None:
    loyal = judge_rows(ITEMS[:20], always_family("mine"), judge="loyal", judge_family="mine")
    other = judge_rows(make_items(20, prefix="x", families=("mine", "theirs")), always_gold, judge="o")
    m = self_pref(frame(loyal, other), judge="loyal")
    assert m["excess_win_rate"]["value"] is None


def test_unknown_judge_family_gives_only_the_matrix() -> None:
    m = self_pref(frame(judge_rows(ITEMS, always_gold, judge_family=None)), family=None)
    assert "eo_gap" not in m and m["family_matrix"]["win_rate"]


def test_no_families_means_no_section() -> None:
    rows, _ = prepare(frame(judge_rows(make_items(10), always_gold)))
    assert self_preference_metrics(rows, judge="j", judge_family="mine") is None
