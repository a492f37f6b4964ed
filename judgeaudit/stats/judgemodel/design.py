"""From judgment rows to the joint judge model's arrays, and which of its terms the design can identify.

One row per read pairwise verdict of the original pair or of a padded copy (padding changes length, not
quality). Everything is decided here, before any fit, from the design alone: which judges enter (a
content-blind judge does not), which terms each judge gets and, for a term it cannot get, the reason in
words. The fit (:mod:`.fit`) only estimates what this module says is there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from judgeaudit.datasets.families import distilled_from
from judgeaudit.metrics.diagnosis import blind_slot

TERMS = ("discrimination", "slot", "tie", "length", "markdown", "own_family")
MIN_OWN_ITEMS = 10  # items with exactly one own-family answer that a third-party judge also judged
MIN_STYLE_ROWS = 10  # rows where a style feature is not 0
_MD = re.compile(r"^\s{0,3}(#{1,6}\s|[-*+]\s|\d+[.)]\s)|\*\*[^*\n]+\*\*", re.MULTILINE)


@dataclass
class Design:
    """The model's data, rows sorted by item. Codes index ``judges``, ``units`` and ``quality``."""

    judges: list[str]
    families: dict[str, str | None]
    units: list[str]
    item: np.ndarray  # (R,) item code
    starts: np.ndarray  # first row of each item (rows are sorted by item)
    judge: np.ndarray  # (R,) judge code
    y: np.ndarray  # (R,) 0 answer a won, 1 answer b won, 2 tie
    slot: np.ndarray  # (R,) +1 answer a shown first, -1 second
    length: np.ndarray  # (R,) (len_a - len_b) / (len_a + len_b)
    markdown: np.ndarray  # (R,) (md_a - md_b) / (md_a + md_b), 0 where neither has markdown or no text
    own: np.ndarray  # (R,) +1 only a is of the row's judge's family, -1 only b, else 0
    gold: np.ndarray  # (I,) +1 gold prefers a, -1 b, 0 tie or unknown
    qa: np.ndarray  # (I,) quality code of answer a, -1 when unknown or the reference
    qb: np.ndarray
    quality: list[str]  # quality units (a model, or a family where the model is not named)
    fam_a: np.ndarray  # (I,) family of answer a (None where unknown)
    fam_b: np.ndarray
    terms: dict[str, list[str]]  # judge -> its terms, in TERMS order
    missing: dict[str, dict[str, str]]  # judge -> term -> why the design cannot identify it
    excluded: dict[str, str] = field(default_factory=dict)  # judge -> why it is not in the fit
    note: str | None = None  # why no model at all (then judges is empty)
    placebo: np.ndarray | None = None  # (R,) the placebo family's indicator on the placebo judge's rows

    @property
    def n_items(self) -> int:
        return len(self.units)


def markdown_count(text: object) -> int:
    """Headers, list items and bold spans: the arena style control's markdown elements, counted."""
    return len(_MD.findall(text)) if isinstance(text, str) else 0


