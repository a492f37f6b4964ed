"""The view models the report's Jinja templates read: one record per thing a template shows.

Each is built by one function of :mod:`judgeaudit.pages` (named in its docstring) and read by name in a
template, so a key renamed here is a key the templates must follow.
"""

from __future__ import annotations

from typing import TypedDict

from markupsafe import Markup

from judgeaudit.contracts.vocab import Winner


class Clipped(TypedDict):
    """A text cut for the page (``evidence.clip``): the kept text and how many characters were left out."""

    text: str | None
    hidden: int


class OrderView(TypedDict):
    """One presentation order of a pair and what the judge said under it (``evidence._order_view``)."""

    order: str | None
    shown: str
    winner: str | None
    winner_text: str
    slot: str | None
    p_a: float | None
    correct: bool | None
    raw: Clipped


class PairTexts(TypedDict):
    """The texts of a pair, clipped (``evidence._texts``)."""

    instruction: Clipped
    response_a: Clipped
    response_b: Clipped
    has_text: bool


class SwapFlip(PairTexts):
    """One pair whose verdict changed when the answers swapped places (``evidence.swap_flips``)."""

    item_id: str
    suite: str | None
    label: Winner | None
    kind: str
    summary: str
    len_a: int | None
    len_b: int | None
    model_a: str | None
    model_b: str | None
    orders: list[OrderView]


class SwapFlips(TypedDict):
    """The swapped pairs shown, out of how many flipped and how many were judged in both orders."""

    total: int
    n_pairs: int
    shown: list[SwapFlip]


class PaddedWin(TypedDict):
    """A padded worse answer that beat the better one (``evidence.padded_wins``)."""

    item_id: str
    suite: str | None
    variant: str
    target: str
    better: str
    pad_ratio: float | None
    pad_style: str | None
    won_both: bool
    won: int
    n_orders: int
    instruction: Clipped
    better_text: Clipped
    padded_text: Clipped
    original_text: Clipped
    len_before: object
    len_after: object
    has_text: bool
    orders: list[OrderView]


class PaddedWins(TypedDict):
    """The padded wins shown, out of how many won and how many padded pairs there were."""

    total: int
    n_padded: int
    shown: list[PaddedWin]


class Table(TypedDict):
    """A plain table under a section's plot: caption, header cells, rows of cells."""

    caption: str
    head: list[str]
    rows: list[list[str]]


class Extras(TypedDict, total=False):
    """The facts only some sections have (``sections._extras`` and the ``extras`` of a ``SectionPlot``)."""

    n_unparsed: object
    extraction: object
    classes: list[tuple[str, object]] | None
    recommendation: object
    recommendation_reason: object
    note: object
    tables: list[Table]


class EstimateRow(TypedDict):
    """One catalogued estimate of a section as a table row (``sections.metric_rows``)."""

    label: str
    path: str
    value: str
    ci: str
    n: object
    p: str | None
    p_holm: str | None
    words: object


class SectionView(TypedDict, total=False):
    """One section of the report (``sections.sections``): present with its plot and tables, or absent and why."""

    id: str
    title: str
    present: bool
    absent: str
    plot: Markup | None
    caption: str | None
    no_plot: str | None
    rows: list[EstimateRow]
    extras: Extras


class Card(TypedDict):
    """One verdict card of the vetting gate (``cards.card``)."""

    status: str
    axis: str
    title: str
    metric: str
    value: str | None
    ci: str | None
    n: int | None
    unit: str | None
    rule: str
    why: str
    words: str
    reason: str
    more_pairs: int | None
    more_units: int | None
    mde: str | None
    strip: Markup | None
    p_value: float | None
    p_kind: str
    note: object


class PowerRow(TypedDict):
    """One line of the power table (``cards.power_rows``): what n the run has and what it would need."""

    label: str
    n: object
    mde: object
    target: object
    needed: object
    enough: object


class SuiteView(TypedDict):
    """One suite the manifest records, as the report lists it (``html.suites``)."""

    name: object
    version: object
    n_items: object
    data: object
    sha256: object
    items_sha256: object
    probes: str


class JudgeView(TypedDict):
    """The verdict, sections, evidence and power of one judge of a run (``judges.judge_view``)."""

    name: str | None
    slug: str
    prefix: str
    family: object
    overall: str
    counts: dict[str, int]
    cards: list[Card]
    skipped: list[Card]
    content_blind: str | None
    sections: list[SectionView]
    power: list[PowerRow]
    flips: SwapFlips
    padded: PaddedWins
    unknown_families: list[tuple[str, str, int]]


class PolicyView(TypedDict):
    """The vetting policy the report was judged under."""

    name: str
    version: object
    description: str
    path: object


class ReportContext(TypedDict):
    """Everything report.html shows (``html.build_context``): the template only lays it out."""

    title: str
    judge: object
    judge_family: object
    run_dir: str
    generated: object
    policy: PolicyView
    overall: str
    counts: dict[str, int]
    cards: list[Card]
    skipped: list[Card]
    content_blind: str | None
    load_problems: list[str]
    multi_judge: list[str] | None
    judges: list[JudgeView]
    sections: list[SectionView]
    power: list[PowerRow]
    flips: SwapFlips
    padded: PaddedWins
    have_judgments: bool
    facts: list[tuple[str, str]]
    suites: list[SuiteView]
    versions: list[tuple[str, str]]
    n_unparsed: int | None
    n_judgments: object
    problems: list[str]
    n_problems: int
    manifest_json: str | None
    sections_list: tuple[str, ...]
