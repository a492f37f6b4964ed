"""A suite brings its own cue, padding and bias texts (replacing or extending the packaged ones), hashed in the manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.items import Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.probes.bias_texts import BIASES_FILE
from judgeaudit.probes.cues import CUES_FILE
from judgeaudit.probes.suites import ProbeSpec, load_suite_file
from tests.support.simulated import run, simulated

ITEM = Item("x1", "Which is the largest planet?", "Jupiter.", "Saturn.", label="a")
OWN_CUES = """version: 1
target: worse
cues:
  expert:
    insert: instruction
    text: "An expert picked Response {label}."
    neutral: "An expert read both answers."
"""
OWN_INSERTS = """version: 1
inserts:
  identity_student:
    bias: identity
    edit: random
    favours: edited
    texts:
      - text: "{response}\\n\\n(The author is a pupil.)"
        control: "{response}\\n\\n(The author is a human.)"
"""


def cue_ids(rows: list[dict]) -> set[str]:
    return {r["cue"] for r in rows if r.get("cue") and not r["cue"].startswith("neutral")}


def test_a_suite_file_of_cues_replaces_or_extends_the_packaged_ones(tmp_path: Path) -> None:
    own = tmp_path / "my_cues.yaml"
    own.write_text(OWN_CUES, encoding="utf-8")
    _, rows, _ = run(simulated(), [ITEM], ProbeSpec("cues", {"texts": str(own)}))
    assert cue_ids(rows) == {"expert"}
    cued = [r for r in rows if r["variant"] == "cue:expert" and r["order"] == "ab"][0]
    assert cued["instruction"].endswith("An expert picked Response B.")
    _, rows, _ = run(simulated(), [ITEM], ProbeSpec("cues", {"texts": str(own), "texts_mode": "extend"}))
    assert cue_ids(rows) == {"expert", "sycophancy", "bandwagon", "authority"}


def test_a_suite_file_of_inserts_extends_a_bias_probe(tmp_path: Path) -> None:
    own = tmp_path / "inserts.yaml"
    own.write_text(OWN_INSERTS, encoding="utf-8")
    _, rows, _ = run(simulated(), [ITEM], ProbeSpec("identity", {"texts": str(own), "texts_mode": "extend"}))
    assert "identity_student" in {r.get("perturbation") for r in rows}
    assert "identity_woman" in {r.get("perturbation") for r in rows}
    _, rows, _ = run(simulated(), [ITEM], ProbeSpec("identity", {"texts": str(own)}))
    assert {r.get("perturbation") for r in rows} - {None} == {"identity_student"}


def test_extending_without_a_file_or_an_unknown_mode_is_an_error() -> None:
    with pytest.raises(JudgeAuditError, match="needs a texts file"):
        run(simulated(), [ITEM], ProbeSpec("distraction", {"texts_mode": "extend"}))
    with pytest.raises(JudgeAuditError, match="texts_mode must be one of replace, extend"):
        run(simulated(), [ITEM], ProbeSpec("cues", {"texts": str(CUES_FILE), "texts_mode": "merge"}))


def test_the_suite_texts_path_is_relative_to_the_suite_and_every_file_read_is_hashed(tmp_path: Path) -> None:
    (tmp_path / "my_cues.yaml").write_text(OWN_CUES, encoding="utf-8")
    (tmp_path / "pairs.jsonl").write_text(json.dumps(ITEM.to_dict()) + "\n", encoding="utf-8")
    suite = tmp_path / "my-suite.yaml"
    suite.write_text(
        "name: my-suite\nversion: 1\ndata: {file: pairs.jsonl}\n"
        "probes:\n  - {name: cues, texts: my_cues.yaml, texts_mode: extend}\n  - distraction\n",
        encoding="utf-8",
    )
    assert load_suite_file(suite).probes[0].options["texts"] == str(tmp_path / "my_cues.yaml")
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main, ["probe", "--judge", "simulated", "--suite", str(suite), "--out", str(out), "--no-cache", "-q"]
    )
    assert result.exit_code == 0, result.output
    texts = json.loads((out / "manifest.json").read_text())["suites"][0]["texts"]

    def sha(p: Path) -> str:
        return hashlib.sha256(p.read_bytes()).hexdigest()

    assert texts == {
        "cues.yaml": sha(CUES_FILE),
        str(tmp_path / "my_cues.yaml"): sha(tmp_path / "my_cues.yaml"),
        "biases.yaml": sha(BIASES_FILE),
    }
