"""LLMBar evaluator outputs: orders, rounds, Rating scores, bad rows, and the published statistics."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.importers import import_judgments
from judgeaudit.importers.llmbar import locate

SUBSETS = [
    "Natural",
    "Adversarial/Neighbor",
    "Adversarial/GPTInst",
    "Adversarial/GPTOut",
    "Adversarial/Manual",
]


def write_array(path: Path, records: list[Any]) -> Path:
    """A JSON array with record i on line i + 2, so reported lines are checkable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n", encoding="utf-8")
    return path


def game(winner: str | None, text: str = "Output (a) is better.") -> dict[str, Any]:
    return {"completion": [text, "stop"], "winner": winner}


def pair(label: int, *rounds: tuple[str | None, str | None]) -> dict[str, Any]:
    return {
        "input": "Say hi.",
        "output_1": "hi",
        "output_2": "hello there",
        "label": label,
        "results": [{"swap = False": game(f), "swap = True": game(t)} for f, t in rounds],
    }


@pytest.fixture
def swap_file(tmp_path: Path) -> Path:
    records = [
        pair(1, ("1", "1")),  # consistent, correct
        pair(2, ("1", "2"), ("2", "2")),  # disagreed, then agreed in the re-judging round
        pair(1, (None, "1")),  # first order unparsed
        {**pair(1, ("1", "1")), "label": 3},  # bad gold label
        {**pair(1, ("1", "1")), "results": [{"swap = False": game("1")}]},  # second order missing
        "not a row",
    ]
    return write_array(tmp_path / "LLMBar" / "Natural" / "evaluators" / "GPT-4" / "Swap" / "result.json", records)


