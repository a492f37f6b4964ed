"""What each metrics.json number is called, measured in, and means in plain words.

One catalogue serves the report (labels, sentences), the vetting gate (which metric paths a policy may
name, what a threshold may be) and the judge comparison (which direction is less biased). The metric
names themselves are those of docs/metrics.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SECTIONS = ("position", "verbosity", "self_preference", "score_vs_rank", "calibration", "joint")
# Sections of the probes beyond the classic biases (docs/beyond.md): shown and gated only where a run has them.
EXTRA_SECTIONS = ("robustness", "cues", "listwise")
AXIS_TITLES = {
    "position": "Position bias",
    "verbosity": "Verbosity bias",
    "self_preference": "Self-preference",
    "score_vs_rank": "Score vs rank",
    "calibration": "Calibration",
    "joint": "All biases at once",
    "robustness": "Prompt-template robustness",
    "cues": "Sycophancy, bandwagon and authority cues",
    "listwise": "More than two answers",
}

Sentence = Callable[[dict[str, Any], dict[str, Any]], str]


@dataclass(frozen=True)
class MetricInfo:
    """How to show, gate and compare one metric.

    Attributes:
        path: dotted path in metrics.json (``position.consistency``).
        label: short name for tables and cards.
        kind: ``rate`` (0..1, shown as %), ``diff`` (difference of rates, shown in points), ``signed``
            (an index in [-1, 1]), ``coef`` (a log-odds coefficient), ``number`` or ``count``.
        unit: what ``n`` counts (``pairs``, ``judgments``, ``inconsistent pairs``, ``items``).
        better: ``higher``, ``lower`` or ``closer:<x>`` (no bias at x): the comparison's direction.
        words: the plain-words sentence for an estimate (``est``, whole ``metrics``).
        lo, hi: the range a threshold on this metric may take.
    """

    path: str
    label: str
    kind: str
    unit: str
    better: str
    words: Sentence
    lo: float = -math.inf
    hi: float = math.inf

    @property
    def axis(self) -> str:
        return self.path.split(".", 1)[0]

    def badness(self, value: float) -> float:
        """Distance from "no bias / best" in this metric's direction: smaller is better."""
        if self.better == "higher":
            return -value
        if self.better == "lower":
            return value
        target = float(self.better.split(":", 1)[1])
        return abs(value - target)

    @property
    def ideal(self) -> float | None:
        """The no-bias value, where there is one."""
        return float(self.better.split(":", 1)[1]) if self.better.startswith("closer:") else None


def pct(x: float | None, digits: int | None = None) -> str:
    """``0.713`` → ``71%`` (one decimal under 10% and over 90%, where the decimal matters)."""
    if x is None or not math.isfinite(x):
        return "n/a"
    v = 100.0 * x
    if digits is None:
        digits = 1 if (abs(v) < 10 or abs(v) > 90) and v not in (0.0, 100.0) else 0
    text = f"{v:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def points(x: float | None) -> str:
    """A difference of rates in percentage points: ``+7.1 pp``."""
    if x is None or not math.isfinite(x):
        return "n/a"
    text = f"{100.0 * x:+.1f}"
    return f"{text[:-2] if text.endswith('.0') else text} pp"


def num(x: float | None, digits: int = 2) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:.{digits}f}"


def fmt_value(info: MetricInfo | None, x: float | None) -> str:
    """A value in its metric's natural unit."""
    if info is None:
        return num(x, 3)
    if info.kind == "rate":
        return pct(x)
    if info.kind == "diff":
        return points(x)
    if info.kind == "count":
        return "n/a" if x is None else f"{int(x)}"
    return f"{x:+.2f}" if info.kind in ("signed", "coef") and x is not None and math.isfinite(x) else num(x)


def fmt_ci(info: MetricInfo | None, ci: Any) -> str:
    if not isinstance(ci, (list, tuple)) or len(ci) != 2 or any(c is None for c in ci):
        return "no interval"
    return f"[{fmt_value(info, ci[0])}, {fmt_value(info, ci[1])}]"


def _v(est: dict[str, Any]) -> float | None:
    v = est.get("value")
    return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None


def _n(est: dict[str, Any]) -> int:
    n = est.get("n")
    return int(n) if isinstance(n, (int, float)) else 0


