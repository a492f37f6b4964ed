"""Dataset-provided perturbations: items declare their variants, the probe judges them against a placebo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.items import Item, item_from_dict, load_items
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import InputErrors
from judgeaudit.probes.perturbation import edit_size, filler
from judgeaudit.probes.suites import ProbeSpec, get_suite, load_suite_items
from tests.support.simulated import pairs, run, simulated

ORIGINAL = {
    "id": "q1",
    "instruction": "Capital of France?",
    "response_a": "Paris.",
    "response_b": "Lyon.",
    "label": "a",
}


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def variant(vid: str, of: str, name: str, **fields: Any) -> dict[str, Any]:
    return {**ORIGINAL, "id": vid, "variant_of": of, "perturbation": name, **fields}


def test_a_variant_must_name_an_original_in_the_same_file(tmp_path: Path) -> None:
    rows = [ORIGINAL, variant("v1", "q9", "citation", response_b="Lyon. [1]"), variant("v2", "v1", "longer")]
    with pytest.raises(InputErrors) as err:
        load_items(write_jsonl(tmp_path / "items.jsonl", rows))
    text = str(err.value)
    assert "items.jsonl:2: field 'variant_of': no item with id 'q9'" in text
    assert "items.jsonl:3: field 'variant_of': item 'v1' is itself a variant" in text


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({**ORIGINAL, "perturbation": "citation"}, "variant_of"),
        ({**ORIGINAL, "id": "v", "variant_of": "q1"}, "perturbation"),
        ({**ORIGINAL, "id": "v", "variant_of": "q1", "perturbation": "a:b"}, "perturbation"),
        ({**ORIGINAL, "id": "v", "variant_of": "q1", "perturbation": "x", "perturbed": "c"}, "perturbed"),
        ({**ORIGINAL, "variant_of": "q1", "perturbation": "x"}, "variant_of"),  # a variant of itself
    ],
)
def test_malformed_perturbation_fields_name_the_field(row: dict[str, Any], field: str) -> None:
    with pytest.raises(Exception, match=f"field '{field}'"):
        item_from_dict(row, "items.jsonl", 4)


def test_the_placebo_changes_the_same_text_by_the_same_number_of_characters() -> None:
    before, after = "Lyon.", "Lyon.\n\nSource: Encyclopaedia of Cities (2019)."
    size = edit_size(before, after)
    assert size == len(after) - len(before)
    assert edit_size("It is cold.", "It is warm.") == 4  # a substitution counts the characters replaced
    text = filler(size, ("Reproduced in full.", "Given as written."), "v1")
    assert len(text) == size and text.startswith("\n\n")
    items = [
        Item("q1", "Capital?", "Paris.", before, label="a"),
        Item("v1", "Capital?", "Paris.", after, label="a", meta={"variant_of": "q1", "perturbation": "citation"}),
    ]
    _, rows, _ = run(simulated(), items, "perturbation")
    by = {(r["variant"], r["order"]): r for r in rows}
    treated, control = by[("treated:citation@v1", "ab")], by[("control:citation@v1", "ab")]
    assert treated["response_b"] == after and control["response_b"].startswith(before)
    assert len(control["response_b"]) == len(after) and control["response_a"] == "Paris."
    assert treated["item_id"] == control["item_id"] == "q1" and treated["perturb_target"] == "b"
    assert treated["perturb_id"] == "v1" and by[("original", "ba")]["response_b"] == before


def test_a_dataset_placebo_is_the_control_where_the_data_gives_one() -> None:
    items = [
        Item("q1", "Capital?", "Paris.", "Lyon.", label="a"),
        Item(
            "v1",
            "Capital?",
            "Paris.",
            "Lyon. Trust me.",
            label="a",
            meta={"variant_of": "q1", "perturbation": "assertive"},
        ),
        Item(
            "p1",
            "Capital?",
            "Paris.",
            "Lyon. See above.",
            label="a",
            meta={"variant_of": "q1", "perturbation": "placebo"},
        ),
    ]
    _, rows, _ = run(simulated(), items, "perturbation")
    control = [r for r in rows if r.get("arm") == "control"]
    assert {r["response_b"] for r in control} == {"Lyon. See above."}
    assert {r.get("perturbation") for r in rows} == {None, "assertive"}  # the placebo is no perturbation itself
    _, rows, _ = run(simulated(), items, ProbeSpec("perturbation", {"placebo": "none"}))
    assert not any(r.get("arm") == "control" for r in rows)


def test_a_limit_samples_originals_and_keeps_each_ones_variants(tmp_path: Path) -> None:
    items = get_suite("perturbation-starter")
    loaded = load_suite_items(items, limit=5)
    originals = [it for it in loaded if "variant_of" not in it.meta]
    assert len(originals) == 5 and len(loaded) == 20
    assert {str(it.meta["variant_of"]) for it in loaded if "variant_of" in it.meta} == {it.id for it in originals}
    plain = pairs(10)
    assert sample(plain, 4, 0) == sample(plain, 4, 0) and len(sample(plain, 4, 0)) == 4


# A hand-counted fixture: three items, target b (the perturbed answer), verdicts per (item, order):
#            original   treated    control
#   i1 ab    a          b          a
#   i1 ba    a          a          a
#   i2 ab    a          a          b
#   i2 ba    b          b          b
#   i3 ab    b          b          b
#   i3 ba    b          b          a
# robustness (treated = original): 5 of 6; under the placebo: 4 of 6.
# flips toward b among the 3 judgments not originally on b (i1 ab, i1 ba, i2 ab): treated 1 (i1 ab),
# placebo 1 (i2 ab), so the excess is 0. Target wins: treated 4 of 6, placebo 3 of 6, a shift of +1/6.
VERDICTS = {
    ("i1", "ab"): ("a", "b", "a"),
    ("i1", "ba"): ("a", "a", "a"),
    ("i2", "ab"): ("a", "a", "b"),
    ("i2", "ba"): ("b", "b", "b"),
    ("i3", "ab"): ("b", "b", "b"),
    ("i3", "ba"): ("b", "b", "a"),
}


def fixture_rows() -> list[dict[str, Any]]:
    rows = []
    for (item, order), verdicts in VERDICTS.items():
        for arm, winner in zip(("original", "treated", "control"), verdicts):
            row = {
                "judge": "j",
                "judge_family": "f",
                "probe": "perturbation",
                "suite": "s",
                "item_id": item,
                "mode": "pairwise",
                "order": order,
                "winner": winner,
                "label": "a",
                "len_a": 5,
                "len_b": 5,
                "variant": "original" if arm == "original" else f"{arm}:citation@{item}v",
            }
            if arm != "original":
                row.update(
                    arm=arm, perturbation="citation", bias="perturbation", perturb_target="b", perturb_id=f"{item}v"
                )
            rows.append(row)
    return rows


def test_the_robustness_rate_equals_a_hand_count_through_analyze(tmp_path: Path) -> None:
    run_dir = tmp_path / "imported"
    run_dir.mkdir()
    write_jsonl(run_dir / "judgments.jsonl", fixture_rows())
    result = CliRunner().invoke(main, ["analyze", str(run_dir)])
    assert result.exit_code == 0, result.output
    m = json.loads((run_dir / "metrics.json").read_text())
    assert "biases" not in m
    est = m["perturbation"]["citation"]
    assert est["robustness_rate"]["value"] == 5 / 6 and est["robustness_rate"]["n"] == 6
    assert est["robustness_rate_control"]["value"] == 4 / 6
    assert est["flip_rate"]["value"] == 1 / 3 and est["flip_rate_control"]["value"] == 1 / 3
    assert est["flip_excess"]["value"] == 0 and est["flip_excess"]["n"] == 3
    assert abs(est["target_shift"]["value"] - 1 / 6) < 1e-12 and est["target_shift"]["discordant"] == [2, 1]
    for key in ("robustness_rate", "flip_excess", "target_shift"):
        lo, hi = est[key]["ci"]
        assert lo < hi


def test_a_perturbation_file_runs_end_to_end_through_probe_data_and_analyze(tmp_path: Path) -> None:
    rows = [
        ORIGINAL,
        variant("q1~cite", "q1", "citation", response_b="Lyon.\n\nSource: Atlas of France (2020).", perturbed="b"),
        {**ORIGINAL, "id": "q2", "instruction": "2 + 2?", "response_a": "4", "response_b": "5"},
        variant(
            "q2~long",
            "q2",
            "longer",
            instruction="2 + 2?",
            response_a="4",
            response_b="Let me think about it carefully. 5",
        ),
    ]
    data = write_jsonl(tmp_path / "perturbed.jsonl", rows)
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main,
        [
            "probe",
            "--judge",
            "simulated",
            "--data",
            str(data),
            "--probe",
            "perturbation",
            "--out",
            str(out),
            "--no-cache",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    first = (out / "metrics.json").read_text()
    m = json.loads(first)
    assert m["perturbation"]["perturbations"] == ["citation", "longer"]
    assert m["perturbation"]["citation"]["n_treated"] == 2 and m["perturbation"]["longer"]["directed"] is True
    manifest = json.loads((out / "manifest.json").read_text())
    assert "perturbation.yaml" in manifest["suites"][0]["texts"]
    (out / "metrics.json").unlink()
    again = CliRunner().invoke(main, ["analyze", str(out)])
    assert again.exit_code == 0, again.output
    assert (out / "metrics.json").read_text() == first


def test_recorded_perturbation_verdicts_import_with_a_column_map(tmp_path: Path) -> None:
    recorded = []
    for row in fixture_rows():  # verdicts recorded elsewhere, under that tool's own column names
        rec = {
            "qid": row["item_id"],
            "verdict": row["winner"],
            "shown": row["order"],
            "condition": row["variant"],
            "gold": row["label"],
            "model": "their-judge",
        }
        if "arm" in row:
            rec.update(
                arm=row["arm"],
                perturbation=row["perturbation"],
                perturb_target=row["perturb_target"],
                perturb_id=row["perturb_id"],
            )
        recorded.append(rec)
    src = write_jsonl(tmp_path / "recorded.jsonl", recorded)
    out = tmp_path / "imported"
    maps = ["item_id=qid", "winner=verdict", "order=shown", "variant=condition", "label=gold", "judge=model"]
    result = CliRunner().invoke(
        main,
        [
            "import",
            "generic",
            str(src),
            "--out",
            str(out),
            *[a for m in maps for a in ("--map", m)],
            "--option",
            'set={"probe": "perturbation"}',
        ],
    )
    assert result.exit_code == 0, result.output
    est = json.loads((out / "metrics.json").read_text())["perturbation"]["citation"]
    assert est["robustness_rate"]["value"] == 5 / 6 and est["flip_rate"]["value"] == 1 / 3


def test_a_dataset_adapter_that_declares_variants_feeds_the_probe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from judgeaudit.datasets import base

    def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
        items = []
        for i in range(6):  # what an adapter of a perturbation benchmark would map its rows to
            items.append(Item(f"o{i}", f"Question {i}?", "Right.", "Wrong.", label="a"))
            items.append(
                Item(
                    f"o{i}-v",
                    f"Question {i}?",
                    "Right.",
                    "Wrong, says Professor X.",
                    label="a",
                    meta={"variant_of": f"o{i}", "perturbation": "authority"},
                )
            )
        return sample(items, limit, seed)

    spec = base.DatasetSpec(name="toy_perturbed", load=load, folder="toy", marker="toy.json")
    monkeypatch.setitem(base.datasets._factories, "toy_perturbed", spec)
    suite = tmp_path / "toy.yaml"
    suite.write_text(
        "name: toy\nversion: 1\ndata: {dataset: toy_perturbed}\nlimit: 4\nprobes: [perturbation]\n", encoding="utf-8"
    )
    loaded = load_suite_items(get_suite(str(suite)), data_dir=tmp_path)
    assert len(loaded) == 8  # 4 originals, each with its variant
    d, _, _ = run(simulated(), loaded, "perturbation")
    assert set(d["perturbation"].dropna()) == {"authority"} and d["unit"].nunique() == 4