def _normalised(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    total = a + b
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(total > 0, (a - b) / np.where(total > 0, total, 1.0), 0.0)
    return np.nan_to_num(out)


def model_scope(rows: pd.DataFrame) -> pd.DataFrame:
    """The judgments the model is about: pairwise, of original or padded pairs (no cue, no bias arm), read or not."""
    sel = (rows["mode"] == "pairwise") & rows["order"].isin(("ab", "ba"))
    # cue, template, bias-arm and listwise rows carry variants of their own (``cue:<id>``, ...)
    sel &= (rows["variant"] == "original") | (rows["variant"].str.startswith("pad_") & rows["pad_target"].notna())
    return rows.loc[sel]


def model_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows the model reads: the read verdicts of :func:`model_scope` (an unread one is counted, not used)."""
    scope = model_scope(rows)
    return scope.loc[scope["winner"].isin(("a", "b", "tie"))]


def _blind(rows: pd.DataFrame) -> str | None:
    first = rows["slot"].to_numpy(object)
    decided = np.isin(first, ("A", "B"))
    if decided.sum() < 10:
        return None
    rate = float((first[decided] == "A").mean())
    both = rows.loc[decided].groupby(["unit", "variant", "repeat"])["slot"]
    pairs = both.agg(["size", "nunique"])
    pairs = pairs.loc[pairs["size"] == 2]
    consistency = float((pairs["nunique"] == 2).mean()) if len(pairs) else None  # A then B = same answer
    return blind_slot(consistency, rate, None)


def build(
    rows: pd.DataFrame,
    families: Mapping[str, str | None],
    *,
    placebo: tuple[str, str] | None = None,
) -> Design:
    """The design of every judge in ``rows`` (prepared judgments, several judges).

    Args:
        rows: prepared rows (``pairs.prepare``) of every judge on the battery.
        families: judge -> family (None where unknown).
        placebo: (judge, family): also give that judge a bonus toward ``family``'s answers (a placebo test).
    """
    d = model_rows(rows)
    excluded: dict[str, str] = {}
    for j, g in d.groupby("judge", sort=True):
        blind = _blind(g)
        if blind is not None:
            excluded[str(j)] = (
                f"content-blind: it picks the {blind} slot whatever the answers, so its verdicts carry no "
                "information on quality, style or family"
            )
    d = d.loc[~d["judge"].isin(list(excluded))].sort_values(["unit", "judge", "variant", "repeat", "order"])
    d = d.reset_index(drop=True)
    judges = sorted(d["judge"].unique().tolist())
    none, no_rows = np.zeros(0, int), np.zeros(0)
    empty = Design(
        [], dict(families), [], none, none, none, none, no_rows, no_rows, no_rows, no_rows, no_rows, none, none,
        [], np.zeros(0, object), np.zeros(0, object), {}, {}, excluded,
    )  # fmt: skip
    if not judges:
        empty.note = "no judge with read pairwise verdicts to model" + ("" if not excluded else " (all content-blind)")
        return empty
    per_item = d.groupby("unit").size()
    if int((per_item >= 2).sum()) < 2:
        empty.note = (
            "every item was judged once: the model cannot tell an answer's quality from the judge's noise "
            "(judge in both orders, or add a second judge of the same items)"
        )
        return empty
    units, item = np.unique(d["unit"].astype(str).to_numpy(), return_inverse=True)
    starts = np.flatnonzero(np.r_[True, item[1:] != item[:-1]])
    jcode = np.searchsorted(judges, d["judge"].to_numpy())
    y = np.where(d["winner"] == "a", 0, np.where(d["winner"] == "b", 1, 2))
    slot = np.where(d["order"] == "ab", 1.0, -1.0)
    len_a, len_b = d["len_a"].to_numpy(float), d["len_b"].to_numpy(float)
    length = _normalised(np.nan_to_num(len_a), np.nan_to_num(len_b))
    has_text = "response_a" in d.columns and "response_b" in d.columns
    md = (
        _normalised(
            d["response_a"].map(markdown_count).to_numpy(float), d["response_b"].map(markdown_count).to_numpy(float)
        )
        if has_text
        else np.zeros(len(d))
    )
    fam = {j: families.get(j) for j in judges}
    jf = np.array([fam[j] for j in d["judge"]], dtype=object)
    fa, fb = d["family_a"].to_numpy(object), d["family_b"].to_numpy(object)
    own = np.where(pd.notna(jf), (fa == jf).astype(float) - (fb == jf).astype(float), 0.0)
    first = d.groupby("unit", sort=True).head(1).set_index("unit").loc[units]
    gold = np.where(first["label"] == "a", 1.0, np.where(first["label"] == "b", -1.0, 0.0))
    qa, qb, quality = _quality(first)
    fam_items = (first["family_a"].to_numpy(object), first["family_b"].to_numpy(object))
    design = Design(
        judges, fam, [str(u) for u in units], item, starts, jcode, y, slot, length, md, own, gold, qa, qb,
        quality, *fam_items, {}, {}, excluded,
    )  # fmt: skip
    if placebo is not None:
        pj, pf = placebo
        on = (d["judge"] == pj).to_numpy()
        design.placebo = np.where(on, (fa == pf).astype(float) - (fb == pf).astype(float), 0.0)
    _terms(design, d)
    return design


def _quality(first: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Quality unit of each item's two answers: its model, else its family; one reference per connected set."""

    def unit(model: object, family: object) -> str | None:
        if isinstance(model, str) and model:
            return f"model:{model}"
        return f"family:{family}" if isinstance(family, str) and family else None

    a = [unit(m, f) for m, f in zip(first["model_a"], first["family_a"])]
    b = [unit(m, f) for m, f in zip(first["model_b"], first["family_b"])]
    mixed = [(x, z) for x, z in zip(a, b) if x is not None and z is not None and x != z]
    names = sorted({u for p in mixed for u in p})
    parent = {u: u for u in names}

    def root(u: str) -> str:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for x, z in mixed:
        parent[root(x)] = root(z)
    counts = pd.Series([u for p in mixed for u in p]).value_counts() if mixed else pd.Series(dtype=int)
    refs: dict[str, str] = {}
    for u in names:  # the most frequent unit of each connected set is its 0
        r = root(u)
        if r not in refs or (counts[u], refs[r]) > (counts[refs[r]], u):
            refs[r] = u
    free = [u for u in names if refs[root(u)] != u]
    code = {u: i for i, u in enumerate(free)}

    def codes(side: list[str | None], other: list[str | None]) -> np.ndarray:
        return np.array(
            [code.get(u, -1) if u is not None and o is not None and u != o else -1 for u, o in zip(side, other)]
        )

    return codes(a, b), codes(b, a), free


def judged_by(design: Design) -> list[set[str]]:
    """The judges of each item."""
    out: list[set[str]] = [set() for _ in range(design.n_items)]
    for i, k in set(zip(design.item.tolist(), design.judge.tolist())):
        out[i].add(design.judges[k])
    return out


def _neutral(design: Design, judge: str, pair: tuple[object, object]) -> bool:
    """A judge of known family that is neither answer's, nor trained on either's outputs (families.yaml)."""
    fam = design.families.get(judge)
    return fam is not None and fam not in pair and distilled_from(judge) not in pair


def third_party_items(design: Design, judge: str, family: str, judges_of: list[set[str]]) -> int:
    """Items with exactly one answer of ``family`` judged by ``judge`` and by a third party: a judge of neither
    answer's family and not distilled from either (PandaLM, trained on GPT-3.5 verdicts, is no third party for
    OpenAI answers)."""
    j = design.judges.index(judge)
    mine = np.zeros(design.n_items, bool)
    mine[design.item[design.judge == j]] = True
    one = (design.fam_a == family) != (design.fam_b == family)
    count = 0
    for i in np.flatnonzero(one & mine):
        pair = (design.fam_a[i], design.fam_b[i])
        if any(_neutral(design, o, pair) for o in judges_of[i] - {judge}):
            count += 1
    return count


def _terms(design: Design, d: pd.DataFrame) -> None:
    """Each judge's terms, and the reason for every term it does not get."""
    judges_of = judged_by(design)
    for j, name in enumerate(design.judges):
        mine = design.judge == j
        terms, why = ["discrimination"], {}
        rows = d.loc[mine]
        orders = rows.groupby("unit")["order"].nunique()
        shared = int(sum(len(judges_of[i]) > 1 for i in np.unique(design.item[mine])))
        if (orders == 2).sum() < 2 and shared < 2:
            terms.remove("discrimination")
            why["discrimination"] = "each item judged once by this judge alone: quality cannot be told from noise"
        if (orders == 2).sum() >= 2:
            terms.append("slot")
        else:
            why["slot"] = (
                "no item judged in both orders: the slot cannot be told from a difference between the answers "
                "shown first and second (an intercept stands in for it)"
            )
            terms.append("side")
        if (design.y[mine] == 2).any():
            terms.append("tie")
        else:
            why["tie"] = "the judge never gave a tie"
        for term, x in (("length", design.length[mine]), ("markdown", design.markdown[mine])):
            if int((np.abs(x) > 1e-9).sum()) >= MIN_STYLE_ROWS and float(np.std(x)) > 1e-3:
                terms.append(term)
            else:
                what = "lengths" if term == "length" else "answer texts with markdown"
                why[term] = f"fewer than {MIN_STYLE_ROWS} verdicts on answers that differ in it (needs {what})"
        own_reason = _own_reason(design, name, mine, judges_of)
        if own_reason is None:
            terms.append("own_family")
        else:
            why["own_family"] = own_reason
        if design.placebo is not None and np.abs(design.placebo[mine]).sum() > 0:
            terms.append("placebo")
        design.terms[name] = terms
        design.missing[name] = why


def _own_reason(design: Design, judge: str, mine: np.ndarray, judges_of: list[set[str]]) -> str | None:
    """Why the judge's own-family bonus cannot be identified, or None when it can."""
    fam = design.families.get(judge)
    if fam is None:
        return "the judge's family is unknown (declare it with --family NAME=FAMILY)"
    if not (mine & (design.own != 0)).any():
        return f"no judged pair holds exactly one answer of the judge's family ({fam})"
    third = third_party_items(design, judge, fam, judges_of)
    if third < MIN_OWN_ITEMS:
        return (
            f"{third} of the pairs holding one {fam} answer were also judged by a third-party judge (of neither "
            f"answer's family); the bonus needs {MIN_OWN_ITEMS}: without them it cannot be told from the quality "
            "of the family's answers"
        )
    return None
