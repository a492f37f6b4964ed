"""A jury: a virtual judge whose verdict is the majority of several judges' (the mean of their scores).

:func:`jury_rows` makes the jury's rows from its members' rows, one per judgment every member gave (the
same suite, item, repeat, variant, mode, order and response): a pairwise verdict is the plurality of the
members' read verdicts (a, b or tie), and a declared tie (``jury_tie: true``) where the two largest shares are
equal; a score is the mean of the read scores; a graded answer passes when most members passed it (``passed``
null, a declared tie, when split evenly), its score and ``p_pass`` the members' means; ``p_a`` the mean of the members' probabilities. A judgment some
member did not give at all is left out (``n_incomplete`` in the section), one whose every member's verdict is
unreadable is unreadable. The rows carry ``jury`` (the jury's name), ``jury_members`` and ``jury_votes``, so
the statistics keep them out of every other judge's third-party and panel numbers. Listwise judgments are
not pooled.

:func:`jury_metrics` is the ``jury`` section of the jury's metrics: how its verdicts relate to each member's
on the same judgments (the share that agree, Cohen's kappa, and with gold labels the paired difference in
accuracy with McNemar's test), the share of unanimous verdicts and of declared ties.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import empty
from judgeaudit.contracts.judgments import JudgmentKey, judgment_keys
from judgeaudit.metrics.sections.jury import JuryMetrics, MemberVsJury
from judgeaudit.stats.agreement import kappa_estimate
from judgeaudit.stats.paired import paired_difference
from judgeaudit.stats.pairs import VERDICTS, parse_counts
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats

KEY = [f for f in JudgmentKey._fields if f != "judge"]
# what a member's row says about its own call, not about the judgment: not carried onto the jury's row
_OWN = (
    "judge",
    "judge_family",
    "raw",
    "prompt_hash",
    "winner",
    "p_a",
    "score",
    "score_expected",
    "error",
    "source",
    "grade",
    "passed",
    "p_pass",
)


def parse_jury(text: str) -> tuple[str, list[str]]:
    """``NAME=J1,J2,...`` → (name, members); a ValueError saying what is wrong otherwise."""
    name, sep, rest = text.partition("=")
    members = [m.strip() for m in rest.split(",") if m.strip()]
    if not sep or not name.strip() or len(members) < 2:
        raise ValueError(f"--jury {text!r}: write NAME=JUDGE1,JUDGE2[,...] with at least two judges")
    if len(set(members)) < len(members):
        raise ValueError(f"--jury {text!r}: a judge is named twice")
    return name.strip(), members


def key_strings(rows: pd.DataFrame) -> pd.Series:
    """Each row's judgment key without the judge, as one string (rows of different judges match on it)."""
    keys = judgment_keys(rows)[KEY].astype(object)
    keys = keys.where(keys.notna(), "None")
    out = keys[KEY[0]].astype(str)
    for col in KEY[1:]:
        out = out + "\x1f" + keys[col].astype(str)
    return out


def _plurality(votes: list[str]) -> tuple[str | None, bool]:
    """The most common verdict, or a declared tie when the two most common are equally common."""
    if not votes:
        return None, False
    ranked = Counter(votes).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return "tie", True
    return ranked[0][0], False


