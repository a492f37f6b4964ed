"""What each metrics.json number is called, measured in, and means; which way is better; where it is shown.

One record per metric serves the report (labels, sentences), the vetting gate (which paths a policy may
name, what a threshold may be), the judge comparison (direction, headline metrics), the terminal summary
and docs/metrics.md, which is generated from it (``python -m judgeaudit.metrics.docs``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from judgeaudit.metrics import arms
from judgeaudit.metrics import words as w
from judgeaudit.metrics.reading import lookup, read_estimate
from judgeaudit.metrics.sections import SECTIONS
from judgeaudit.metrics.units import MetricKind
from judgeaudit.metrics.words import Sentence


@dataclass(frozen=True)
class MetricInfo:
    """How to show, gate and compare one metric.

    Attributes:
        path: dotted path in metrics.json (``position.consistency``).
        label: its title in tables and cards.
        kind: ``rate`` (0..1, shown as %), ``diff`` (difference of rates, shown in points), ``signed``
            (an index in [-1, 1]), ``coef`` (a log-odds coefficient), ``number`` or ``count``.
        unit: what ``n`` counts (``pairs``, ``judgments``, ``inconsistent pairs``, ``items``).
        better: ``higher``, ``lower`` or ``closer:<x>`` (no bias at x): the comparison's direction.
        words: the plain-words sentence for an estimate (``est``, whole ``metrics``).
        lo, hi: the range a threshold on this metric may take.
        defines: what the metric is, in plain words (docs/metrics.md).
        headline_rank: where the comparison asks "which judge is least biased" on this section, the rank
            of this metric among the section's candidates (1 first; the first measured for two judges wins).
        compared: shown in the comparison table.
        summary_label, summary_rank: the label and the line of this metric in the terminal summary.
        leaderboard_rank: the metric's column in the judge-bias leaderboard (``judgeaudit leaderboard``).
    """

    path: str
    label: str
    kind: MetricKind
    unit: str
    better: str
    words: Sentence
    lo: float = -math.inf
    hi: float = math.inf
    defines: str = ""
    headline_rank: int | None = None
    compared: bool = False
    summary_label: str | None = None
    summary_rank: int | None = None
    leaderboard_rank: int | None = None

    @property
    def axis(self) -> str:
        """The metric's section key."""
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


