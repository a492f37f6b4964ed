"""The other family maps the data allow, for the own-family bonus's sensitivity line.

Who counts as a judge's family decides who is a third party, so the bonus depends on the map. The table
(``families.yaml``) files a model under the developer of its base model, except where the fine-tune is the
point (WizardLM under microsoft); it also says which models were trained on another family's outputs
(``distilled_from``). Each alternative below moves only answers whose model name the table knows that way:

- ``base_model``: fine-tunes under their base model's developer (``base_family``: WizardLM and Tulu as meta,
  Dolly as eleutherai);
- ``teacher``: a model trained on a family's outputs counts as that family (Vicuna, Alpaca, WizardLM and
  GPT4All as openai): a judge's "own" answers include its imitators';
- ``no_distilled``: such models count as no family: neither own nor anyone's third party.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pandas as pd

from judgeaudit.datasets.families import base_family, distilled_from

FamilyMap = Literal["base_model", "teacher", "no_distilled"]
MAPS: dict[FamilyMap, str] = {
    "base_model": "fine-tunes filed under their base model's developer (WizardLM and Tulu as meta, Dolly as eleutherai)",
    "teacher": "models trained on a family's outputs counted as that family (Vicuna, Alpaca, WizardLM, GPT4All as openai)",
    "no_distilled": "models trained on another family's outputs counted as no family (neither own nor third party)",
}
_RULE: dict[FamilyMap, Callable[[str], tuple[bool, str | None]]] = {
    "base_model": lambda m: (base_family(m) is not None, base_family(m)),
    "teacher": lambda m: (distilled_from(m) is not None, distilled_from(m)),
    "no_distilled": lambda m: (distilled_from(m) is not None, None),
}


def remap(rows: pd.DataFrame, how: FamilyMap) -> tuple[pd.DataFrame, int] | None:
    """``rows`` with answer families under the map ``how`` and the number of answer models it moved; None
    when the map moves no answer of these rows (its bonus would be the main one)."""
    if not {"model_a", "model_b", "family_a", "family_b"} <= set(rows.columns):
        return None
    out = rows.copy()
    moved: set[str] = set()
    for side in ("a", "b"):
        fams = out[f"family_{side}"].astype(object).where(out[f"family_{side}"].notna(), None)
        new = []
        for model, fam in zip(out[f"model_{side}"], fams, strict=True):
            hit, target = _RULE[how](str(model)) if isinstance(model, str) and model else (False, None)
            if hit and target != fam:
                moved.add(str(model))
                fam = target
            new.append(fam)
        out[f"family_{side}"] = pd.Series(new, index=out.index, dtype=object)
    return (out, len(moved)) if moved else None
