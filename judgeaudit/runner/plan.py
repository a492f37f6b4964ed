"""From suite options to a plan: which suites and items a run judges, and every request it will make.

:class:`SuiteSelection` is the one record of ``judgeaudit probe``'s "which suites" options (suites, data,
probes, limit, seed, data directory, family rules); :meth:`SuiteSelection.load` turns it into
:class:`SuiteWork` (a suite, its items, its probes), and :func:`plan` expands the work into tasks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from judgeaudit.contracts.answers import Answer, load_data
from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import JudgmentKey, judgment_key
from judgeaudit.contracts.manifest import SuiteRecord
from judgeaudit.datasets.families import fill_item_families
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.judge import Judge
from judgeaudit.probes import Task
from judgeaudit.probes import probes as probe_registry
from judgeaudit.probes.grading import ANSWER_PROBES
from judgeaudit.probes.suites import ProbeSpec, Suite, expand, items_digest, load_suite_items
from judgeaudit.probes.texts import text_files


class SuiteWork(NamedTuple):
    """One suite to run: the suite, its items (families filled in) and the probes to run on them."""

    suite: Suite
    items: Sequence[Item | Answer]
    probes: Sequence[ProbeSpec]


@dataclass(frozen=True)
class SuiteSelection:
    """Which suites and items a run judges (``--suite``, ``--data``, ``--probe``, ``--limit``, ...).

    Attributes:
        suites: suite names or .yaml files; default ``starter``, or none when ``data`` is given.
        data: your own pairs (items contract JSONL), run with ``probes`` (default ``position``).
        probes: the probes to run on ``data``.
        limit: a seeded, label-balanced sample of this many items per suite.
        seed: the sampling seed (and the run's bootstrap seed).
        data_dir: where the public datasets are (default: env JUDGEAUDIT_DATA, else ../shared/data).
        family_rules: ``{name pattern: family}`` before the built-in table, for the answers' models.
    """

    suites: tuple[str, ...] = ()
    data: str | Path | None = None
    probes: tuple[str, ...] = ()
    limit: int | None = None
    seed: int = 0
    data_dir: str | Path | None = None
    family_rules: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, suites: SuiteSelection | str | Sequence[str]) -> SuiteSelection:
        """A selection from a selection, one suite name, or several."""
        if isinstance(suites, SuiteSelection):
            return suites
        return cls(suites=(suites,) if isinstance(suites, str) else tuple(suites))

    def load(self) -> list[SuiteWork]:
        """(suite, its items, its probes) for each suite to run; ``data`` becomes a suite of its own.

        Answers' families come from their models where the items do not give them (``family_rules`` first).
        Everything is checked here, before any model loads: a bad suite costs nothing.
        """
        work: list[SuiteWork] = []
        self._check_probes()
        if self.data:
            items: Sequence[Item | Answer] = load_data(self.data)
            if self.limit is not None:
                items = sample(items, self.limit, self.seed)
            default = "grader_known" if items and isinstance(items[0], Answer) else "position"
            specs = [ProbeSpec(p) for p in (self.probes or (default,))]
            suite = Suite(
                name=Path(self.data).stem,
                version=1,
                path=Path(self.data).resolve(),
                data={"file": str(self.data)},
                probes=tuple(specs),
            )
            work.append(SuiteWork(suite, items, specs))
        for suite in expand(list(self.suites) if self.suites else ([] if self.data else ["starter"])):
            items = load_suite_items(suite, data_dir=self.data_dir, limit=self.limit, seed=self.seed)
            work.append(SuiteWork(suite, items, list(suite.probes)))
        rules = dict(self.family_rules) or None
        return [SuiteWork(w.suite, fill_item_families(w.items, rules), w.probes) for w in work]

    def _check_probes(self) -> None:
        """``--probe`` names registered probes, and only with ``--data`` (a suite runs the probes it lists)."""
        unknown = [p for p in self.probes if p not in probe_registry]
        if unknown:
            raise JudgeAuditError(
                f"--probe {', '.join(unknown)}: unknown probe; choose among {', '.join(probe_registry.names())}"
            )
        if self.probes and not self.data:
            raise JudgeAuditError(
                f"--probe {', '.join(self.probes)} applies to --data (your own pairs); a suite runs the probes "
                "its file lists: give --data FILE, or choose a suite that runs that probe (judgeaudit suites)"
            )


@dataclass
class Plan:
    """Everything one run will ask the judge, before anything is asked."""

    tasks: list[Task] = field(default_factory=list)
    suites: list[SuiteRecord] = field(default_factory=list)


def plan(judge: Judge, work: Sequence[tuple[Suite, Sequence[Item | Answer], Sequence[ProbeSpec]]]) -> Plan:
    """Expand (suite, items, probe specs) into tasks; each (item, variant, order) once per suite."""
    out = Plan()
    for suite, items, probe_specs in work:
        seen: set[JudgmentKey] = set()
        answers = bool(items) and isinstance(items[0], Answer)
        for spec in probe_specs:
            if answers and spec.name not in ANSWER_PROBES:
                raise JudgeAuditError(
                    f"suite {suite.name!r}: probe {spec.name!r} judges pairs, but the data holds single answers "
                    f"(probes for single answers: {', '.join(sorted(ANSWER_PROBES))})"
                )
            for task in probe_registry.get(spec.name)(judge, items, suite=suite.name, **spec.options):
                key = judgment_key(task.row)
                if key in seen:  # e.g. the verbosity probe's unpadded pair is the position probe's pair
                    continue
                seen.add(key)
                out.tasks.append(task)
        entry: SuiteRecord = {
            "name": suite.name,
            "version": suite.version,
            "file": str(suite.path),
            "sha256": suite.sha256,
            "data": suite.data_source(),
            "n_items": len(items),
            "items_sha256": items_digest(items),
            "probes": [s.name for s in probe_specs],
        }
        # the wording a probe inserted is part of what was measured: its files' hashes, where a probe has any
        texts = {f: h for s in probe_specs for f, h in text_files(s.name, s.options).items()}
        if texts:
            entry["texts"] = texts
        out.suites.append(entry)
    return out