_I = MetricInfo
_GOLD = "With gold labels: "
# One row per metric: path, label, kind, unit, better, sentence, threshold range, definition, then where it is shown.
# fmt: off
CATALOG: dict[str, MetricInfo] = {i.path: i for i in (
    _I("position.consistency", "Consistency under swap", "rate", "pairs", "higher", w.consistency, 0, 1,
       "Share of pairs that get the same verdict in both orders (a tie in both counts as the same).",
       headline_rank=1, compared=True, summary_label="consistency (same verdict both orders)", summary_rank=1, leaderboard_rank=1),
    _I("position.primacy_share", "Primacy share of flips", "rate", "inconsistent pairs", "closer:0.5", w.primacy,
       0, 1, "Among the pairs whose verdict changes with the order, the share where the first-shown answer won; "
       "exact binomial test against 50% (no preferred slot).",
       compared=True, summary_label="primacy_share (first slot, among flips)", summary_rank=2),
    _I("position.preference_fairness", "Preference fairness", "signed", "pairs", "closer:0", w.fairness, -1, 1,
       "(recency pairs × recency share − primacy pairs × primacy share) / all pairs, where a share is the "
       "fraction of the inconsistent pairs: from −1 (always the first slot) to +1 (always the second), 0 = no "
       "lean (Shi et al. 2024). The pairs are those with both verdicts read.",
       headline_rank=2, compared=True, summary_label="preference_fairness (<0 primacy)", summary_rank=3, leaderboard_rank=2),
    _I("position.preference_fairness_all_pairs", "Preference fairness (all judged pairs)", "signed", "pairs",
       "closer:0", w.fairness, -1, 1, "The same index with Shi et al.'s denominator: every pair judged in both "
       "orders, a pair with an unread verdict counting as neither primacy nor recency (so failed extraction pulls "
       "it towards 0)."),
    _I("position.first_slot_rate", "First-slot rate", "rate", "judgments", "closer:0.5", w.first_slot, 0, 1,
       "Share of all read non-tie verdicts that pick the first-shown answer, each verdict counted also when the "
       "item's other order is missing or unread; score test against 50%, except on data judged in one order only, "
       "where each answer kept its slot and the rate mixes slot and content.",
       compared=True, summary_label="first_slot_rate", summary_rank=4),
    _I("position.first_slot_rate_complete_pairs", "First-slot rate (complete pairs)", "rate", "judgments",
       "closer:0.5", w.first_slot, 0, 1, "The same over the verdicts of pairs with both orders read only, where "
       "every answer is seen once in each slot: unread outputs that depend on the content cannot pass for a slot "
       "preference here."),
    _I("position.accuracy_single", "Accuracy (one order)", "rate", "judgments", "higher", w.acc_single, 0, 1,
       _GOLD + "share of all read verdicts that pick the gold-preferred answer, each verdict counted also when "
       "the item's other order is missing or unread (a tie is not correct).",
       compared=True, summary_label="accuracy_single (vs gold)", summary_rank=5),
    _I("position.accuracy_both_orders", "Accuracy (both orders)", "rate", "pairs", "higher", w.acc_both, 0, 1,
       _GOLD + "share of pairs where the judge picks the gold-preferred answer in both orders.",
       compared=True, summary_label="accuracy_both_orders", summary_rank=6, leaderboard_rank=3),
    _I("position.repetition_stability", "Repetition stability", "rate", "prompts", "higher", w.repetition, 0, 1,
       "When the judge samples and sees each prompt several times: the mean over prompts of the share of its "
       "most common verdict (1 = the same verdict every time)."),
    _I("verbosity.prefer_longer_rate", "Prefers the longer answer", "rate", "judgments", "closer:0.5",
       w.prefer_longer, 0, 1, "Share of non-tie verdicts that pick the longer answer, where the two answers "
       "differ by more than 30 characters.",
       headline_rank=3, compared=True, summary_label="prefer_longer_rate", summary_rank=7, leaderboard_rank=4),
    _I("verbosity.eo_gap", "Length equal-opportunity gap", "diff", "judgments", "closer:0", w.verb_eo, -1, 1,
       _GOLD + "P(picks the longer | gold prefers the longer) − P(picks the shorter | gold prefers the "
       "shorter), where the answers differ by more than 30 characters (Saito et al. 2023).", compared=True),
    _I("verbosity.length_coef", "Length coefficient", "coef", "judgments", "closer:0", w.length_coef,
       defines="Log-odds effect of tanh(length difference / its standard deviation) in a logistic model of the "
       "verdict with gold and slot as covariates, standard errors clustered by item, t interval on items − 1 "
       "degrees of freedom (0 = length does not matter at equal quality and slot). Not estimable "
       "(`estimable: false`, `note` says why) when the verdicts are (nearly) separated.",
       headline_rank=2, compared=True, summary_label="length_coef (logit)", summary_rank=10, leaderboard_rank=5),
    _I("verbosity.padding_flip_rate", "Padding flip rate", "rate", "judgments", "lower", w.pad_flip, 0, 1,
       "Among items the judge got right unpadded in both orders, the share of judgments that move to the worse "
       "answer once it is padded with content-free filler.",
       headline_rank=1, compared=True, summary_label="padding_flip_rate", summary_rank=8),
    _I("verbosity.padding_control_rate", "Padding control rate", "rate", "judgments", "lower", w.pad_control, 0, 1,
       "The same when the better answer is padded: a control, near 0 for any judge.",
       compared=True, summary_label="padding_control_rate", summary_rank=9),
    _I("verbosity.padding_flip_excess", "Padding flip excess", "diff", "judgments", "closer:0", w.pad_excess, -1, 1,
       "Padding flip rate minus padding control rate: the pull of padding net of the noise any change to the "
       "prompt causes."),
    _I("verbosity.padding_dose_slope", "Padding dose slope", "coef", "judgments", "closer:0", w.dose,
       defines="Log-odds slope of picking the padded answer on the padding size (added / original characters) "
       "over three or more sizes: the dose-response curve in one number.", compared=True),
    _I("self_preference.eo_gap", "Self-preference equal-opportunity gap", "diff", "judgments", "closer:0",
       w.self_eo, -1, 1, _GOLD + "P(picks its own family's answer | gold prefers it) − P(picks the other | gold "
       "prefers the other), where exactly one answer is of the judge's family (Wataoka et al. 2024).",
       headline_rank=1, compared=True, summary_label="self_preference eo_gap", summary_rank=11),
    _I("self_preference.excess_win_rate", "Own-family excess win rate", "diff", "judgments", "closer:0",
       w.excess, -1, 1, "On pairs with exactly one answer of the judge's family: the judge's win rate for that "
       "answer minus the win rate third-party judges (of neither answer's family) give it on the same pairs in the "
       "same order, slot-balanced; cluster-robust t interval by item (docs/panel.md).", headline_rank=2, compared=True,
       summary_label="self_preference excess_win_rate", summary_rank=12, leaderboard_rank=6),
    _I("self_preference.own_probability", "Own-answer probability", "rate", "items", "closer:0.5", w.own_prob, 0, 1,
       "With verdict probabilities (p_a): the probability the judge gives its own family's answer, averaged over "
       "both orders of each pair with exactly one such answer. Moves with the answers' real quality too."),
    _I("score_vs_rank.rank_accuracy", "Pairwise accuracy", "rate", "judgments", "higher", w.rank_acc, 0, 1,
       "Share of side-by-side verdicts that agree with gold.",
       compared=True, summary_label="rank_accuracy", summary_rank=13),
    _I("score_vs_rank.score_accuracy", "Score accuracy", "rate", "pairs", "higher", w.score_acc, 0, 1,
       "Share of pairs where the answer scored higher on its own is the gold-preferred one (a tied score counts "
       "one half).", compared=True, summary_label="score_accuracy", summary_rank=14),
    _I("score_vs_rank.score_tie_rate", "Score tie rate", "rate", "pairs", "lower", w.tie, 0, 1,
       "Share of pairs whose two answers get the same score: a tied score cannot rank them.",
       headline_rank=2, compared=True, summary_label="score_tie_rate", summary_rank=15),
    _I("score_vs_rank.agreement", "Score/rank agreement", "rate", "judgments", "higher", w.agree, 0, 1,
       "Share of the read side-by-side verdicts, on items whose two answers got different scores, that pick the "
       "higher-scored answer.", headline_rank=1, compared=True, leaderboard_rank=7),
    _I("score_vs_rank.accuracy_gap", "Rank minus score accuracy", "diff", "pairs", "closer:0", w.gap, -1, 1,
       "Pairwise accuracy minus score accuracy: how much more often comparing is right than scoring."),
    _I("score_vs_rank.transitivity_violations", "Transitivity violations", "rate", "triads", "lower",
       w.transitivity, 0, 1, "Share of answer triads (items with three or more answers) whose side-by-side "
       "preferences form a cycle (A > B > C > A)."),
    _I("calibration.ece", "Expected calibration error", "rate", "pairs", "lower", w.ece, 0, 1,
       "Mean gap between stated confidence and accuracy over 10 equal-mass bins, debiased for the noise of "
       "each bin's accuracy (Kumar et al. 2019; 0 = calibrated); `plug_in` holds the binned value.",
       headline_rank=1, compared=True),
    _I("calibration.brier", "Brier score", "number", "pairs", "lower", w.brier, 0, 1,
       "Mean squared error of the verdict probability against gold (0 = perfect, 0.25 = a constant 50% guess).",
       headline_rank=2, compared=True),
    _I("calibration.auroc", "AUROC of confidence", "number", "pairs", "higher", w.auroc, 0, 1,
       "How well the stated confidence tells right verdicts from wrong ones: area under the ROC curve "
       "(0.5 = confidence tells nothing, 1 = it separates them perfectly).", compared=True),
    _I("robustness.fleiss_kappa", "Agreement across prompt wordings (Fleiss' kappa)", "number", "item-orders",
       "higher", w.kappa, -1, 1, "Fleiss' kappa of the verdicts under the wordings, one subject per item and "
       "order (1 = the same verdict under every wording, 0 = no more agreement than chance); cluster bootstrap "
       "by item."),
    _I("robustness.template_dependence", "Verdict depends on the prompt wording", "rate", "items", "lower",
       w.template_dependence, 0, 1, "Share of items where some order gets different verdicts under different "
       "wordings."),
    _I("robustness.accuracy_spread", "Accuracy spread across wordings", "diff", "template judgments", "lower",
       w.accuracy_spread, 0, 1, _GOLD + "the best minus the worst accuracy over the wordings."),
    # the no-lean share is 1/k; the listwise suites show k = 3 answers
    _I("listwise.first_slot_share", "First-slot share", "rate", "listwise judgments", f"closer:{1 / 3}",
       w.slot_share("first"), 0, 1, "Share of picks that go to the answer in the first slot, against 1/k (no "
       "lean: every answer sits in every slot once); score interval and test clustered by group."),
    _I("listwise.last_slot_share", "Last-slot share", "rate", "listwise judgments", f"closer:{1 / 3}",
       w.slot_share("last"), 0, 1, "The same for the last slot."),
    _I("listwise.position_consistency", "Same winner in every rotation", "rate", "groups", "higher",
       w.listwise_consistency, 0, 1, "Share of groups, every rotation read, where one answer wins every "
       "rotation: the listwise analogue of consistency under swap."),
)}

