"""All biases at once: one logistic model of every pairwise verdict."""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section
from judgeaudit.metrics.words import Est, Metrics, Sentence, value_of

SECTION = Section(
    key="joint",
    order=60,
    title="All biases at once",
    optional=False,
    absent_reason="needs pairwise judgments with enough variation in slot, length and family to fit one model.",
    about=(
        "One logistic model over all pairwise verdicts: gold, first slot, length, own family (and the cues of "
        "the cues probe) as partial effects on the same items, so a length effect is not mistaken for a "
        "self-preference effect. Standard errors are clustered by item."
    ),
)


def coef_words(term: str) -> Sentence:
    """The plain-words reading of ``joint.coefficients.<term>``."""

    def words(e: Est, m: Metrics) -> str:
        return (
            f"Holding the other biases fixed, '{term}' shifts the log-odds of choosing an answer by "
            f"{(value_of(e) or 0.0):+.2f} (0 = no effect)."
        )

    return words


# joint.coefficients.<term>: one per term of the model the run could fit (the catalogue's info() makes each entry)
COEFFICIENT = MetricInfo(
    "joint.coefficients.<term>",
    "Joint coefficient, per term",
    "coef",
    "judgments",
    ideal=0,
    words=coef_words("<term>"),
    defines=(
        "The term's log-odds effect on picking an answer, the other terms held fixed (0 = no effect). `gold` is "
        "the quality signal a good judge follows; every other term (`first_slot`, `length`, `same_family`, "
        "`cue_<cue>`) is a bias. Not estimable (`estimable: false`, `note` says why) when the verdicts are "
        "(nearly) separated on it."
    ),
)
METRICS: tuple[MetricInfo, ...] = ()


class JointMetrics(Readability, total=False):
    """The ``joint`` section of metrics.json: one cluster-robust logit, every bias at once."""

    n_ties_excluded: int
    n: int
    n_items: int
    coefficients: dict[str, Estimate]
    dropped: list[str]
    separation: bool
    estimable: bool
    information: float | None
    note: str | None
    length_scale: float | None
    coding: dict[str, str]
