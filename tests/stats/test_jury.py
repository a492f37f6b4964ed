"""A jury: majority verdicts with declared ties, mean scores; audited like a judge; its members' numbers untouched."""

from __future__ import annotations

import pandas as pd
import pytest

from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.stats import compute_metrics
from judgeaudit.stats.jury import add_juries, jury_metrics, jury_rows, parse_jury
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.simulate import simulate


def _row(judge: str, item: str, winner: str | None, **extra: object) -> dict[str, object]:
    return {
        "judge": judge,
        "probe": "recorded",
        "item_id": item,
        "variant": "original",
        "mode": "pairwise",
        "order": "ab",
        "winner": winner,
        "label": "a",
        **extra,
    }


def test_majority_declared_ties_unread_members_and_mean_scores() -> None:
    rows = [
        _row("x", "i1", "a"),
        _row("y", "i1", "a"),
        _row("z", "i1", "b"),  # 2-1: a
        _row("x", "i2", "a"),
        _row("y", "i2", "b"),
        _row("z", "i2", None),  # 1-1, one unread: declared tie
        _row("x", "i3", None),
        _row("y", "i3", None),
        _row("z", "i3", None),  # nobody readable: unread
        _row("x", "i4", "a"),
        _row("y", "i4", "b"),  # z never judged i4: left out
    ]
    score = {"mode": "score", "response": "a", "order": None}
    rows += [_row(j, "s1", None, **score, score=s) for j, s in (("x", 2.0), ("y", 4.0), ("z", None))]
    out, incomplete = jury_rows(frame_from_rows(rows), "jury", ["x", "y", "z"])
    by_item = {(r["item_id"], r["mode"]): r for r in out}
    assert incomplete == 1
    assert by_item[("i1", "pairwise")]["winner"] == "a" and not by_item[("i1", "pairwise")]["jury_tie"]
    assert by_item[("i2", "pairwise")]["winner"] == "tie" and by_item[("i2", "pairwise")]["jury_tie"]
    assert by_item[("i3", "pairwise")]["winner"] is None
    assert by_item[("s1", "score")]["score"] == 3.0
    assert all(r["judge"] == "jury" and r["jury_members"] == ["x", "y", "z"] for r in out)


def test_a_graded_answer_passes_when_most_members_pass_it_and_a_split_is_a_declared_tie() -> None:
    grade = {"mode": "grade", "response": "a", "order": None, "label": "fail"}
    votes = {"g1": (True, True, False), "g2": (True, False, None), "g3": (False, False, True)}
    rows = [
        _row(j, item, None, **grade, passed=p, score=1.0 if p else 0.0 if p is not None else None, p_pass=0.1 * k)
        for item, ps in votes.items()
        for k, (j, p) in enumerate(zip("xyz", ps))
    ]
    out, _ = jury_rows(frame_from_rows(rows), "jury", ["x", "y", "z"])
    by_item = {r["item_id"]: r for r in out}
    assert [by_item[i]["passed"] for i in ("g1", "g2", "g3")] == [True, None, False]
    assert [by_item[i]["jury_tie"] for i in ("g1", "g2", "g3")] == [False, True, False]
    assert by_item["g1"]["score"] == pytest.approx(2 / 3) and by_item["g2"]["score"] == 0.5
    assert by_item["g1"]["p_pass"] == pytest.approx(0.1) and "grade" not in by_item["g1"]


def test_parse_jury_refuses_a_jury_of_one_or_a_judge_twice() -> None:
    assert parse_jury("panel=a,b") == ("panel", ["a", "b"])
    for bad in ("panel=a", "a,b", "=a,b", "p=a,a"):
        with pytest.raises(ValueError):
            parse_jury(bad)


def _panel(gold: float, n: int = 150, seed: int = 0) -> pd.DataFrame:
    # three judges of the same skill on the same items, errors independent given the item
    return pd.concat(
        [simulate(n, seed=seed, judge=f"j{k}", judge_family=f"f{k}", gold=gold, position=0.3) for k in range(3)]
    )


def test_a_jury_of_independent_judges_is_more_accurate_than_each_member() -> None:
    m = compute_metrics(_panel(gold=1.0), juries={"jury": ["j0", "j1", "j2"]}, n_boot=50)
    section = m["by_judge"]["jury"]["jury"]
    for member in ("j0", "j1", "j2"):
        gain = section["members_vs_jury"][member]["accuracy_gain"]
        assert gain["value"] > 0 and gain["ci"][0] > 0, member  # majority of three beats one (Condorcet)
    assert m["meta"]["juries"]["jury"]["members"] == ["j0", "j1", "j2"]


@pytest.mark.slow
def test_the_accuracy_gain_keeps_its_level_where_no_judge_sees_quality() -> None:
    # coin-flipping judges: the jury is no better than a member, so the interval holds 0 about 95% of the time
    excluded = 0
    trials = 60
    for seed in range(trials):
        d, _ = prepare(add_juries(_panel(gold=0.0, n=60, seed=seed), {"jury": ["j0", "j1", "j2"]})[0])
        focal = d[d["judge"] == "jury"]
        gain = jury_metrics(focal, d)["members_vs_jury"]["j0"]["accuracy_gain"]
        excluded += not (gain["ci"][0] <= 0 <= gain["ci"][1])
    assert excluded <= 8, excluded  # 5% of 60 is 3; 8 or more would be p < 0.02 under a 5% level


def test_members_metrics_are_the_same_with_and_without_a_jury() -> None:
    panel = _panel(gold=1.0, n=40)
    plain = compute_metrics(panel, n_boot=50)
    with_jury = compute_metrics(panel, juries={"jury": ["j0", "j1"]}, n_boot=50)
    assert plain["by_judge"].keys() < with_jury["by_judge"].keys()
    for judge in ("j0", "j1", "j2"):
        assert plain["by_judge"][judge] == with_jury["by_judge"][judge]
    assert plain["panel"] == with_jury["panel"]  # the jury is no coder of the panel's alpha


def test_a_jury_of_unknown_judges_is_an_error_naming_them() -> None:
    with pytest.raises(ValueError, match="no judgments by nobody"):
        compute_metrics(_panel(gold=1.0, n=10), juries={"jury": ["j0", "nobody"]}, n_boot=20)