# cues.<cue>.<metric>: cue ids are data (judgeaudit/probes/cues.yaml); these are the shipped ones
SHIPPED_CUES = ("sycophancy", "bandwagon", "authority")
CUE_METRICS: dict[str, MetricInfo] = {i.path.rsplit(".", 1)[1]: i for i in (
    _I("cues.<cue>.flip_excess", "flip excess over the neutral insert", "diff", "cued and neutral judgments",
       "closer:0", w.cue_words("<cue>", "flip_excess"), -1, 1, "Flip rate minus the neutral insert's flip rate: "
       "the pull of what the cue says, net of the prompt merely changing; paired score (MOVER) interval by item."),
    _I("cues.<cue>.flip_rate", "flips to the cued answer", "rate", "judgments", "lower",
       w.cue_words("<cue>", "flip_rate"), 0, 1, "Among judgments whose verdict without the cue was not the cued "
       "answer, the share whose verdict with the cue is."),
    _I("cues.<cue>.flip_rate_neutral", "flips under the neutral insert (control)", "rate", "judgments", "lower",
       w.cue_words("<cue>", "flip_rate_neutral"), 0, 1, "The same with the neutral insert instead of the cue."),
    _I("cues.<cue>.robustness_rate", "verdict unchanged by the cue", "rate", "judgments", "higher",
       w.cue_words("<cue>", "robustness_rate"), 0, 1, "Share of judgments whose verdict with the cue is the "
       "verdict without it."),
    _I("cues.<cue>.robustness_rate_neutral", "verdict unchanged by the neutral insert (control)", "rate",
       "judgments", "higher", w.cue_words("<cue>", "robustness_rate_neutral"), 0, 1,
       "The same with the neutral insert instead of the cue."),
)}
# joint.coefficients.<term>: one per term of the model the run could fit
COEFFICIENT = _I("joint.coefficients.<term>", "Joint coefficient, per term", "coef", "judgments", "closer:0",
                 w.coef("<term>"), defines="The term's log-odds effect on picking an answer, the other terms "
                 "held fixed (0 = no effect). `gold` is the quality signal a good judge follows; every other "
                 "term (`first_slot`, `length`, `same_family`, `cue_<cue>`) is a bias. Not estimable (`estimable: "
                 "false`, `note` says why) when the verdicts are (nearly) separated on it.")
