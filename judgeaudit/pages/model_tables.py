"""The judge-model section's tables: the own-family bonus beside its placebos and under the other family maps.

Self-preference is read from the bonus only where it sits outside its placebos (the same bonus toward each
other answer family on this run) and holds under the family maps the data allow.
"""

from __future__ import annotations

from collections.abc import Mapping

from judgeaudit.pages.plots import as_dict, cell, fmt_p
from judgeaudit.pages.views import Extras, Table


def _with_p(node: object) -> str:
    p = fmt_p(as_dict(node).get("p_value"))
    return cell(node, rate=False) + (f" (p {p})" if p else "")


def judge_model_extras(node: Mapping[str, object]) -> Extras:
    """The section's note, its placebo table and its family-map sensitivity table (when it has them)."""
    out: Extras = {"note": node.get("note")} if node.get("note") else {}
    own = node.get("own_family")
    tables: list[Table] = []
    placebo = as_dict(node.get("placebo"))
    if placebo.get("families"):
        rows = [["own family (the bonus)", _with_p(own)]]
        rows += [[f"placebo: {fam}", _with_p(e)] for fam, e in sorted(as_dict(placebo["families"]).items())]
        where = placebo.get("own_rank_p")
        caption = "Own-family bonus and its placebos, log-odds with 95% intervals"
        if isinstance(where, (int, float)):
            caption += f" (share of placebos at least as large, counting the bonus: {where:.2f})"
        tables.append({"caption": caption, "head": ["bonus toward", "log-odds [95% interval]"], "rows": rows})
    maps = as_dict(node.get("family_sensitivity"))
    if maps:
        rows = [["the table's map (main)", "", _with_p(own)]]
        rows += [
            [
                str(as_dict(m).get("map", k)),
                str(as_dict(m).get("models_moved", "")),
                _with_p(as_dict(m).get("own_family")),
            ]
            for k, m in maps.items()
        ]
        tables.append(
            {
                "caption": "Sensitivity: the own-family bonus under the other family maps the data allow",
                "head": ["family map", "answer models moved", "own-family bonus [95% interval]"],
                "rows": rows,
            }
        )
    if tables:
        out["tables"] = tables
    return out