def jury_rows(frame: pd.DataFrame, name: str, members: Sequence[str]) -> tuple[list[dict[str, object]], int]:
    """The jury's rows from its members' rows in ``frame`` (judgments contract columns), and how many judgments
    were left out because some member had not given them."""
    present = set(frame["judge"].dropna().astype(str))
    missing = [m for m in members if m not in present]
    if missing:
        raise ValueError(
            f"jury {name!r}: no judgments by {', '.join(missing)} (judges present: {', '.join(sorted(present))})"
        )
    if name in present:
        raise ValueError(f"jury {name!r}: a judge of that name is already in the judgments")
    sel = frame.loc[frame["judge"].isin(members) & (frame["mode"] != "listwise")].copy()
    sel["_key"] = key_strings(sel)
    out: list[dict[str, object]] = []
    incomplete = 0
    for _, group in sel.groupby("_key", sort=False):
        if set(group["judge"]) != set(members):
            incomplete += 1
            continue
        group = group.drop_duplicates("judge")
        first = {k: v for k, v in group.iloc[0].items() if k not in _OWN and k != "_key" and _present(v)}
        row: dict[str, object] = {**first, "judge": name, "jury": name, "jury_members": list(members)}
        fams = {f for f in group["judge_family"] if isinstance(f, str)} if "judge_family" in group else set()
        row["judge_family"] = (
            next(iter(fams)) if len(fams) == 1 and len(group["judge_family"].dropna()) == len(members) else None
        )
        if row.get("mode") in ("score", "grade"):
            scores = [float(s) for s in pd.to_numeric(group["score"], errors="coerce") if np.isfinite(s)]
            row["score"] = float(np.mean(scores)) if scores else None
            row["jury_votes"] = {
                str(j): (None if not np.isfinite(s) else float(s))
                for j, s in zip(group["judge"], pd.to_numeric(group["score"], errors="coerce"))
            }
            if row.get("mode") == "grade":
                _grade_majority(row, group)
        else:
            votes = [str(w) for w in group["winner"] if w in VERDICTS]
            row["winner"], tie = _plurality(votes)
            row["jury_tie"] = tie
            row["jury_votes"] = dict(Counter(votes))
            if "p_a" in group:
                p = pd.to_numeric(group["p_a"], errors="coerce").dropna()
                if len(p):
                    row["p_a"] = float(p.mean())
        row["raw"] = json.dumps(row["jury_votes"], sort_keys=True)
        out.append(row)
    return out, incomplete


def _grade_majority(row: dict[str, object], group: pd.DataFrame) -> None:
    """A graded answer: pass when most members passed it, a declared tie (``passed`` null) when split evenly."""
    passes = [bool(p) for p in group["passed"] if isinstance(p, (bool, np.bool_))] if "passed" in group else []
    verdict, tie = _plurality(["pass" if p else "fail" for p in passes])
    row["passed"] = None if verdict in (None, "tie") else verdict == "pass"
    row["jury_tie"] = tie
    if "p_pass" in group:
        p = pd.to_numeric(group["p_pass"], errors="coerce").dropna()
        if len(p):
            row["p_pass"] = float(p.mean())


def _present(v: Any) -> bool:
    if v is None:
        return False
    if isinstance(v, float) and np.isnan(v):
        return False
    return True


def jury_metrics(focal: pd.DataFrame, all_rows: pd.DataFrame) -> JuryMetrics | None:
    """The jury section: the jury's verdicts against each member's on the same judgments; None for a real judge."""
    if "jury_members" not in focal.columns or focal["jury_members"].dropna().empty:
        return None
    members = list(focal["jury_members"].dropna().iloc[0])
    pw = focal.loc[focal["mode"] == "pairwise"]
    out: JuryMetrics = {"members": members, "n_judgments": int(len(focal)), **parse_counts(focal)}
    if len(pw):
        read = pw.loc[pw["parsed"].astype(bool)]
        votes = read["jury_votes"].tolist() if "jury_votes" in read else []
        unanimous = np.array([isinstance(v, dict) and len(v) == 1 and sum(v.values()) == len(members) for v in votes])
        out["unanimous_share"] = rate_estimate(read["unit"].to_numpy(object), unanimous) if len(read) else empty(0)
        ties = pw["jury_tie"].fillna(False).astype(bool).to_numpy() if "jury_tie" in pw else np.zeros(len(pw), bool)
        out["declared_tie_share"] = rate_estimate(pw["unit"].to_numpy(object), ties)
    keyed = _keyed(focal)
    per: dict[str, MemberVsJury] = {}
    for m in members:
        mine = _keyed(all_rows.loc[all_rows["judge"] == m])
        both = keyed.add_suffix("_jury").join(mine.add_suffix("_member"), how="inner")
        per[m] = _versus(both)
    out["members_vs_jury"] = per
    return out


