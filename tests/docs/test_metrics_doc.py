"""docs/metrics.md is generated from the catalogue: the committed file must be what the catalogue says."""

from __future__ import annotations

from pathlib import Path

from judgeaudit.metrics import CATALOG, SECTIONS
from judgeaudit.metrics.docs import main, markdown
from tests.support.paths import REPO

DOC = REPO / "docs" / "metrics.md"


def test_the_committed_metric_docs_equal_the_generated_text() -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(), (
        "docs/metrics.md is out of date: run `python -m judgeaudit.metrics.docs docs/metrics.md`"
    )


def test_the_docs_define_every_section_and_metric_with_its_unit_and_direction() -> None:
    text = markdown()
    for sec in SECTIONS:
        assert f"## {sec.key}: {sec.title}" in text
    for path, m in CATALOG.items():
        if path.startswith("cues."):  # per cue: documented once as cues.<cue>.<metric>
            continue
        if path.endswith((".extraction_success_rate", ".n_unparsed")):
            continue
        row = next(line for line in text.splitlines() if line.startswith(f"| `{path}` |"))
        assert m.defines.replace("|", "\\|") in row and f"| {m.unit} |" in row
    assert "| `cues.<cue>.flip_excess` |" in text and "| `joint.coefficients.<term>` |" in text
    assert "| `<section>.extraction_success_rate` |" in text


def test_the_generator_writes_the_file_it_is_given(tmp_path: Path) -> None:
    out = tmp_path / "metrics.md"
    assert main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == markdown()
