"""Self-preference on judges whose family loyalty is known."""

from __future__ import annotations

import pandas as pd

from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.self_preference import self_preference_metrics
from tests.support.judgments import always_family, always_gold, first_slot, frame, judge_rows, make_items

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
    wr = m["family_matrix"]["win_rate"]["j"]  # one row per judge, keyed by its name
    assert wr["mine"]["value"] == 1.0 and wr["theirs"]["value"] == 0.0
    assert m["family_matrix"]["judge_family"] == {"j": "mine"}


def test_gold_judge_has_no_gap() -> None:
    m = self_pref(frame(judge_rows(ITEMS, always_gold, judge_family="mine")))
    assert m["eo_gap"]["value"] == 0.0
    assert m["eo_gap"]["rates"] == [1.0, 1.0]


def test_slot_judge_has_no_gap() -> None:
    m = self_pref(frame(judge_rows(ITEMS, first_slot, judge_family="mine")))
    assert m["eo_gap"]["value"] == 0.0


def test_excess_win_rate_against_a_third_party_judge_on_the_same_pairs() -> None:
    loyal = judge_rows(ITEMS, always_family("mine"), judge="loyal", judge_family="mine")
    fair = judge_rows(ITEMS, always_gold, judge="fair", judge_family="theirs")
    neutral = judge_rows(ITEMS, always_gold, judge="neutral", judge_family="third")
    m = self_pref(frame(loyal, fair, neutral), judge="loyal")
    ewr = m["excess_win_rate"]
    # the loyal judge gives its family every win; the neutral judge gives it the gold half
    assert ewr["own_win_rate"] == 1.0 and ewr["third_party_win_rate"] == 0.5
    assert ewr["value"] == 0.5 and ewr["ci"][0] > 0.3
    assert ewr["third_party_judges"] == ["neutral"]  # fair wrote the other answer: not a baseline
    assert m["family_matrix"]["judges"] == ["fair", "loyal", "neutral"]


def test_two_judges_of_one_family_keep_their_own_rows() -> None:
    loyal = judge_rows(ITEMS, always_family("mine"), judge="loyal", judge_family="mine")
    fair = judge_rows(ITEMS, always_gold, judge="fair", judge_family="mine")
    wr = self_pref(frame(loyal, fair), judge="loyal")["family_matrix"]["win_rate"]
    assert wr["loyal"]["mine"]["value"] == 1.0 and wr["fair"]["mine"]["value"] == 0.5


def test_excess_win_rate_needs_shared_pairs() -> None:
    loyal = judge_rows(ITEMS[:20], always_family("mine"), judge="loyal", judge_family="mine")
    other = judge_rows(
        make_items(20, prefix="x", families=("mine", "theirs")), always_gold, judge="o", judge_family="third"
    )
    m = self_pref(frame(loyal, other), judge="loyal")
    assert m["excess_win_rate"]["value"] is None
    assert m["excess_win_rate"]["n_pairs_without_third_party"] == 20


def test_models_and_judges_of_unknown_family_are_listed_with_the_pairs_they_cost() -> None:
    items = make_items(10, families=("mine", "theirs"), prefix="u")
    for it in items[:4]:
        it["family_b"] = None
        it["model_b"] = "mystery-7b"
    rows = frame(
        judge_rows(items, always_gold, judge="j", judge_family="mine"),
        judge_rows(items, always_gold, judge="nameless", judge_family=None),
    )
    m = self_pref(rows, judge="j")
    assert m["unknown_families"] == {"models": {"mystery-7b": 4}, "judges": {"nameless": 6}}


def test_unknown_judge_family_gives_only_the_matrix() -> None:
    m = self_pref(frame(judge_rows(ITEMS, always_gold, judge_family=None)), family=None)
    assert "eo_gap" not in m and m["family_matrix"]["win_rate"]
    assert m["excess_win_rate"]["value"] is None and "family is unknown" in m["excess_win_rate"]["note"]


def test_no_families_means_no_section() -> None:
    rows, _ = prepare(frame(judge_rows(make_items(10), always_gold)))
    assert self_preference_metrics(rows, judge="j", judge_family="mine") is None


def test_an_own_family_win_rate_of_fourteen_out_of_fourteen_is_not_certainty() -> None:
    items = make_items(14, families=("mine", "theirs"))
    m = self_pref(frame(judge_rows(items, always_family("mine"), judge_family="mine", orders=("ab",))))
    own = m["family_matrix"]["win_rate"]["j"]["mine"]  # rows are judges, columns response families
    assert own["value"] == 1.0 and own["n"] == 14
    assert 0.78 < own["ci"][0] < 0.79 and own["ci"][1] == 1.0  # Wilson's score interval, not [1, 1]
    gap = m["eo_gap"]
    assert gap["value"] == 1.0 and gap["ci"][0] < 0.6 and 0 < gap["p_value"] < 1e-3
