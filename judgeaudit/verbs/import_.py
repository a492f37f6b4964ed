"""``judgeaudit import``: recorded judgments of another format into a run directory, then analyzed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import cast

from judgeaudit.contracts.judgments import Judgment, judgment_line
from judgeaudit.contracts.judgments.duplicates import count_duplicates
from judgeaudit.contracts.manifest import Manifest, utc_now, versions
from judgeaudit.contracts.rundir import DERIVED, JUDGMENTS, MANIFEST, RunDir
from judgeaudit.contracts.rundir_writer import RunDirWriter
from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers import import_judgments
from judgeaudit.importers.base import ImportResult, family_for
from judgeaudit.verbs.analyze import analyze as analyze_judgments
from judgeaudit.verbs.run_outcome import RunOutcome


def import_(
    fmt: str,
    paths: Sequence[str | Path],
    out: str | Path,
    options: Mapping[str, object] | None = None,
    *,
    judge: str | Sequence[str] | None = None,
    family: str | None = None,
    analyze: bool = True,
    family_rules: Mapping[str, str] | None = None,
    juries: Mapping[str, Sequence[str]] | None = None,
) -> RunOutcome:
    """Convert recorded judgments in format ``fmt`` into a run directory, then analyze it (``judgeaudit import``).

    Args:
        fmt: an import format (``judgeaudit.importers.formats()``): mtbench, alpaca_eval, llmbar, generic, ...
        paths: the recorded files or directories.
        out: the run directory to write.
        options: the format's own options (the generic format's ``map`` and ``values``, llmbar's ``round``, ...).
        judge: for a source of one judge, its name (when the source does not record it, or to replace it); for a
            source of several judges, the judges to analyze (every judge is imported and serves as a third party).
        family: the judge's model family, overriding the source's.
        analyze: also compute metrics.json and report.html.
        family_rules: ``{name pattern: family}`` before the built-in table, for every model and judge.
        juries: ``{name: [member judges]}``: also audit each as a virtual judge (see :func:`analyze`).

    Source rows that cannot be read are left out and listed in ``skipped``.
    """
    opts = dict(options or {})
    names = [judge] if isinstance(judge, str) else list(judge or [])
    if len(names) == 1 and fmt == "generic":  # its rows may carry no judge at all: the name fills it in
        opts["judge"] = names[0]
    if family:
        opts["judge_family"] = family
    if family_rules:
        given = opts.get("families")
        opts["families"] = {**family_rules, **(given if isinstance(given, dict) else {})}
    result = import_judgments(fmt, [Path(p) for p in paths], opts)
    selected = _judges_named(result, names, family, opts)
    n_dup = count_duplicates(result.rows, Path(out) / JUDGMENTS)  # a conflict names both source rows
    run = RunDir(Path(out))
    judges = result.judges
    manifest = Manifest(
        judge=", ".join(sorted(judges)) or ", ".join(names) or None,
        judge_family=family or (next(iter(judges.values())) if len(judges) == 1 else None),
        mode="recorded",
        backend={"backend": f"import:{fmt}"},
        sources=result.sources,
        n_judgments=len(result.rows),
        n_skipped=len(result.skipped),
        problems=[str(p) for p in result.skipped],
        imported=utc_now(),
        versions=versions(),
    )
    with RunDirWriter(run.path) as writer:  # held through the analysis: no other run writes in between
        writer.clear(JUDGMENTS, *DERIVED)
        with writer.open_text(JUDGMENTS) as fh:
            fh.writelines(judgment_line(row) for row in result.rows)
        writer.write_json(MANIFEST, manifest.to_json())
        if not (analyze and result.rows):
            return RunOutcome(
                run.path,
                cast("list[Judgment]", result.rows),
                manifest,
                None,
                skipped=result.skipped,
                n_duplicates=n_dup,
            )
        outcome = analyze_judgments(
            run.path, judge_family=family, family_rules=family_rules, judges=selected or None, juries=juries
        )
    outcome.skipped = result.skipped
    return outcome


def _judges_named(
    result: ImportResult, names: list[str], family: str | None, options: Mapping[str, object]
) -> list[str]:
    """The judges to analyze; a single-judge source's rows take the one name given (its family re-derived)."""
    if not names:
        return []
    present = sorted(result.judges)
    if len(present) > 1:
        missing = [n for n in names if n not in present]
        if missing:
            raise JudgeAuditError(
                f"--judge {', '.join(missing)}: not a judge of this source (judges: {', '.join(present)})"
            )
        return names
    if len(names) > 1:
        raise JudgeAuditError(
            f"--judge: the source records one judge ({', '.join(present) or 'unnamed'}): give one name"
        )
    if present != names:
        fam = family or family_for(names[0], options)
        for row in result.rows:
            row["judge"], row["judge_family"] = names[0], fam
        result.judges = {names[0]: fam}
    return []


import_run = import_  # the name before 0.2
