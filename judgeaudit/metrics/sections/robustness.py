"""Prompt-template robustness: does the verdict survive a prompt that means the same thing?"""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section
from judgeaudit.metrics.units import fmt_num, points
from judgeaudit.metrics.words import Est, Metrics, count_of, value_of

SECTION = Section(
    key="robustness",
    order=70,
    title="Prompt-template robustness",
    optional=True,
    absent_reason="needs the template probe (the same pairs judged under several prompt wordings).",
    about=(
        "Does the verdict survive a prompt that means the same thing? Each item is judged in both orders under "
        "several rewordings of the judge's prompt (paraphrases and changes of form); the judge's own prompt is "
        "the control. Read agreement with the first-slot rates: a judge that always picks one slot agrees with "
        "itself perfectly while knowing nothing."
    ),
    details=(
        ("per_template", "accuracy, first-slot rate and agreement with the own prompt, per wording"),
        ("by_set", "agreement and dependence over the own prompt and one set of wordings"),
    ),
)


def _kappa(e: Est, m: Metrics) -> str:
    k = e.get("n_templates")
    under = f"{k} prompt wordings" if isinstance(k, int) else "prompt wordings"
    return (
        f"Under {under} that ask the same thing, its verdicts agree with Fleiss' kappa {fmt_num(value_of(e))} over "
        f"{count_of(e)} item-orders (1 = the same verdict under every wording, 0 = no more agreement than chance; "
        f"a judge that always picks one slot also scores 1)."
    )


def _accuracy_spread(e: Est, m: Metrics) -> str:
    return (
        f"Its accuracy against gold differs by {points(value_of(e)).lstrip('+')} between its best and its worst "
        f"prompt wording (0 = the wording does not matter)."
    )


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "robustness.fleiss_kappa",
        "Agreement across prompt wordings (Fleiss' kappa)",
        "number",
        "item-orders",
        better="higher",
        lo=-1,
        hi=1,
        words=_kappa,
        defines=(
            "Fleiss' kappa of the verdicts under the wordings, one subject per item and order (1 = the same "
            "verdict under every wording, 0 = no more agreement than chance); cluster bootstrap by item."
        ),
    ),
    MetricInfo(
        "robustness.template_dependence",
        "Verdict depends on the prompt wording",
        "rate",
        "items",
        better="lower",
        lo=0,
        hi=1,
        words=(
            "For {value:pct} of {n} items, rewording the prompt without changing its meaning changes the "
            "verdict in at least one order (0% = the wording never matters)."
        ),
        defines="Share of items where some order gets different verdicts under different wordings.",
    ),
    MetricInfo(
        "robustness.accuracy_spread",
        "Accuracy spread across wordings",
        "diff",
        "template judgments",
        better="lower",
        lo=0,
        hi=1,
        words=_accuracy_spread,
        defines="With gold labels: the best minus the worst accuracy over the wordings.",
    ),
)


class PerTemplate(Readability, total=False):
    """One prompt template's verdicts."""

    template_set: str | None
    accuracy: Estimate
    first_slot_rate: Estimate
    agreement_with_base: Estimate


class TemplateSet(TypedDict):
    """Agreement within one set of templates (with the base template)."""

    templates: list[str]
    fleiss_kappa: Estimate
    template_dependence: Estimate


class RobustnessMetrics(Readability, total=False):
    """The ``robustness`` section of metrics.json."""

    n_items: int
    templates: list[str]
    base_template: str | None
    fleiss_kappa: Estimate
    template_dependence: Estimate
    accuracy_spread: Estimate
    per_template: dict[str, PerTemplate]
    by_set: dict[str, TemplateSet]