def _keyed(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows indexed by their judgment key without the judge: verdict, score, label, unit, parsed."""
    idx = pd.Index(key_strings(rows), name="key")
    cols = ["winner", "score", "label", "unit", "parsed", "mode", "passed"]
    return pd.DataFrame({c: rows[c].to_numpy() if c in rows else None for c in cols}, index=idx)


def _versus(both: pd.DataFrame) -> MemberVsJury:
    """The jury against one member on the judgments both gave."""
    res: MemberVsJury = {}
    pw = both.loc[
        (both["mode_jury"] == "pairwise") & both["parsed_jury"].astype(bool) & both["parsed_member"].astype(bool)
    ]
    if len(pw):
        units = pw["unit_jury"].to_numpy(object)
        same = (pw["winner_jury"] == pw["winner_member"]).to_numpy()
        res["same_verdict"] = rate_estimate(units, same)
        cats = [c for c in VERDICTS if c in set(pw["winner_jury"]) | set(pw["winner_member"])]
        res["kappa"] = kappa_estimate(units, pw["winner_member"].tolist(), pw["winner_jury"].tolist(), cats)
        gold = pw.loc[pw["label_jury"].isin(("a", "b"))]
        if len(gold):
            res["accuracy_gain"] = paired_difference(
                gold["unit_jury"].to_numpy(object),
                (gold["winner_jury"] == gold["label_jury"]).to_numpy(float),
                (gold["winner_member"] == gold["label_jury"]).to_numpy(float),
            )
    gr = both.loc[(both["mode_jury"] == "grade") & both["passed_jury"].notna() & both["passed_member"].notna()]
    if len(gr):  # graded answers: the same pass/fail call, and kappa on it
        units = gr["unit_jury"].to_numpy(object)
        jury_calls = ["pass" if bool(p) else "fail" for p in gr["passed_jury"]]
        member_calls = ["pass" if bool(p) else "fail" for p in gr["passed_member"]]
        res["same_verdict"] = rate_estimate(units, np.array([j == m for j, m in zip(jury_calls, member_calls)]))
        cats = [c for c in ("pass", "fail") if c in set(jury_calls) | set(member_calls)]
        res["kappa"] = kappa_estimate(units, member_calls, jury_calls, cats)
    sc = both.loc[
        both["mode_jury"].isin(("score", "grade"))
        & both["parsed_jury"].astype(bool)
        & both["parsed_member"].astype(bool)
    ]
    if len(sc):
        diff = pd.to_numeric(sc["score_jury"]) - pd.to_numeric(sc["score_member"])
        res["mean_score_difference"] = float(diff.mean())
        res["n_scores"] = int(len(sc))
    return res


def add_juries(frame: pd.DataFrame, juries: Mapping[str, Sequence[str]]) -> tuple[pd.DataFrame, dict[str, int]]:
    """``frame`` with each jury's rows appended (``jury`` set on them), and per jury the judgments left out."""
    extra: list[dict[str, object]] = []
    left_out: dict[str, int] = {}
    for name, members in juries.items():
        rows, incomplete = jury_rows(frame, name, members)
        if not rows:
            raise ValueError(f"jury {name!r}: its members {', '.join(members)} gave no judgment in common")
        extra.extend(rows)
        left_out[name] = incomplete
    if not extra:
        return frame, left_out
    return pd.concat([frame, pd.DataFrame(extra)], ignore_index=True), left_out


@section_stats("jury")
def jury_section(s: SectionInput) -> JuryMetrics | None:
    """The ``jury`` section of metrics.json: only a jury's audit has one."""
    return jury_metrics(s.rows, s.all_rows)
