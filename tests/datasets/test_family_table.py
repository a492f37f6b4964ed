"""The family table: documented substring rules, first match wins, consistent with the judge files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from judgeaudit.datasets import families
from judgeaudit.datasets.families import family_of
from judgeaudit.errors import InputError

JUDGES = Path(families.__file__).resolve().parent.parent / "judges" / "data"


@pytest.mark.parametrize(
    ("name", "family"),
    [
        # AlpacaEval generators
        ("gpt4_1106_preview", "openai"),
        ("gpt4_1106_preview_verbose", "openai"),
        ("claude-3-opus-20240229", "anthropic"),
        ("Meta-Llama-3-8B-Instruct", "meta"),
        ("Mistral-7B-Instruct-v0.2", "mistral"),
        ("Mixtral-8x7B-Instruct-v0.1_concise", "mistral"),
        ("Qwen1.5-7B-Chat", "alibaba"),
        ("gemma-7b-it", "google"),
        ("vicuna-13b-v1.5", "meta"),
        # Prometheus response_source spellings
        ("llama2_chat_13b", "meta"),
        ("chatgpt", "openai"),
        ("vicuna_13b", "meta"),
        ("wizardlm_13b", "microsoft"),
        ("vicuna", "meta"),
        ("chat_gpt", "openai"),
        ("wizard", "microsoft"),
        ("llama-2-chat", "meta"),
        # PandaLM models: cerebras-gpt must not fall into openai through "gpt"
        ("llama-7b", "meta"),
        ("bloom-7b", "bigscience"),
        ("cerebras-gpt-6.7B", "cerebras"),
        ("opt-7b", "meta"),
        ("pythia-6.9b", "eleutherai"),
        # judges
        ("HuggingFaceTB/SmolLM2-135M-Instruct", "huggingface"),
        ("google/gemma-3-270m", "google"),
        ("prometheus-eval/prometheus-7b-v2.0", "mistral"),
        ("gpt-3.5-turbo", "openai"),
        ("GPT-4", "openai"),
        ("alpaca-7b", "meta"),
    ],
)
def test_known_names(name: str, family: str) -> None:
    assert family_of(name) == family


def test_a_pattern_matches_only_where_a_token_begins() -> None:
    # the review's misfiling: "gpt4" caught gpt4all-13b-snoozy, a LLaMA fine-tune, and put it in OpenAI
    assert family_of("gpt4all-13b-snoozy") == "meta"
    assert family_of("nomic-ai/gpt4all-j") == "eleutherai"
    assert family_of("gpt4_1106_preview") == family_of("snoozy-gpt-4") == "openai"
    assert family_of("adopt-7b") is None  # "opt-" inside a word is not OPT
    assert family_of("hyperllama-1b") is None


def test_distilled_models_are_recorded_as_not_neutral() -> None:
    from judgeaudit.datasets.families import distilled_from

    assert distilled_from("vicuna-13b-v1.5") == distilled_from("gpt4all-13b-snoozy") == "openai"
    assert distilled_from("alpaca-7b") == distilled_from("pandalm-7b") == "openai"
    assert distilled_from("Meta-Llama-3-8B-Instruct") is None and distilled_from("mystery") is None


def test_unknown_or_empty_name_has_no_family() -> None:
    assert family_of("totally-new-model-1b") is None
    assert family_of("") is None
    assert family_of(None) is None


def test_matching_is_case_insensitive() -> None:
    assert family_of("LLAMA-7B") == family_of("llama-7b") == "meta"


def test_first_matching_rule_wins() -> None:
    # "wizard-vicuna" matches both the microsoft and the meta rules; wizard comes first in the table
    patterns = [p for p, _ in families.rules()]
    assert patterns.index("wizard") < patterns.index("vicuna")
    assert family_of("wizard-vicuna-13b") == "microsoft"


def test_overrides_come_before_the_table() -> None:
    assert family_of("Llama-3-my-finetune", {"my-finetune": "acme"}) == "acme"
    assert family_of("Llama-3-8B", {"my-finetune": "acme"}) == "meta"
    assert family_of("brand-new", {"BRAND": "acme"}) == "acme"


def test_judge_data_files_agree_with_the_table() -> None:
    """Each embedded judge's declared family is what the table says for its model id."""
    checked = 0
    for path in sorted(JUDGES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        hf_id = (spec.get("model") or {}).get("hf_id")
        if hf_id:
            assert family_of(hf_id) == spec["family"], path.name
            checked += 1
    if checked == 0:
        pytest.skip(f"no judge files with a model hf_id in {JUDGES}")


def test_a_malformed_table_is_an_error_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "families.yaml"
    bad.write_text("version: 1\nrules:\n  - {pattern: foo, family: bar, colour: red}\n", encoding="utf-8")
    monkeypatch.setattr(families, "TABLE", bad)
    families.rules.cache_clear()
    try:
        with pytest.raises(InputError, match="families.yaml"):
            family_of("foo")
    finally:
        families.rules.cache_clear()


def test_human_written_answers_are_family_human() -> None:
    assert family_of("human") == "human" and family_of("Human-written reference") == "human"


def test_family_options_split_the_judge_from_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from judgeaudit.datasets.families import family_options

    rules = tmp_path / "fam.yaml"
    rules.write_text("version: 1\nrules:\n  - {pattern: mystery, family: acme}\n  - {pattern: x-7b, family: file}\n")
    opts = family_options(["openai", "x-7b=cli"], [rules])
    assert opts.judge_family == "openai"
    assert opts.rules == {"x-7b": "cli", "mystery": "acme"}  # the command line before the file


def test_a_bad_family_option_or_file_is_an_error_naming_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from judgeaudit.datasets.families import family_options
    from judgeaudit.errors import InputError, JudgeAuditError

    with pytest.raises(JudgeAuditError, match="NAME=FAMILY"):
        family_options(["=acme"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - {pattern: a, family: b, note: c}\n")
    with pytest.raises(InputError, match=r"rules\[0\]"):
        family_options([], [bad])


def test_fill_families_fills_gaps_and_user_rules_win() -> None:
    import pandas as pd

    from judgeaudit.datasets.families import fill_families

    df = pd.DataFrame(
        {
            "judge": ["my-judge", "gpt-4"],
            "judge_family": [None, None],
            "model_a": ["llama-7b", "mystery-7b"],
            "family_a": ["recorded", None],
            "model_b": ["human", None],
            "family_b": [None, None],
        }
    )
    out = fill_families(df)
    assert out["judge_family"].tolist() == [None, "openai"]
    assert out["family_a"].tolist() == ["recorded", None]  # a recorded family stays
    assert out["family_b"].tolist() == ["human", None]
    out = fill_families(df, {"my-judge": "acme", "mystery": "acme", "llama": "mine"})
    assert out["judge_family"].tolist() == ["acme", "openai"]
    assert out["family_a"].tolist() == ["mine", "acme"]  # the user said so


def test_fill_families_on_columns_follows_the_rule_row_by_row() -> None:
    """Names looked up once each give every row what the rule gives it alone: the user's family, else the
    recorded one, else the table's; a row without a name keeps what it recorded."""
    import random

    import pandas as pd

    from judgeaudit.datasets.families import family_of, fill_families

    rng = random.Random(3)
    names = ["gpt-4o", "Llama-3-8B", "mystery-7b", "my-judge", None]
    recorded = ["recorded", None, ""]
    user = {"mystery": "acme", "llama": "mine", "my-judge": ""}
    rows = [
        {"judge": rng.choice(names), "judge_family": rng.choice(recorded), "model_a": rng.choice(names)}
        for _ in range(300)
    ]
    out = fill_families(pd.DataFrame(rows), user)

    def by_rule(name: str | None, fam: str | None) -> str | None:
        if name is None:
            return fam
        mine = family_of(name, user) if any(p.lower() in name.lower() for p in user) else None
        return mine if mine else fam if fam is not None else family_of(name)

    assert out["judge_family"].tolist() == [by_rule(r["judge"], r["judge_family"]) for r in rows]
    assert out["family_a"].tolist() == [by_rule(r["model_a"], None) for r in rows]