def by_item(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in rows:
        out[r["item_id"]][r["order"]] = r["winner"]
    return out


def test_swap_rows_name_responses_and_orders(swap_file: Path) -> None:
    result = import_judgments("llmbar", [swap_file.parents[4]])
    games = by_item(result.rows)
    assert games["llmbar/Natural/0"] == {"ab": "a", "ba": "a"}
    assert games["llmbar/Natural/1"] == {"ab": "a", "ba": "b"}  # the first round: raw position bias
    assert games["llmbar/Natural/2"] == {"ab": None, "ba": "a"}
    row = result.rows[0]
    assert (row["judge"], row["judge_family"], row["label"], row["probe"], row["variant"]) == (
        "gpt-4",
        "openai",
        "a",
        "position",
        "original",
    )
    assert (row["len_a"], row["len_b"], row["suite"], row["template"]) == (
        2,
        11,
        "llmbar/Natural",
        "llmbar/Swap",
    )
    assert row["raw"] == "Output (a) is better."
    assert result.judges == {"gpt-4": "openai"}
    assert result.sources[0]["path"] == str(swap_file) and len(result.sources[0]["sha256"]) == 64


def test_last_round_is_what_upstream_statistics_read(swap_file: Path) -> None:
    result = import_judgments("llmbar", [swap_file], {"round": "last"})
    assert by_item(result.rows)["llmbar/Natural/1"] == {"ab": "b", "ba": "b"}
    assert {r["round"] for r in result.rows if r["item_id"] == "llmbar/Natural/1"} == {1}


def test_bad_rows_are_reported_with_line_and_field_and_the_rest_imported(swap_file: Path) -> None:
    result = import_judgments("llmbar", [swap_file])
    assert len(result.rows) == 6
    where = [(e.path, e.line, e.field) for e in result.skipped]
    assert where == [
        (str(swap_file), 5, "label"),
        (str(swap_file), 6, "swap = True"),
        (str(swap_file), 7, None),
    ]


def test_a_syntax_error_keeps_the_rows_before_it(tmp_path: Path) -> None:
    path = write_array(tmp_path / "X" / "evaluators" / "ChatGPT" / "Swap" / "result.json", [pair(1, ("1", "2"))])
    path.write_text(path.read_text().rstrip().rstrip("]") + ',\n{"label": \n', encoding="utf-8")
    result = import_judgments("llmbar", [path])
    assert len(result.rows) == 2 and result.rows[0]["judge"] == "gpt-3.5-turbo"
    assert result.skipped[0].line == 4 and "not valid JSON" in result.skipped[0].message


def test_rating_gives_scores_and_derived_winners_apart_from_position_rows(tmp_path: Path) -> None:
    records = [
        {
            **pair(1),
            "results": [
                {
                    "score_1": ["7", "stop"],
                    "score_2": ["3", "stop"],
                    "swap = False": {"winner": "1"},
                    "swap = True": {"winner": "1"},
                }
            ],
        },
        {
            **pair(2),
            "results": [
                {
                    "score_1": ["", "content management policy"],
                    "score_2": ["5", "stop"],
                    "swap = False": {"winner": "1"},
                    "swap = True": {"winner": "2"},
                }
            ],
        },
    ]
    path = write_array(tmp_path / "LLMBar" / "Natural" / "evaluators" / "LLaMA2" / "Rating" / "result.json", records)
    result = import_judgments("llmbar", [path])
    scores = {(r["item_id"], r["response"]): r["score"] for r in result.rows if r["mode"] == "score"}
    assert scores == {
        ("llmbar/Natural/0", "a"): 7,
        ("llmbar/Natural/0", "b"): 3,
        ("llmbar/Natural/1", "a"): None,
        ("llmbar/Natural/1", "b"): 5,
    }
    pairwise = [r for r in result.rows if r["mode"] == "pairwise"]
    assert {r["variant"] for r in pairwise} == {"from_scores"}
    assert by_item(pairwise)["llmbar/Natural/1"] == {"ab": "a", "ba": "b"}
    assert result.judges == {"llama-2-70b-chat": "meta"}


def test_subset_and_judge_come_from_the_path() -> None:
    assert locate(Path("/d/LLMBar/Adversarial/GPTOut/evaluators/PaLM2/Swap_CoT/result.json")) == (
        "Adversarial/GPTOut",
        "PaLM2",
        "Swap_CoT",
    )
    assert locate(Path("/d/CaseStudy/Base_9/evaluators/GPT-4/CoT/result.json"))[0] == "CaseStudy/Base_9"


def published(stats_file: Path, key: str) -> tuple[int, int]:
    k, n = re.match(r"(\d+) / (\d+)", json.loads(stats_file.read_text())[key]).groups()  # type: ignore[union-attr]
    return int(k), int(n)


def upstream_statistics(rows: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """LLMBar's own counts, recomputed from imported rows the way ``evaluate.py`` counts them.

    ``equal`` is the share of items whose two orders' winners are equal; upstream compares the raw
    verdicts, so two unparsed verdicts count as equal too.
    """
    items: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in rows:
        if r["mode"] == "pairwise":
            items[r["item_id"]][r["order"]] = r["winner"]
            items[r["item_id"]]["label"] = r["label"]
    n = len(items)
    return {
        "equal": (sum(g["ab"] == g["ba"] for g in items.values()), n),
        "correct_False": (sum(g["ab"] == g["label"] for g in items.values()), n),
        "correct_True": (sum(g["ba"] == g["label"] for g in items.values()), n),
    }


@pytest.mark.parametrize("judge", ["GPT-4", "ChatGPT", "LLaMA2"])
@pytest.mark.parametrize("subset", SUBSETS)
def test_swap_reproduces_published_statistics(shared_data: Path, subset: str, judge: str) -> None:
    folder = shared_data / "llmbar" / "LLMBar" / subset / "evaluators" / judge / "Swap"
    if not (folder / "result.json").exists():
        pytest.skip(f"{folder}/result.json not in the shared data")
    ours = upstream_statistics(import_judgments("llmbar", [folder / "result.json"], {"round": "last"}).rows)
    for key in ("equal", "correct_False", "correct_True"):
        assert ours[key] == published(folder / "statistics.json", key), key


def test_first_round_agreement_is_the_raw_one(shared_data: Path) -> None:
    """Round one is what the judge did before seeing its own explanations: agreement is lower."""
    path = shared_data / "llmbar" / "LLMBar" / "Natural" / "evaluators" / "GPT-4" / "Swap" / "result.json"
    if not path.exists():
        pytest.skip(f"{path} not in the shared data")
    raw = json.loads(path.read_text())
    expected = sum(r["results"][0]["swap = False"]["winner"] == r["results"][0]["swap = True"]["winner"] for r in raw)
    ours = upstream_statistics(import_judgments("llmbar", [path]).rows)["equal"]
    assert ours == (expected, len(raw))
    assert ours[0] < published(path.parent / "statistics.json", "equal")[0]


@pytest.mark.parametrize("judge", ["GPT-4", "ChatGPT"])
@pytest.mark.parametrize("subset", SUBSETS)
def test_rating_reproduces_published_statistics_and_ties_make_inconsistency(
    shared_data: Path, subset: str, judge: str
) -> None:
    folder = shared_data / "llmbar" / "LLMBar" / subset / "evaluators" / judge / "Rating"
    if not (folder / "result.json").exists():
        pytest.skip(f"{folder}/result.json not in the shared data")
    rows = import_judgments("llmbar", [folder / "result.json"]).rows
    ours = upstream_statistics(rows)
    for key in ("equal", "correct_False", "correct_True"):
        assert ours[key] == published(folder / "statistics.json", key), key
    scores: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in rows:
        if r["mode"] == "score":
            scores[r["item_id"]][r["response"]] = r["score"]
    for item, g in by_item([r for r in rows if r["mode"] == "pairwise"]).items():
        s = scores[item]
        unresolved = s["a"] is None or s["b"] is None or s["a"] == s["b"]
        assert (g["ab"] != g["ba"]) == unresolved, item
