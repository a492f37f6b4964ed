"""The probes beyond the classic biases in report.html: each section shows its estimates with their 95%
intervals beside its control, and a run without the probe shows no such section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from judgeaudit.contracts.items import Item
from judgeaudit.pages.html import build_context, render_html
from tests.support.simulated import gold_triads, pairs, simulated

CI = re.compile(r"^-?\d+(\.\d+)?%? \[-?\d+(\.\d+)?%?, -?\d+(\.\d+)?%?\]$")


def audit(tmp: Path, items: list[Item], probe: str, **planted: float) -> Path:
    from judgeaudit.probes.suites import ProbeSpec, Suite
    from judgeaudit.verbs.probe import run_audit

    run_audit(simulated(**planted), [(Suite("t", 1, Path("t.yaml")), items, [ProbeSpec(probe)])], tmp, cache=None)
    return tmp


def section(run: Path, key: str) -> dict:
    (sec,) = [s for s in build_context(run)["sections"] if s["id"] == key]
    return sec


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("beyond")
    return {
        "cues": audit(base / "cues", pairs(30), "cues", gold=1.5, cue=2.0),
        "robustness": audit(base / "template", pairs(20), "template", gold=1.5, template_position=1.0),
        "listwise": audit(base / "listwise", gold_triads(20), "listwise", gold=1.0, position=1.0),
        "plain": audit(base / "plain", pairs(20), "position", gold=1.5),
    }


def test_the_cues_section_shows_each_cue_beside_its_neutral_insert(runs: dict[str, Path]) -> None:
    sec = section(runs["cues"], "cues")
    assert sec["present"] and sec["plot"] is not None and "neutral insert" in sec["caption"]
    rows = {r["path"]: r for r in sec["rows"]}
    for cue in ("sycophancy", "bandwagon", "authority"):
        for metric in ("flip_rate", "flip_rate_neutral", "flip_excess", "robustness_rate", "robustness_rate_neutral"):
            row = rows[f"cues.{cue}.{metric}"]
            assert CI.match(f"{row['value']} {row['ci']}".replace(" pp", "").replace("+", "")), row
            assert row["n"] > 0
        assert "neutral insert" in rows[f"cues.{cue}.flip_rate_neutral"]["words"]
        assert rows[f"cues.{cue}.flip_excess"]["p"] is not None
    svg = str(sec["plot"])
    assert "sycophancy: cue" in svg and "sycophancy: neutral insert" in svg


def test_the_robustness_section_shows_every_wording_against_the_judges_own_prompt(runs: dict[str, Path]) -> None:
    sec = section(runs["robustness"], "robustness")
    assert sec["present"] and sec["plot"] is not None
    rows = {r["path"]: r for r in sec["rows"]}
    for path in ("robustness.fleiss_kappa", "robustness.template_dependence", "robustness.accuracy_spread"):
        assert rows[path]["ci"].startswith("[") and rows[path]["n"] > 0
    per_template, by_set = sec["extras"]["tables"]
    control = [r for r in per_template["rows"] if "control" in r[0]]
    assert len(control) == 1 and control[0][0].startswith("generic-pairwise ")
    assert len(per_template["rows"]) == 15
    for r in per_template["rows"]:
        assert CI.match(r[2]) and CI.match(r[3].split(" (p")[0]), r  # accuracy and first-slot rate with intervals
    assert {r[0] for r in by_set["rows"]} == {"paraphrase", "format", "paraphrase2", "format2", "order"}
    assert "(own prompt)" in str(sec["plot"])


def test_the_listwise_section_shows_each_slot_against_no_lean(runs: dict[str, Path]) -> None:
    sec = section(runs["listwise"], "listwise")
    assert sec["present"] and sec["plot"] is not None and "1/3 = no lean" in str(sec["plot"])
    rows = {r["path"]: r for r in sec["rows"]}
    assert rows["listwise.first_slot_share"]["ci"].startswith("[")
    assert rows["listwise.position_consistency"]["ci"].startswith("[")
    (slots,) = sec["extras"]["tables"]
    assert [r[0] for r in slots["rows"]] == ["1", "2", "3"] and all(CI.match(r[1]) for r in slots["rows"])
    assert "chi-square" in slots["caption"]


def test_a_run_without_those_probes_has_no_such_sections(runs: dict[str, Path]) -> None:
    ids = {s["id"] for s in build_context(runs["plain"])["sections"]}
    assert not ids & {"robustness", "cues", "listwise"}
    assert "position" in ids


def test_the_page_renders_each_section_and_its_tables(runs: dict[str, Path]) -> None:
    for key in ("cues", "robustness", "listwise"):
        html = render_html(build_context(runs[key]))
        assert f'<section id="{key}"' in html
        assert f'href="#{key}"' in html
    html = render_html(build_context(runs["robustness"]))
    assert "the judge&#39;s own prompt: control" in html


def test_a_section_that_failed_to_compute_says_so(tmp_path: Path, runs: dict[str, Path]) -> None:
    import json
    import shutil

    run = tmp_path / "odd"
    shutil.copytree(runs["cues"], run)
    metrics = json.loads((run / "metrics.json").read_text())
    metrics["cues"] = {"error": "KeyError: 'cue_target'"}
    (run / "metrics.json").write_text(json.dumps(metrics))
    sec = section(run, "cues")
    assert sec["present"] and sec["plot"] is None and "could not be computed" in sec["extras"]["note"]