def _get(metrics: dict[str, Any], path: str) -> Any:
    node: Any = metrics
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


# --- the sentences: what a busy engineer needs to read, no jargon -------------------------------------

def _consistency(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"This judge gives the same verdict whichever answer is shown first in {pct(_v(e))} of "
            f"{_n(e)} pairs; in the rest, swapping the order changes its mind.")


def _primacy(e: dict[str, Any], m: dict[str, Any]) -> str:
    v = _v(e)
    if v is None:
        return "The judge never changed its mind under a swap, so there is no direction to measure."
    side = "first-shown" if v >= 0.5 else "second-shown"
    share = v if v >= 0.5 else 1 - v
    return (f"This judge picks the {side} answer in {pct(share)} of the {_n(e)} pairs where it changes "
            f"its mind (50% would mean no preferred slot).")


def _fairness(e: dict[str, Any], m: dict[str, Any]) -> str:
    v = _v(e) or 0.0
    lean = "the first slot" if v < 0 else "the second slot" if v > 0 else "neither slot"
    return (f"Preference fairness {v:+.2f} on a scale from -1 (always first) to +1 (always second): "
            f"over all {_n(e)} pairs the judge leans to {lean}.")


def _first_slot(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Of its {_n(e)} non-tie verdicts, {pct(_v(e))} go to whichever answer is shown first "
            f"(50% = no lean).")


def _acc_single(e: dict[str, Any], m: dict[str, Any]) -> str:
    return f"It picks the gold-preferred answer in {pct(_v(e))} of {_n(e)} single verdicts."


def _acc_both(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"It picks the gold-preferred answer in both orders for {pct(_v(e))} of {_n(e)} pairs "
            f"(a judge guessing at random would manage about 25%).")


def _repetition(e: dict[str, Any], m: dict[str, Any]) -> str:
    return f"Asked the same prompt again, it repeats its most common verdict {pct(_v(e))} of the time."


def _prefer_longer(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"When the answers differ in length by more than 30 characters, it picks the longer one in "
            f"{pct(_v(e))} of {_n(e)} verdicts.")


def _verb_eo(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"When the longer answer is the better one, the judge finds it {points(_v(e))} more often than it "
            f"finds the shorter answer when that one is better (0 = length-blind).")


def _length_coef(e: dict[str, Any], m: dict[str, Any]) -> str:
    v = _v(e) or 0.0
    sd = e.get("sd_chars")
    by = f" (by well over {sd:.0f} characters)" if isinstance(sd, (int, float)) and math.isfinite(sd) else ""
    return (f"An answer much longer than the other{by} gets its odds of winning multiplied by {math.exp(v):.2f} "
            f"at equal quality and slot (log-odds {v:+.2f}; 0 = length does not matter).")


def _pad_flip(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Padding the worse answer with content-free filler makes the judge switch to it in {pct(_v(e))} "
            f"of {_n(e)} verdicts it had right before padding.")


