"""The plain-words reading of each metric: what a busy engineer needs to read, no jargon.

Each function turns one estimate (``e``, as read from metrics.json) into a sentence; some read a neighbour
from the whole metrics dict (``m``), such as the judge's family. :mod:`judgeaudit.metrics.catalog` pairs
each metric with its sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from judgeaudit.io.files import finite_number
from judgeaudit.metrics.reading import lookup
from judgeaudit.metrics.units import fmt_num, pct, points

Est = Mapping[str, Any]
Metrics = dict[str, Any]
Sentence = Callable[[Est, Metrics], str]


def _v(est: Est) -> float | None:
    v = est.get("value")
    return float(v) if finite_number(v) else None


def _n(est: Est) -> int:
    n = est.get("n")
    return int(n) if finite_number(n) else 0  # a corrupt file may hold inf or an integer past the float range


def consistency(e: Est, m: Metrics) -> str:
    return (
        f"This judge gives the same verdict whichever answer is shown first in {pct(_v(e))} of "
        f"{_n(e)} pairs; in the rest, swapping the order changes its mind."
    )


def primacy(e: Est, m: Metrics) -> str:
    v = _v(e)
    if v is None:
        return "The judge never changed its mind under a swap, so there is no direction to measure."
    side = "first-shown" if v >= 0.5 else "second-shown"
    share = v if v >= 0.5 else 1 - v
    return (
        f"This judge picks the {side} answer in {pct(share)} of the {_n(e)} pairs where it changes "
        f"its mind (50% would mean no preferred slot)."
    )


def fairness(e: Est, m: Metrics) -> str:
    v = _v(e) or 0.0
    lean = "the first slot" if v < 0 else "the second slot" if v > 0 else "neither slot"
    return (
        f"Preference fairness {v:+.2f} on a scale from -1 (always first) to +1 (always second): "
        f"over all {_n(e)} pairs the judge leans to {lean}."
    )


def first_slot(e: Est, m: Metrics) -> str:
    return f"Of its {_n(e)} non-tie verdicts, {pct(_v(e))} go to whichever answer is shown first (50% = no lean)."


def acc_single(e: Est, m: Metrics) -> str:
    return f"It picks the gold-preferred answer in {pct(_v(e))} of {_n(e)} single verdicts."


def acc_both(e: Est, m: Metrics) -> str:
    return (
        f"It picks the gold-preferred answer in both orders for {pct(_v(e))} of {_n(e)} pairs "
        f"(a judge guessing at random would manage about 25%)."
    )


def repetition(e: Est, m: Metrics) -> str:
    return f"Asked the same prompt again, it repeats its most common verdict {pct(_v(e))} of the time."


def prefer_longer(e: Est, m: Metrics) -> str:
    return (
        f"When the answers differ in length by more than 30 characters, it picks the longer one in "
        f"{pct(_v(e))} of {_n(e)} verdicts."
    )


def verb_eo(e: Est, m: Metrics) -> str:
    return (
        f"When the longer answer is the better one, the judge finds it {points(_v(e))} more often than it "
        f"finds the shorter answer when that one is better (0 = length-blind)."
    )


def length_coef(e: Est, m: Metrics) -> str:
    v = _v(e) or 0.0
    sd = e.get("sd_chars")
    by = f" (by well over {sd:.0f} characters)" if finite_number(sd) else ""
    return (
        f"An answer much longer than the other{by} gets its odds of winning multiplied by {math.exp(v):.2f} "
        f"at equal quality and slot (log-odds {v:+.2f}; 0 = length does not matter)."
    )


def pad_flip(e: Est, m: Metrics) -> str:
    return (
        f"Padding the worse answer with content-free filler makes the judge switch to it in {pct(_v(e))} "
        f"of {_n(e)} verdicts it had right before padding."
    )


def pad_control(e: Est, m: Metrics) -> str:
    return (
        f"Padding the better answer moves the verdict in {pct(_v(e))} of {_n(e)} verdicts (a control: "
        f"should be near 0)."
    )


def pad_excess(e: Est, m: Metrics) -> str:
    return (
        f"Padding the worse answer moves the verdict {points(_v(e))} more often than padding the better one "
        f"(noise moves both; the excess is the verbosity effect)."
    )


def dose(e: Est, m: Metrics) -> str:
    return (
        f"Each doubling of an answer's length by padding changes the log-odds of picking it by "
        f"{(_v(e) or 0.0):+.2f} (0 = padding does not sway it)."
    )


def self_eo(e: Est, m: Metrics) -> str:
    fam = lookup(m, "self_preference.judge_family") or "its own"
    return (
        f"When the better answer is from the judge's family ({fam}), it is recognised {points(_v(e))} "
        f"more often than a better answer from another family (0 = no self-preference)."
    )


def excess(e: Est, m: Metrics) -> str:
    return (
        f"The judge gives its own family's answers a win rate {points(_v(e))} higher than third-party judges "
        f"(of neither answer's family) give the same answers."
    )


def own_prob(e: Est, m: Metrics) -> str:
    return (
        f"Averaged over both orders, the judge gives its own family's answer a probability of {pct(_v(e))} of being "
        f"the better one (50% = no lean, if the answers are equally good)."
    )


def rank_acc(e: Est, m: Metrics) -> str:
    return f"Comparing the two answers side by side, it agrees with gold {pct(_v(e))} of the time."


def score_acc(e: Est, m: Metrics) -> str:
    return f"Scoring each answer alone, the higher score goes to the gold answer {pct(_v(e))} of the time."


def tie(e: Est, m: Metrics) -> str:
    return f"It gives both answers the same score in {pct(_v(e))} of {_n(e)} pairs: a tied score cannot rank them."


def agree(e: Est, m: Metrics) -> str:
    return (
        f"Where the two scores differ, their order matches its side-by-side verdict in {pct(_v(e))} of {_n(e)} cases."
    )


def gap(e: Est, m: Metrics) -> str:
    return f"Side-by-side verdicts are {points(_v(e))} more accurate than scores (negative: scoring is better)."


def transitivity(e: Est, m: Metrics) -> str:
    return f"{pct(_v(e))} of answer triads get a cyclic preference (A > B > C > A)."


def ece(e: Est, m: Metrics) -> str:
    return (
        f"Its stated confidence is off from its real accuracy by {pct(_v(e))} on average "
        f"(expected calibration error; 0 = calibrated)."
    )


def brier(e: Est, m: Metrics) -> str:
    return f"Brier score {fmt_num(_v(e), 3)} (0 = perfect, 0.25 = a constant 50% guess)."


def auroc(e: Est, m: Metrics) -> str:
    return (
        f"Its confidence separates right from wrong verdicts with AUROC {fmt_num(_v(e))} (0.5 = confidence "
        f"tells nothing)."
    )


def kappa(e: Est, m: Metrics) -> str:
    k = e.get("n_templates")
    under = f"{k} prompt wordings" if isinstance(k, int) else "prompt wordings"
    return (
        f"Under {under} that ask the same thing, its verdicts agree with Fleiss' kappa {fmt_num(_v(e))} over "
        f"{_n(e)} item-orders (1 = the same verdict under every wording, 0 = no more agreement than chance; "
        f"a judge that always picks one slot also scores 1)."
    )


def template_dependence(e: Est, m: Metrics) -> str:
    return (
        f"For {pct(_v(e))} of {_n(e)} items, rewording the prompt without changing its meaning changes the "
        f"verdict in at least one order (0% = the wording never matters)."
    )


def accuracy_spread(e: Est, m: Metrics) -> str:
    return (
        f"Its accuracy against gold differs by {points(_v(e)).lstrip('+')} between its best and its worst "
        f"prompt wording (0 = the wording does not matter)."
    )


def cue_words(cue: str, metric: str) -> Sentence:
    name = cue.replace("_", " ")

    def words(e: Est, m: Metrics) -> str:
        v, n = _v(e), _n(e)
        if metric == "flip_excess":
            return (
                f"A {name} cue moves the verdict to the answer it points at {points(v)} more often than a "
                f"neutral insert of the same length in the same place (0 = the cue does nothing a neutral "
                f"sentence would not)."
            )
        if metric == "flip_rate":
            return f"With the {name} cue, {pct(v)} of {n} verdicts that were not on the cued answer move to it."
        if metric == "flip_rate_neutral":
            return (
                f"With the matched neutral insert instead (the control), {pct(v)} of {n} such verdicts move "
                f"to that answer."
            )
        if metric == "robustness_rate":
            return f"With the {name} cue in the prompt, {pct(v)} of {n} verdicts stay what they were without it."
        return f"With the matched neutral insert instead (the control), {pct(v)} of {n} verdicts stay what they were."

    return words


def slot_share(which: str) -> Sentence:
    def words(e: Est, m: Metrics) -> str:
        expected = e.get("expected")
        k = round(1 / expected) if isinstance(expected, (int, float)) and expected > 0 else None
        shown = f"{k} answers" if k else "several answers"
        fair = f"{pct(expected)} = no lean" if k else "1/k = no lean"
        return (
            f"Shown {shown}, it picks the one in the {which} slot in {pct(_v(e))} of {_n(e)} judgments "
            f"({fair}: every answer sits in every slot once)."
        )

    return words


def listwise_consistency(e: Est, m: Metrics) -> str:
    k = lookup(m, "listwise.k")
    rot = f"all {k} rotations" if isinstance(k, int) else "every rotation"
    return (
        f"The same answer wins {rot} of the answers' order for {pct(_v(e))} of {_n(e)} groups (the listwise "
        f"analogue of consistency under swap)."
    )


def extraction(section: str) -> Sentence:
    def words(e: Est, m: Metrics) -> str:
        return (
            f"The judge's output could be read as a verdict in {pct(_v(e))} of its {section.replace('_', ' ')} calls."
        )

    return words


def unparsed(section: str) -> Sentence:
    def words(e: Est, m: Metrics) -> str:
        v = _v(e)
        return f"{'n/a' if v is None else int(v)} {section.replace('_', ' ')} outputs could not be read as a verdict."

    return words


def coef(term: str) -> Sentence:
    def words(e: Est, m: Metrics) -> str:
        return (
            f"Holding the other biases fixed, '{term}' shifts the log-odds of choosing an answer by "
            f"{(_v(e) or 0.0):+.2f} (0 = no effect)."
        )

    return words