# <section>.extraction_success_rate and <section>.n_unparsed, in every section
READABILITY = (
    _I("<section>.extraction_success_rate", "Readable verdicts", "rate", "judgments", "higher",
       w.extraction("<section>"), 0, 1, "Share of the section's judge outputs that could be read as a verdict."),
    _I("<section>.n_unparsed", "Unreadable outputs", "count", "judgments", "lower", w.unparsed("<section>"), 0,
       defines="Number of the section's outputs that could not be read as a verdict: counted and left out, "
       "never guessed. A judge that fails to answer is not unbiased."),
)
# fmt: on


def cue_info(cue: str, metric: str) -> MetricInfo:
    """The catalogue entry of ``cues.<cue>.<metric>``."""
    template = CUE_METRICS[metric]
    return replace(
        template,
        path=f"cues.{cue}.{metric}",
        words=w.cue_words(cue, metric),
        label=f"{cue.replace('_', ' ').capitalize()}: {template.label}",
    )


for _cue in SHIPPED_CUES:
    for _metric in CUE_METRICS:
        CATALOG[f"cues.{_cue}.{_metric}"] = cue_info(_cue, _metric)

# <section>.<id>.<metric> of the biases and perturbation sections: the templates, and the entry of one id
ARM_METRICS: dict[str, MetricInfo] = {
    metric: _I(f"<section>.<id>.{metric}", label, kind, unit, better, arms.arm_words("<id>", metric), lo, hi, defines)
    for metric, (label, kind, unit, better, lo, hi, defines) in arms.ARM_METRICS.items()
}


