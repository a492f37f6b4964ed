"""Two recorded graders on the same answers (WildBench's WB-Score grades of gemma-2b-it's outputs), imported
with ``import generic``: the published mean scores are reproduced exactly, and ``compare`` pairs the graders.

The fixture (tests/importers/fixtures/README.md) holds the scores only: 1,021 WildBench tasks graded by
GPT-4o under the v2.0522 and the v2.0625 scoring prompts, and 1,024 by GPT-4-Turbo under v2.0522.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from judgeaudit import compare, import_

FIXTURE = Path(__file__).parent / "fixtures" / "wildbench_scores" / "gemma-2b-it.csv"
GPT4O_0522, GPT4O_0625 = "gpt-4o-2024-05-13@v2.0522", "gpt-4o-2024-05-13@v2.0625"
GPT4T_0522 = "gpt-4-turbo-2024-04-09@v2.0522"
# allenai/WildBench leaderboard/data_dir/score.json, "gemma-2b-it": "score" and "total"
PUBLISHED = {
    GPT4O_0522: (4.726738491674829, 1021),  # at commit 24a66566ea8107ffb1673c16dba7b30f6835504e (2024-06-20)
    GPT4O_0625: (4.737512242899118, 1021),  # at commit d6b8dcaf377d173d031980f97c16e1a82618c03d (2024-08-01)
}
OPTIONS = {
    "mode": "grade",
    "map": {"item_id": "session_id", "judge": "grader", "score": "score", "model": "model"},
    "scale": [1, 10],
    "pass_at": 7,
    "suite": "wildbench",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wildbench") / "run"
    import_("generic", [FIXTURE], out, OPTIONS)
    return out


def test_the_published_mean_scores_are_reproduced_exactly(run: Path) -> None:
    scores: dict[str, list[float]] = defaultdict(list)
    for line in (run / "judgments.jsonl").read_text().splitlines():
        row = json.loads(line)
        assert row["mode"] == "grade" and row["score_scale"] == [1.0, 10.0]
        scores[row["judge"]].append(row["score"])
    assert sorted(scores) == sorted([GPT4O_0522, GPT4O_0625, GPT4T_0522])
    for grader, (mean, total) in PUBLISHED.items():
        got = scores[grader]
        assert len(got) == total and sum(got) / len(got) == mean


def test_compare_gives_the_paired_difference_of_two_graders(run: Path, tmp_path: Path) -> None:
    compare([run], tmp_path / "cmp", [GPT4O_0522, GPT4T_0522], paired=True)
    result = json.loads((tmp_path / "cmp" / "drift.json").read_text())
    with FIXTURE.open() as fh:
        by = defaultdict(dict)
        for rec in csv.DictReader(fh):
            by[rec["grader"]][rec["session_id"]] = float(rec["score"])
    shared = sorted(set(by[GPT4O_0522]) & set(by[GPT4T_0522]))
    diffs = [by[GPT4T_0522][s] - by[GPT4O_0522][s] for s in shared]
    assert result["n_matched"] == len(shared) == 1021 and result["n_only_b"] == 3
    score = result["differences"]["score"]
    assert score["value"] == pytest.approx(sum(diffs) / len(diffs))
    assert 0 < score["ci"][0] < score["value"] < score["ci"][1]  # GPT-4-Turbo grades the same answers higher
    passed = result["differences"]["pass_rate"]
    assert passed["n"] == 1021 and passed["ci"][0] < passed["value"] < passed["ci"][1]
    assert result["n_changed"] == sum(d != 0 for d in diffs)
