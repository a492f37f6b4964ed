"""Every loader's bad input is a located error with exit code 2, never a traceback or a silent default."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.judgments import read_judgments
from judgeaudit.datasets import families, hub
from judgeaudit.datasets.base import read_jsonl
from judgeaudit.errors import InputError, InputErrors
from judgeaudit.probes import cues, probes, template, verbosity
from judgeaudit.probes.suites import probe_options
from tests.support.paths import REPO, STARTER

SIMULATED = REPO / "judgeaudit" / "judges" / "data" / "simulated.yaml"


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback instead of a message: {result.exception!r}"
    )
    return result.exit_code, result.output


def probe(tmp_path: Path, *args: str, judge: str | Path = "simulated") -> tuple[int, str]:
    return cli("probe", "--judge", str(judge), *args, "--out", str(tmp_path / "run"), "-q")


def suite(tmp_path: Path, probes_yaml: str) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(f"name: mine\nversion: 1\ndata: {{file: {STARTER}}}\nprobes:\n{probes_yaml}", encoding="utf-8")
    return path


# -- probe options ---------------------------------------------------------------------------------


def test_a_misspelt_probe_option_exits_2_naming_the_file_line_and_key(tmp_path: Path) -> None:
    path = suite(tmp_path, "  - position\n  - name: verbosity\n    sizs: [0.1]\n")
    code, out = probe(tmp_path, "--suite", str(path))
    assert code == 2
    assert (
        f"{path}:7: field 'probes.verbosity.sizs': unknown option (allowed: include_original, sizes, styles, texts, texts_mode)"
        in out
    )
    assert not (tmp_path / "run").exists()


def test_an_option_of_another_probe_is_refused_too(tmp_path: Path) -> None:
    code, out = probe(tmp_path, "--suite", str(suite(tmp_path, "  - {name: position, repeat: 3}\n")))
    assert code == 2 and "'probes.position.repeat': unknown option (allowed: repeats, temperature)" in out


def test_no_probe_swallows_unknown_options() -> None:
    for name in probes.names():
        kinds = {p.kind for p in inspect.signature(probes.get(name)).parameters.values()}
        assert inspect.Parameter.VAR_KEYWORD not in kinds, name
    assert probe_options("position") == {"repeats", "temperature"}


def test_a_probe_entry_that_is_neither_a_name_nor_a_mapping_is_located(tmp_path: Path) -> None:
    code, out = probe(tmp_path, "--suite", str(suite(tmp_path, "  - position\n  - [verbosity]\n")))
    assert code == 2 and "suite.yaml:6: field 'probes[1]'" in out


# -- backend options -------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", [["probe"], ["vet", "--policy", "default"]])
def test_a_backend_option_the_backend_does_not_take_exits_2_in_one_line(
    verb: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = cli(*verb, "--judge", "simulated", "--dtype", "bfloat16")
    error = [line for line in out.splitlines() if line.startswith("error:")]
    assert code == 2 and len(error) == 1
    assert "simulated.yaml" in error[0] and "dtype" in error[0] and "backend 'simulated'" in error[0]


def test_a_misspelt_simulated_judge_parameter_exits_2_naming_it(tmp_path: Path) -> None:
    judge = tmp_path / "judge.yaml"
    judge.write_text(SIMULATED.read_text(encoding="utf-8").replace("  position:", "  positon:"), encoding="utf-8")
    code, out = probe(tmp_path, "--data", str(STARTER), judge=judge)
    assert code == 2 and f"error: {judge}: backend 'simulated' rejected its options" in out and "positon" in out


# -- each loader: syntax errors and unknown keys are located ---------------------------------------


def test_a_judge_file_with_a_syntax_error_or_an_unknown_model_key_exits_2_at_its_line(tmp_path: Path) -> None:
    judge = tmp_path / "judge.yaml"
    judge.write_text(SIMULATED.read_text(encoding="utf-8").replace("formats:", "formats: [", 1), encoding="utf-8")
    code, out = probe(tmp_path, "--data", str(STARTER), judge=judge)
    assert code == 2 and f"{judge}:" in out and "not valid YAML" in out
    judge.write_text(SIMULATED.read_text(encoding="utf-8") + "model:\n  hf_idd: x/y\n", encoding="utf-8")
    code, out = probe(tmp_path, "--data", str(STARTER), judge=judge)
    lines = len(SIMULATED.read_text(encoding="utf-8").splitlines())
    assert code == 2 and f"{judge}:{lines + 2}: field 'model.hf_idd': unknown key" in out


def test_a_suite_with_a_syntax_error_exits_2_at_its_line(tmp_path: Path) -> None:
    path = suite(tmp_path, "  - {name: position\n")
    code, out = probe(tmp_path, "--suite", str(path))
    assert code == 2 and f"{path}:" in out and "not valid YAML" in out


def test_a_policy_with_an_unknown_key_exits_2_at_its_line(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nname: mine\nthreshold: 3\nchecks: []\n", encoding="utf-8")
    code, out = cli("vet", str(tmp_path), "--policy", str(policy))
    assert code == 2 and f"{policy}:3: field 'threshold': unknown key" in out


def test_a_data_file_that_is_not_utf8_exits_2_naming_every_bad_line(tmp_path: Path) -> None:
    rows = STARTER.read_bytes().split(b"\n")
    rows[1] = rows[1].replace(b"a", b"\xe9", 1)
    rows[3] = b"{not json"
    bad = tmp_path / "pairs.jsonl"
    bad.write_bytes(b"\n".join(rows))
    code, out = probe(tmp_path, "--data", str(bad))
    assert code == 2 and f"{bad}:2: not valid UTF-8" in out and f"{bad}:4: not valid JSON" in out


def test_judgments_with_bad_lines_keep_the_rest_and_name_each_bad_line(tmp_path: Path) -> None:
    row = (
        '{"judge": "j", "probe": "position", "item_id": "1", "variant": "original", "mode": "pairwise", '
        '"order": "ab", "winner": "a"}'
    )
    path = tmp_path / "judgments.jsonl"
    path.write_bytes(f"{row}\n{{oops\n".encode() + b'{"judge": "\xff"}\n' + f"{row}\n".encode())
    result = read_judgments(path)
    assert len(result.frame) == 2 and [p.line for p in result.problems] == [2, 3]


def test_a_dataset_jsonl_reports_all_its_bad_rows_at_once(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"a": 1}\n{bad\n[1]\n{"a": 2}\n', encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        read_jsonl(path)
    assert [e.line for e in info.value.errors] == [2, 3]


BROKEN_YAML = "version: 1\nkey: [unclosed\n"


@pytest.mark.parametrize(
    "module, constant, load",
    [
        (template, "TEMPLATES_FILE", template.template_sets),
        (verbosity, "PADDING_FILE", verbosity.padding_styles),
        (families, "TABLE", families.rules),
        (hub, "REMOTES_FILE", hub.remotes),
    ],
)
def test_a_package_data_file_with_a_syntax_error_is_located(
    module: object, constant: str, load: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "data.yaml"
    broken.write_text(BROKEN_YAML, encoding="utf-8")
    monkeypatch.setattr(module, constant, broken)
    load.cache_clear()  # type: ignore[attr-defined]
    try:
        with pytest.raises(InputError, match="not valid YAML") as info:
            load()  # type: ignore[operator]
        assert info.value.path == str(broken) and info.value.line == 3
    finally:
        load.cache_clear()  # type: ignore[attr-defined]


def test_the_cues_file_is_checked_key_by_key(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text(
        cues.CUES_FILE.read_text(encoding="utf-8").replace("    insert: instruction\n", "    insrt: instruction\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="unknown key") as info:
        cues.load_cues(bad)
    assert info.value.field == "cues.sycophancy.insrt" and info.value.line is not None
    bad.write_text(BROKEN_YAML, encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        cues.load_cues(bad)


def test_the_padding_file_structure_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "padding.yaml"
    bad.write_text("version: 1\nstyles:\n  hedge:\n    opener: ''\n    units: not a list\n", encoding="utf-8")
    monkeypatch.setattr(verbosity, "PADDING_FILE", bad)
    verbosity.padding_styles.cache_clear()
    try:
        with pytest.raises(InputError, match="must be a list of strings") as info:
            verbosity.padding_styles()
        assert (info.value.line, info.value.field) == (5, "styles.hedge.units")
    finally:
        verbosity.padding_styles.cache_clear()


def test_a_dataset_remote_with_a_misspelt_key_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "remotes.yaml"
    bad.write_text(
        hub.REMOTES_FILE.read_text(encoding="utf-8").replace("  revision:", "  revison:", 1), encoding="utf-8"
    )
    monkeypatch.setattr(hub, "REMOTES_FILE", bad)
    hub.remotes.cache_clear()
    try:
        with pytest.raises(InputError, match="unknown key") as info:
            hub.remotes()
        assert info.value.field == "llmbar.revison" and info.value.line is not None
    finally:
        hub.remotes.cache_clear()
