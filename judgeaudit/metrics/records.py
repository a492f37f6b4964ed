"""The two records of the metric catalogue: a :class:`Section` of metrics.json and a :class:`MetricInfo` per number.

Each section's module in :mod:`judgeaudit.metrics.sections` holds one ``SECTION`` and its ``METRICS``; the
report, the vetting gate, the comparison, the terminal summary and docs/metrics.md read them from there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypedDict

from judgeaudit.contracts.vocab import Better
from judgeaudit.metrics.units import MetricKind
from judgeaudit.metrics.words import Est, Metrics, Sentence, render


class Readability(TypedDict):
    """What every section of metrics.json reports of its judge outputs (``stats.pairs.parse_counts``)."""

    n_unparsed: int
    extraction_success_rate: float | None


@dataclass(frozen=True)
class Section:
    """One section of metrics.json: what one probe (or one kind of judgment) measures.

    Attributes:
        key: its key in metrics.json (``position``).
        order: where it stands among the sections, in the report, the gate's reasons, the comparison and
            docs/metrics.md (lowest first; the shipped sections use 10 to 130, a new one takes a free number).
        title: its heading in the report and the comparison.
        optional: True for the probes beyond the classic biases: the report shows the section only where a
            run has it, and a failure of its statistics is reported in the section rather than raised. A core
            section a run lacks is shown with ``absent_reason``.
        absent_reason: what the section needs, in one line (``needs ...``).
        about: what the section measures, in plain words (docs/metrics.md).
        details: keys of the section that hold the data behind its plots and tables or a reference value,
            not metrics, each with what it holds.
        left_out_when_absent: metrics.json leaves the key out (rather than null) where a run lacks the
            section: sections added after runs were published, so those runs' metrics.json stay as they were.
    """

    key: str
    order: int
    title: str
    optional: bool
    absent_reason: str
    about: str
    details: tuple[tuple[str, str], ...] = ()
    left_out_when_absent: bool = False


@dataclass(frozen=True)
class MetricInfo:
    """How to show, gate and compare one metric.

    Attributes:
        path: dotted path in metrics.json (``position.consistency``).
        label: its title in tables and cards.
        kind: ``rate`` (0..1, shown as %), ``diff`` (difference of rates, shown in points), ``signed``
            (an index in [-1, 1]), ``coef`` (a log-odds coefficient), ``number`` or ``count``.
        unit: what ``n`` counts (``pairs``, ``judgments``, ``inconsistent pairs``, ``items``).
        words: the plain-words sentence for an estimate: a template (``{value:pct}``, ``{value:pp}``,
            ``{value:.2f}``, ``{n}``, ``{name}``, ``{section}``: see :func:`judgeaudit.metrics.words.render`)
            or, where the sentence branches or reads a neighbour, a function of the estimate and the whole
            metrics dict.
        better: ``higher`` or ``lower`` is better (less bias); None where ``ideal`` is the no-bias value.
        ideal: the no-bias value, where being closer to it is better (0.5 for a slot share).
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
    words: str | Sentence
    better: Better | None = None
    ideal: float | None = None
    lo: float = -math.inf
    hi: float = math.inf
    defines: str = ""
    headline_rank: int | None = None
    compared: bool = False
    summary_label: str | None = None
    summary_rank: int | None = None
    leaderboard_rank: int | None = None

    def __post_init__(self) -> None:
        if (self.better is None) == (self.ideal is None):
            raise ValueError(f"{self.path}: give either better (higher/lower) or the ideal value, not both")

    @property
    def axis(self) -> str:
        """The metric's section key."""
        return self.path.split(".", 1)[0]

    @property
    def ideal_text(self) -> str:
        """The no-bias value as written in the comparison and the leaderboard (``0``, ``0.5``); empty without one."""
        if self.ideal is None:
            return ""
        return str(int(self.ideal)) if float(self.ideal).is_integer() else str(self.ideal)

    @property
    def direction(self) -> str:
        """``higher``, ``lower`` or ``closer:<ideal>``: the direction as the comparison and leaderboard files write it."""
        return f"closer:{self.ideal_text}" if self.ideal is not None else str(self.better)

    def better_words(self, closer: str = "closer to {} is better") -> str:
        """``higher is better``, ``lower is better``, or ``closer`` filled with the no-bias value."""
        return closer.format(self.ideal_text) if self.ideal is not None else f"{self.better} is better"

    def badness(self, value: float) -> float:
        """Distance from "no bias / best" in this metric's direction: smaller is better."""
        if self.ideal is not None:
            return abs(value - self.ideal)
        return -value if self.better == "higher" else value

    def sentence(self, est: Est, metrics: Metrics) -> str:
        """The plain-words reading of one estimate of this metric."""
        if isinstance(self.words, str):
            return render(self.words, self.path, est)
        return self.words(est, metrics)
