"""The own-family bonus under the other family maps: a bonus planted toward a family *and its imitators* is
diluted under the table's map and recovered under the map that counts imitators as that family."""

from __future__ import annotations

import pandas as pd

from judgeaudit.stats.judgemodel.family_maps import remap
from judgeaudit.stats.judgemodel.panel import panel_fit
from judgeaudit.stats.judgemodel.report import family_sensitivity, term
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.simulate_panel import PanelJudge, simulate_panel

# the simulation's truth: Vicuna (trained on ChatGPT conversations) is favoured as if it were OpenAI's
MODELS = (
    ("gpt-4", "openai", 0.3),
    ("vicuna-13b", "openai", 0.0),
    ("llama-2-13b-chat", "meta", 0.0),
    ("llama-2-70b-chat", "meta", 0.2),
    ("claude-2", "anthropic", 0.2),
    ("claude-instant-1", "anthropic", 0.0),
    ("mistral-7b-instruct", "mistral", 0.0),
    ("mixtral-8x7b", "mistral", 0.2),
)
JUDGES = [
    PanelJudge("gpt-judge", "openai", own_family=1.2),
    PanelJudge("claude-judge", "anthropic"),
    PanelJudge("mistral-judge", "mistral"),
]
FAMS = {j.name: j.family for j in JUDGES}


def recorded(n_items: int = 240) -> pd.DataFrame:
    """The panel as the table files it: Vicuna's answers under meta (its base model's developer)."""
    rows, _ = prepare(simulate_panel(n_items, JUDGES, seed=4, models=MODELS))
    for side in ("a", "b"):
        rows.loc[rows[f"model_{side}"] == "vicuna-13b", f"family_{side}"] = "meta"
    return rows


def test_the_teacher_map_recovers_a_bonus_the_table_map_dilutes() -> None:
    rows = recorded()
    main = term(panel_fit(rows, FAMS).fit, "gpt-judge", "own_family")  # type: ignore[arg-type]
    maps = family_sensitivity(rows, "gpt-judge", FAMS)
    assert set(maps) == {"teacher", "no_distilled"}  # no WizardLM, Tulu or Dolly here: no base-model map
    teacher = maps["teacher"]["own_family"]
    assert maps["teacher"]["models_moved"] == 1 and "openai" in maps["teacher"]["map"]
    lo, hi = teacher["ci"]  # type: ignore[misc]
    assert lo < 1.2 < hi and teacher["p_value"] < 0.01  # type: ignore[operator]
    # under the table's map Vicuna's favoured answers sit among the third parties: the bonus reads smaller
    assert main["value"] < teacher["value"]  # type: ignore[operator]


def test_a_map_that_moves_nothing_is_left_out() -> None:
    rows = recorded(40)
    plain = rows[(rows["model_a"] != "vicuna-13b") & (rows["model_b"] != "vicuna-13b")]
    assert remap(plain, "teacher") is None and remap(plain, "no_distilled") is None
    moved = remap(rows, "no_distilled")
    assert moved is not None and moved[1] == 1
    out = moved[0]
    assert out.loc[out["model_a"] == "vicuna-13b", "family_a"].isna().all()
