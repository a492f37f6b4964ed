"""Which examples the report shows: the most telling flips and padded wins."""

from __future__ import annotations

from judgeaudit.pages.evidence import clip, padded_wins, swap_flips
from tests.support.report_data import judgment_rows


def pair(item: str, ab: str | None, ba: str | None, label: str | None = "a", **kw: object) -> list[dict]:
    base = {"mode": "pairwise", "variant": "original", "suite": "s", "item_id": item, "label": label, **kw}
    return [{**base, "order": "ab", "winner": ab}, {**base, "order": "ba", "winner": ba}]


def test_flips_where_gold_shows_a_wrong_verdict_come_first() -> None:
    rows = pair("z-no-gold", "a", "b", label=None) + pair("y-wrong", "a", "b", label="b") + pair("x-same", "a", "a")
    got = swap_flips(rows)
    assert got["total"] == 2 and got["n_pairs"] == 3
    assert [f["item_id"] for f in got["shown"]] == ["y-wrong", "z-no-gold"]
    assert got["shown"][0]["kind"] == "primacy"


def test_a_flip_to_the_second_slot_is_recency() -> None:
    assert swap_flips(pair("i", "b", "a"))["shown"][0]["kind"] == "recency"


def test_unparsed_or_one_order_pairs_are_not_flips() -> None:
    rows = pair("u", "a", None) + pair("o", "a", "b")[:1]
    assert swap_flips(rows) == {"total": 0, "n_pairs": 0, "shown": []}


def test_padded_wins_only_count_pairs_right_before_padding() -> None:
    rows = judgment_rows()
    got = padded_wins(rows)
    assert got["n_padded"] == 2 and got["total"] == 1
    assert got["shown"][0]["target"] == "B" and got["shown"][0]["better"] == "A"
    assert got["shown"][0]["original_text"]["text"] == "Wrong answer for i1."
    # the same padded win on a pair the judge had wrong unpadded is not shown
    wrong_before = [r for r in rows if not (r["item_id"] == "i1" and r["variant"] == "original")]
    wrong_before += pair("i1", "b", "b", raw="x")
    assert padded_wins(wrong_before)["total"] == 0


def test_long_text_is_clipped_and_says_how_much() -> None:
    assert clip("x" * 5000, 4000) == {"text": "x" * 4000, "hidden": 1000}
    assert clip(None) == {"text": None, "hidden": 0}


def test_two_judges_orders_are_never_paired_with_each_other() -> None:
    rows = [{**r, "judge": "j1"} for r in pair("i", "a", "a")] + [{**r, "judge": "j2"} for r in pair("i", "b", "b")]
    assert swap_flips(rows)["total"] == 0
    assert swap_flips(rows)["n_pairs"] == 2


def test_padded_examples_show_each_item_once_before_repeating_one() -> None:
    rows = judgment_rows()
    won = [r for r in rows if r.get("variant") == "pad_b@0.5" and r["item_id"] == "i1"]
    extra = [{**r, "variant": "pad_b@1", "pad_ratio": 1.0} for r in won]
    extra += [{**r, "variant": "pad_b@1", "pad_ratio": 1.0, "item_id": "i3"} for r in won]
    got = padded_wins(rows + extra)
    assert got["total"] == 3
    assert [(w["item_id"], w["pad_ratio"]) for w in got["shown"]] == [("i1", 0.5), ("i3", 1.0), ("i1", 1.0)]


def test_a_judges_own_view_reuses_the_examples_chosen_for_the_report() -> None:
    """A single judge's rows are the report's rows: the examples are chosen once, not once per page section."""
    from judgeaudit.pages.evidence import Judgments

    rows = Judgments.of([{**r, "judge": "j1"} for r in judgment_rows()])
    assert rows.of_judge("j1") is rows
    assert swap_flips(rows.of_judge("j1")) is swap_flips(rows)
    assert padded_wins(rows.of_judge("j1")) is padded_wins(rows)
    two = Judgments.of([*rows.frame.assign(judge="j1").to_dict("records"), {**pair("k", "a", "b")[0], "judge": "j2"}])
    assert len(two.of_judge("j2")) == 1 and two.of_judge("j2") is not two
