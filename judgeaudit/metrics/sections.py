"""The sections of metrics.json, in the one order everything shows them: the report, the vetting gate's
reasons, the comparison and docs/metrics.md all read this list.

A section is what one probe (or one kind of judgment) measures. Adding a probe adds one :class:`Section`
here, its metrics in :mod:`judgeaudit.metrics.catalog`, its statistics in ``judgeaudit.stats.SECTION_FUNCS``
and its plot in ``judgeaudit.pages.sections.PLOTS``; a test checks that the four agree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One section of metrics.json.

    Attributes:
        key: its key in metrics.json (``position``).
        title: its heading in the report and the comparison.
        optional: True for the probes beyond the classic biases: the report shows the section only where a
            run has it. A core section a run lacks is shown with ``absent_reason``.
        absent_reason: what the section needs, in one line (``needs ...``).
        about: what the section measures, in plain words (docs/metrics.md).
        details: keys of the section that hold the data behind its plots and tables or a reference value,
            not metrics, each with what it holds.
        left_out_when_absent: metrics.json leaves the key out (rather than null) where a run lacks the
            section: sections added after runs were published, so those runs' metrics.json stay as they were.
    """

    key: str
    title: str
    optional: bool
    absent_reason: str
    about: str
    details: tuple[tuple[str, str], ...] = ()
    left_out_when_absent: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(
        "position",
        "Position bias",
        False,
        "needs pairwise judgments of the original pairs in both orders (the position probe).",
        "Does the verdict depend on which answer is shown first? Each pair is judged in both orders; a pair "
        "is consistent when the same answer wins both times, and an inconsistent pair leans to the first "
        "slot (primacy) or the second (recency). Pairs with an unreadable verdict are left out and counted.",
    ),
    Section(
        "verbosity",
        "Verbosity bias",
        False,
        "needs pairwise judgments with response lengths, and padded variants for the dose curve (the verbosity probe).",
        "Does a longer answer win because it is longer? Observed: how often the longer of two natural answers "
        "wins, and the effect of length at equal quality. Controlled: the verbosity probe pads one answer with "
        "content-free filler, quality held fixed, and counts the verdicts that move.",
        (("dose_curve", "flip and control rate at each padding size (the report's dose-response plot)"),),
    ),
    Section(
        "self_preference",
        "Self-preference",
        False,
        "needs the model family of each response (family_a, family_b) and of the judge (the family probe).",
        "Does the judge favour answers written by its own model family? With gold labels, its verdicts on its "
        "own family's answers are held against its verdicts on the others; without, against the verdicts other "
        "judges give the same pairs.",
        (("family_matrix", "win rate of each response family under each judge family (the report's heatmap)"),),
    ),
    Section(
        "score_vs_rank",
        "Score vs rank",
        False,
        "needs each response also scored on its own (score-mode judgments of the score_vs_rank probe).",
        "Should this judge compare two answers side by side, or score each alone? The same items are judged "
        "both ways; the report recommends the protocol that agrees with gold more often.",
    ),
    Section(
        "calibration",
        "Calibration",
        False,
        "needs verdict probabilities (p_a, from logprob mode) and gold labels.",
        "Does the judge's stated confidence match how often it is right? The verdict probabilities of the two "
        "orders are averaged, mapped back to the answers, and held against gold.",
        (
            ("reliability", "accuracy against stated confidence in equal-mass bins (the reliability diagram)"),
            ("ece_calibrated_baseline", "the calibration error a perfectly calibrated judge would show at this n"),
        ),
    ),
    Section(
        "joint",
        "All biases at once",
        False,
        "needs pairwise judgments with enough variation in slot, length and family to fit one model.",
        "One logistic model over all pairwise verdicts: gold, first slot, length, own family (and the cues "
        "of the cues probe) as partial effects on the same items, so a length effect is not mistaken for a "
        "self-preference effect. Standard errors are clustered by item.",
    ),
    Section(
        "robustness",
        "Prompt-template robustness",
        True,
        "needs the template probe (the same pairs judged under several prompt wordings).",
        "Does the verdict survive a prompt that means the same thing? Each item is judged in both orders "
        "under several rewordings of the judge's prompt (paraphrases and changes of form); the judge's own "
        "prompt is the control. Read agreement with the first-slot rates: a judge that always picks one slot "
        "agrees with itself perfectly while knowing nothing.",
        (
            ("per_template", "accuracy, first-slot rate and agreement with the own prompt, per wording"),
            ("by_set", "agreement and dependence over the own prompt and one set of wordings"),
        ),
    ),
    Section(
        "cues",
        "Sycophancy, bandwagon and authority cues",
        True,
        "needs the cues probe (cued judgments, and the same with a neutral insert).",
        'Does a hint in the prompt move the verdict ("I think B is better", "most reviewers preferred B", a '
        "fabricated citation)? Each cue points at one answer, the gold-worse one where gold is known; the "
        "control is a neutral insert of the same length in the same place. Cue ids are data "
        "(`judgeaudit/probes/cues.yaml`): every metric is reported per cue, as `cues.<cue>.<metric>`.",
    ),
    Section(
        "listwise",
        "More than two answers",
        True,
        "needs the listwise probe (three or more answers judged at once).",
        "With three or more answers shown at once, which slot wins? Each group is judged in every rotation of "
        "its answers (a Latin square), so every answer sits in every slot once and a judge that reads only "
        "content spreads its picks evenly.",
        (
            ("slot_shares", "the share of picks of every slot against 1/k"),
            ("position_chi2", "chi-square of the slot counts against equal slots"),
            ("by_k", "the same section for each group size, when groups of several sizes were judged"),
        ),
    ),
    Section(
        "biases",
        "Bias probes against their placebos",
        True,
        "needs a bias probe (distraction, fallacy_oversight, refinement_aware, sentiment, identity, "
        "compassion_fade, style_format, chain_of_thought: treated and placebo judgments).",
        "Do the remaining biases of the field's catalogues move the verdict: an irrelevant sentence, a fallacious "
        "justification, a note that an answer was refined, a cheerful or angry tone, an author identity line, "
        "model names, markdown structure, being asked to reason first? Each treatment is judged against a "
        "placebo, a content-free change of the same size in the same place, paired by item and order "
        "(docs/biases.md). Treatment ids are data: every metric is reported per id, as `biases.<id>.<metric>`.",
        left_out_when_absent=True,
    ),
    Section(
        "perturbation",
        "Dataset-provided perturbations",
        True,
        "needs the perturbation probe (items that declare variant_of, judged against their original).",
        "Does a dataset's own perturbed copy of a pair (a longer rewrite, a citation, a cheerful rewrite) move "
        "the verdict more than a placebo of the same size? Each variant is judged with its original and a "
        "placebo, paired by item and order. Perturbation names are the dataset's: every metric is reported "
        "per name, as `perturbation.<name>.<metric>`.",
        left_out_when_absent=True,
    ),
)
BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}


def section(key: str) -> Section | None:
    """The section of a metrics.json key, or None when the key names no section."""
    return BY_KEY.get(key)


def section_keys() -> tuple[str, ...]:
    """Every section's key, in order."""
    return tuple(s.key for s in SECTIONS)
