"""Self-preference against third-party judges: planted panels, designs that cannot answer, exact cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from judgeaudit.stats.pairs import pairwise, prepare
from judgeaudit.stats.simulate import simulate
from judgeaudit.stats.third_party import judge_families, third_party_excess
from tests.support.judgments import always_family, always_gold, always_tie, first_slot, frame, judge_rows, make_items

FAMILIES = ("f0", "f1", "f2", "f3")
ITEMS = make_items(40, labels=("a", "b", "b", "a"), families=("mine", "theirs"))


def excess(df: pd.DataFrame, judge: str, **overrides: str) -> dict:
    rows = pairwise(prepare(df)[0])
    return third_party_excess(rows, judge=judge, families=judge_families(rows, overrides))


def panel(bonus: dict[str, float], n: int = 400, seed: int = 3, **params: float) -> pd.DataFrame:
    """Four judges of four families on the same pairs, both orders; ``bonus`` plants own-family log-odds."""
    frames = []
    for i, fam in enumerate(FAMILIES):
        frames.append(
            simulate(
                n,
                seed=seed,
                judge=f"j{i}",
                judge_family=fam,
                families=FAMILIES,
                own_family=bonus.get(f"j{i}", 0.0),
                position=0.3 * i,
                **params,
            )
        )
    return pd.concat(frames, ignore_index=True)


def test_the_planted_judge_is_detected_and_the_others_are_not() -> None:
    df = panel({"j0": 1.0})
    found = {j: excess(df, j) for j in ("j0", "j1", "j2", "j3")}
    assert found["j0"]["ci"][0] > 0.05 and found["j0"]["p_value"] < 1e-6
    for j in ("j1", "j2", "j3"):
        assert found[j]["ci"][0] < 0 < found[j]["ci"][1], (j, found[j])
    # the baseline of j1's pairs never holds the biased judge where it wrote an answer
    assert found["j1"]["third_party_judges"] == ["j0", "j2", "j3"]


def test_a_biased_judge_of_the_opposing_family_is_not_anyones_baseline() -> None:
    # j1 gives its own family every win; judged against j1 (the leave-one-out of old), fair j0 looked biased
    loyal = judge_rows(ITEMS, always_family("theirs"), judge="loyal", judge_family="theirs")
    fair = judge_rows(ITEMS, always_gold, judge="fair", judge_family="mine")
    m = excess(frame(loyal, fair), "fair")
    assert m["value"] is None and "third-party" in m["note"]
    assert m["n_pairs_without_third_party"] == 40


def test_own_pairs_only_design_is_not_estimable() -> None:
    # each judge judged only pairs holding its own answer: no third party ever saw them
    rows = []
    for i, fam in enumerate(FAMILIES):
        other = FAMILIES[(i + 1) % 4]
        items = make_items(20, families=(fam, other), prefix=f"{fam}-")
        rows += judge_rows(items, always_family(fam), judge=f"j{i}", judge_family=fam)
    for j in ("j0", "j1", "j2", "j3"):
        m = excess(frame(rows), j)
        assert m["value"] is None and m["n"] == 0 and m["ci"] == [None, None]
        assert m["n_pairs_without_third_party"] == 20


def test_a_content_blind_judge_never_shows_self_preference() -> None:
    blind = judge_rows(ITEMS, first_slot, judge="blind", judge_family="mine")
    neutral = judge_rows(ITEMS, always_gold, judge="neutral", judge_family="third")
    m = excess(frame(blind, neutral), "blind")
    assert m["value"] is None and "first slot" in m["note"]
    # and in a simulated panel whatever the seed: never a value, so never significant
    for seed in range(5):
        assert excess(_blind_j0(panel({}, n=150, seed=seed)), "j0")["value"] is None


def _blind_j0(df: pd.DataFrame) -> pd.DataFrame:
    """j0 answers the first slot on every pair."""
    j0 = df["judge"] == "j0"
    df.loc[j0, "winner"] = df.loc[j0, "order"].map({"ab": "a", "ba": "b"})
    return df


def test_loyal_judge_against_a_neutral_judge_exactly() -> None:
    loyal = judge_rows(ITEMS, always_family("mine"), judge="loyal", judge_family="mine")
    neutral = judge_rows(ITEMS, always_gold, judge="neutral", judge_family="third")
    m = excess(frame(loyal, neutral), "loyal")
    # loyal gives its family every win; the neutral judge gives it the gold half
    assert m["own_win_rate"] == 1.0 and m["third_party_win_rate"] == 0.5
    assert m["value"] == 0.5 and m["n"] == 40 and m["ci"][0] > 0.3
    assert m["design"] == "both orders" and m["third_party_judges"] == ["neutral"]


def test_agreeing_judges_give_zero_with_an_interval_that_is_not_a_point() -> None:
    a = judge_rows(ITEMS, always_gold, judge="a", judge_family="mine")
    b = judge_rows(ITEMS, always_gold, judge="b", judge_family="third")
    m = excess(frame(a, b), "a")
    assert m["value"] == 0.0
    assert m["ci"][0] < 0 < m["ci"][1] and 0 < m["p_value"] <= 1


def test_ties_count_half() -> None:
    tied = judge_rows(ITEMS, always_tie, judge="tied", judge_family="mine")
    loyal = judge_rows(ITEMS, always_family("mine"), judge="loyal", judge_family="third")
    m = excess(frame(tied, loyal), "tied")
    # the third-party judge favours "mine" on every pair (it is not loyal to its own here)
    assert m["own_win_rate"] == 0.5 and m["third_party_win_rate"] == 1.0 and m["value"] == -0.5


def test_one_order_with_the_own_answer_always_first_is_not_estimable() -> None:
    items = make_items(30, prefix="o")
    for it in items:
        it.update(family_a="mine", family_b="theirs", model_a="mine-m", model_b="theirs-m")
    a = judge_rows(items, first_slot, judge="a", judge_family="mine", orders=("ab",))
    b = judge_rows(items, always_gold, judge="b", judge_family="third", orders=("ab",))
    m = excess(frame(a, b), "a")
    assert m["value"] is None and "position not balanced" in m["note"]


def test_one_order_balanced_design_cancels_position_bias() -> None:
    # one order only, the own answer first on half the pairs: a first-slot-leaning judge is not self-preferring
    rows = []
    for judge, fam, lean in (("lean", "mine", 1.0), ("n1", "x", 0.0), ("n2", "y", 0.0)):
        df = simulate(400, seed=9, judge=judge, judge_family=fam, families=("mine", "theirs"), position=lean)
        rows.append(df.loc[df["order"] == "ab"])
    m = excess(pd.concat(rows, ignore_index=True), "lean")
    assert m["design"] == "one order, slots weighted equally"
    assert m["ci"][0] < 0 < m["ci"][1]


def test_unknown_judge_family_says_how_to_declare_it() -> None:
    a = judge_rows(ITEMS, always_gold, judge="a", judge_family=None)
    b = judge_rows(ITEMS, always_gold, judge="b", judge_family="third")
    assert "--family" in excess(frame(a, b), "a")["note"]
    assert excess(frame(a, b), "a", a="mine")["value"] == 0.0


def test_the_planted_effect_is_recovered() -> None:
    df = panel({"j2": 1.0}, n=1500, seed=5, gold=0.0)
    m = excess(df, "j2")
    # no gold: third parties give 0.5, the biased judge σ(1) on average over the slots
    planted = 0.5 * (1 / (1 + math.exp(-(1.0 + 0.6))) + 1 / (1 + math.exp(-(1.0 - 0.6)))) - 0.5
    assert m["ci"][0] <= planted <= m["ci"][1]
    assert m["third_party_win_rate"] == pytest.approx(0.5, abs=0.03)