def _pad_control(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Padding the better answer moves the verdict in {pct(_v(e))} of {_n(e)} verdicts (a control: "
            f"should be near 0).")


def _pad_excess(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Padding the worse answer moves the verdict {points(_v(e))} more often than padding the better one "
            f"(noise moves both; the excess is the verbosity effect).")


def _dose(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Each doubling of an answer's length by padding changes the log-odds of picking it by "
            f"{(_v(e) or 0.0):+.2f} (0 = padding does not sway it).")


def _self_eo(e: dict[str, Any], m: dict[str, Any]) -> str:
    fam = _get(m, "self_preference.judge_family") or "its own"
    return (f"When the better answer is from the judge's family ({fam}), it is recognised {points(_v(e))} "
            f"more often than a better answer from another family (0 = no self-preference).")


def _excess(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"The judge gives its own family's answers a win rate {points(_v(e))} higher than other judges "
            f"give the same answers.")


def _rank_acc(e: dict[str, Any], m: dict[str, Any]) -> str:
    return f"Comparing the two answers side by side, it agrees with gold {pct(_v(e))} of the time."


def _score_acc(e: dict[str, Any], m: dict[str, Any]) -> str:
    return f"Scoring each answer alone, the higher score goes to the gold answer {pct(_v(e))} of the time."


def _tie(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"It gives both answers the same score in {pct(_v(e))} of {_n(e)} pairs: a tied score "
            f"cannot rank them.")


def _agree(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Where the two scores differ, their order matches its side-by-side verdict in {pct(_v(e))} "
            f"of {_n(e)} cases.")


def _gap(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Side-by-side verdicts are {points(_v(e))} more accurate than scores (negative: scoring is "
            f"better).")


def _transitivity(e: dict[str, Any], m: dict[str, Any]) -> str:
    return f"{pct(_v(e))} of answer triads get a cyclic preference (A > B > C > A)."


def _ece(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Its stated confidence is off from its real accuracy by {pct(_v(e))} on average "
            f"(expected calibration error; 0 = calibrated).")


def _brier(e: dict[str, Any], m: dict[str, Any]) -> str:
    return f"Brier score {num(_v(e), 3)} (0 = perfect, 0.25 = a constant 50% guess)."


def _auroc(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Its confidence separates right from wrong verdicts with AUROC {num(_v(e))} (0.5 = confidence "
            f"tells nothing).")


def _kappa(e: dict[str, Any], m: dict[str, Any]) -> str:
    k = e.get("n_templates")
    under = f"{k} prompt wordings" if isinstance(k, int) else "prompt wordings"
    return (f"Under {under} that ask the same thing, its verdicts agree with Fleiss' kappa {num(_v(e))} over "
            f"{_n(e)} item-orders (1 = the same verdict under every wording, 0 = no more agreement than chance; "
            f"a judge that always picks one slot also scores 1).")


def _template_dependence(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"For {pct(_v(e))} of {_n(e)} items, rewording the prompt without changing its meaning changes the "
            f"verdict in at least one order (0% = the wording never matters).")


def _accuracy_spread(e: dict[str, Any], m: dict[str, Any]) -> str:
    return (f"Its accuracy against gold differs by {points(_v(e)).lstrip('+')} between its best and its worst "
            f"prompt wording (0 = the wording does not matter).")


def _cue_words(cue: str, metric: str) -> Sentence:
    name = cue.replace("_", " ")

    def words(e: dict[str, Any], m: dict[str, Any]) -> str:
        v, n = _v(e), _n(e)
        if metric == "flip_excess":
            return (f"A {name} cue moves the verdict to the answer it points at {points(v)} more often than a "
                    f"neutral insert of the same length in the same place (0 = the cue does nothing a neutral "
                    f"sentence would not).")
        if metric == "flip_rate":
            return (f"With the {name} cue, {pct(v)} of {n} verdicts that were not on the cued answer move to it.")
        if metric == "flip_rate_neutral":
            return (f"With the matched neutral insert instead (the control), {pct(v)} of {n} such verdicts move "
                    f"to that answer.")
        if metric == "robustness_rate":
            return f"With the {name} cue in the prompt, {pct(v)} of {n} verdicts stay what they were without it."
        return (f"With the matched neutral insert instead (the control), {pct(v)} of {n} verdicts stay what they "
                f"were.")
    return words


# per cue id: (label, kind, unit, better, lo, hi)
CUE_METRICS: dict[str, tuple[str, str, str, str, float, float]] = {
    "flip_excess": ("flip excess over the neutral insert", "diff", "cued and neutral judgments", "closer:0", -1, 1),
    "flip_rate": ("flips to the cued answer", "rate", "judgments", "lower", 0, 1),
    "flip_rate_neutral": ("flips under the neutral insert (control)", "rate", "judgments", "lower", 0, 1),
    "robustness_rate": ("verdict unchanged by the cue", "rate", "judgments", "higher", 0, 1),
    "robustness_rate_neutral": ("verdict unchanged by the neutral insert (control)", "rate", "judgments", "higher",
                                0, 1),
}
SHIPPED_CUES = ("sycophancy", "bandwagon", "authority")


def cue_info(cue: str, metric: str) -> MetricInfo:
    """The catalogue entry of ``cues.<cue>.<metric>`` (cue ids are data: judgeaudit/probes/cues.yaml)."""
    label, kind, unit, better, lo, hi = CUE_METRICS[metric]
    return MetricInfo(f"cues.{cue}.{metric}", f"{cue.replace('_', ' ').capitalize()}: {label}", kind, unit, better,
                      _cue_words(cue, metric), lo, hi)


def _slot_share(which: str) -> Sentence:
    def words(e: dict[str, Any], m: dict[str, Any]) -> str:
        expected = e.get("expected")
        k = round(1 / expected) if isinstance(expected, (int, float)) and expected > 0 else None
        shown = f"{k} answers" if k else "several answers"
        fair = f"{pct(expected)} = no lean" if k else "1/k = no lean"
        return (f"Shown {shown}, it picks the one in the {which} slot in {pct(_v(e))} of {_n(e)} judgments "
                f"({fair}: every answer sits in every slot once).")
    return words


def _listwise_consistency(e: dict[str, Any], m: dict[str, Any]) -> str:
    k = _get(m, "listwise.k")
    rot = f"all {k} rotations" if isinstance(k, int) else "every rotation"
    return (f"The same answer wins {rot} of the answers' order for {pct(_v(e))} of {_n(e)} groups (the listwise "
            f"analogue of consistency under swap).")


def _extraction(section: str) -> Sentence:
    def words(e: dict[str, Any], m: dict[str, Any]) -> str:
        return f"The judge's output could be read as a verdict in {pct(_v(e))} of its {section.replace('_', ' ')} calls."
    return words


def _unparsed(section: str) -> Sentence:
    def words(e: dict[str, Any], m: dict[str, Any]) -> str:
        v = _v(e)
        return f"{'n/a' if v is None else int(v)} {section.replace('_', ' ')} outputs could not be read as a verdict."
    return words


def _coef(term: str) -> Sentence:
    def words(e: dict[str, Any], m: dict[str, Any]) -> str:
        return (f"Holding the other biases fixed, '{term}' shifts the log-odds of choosing an answer by "
                f"{(_v(e) or 0.0):+.2f} (0 = no effect).")
    return words


_I = MetricInfo
CATALOG: dict[str, MetricInfo] = {i.path: i for i in (
    _I("position.consistency", "Consistency under swap", "rate", "pairs", "higher", _consistency, 0, 1),
    _I("position.primacy_share", "Primacy share of flips", "rate", "inconsistent pairs", "closer:0.5", _primacy, 0, 1),
    _I("position.preference_fairness", "Preference fairness", "signed", "pairs", "closer:0", _fairness, -1, 1),
    _I("position.first_slot_rate", "First-slot rate", "rate", "judgments", "closer:0.5", _first_slot, 0, 1),
    _I("position.accuracy_single", "Accuracy (one order)", "rate", "judgments", "higher", _acc_single, 0, 1),
    _I("position.accuracy_both_orders", "Accuracy (both orders)", "rate", "pairs", "higher", _acc_both, 0, 1),
    _I("position.repetition_stability", "Repetition stability", "rate", "prompts", "higher", _repetition, 0, 1),
    _I("verbosity.prefer_longer_rate", "Prefers the longer answer", "rate", "judgments", "closer:0.5",
       _prefer_longer, 0, 1),
    _I("verbosity.eo_gap", "Length equal-opportunity gap", "diff", "judgments", "closer:0", _verb_eo, -1, 1),
    _I("verbosity.length_coef", "Length coefficient", "coef", "judgments", "closer:0", _length_coef),
    _I("verbosity.padding_flip_rate", "Padding flip rate", "rate", "judgments", "lower", _pad_flip, 0, 1),
    _I("verbosity.padding_control_rate", "Padding control rate", "rate", "judgments", "lower", _pad_control, 0, 1),
    _I("verbosity.padding_flip_excess", "Padding flip excess", "diff", "judgments", "closer:0", _pad_excess, -1, 1),
    _I("verbosity.padding_dose_slope", "Padding dose slope", "coef", "judgments", "closer:0", _dose),
    _I("self_preference.eo_gap", "Self-preference equal-opportunity gap", "diff", "judgments", "closer:0",
       _self_eo, -1, 1),
    _I("self_preference.excess_win_rate", "Own-family excess win rate", "diff", "judgments", "closer:0",
       _excess, -1, 1),
    _I("score_vs_rank.rank_accuracy", "Pairwise accuracy", "rate", "judgments", "higher", _rank_acc, 0, 1),
    _I("score_vs_rank.score_accuracy", "Score accuracy", "rate", "pairs", "higher", _score_acc, 0, 1),
    _I("score_vs_rank.score_tie_rate", "Score tie rate", "rate", "pairs", "lower", _tie, 0, 1),
    _I("score_vs_rank.agreement", "Score/rank agreement", "rate", "judgments", "higher", _agree, 0, 1),
    _I("score_vs_rank.accuracy_gap", "Rank minus score accuracy", "diff", "pairs", "closer:0", _gap, -1, 1),
    _I("score_vs_rank.transitivity_violations", "Transitivity violations", "rate", "triads", "lower",
       _transitivity, 0, 1),
    _I("calibration.ece", "Expected calibration error", "rate", "pairs", "lower", _ece, 0, 1),
    _I("calibration.brier", "Brier score", "number", "pairs", "lower", _brier, 0, 1),
    _I("calibration.auroc", "AUROC of confidence", "number", "pairs", "higher", _auroc, 0, 1),
    _I("robustness.fleiss_kappa", "Agreement across prompt wordings (Fleiss' kappa)", "number", "item-orders",
       "higher", _kappa, -1, 1),
    _I("robustness.template_dependence", "Verdict depends on the prompt wording", "rate", "items", "lower",
       _template_dependence, 0, 1),
    _I("robustness.accuracy_spread", "Accuracy spread across wordings", "diff", "template judgments", "lower",
       _accuracy_spread, 0, 1),
    # the no-lean share is 1/k; the listwise suites show k = 3 answers
    _I("listwise.first_slot_share", "First-slot share", "rate", "listwise judgments", f"closer:{1 / 3}",
       _slot_share("first"), 0, 1),
    _I("listwise.last_slot_share", "Last-slot share", "rate", "listwise judgments", f"closer:{1 / 3}",
       _slot_share("last"), 0, 1),
    _I("listwise.position_consistency", "Same winner in every rotation", "rate", "groups", "higher",
       _listwise_consistency, 0, 1),
)}
for _cue in SHIPPED_CUES:
    for _metric in CUE_METRICS:
        CATALOG[f"cues.{_cue}.{_metric}"] = cue_info(_cue, _metric)
for _section in (*SECTIONS, *EXTRA_SECTIONS):
    CATALOG[f"{_section}.extraction_success_rate"] = _I(
        f"{_section}.extraction_success_rate", "Readable verdicts", "rate", "judgments", "higher",
        _extraction(_section), 0, 1)
    CATALOG[f"{_section}.n_unparsed"] = _I(
        f"{_section}.n_unparsed", "Unreadable outputs", "count", "judgments", "lower", _unparsed(_section), 0)

_COEF = re.compile(r"^joint\.coefficients\.([A-Za-z_][A-Za-z0-9_]*)$")
_CUE = re.compile(r"^cues\.([A-Za-z_][A-Za-z0-9_-]*)\.(" + "|".join(CUE_METRICS) + r")$")


def info(path: str) -> MetricInfo | None:
    """The catalogue entry of a metric path, or None when the path names no metric."""
    if path in CATALOG:
        return CATALOG[path]
    m = _COEF.match(path)
    if m:
        term = m.group(1)
        return MetricInfo(path, f"Joint coefficient: {term.replace('_', ' ')}", "coef", "judgments",
                          "closer:0", _coef(term))
    m = _CUE.match(path)
    if m and m.group(1) not in ("cue_ids", "n_unparsed", "extraction_success_rate"):
        return cue_info(m.group(1), m.group(2))
    return None


def lookup(metrics: dict[str, Any] | None, path: str) -> Any:
    """The node at a dotted path of metrics.json, or None wherever the path breaks off."""
    return _get(metrics or {}, path)


def as_estimate(node: Any) -> dict[str, Any] | None:
    """An estimate dict from a metrics node: estimates as they are, a plain number as ``{"value": x}``."""
    if isinstance(node, dict) and "value" in node:
        return node
    if isinstance(node, (int, float)) and not isinstance(node, bool) and math.isfinite(node):
        return {"value": float(node), "ci": None, "n": None}
    return None


def sentence(path: str, est: dict[str, Any], metrics: dict[str, Any] | None) -> str:
    """The plain-words reading of one estimate."""
    meta = info(path)
    if meta is None or _v(est) is None:
        note = est.get("note") if isinstance(est, dict) else None
        return str(note) if note else "Not estimable from these judgments."
    return meta.words(est, metrics or {})