def arm_info(section: str, pid: str, metric: str) -> MetricInfo:
    """The catalogue entry of ``<section>.<id>.<metric>`` (``biases`` or ``perturbation``)."""
    template = ARM_METRICS[metric]
    return replace(
        template,
        path=f"{section}.{pid}.{metric}",
        words=arms.arm_words(pid, metric),
        label=f"{pid.replace('_', ' ').capitalize()}: {template.label}",
        better=arms.BETTER.get((pid, metric), template.better),
    )


for _section in SECTIONS:
    # the comparison shows readability once, on the section every battery has
    CATALOG[f"{_section.key}.extraction_success_rate"] = replace(
        READABILITY[0],
        path=f"{_section.key}.extraction_success_rate",
        words=w.extraction(_section.key),
        compared=_section is SECTIONS[0],
    )
    CATALOG[f"{_section.key}.n_unparsed"] = replace(
        READABILITY[1], path=f"{_section.key}.n_unparsed", words=w.unparsed(_section.key)
    )

_COEF = re.compile(r"^joint\.coefficients\.([A-Za-z_][A-Za-z0-9_]*)$")
_CUE = re.compile(r"^cues\.([A-Za-z_][A-Za-z0-9_-]*)\.(" + "|".join(CUE_METRICS) + r")$")


def info(path: str) -> MetricInfo | None:
    """The catalogue entry of a metric path, or None when the path names no metric."""
    if path in CATALOG:
        return CATALOG[path]
    m = _COEF.match(path)
    if m:
        term = m.group(1)
        return replace(COEFFICIENT, path=path, label=f"Joint coefficient: {term.replace('_', ' ')}", words=w.coef(term))
    m = _CUE.match(path)
    if m and m.group(1) not in ("cue_ids", "n_unparsed", "extraction_success_rate"):
        return cue_info(m.group(1), m.group(2))
    parts = arms.parse(path)
    return arm_info(*parts) if parts else None


def metric_paths(section: str, metrics: dict[str, Any] | None = None) -> list[str]:
    """The metric paths of one section, in catalogue order; with ``metrics``, also the per-cue and per-term
    paths that run has (cue ids and the joint model's terms are known only from the run)."""
    paths = [p for p in CATALOG if p.split(".", 1)[0] == section]
    if section == "cues":  # one block of rows per cue the run has, control rows included
        ids = lookup(metrics, "cues.cue_ids")
        paths = [p for p in paths if p.count(".") == 1]
        paths += [f"cues.{c}.{m}" for c in (ids if isinstance(ids, list) else []) for m in CUE_METRICS]
    if section in arms.ARM_SECTIONS:  # one block of rows per treatment or perturbation id the run has
        paths += arms.arm_paths(section, metrics)
    coef = lookup(metrics, "joint.coefficients") if section == "joint" else None
    if isinstance(coef, dict):
        paths += [f"joint.coefficients.{k}" for k in coef]
    return paths


def sentence(path: str, est: Mapping[str, Any], metrics: dict[str, Any] | None) -> str:
    """The plain-words reading of one estimate (a metrics.json node)."""
    meta = info(path)
    if meta is None or read_estimate(est) is None:
        note = est.get("note") if isinstance(est, dict) else None
        return str(note) if note else "Not estimable from these judgments."
    return meta.words(est, metrics or {})
