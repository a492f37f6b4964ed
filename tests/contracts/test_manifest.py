"""manifest.json: one typed record, one writer, one reader; rewriting a manifest loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.contracts.manifest import Manifest
from judgeaudit.errors import InputError

RECORDED = {
    "judge": "gpt-4",
    "judge_family": None,
    "mode": "recorded",
    "backend": {"backend": "import:llmbar"},
    "sources": [{"path": "a.json", "sha256": "0" * 64}],
    "n_judgments": 3,
    "n_skipped": 1,
    "problems": ["a.json:4: field 'winner': bad"],
    "imported": "2026-12-01T00:00:00Z",
    "versions": {"python": "3.11"},
}


def test_a_manifest_reads_back_as_it_was_written(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    Manifest.from_dict(RECORDED).write(path)
    assert json.loads(path.read_text()) == RECORDED
    m = Manifest.read(path)
    assert (m.judge, m.mode, m.n_skipped, m.backend) == ("gpt-4", "recorded", 1, {"backend": "import:llmbar"})


def test_unknown_keys_nulls_and_odd_types_survive_a_rewrite() -> None:
    data = {**RECORDED, "seed": None, "wall_s": "fast", "backend": "import:x", "my_note": {"by": "me"}}
    m = Manifest.from_dict(data)
    assert m.backend is None and m.wall_s is None  # not trusted: not the recorded type
    assert m.to_json() == data
    m.n_judgments = 4
    assert m.to_json() == {**data, "n_judgments": 4}


def test_a_probe_run_records_its_facts_even_when_null() -> None:
    m = Manifest(
        judge="simulated", judge_family="simulated", mode="logprob", started="2026-12-01T00:00:00Z", seed=0, cache=None
    )
    out = m.to_json()
    assert out["cache"] is None and "cache" in out and out["problems"] == []
    assert "source" not in out and "likelihood" not in out  # not facts of a probe run


def test_a_recorded_manifest_leaves_out_what_it_does_not_know() -> None:
    out = Manifest(judge="j", mode="recorded", source="j.jsonl").to_json()
    assert out == {"judge": "j", "judge_family": None, "mode": "recorded", "source": "j.jsonl", "problems": []}


@pytest.mark.parametrize(
    ("text", "words"), [("[1, 2]", "must be a JSON object, not a list"), ('{"judge": ', "not valid JSON")]
)
def test_a_corrupt_or_list_shaped_manifest_is_an_input_error_naming_the_file(
    tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(text)
    with pytest.raises(InputError, match=words) as err:
        Manifest.read(path)
    assert err.value.path == str(path)
