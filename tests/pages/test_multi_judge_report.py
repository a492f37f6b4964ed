"""The report of a multi-judge run: every judge's verdict and sections, never "not measured" for numbers it has."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from judgeaudit import report as render_report
from judgeaudit.metrics import section  # noqa: E402
from judgeaudit.pages.html import build_context
from tests.support.runs import judge, write_run  # noqa: E402

EVIL = "<script>window.__pwned=1</script>"


def test_each_judge_gets_its_verdict_sections_and_evidence(tmp_path: Path) -> None:
    df = pd.concat([judge("alpha", "fam0", own_family=1.0), judge(EVIL, "fam1"), judge("gamma", "fam2")])
    df.loc[df["model_b"] == "fam2-model", ["model_b", "family_b"]] = ["mystery-7b", None]
    run = write_run(tmp_path / "run", df, report=False)
    ctx = build_context(run)
    assert ctx["multi_judge"] == sorted(["alpha", EVIL, "gamma"])
    views = {v["name"]: v for v in ctx["judges"]}
    assert views["alpha"]["prefix"] == "judge-alpha-"
    for view in views.values():
        present = {s["id"] for s in view["sections"] if s["present"]}
        assert {"position", "verbosity", "self-preference"} <= present
        assert view["cards"] and view["flips"]["n_pairs"] == 150
    assert ("model", "mystery-7b", views["alpha"]["unknown_families"][0][2]) == views["alpha"]["unknown_families"][0]
    html = render_report(run).read_text(encoding="utf-8")
    assert 'id="judge-alpha-position"' in html and 'id="judge-gamma-self-preference"' in html
    assert section("position").absent_reason not in html  # every judge's position numbers are shown
    assert EVIL not in html and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "several judges" not in html and "mystery-7b" in html


def test_a_single_judge_report_keeps_its_plain_ids(tmp_path: Path) -> None:
    html = render_report(write_run(tmp_path / "run", judge("solo"), report=False)).read_text(encoding="utf-8")
    assert 'id="verdict"' in html and 'id="position"' in html and 'id="judges"' not in html
