"""Metrics and report from judgments alone, no model: ``judgeaudit analyze`` and ``judgeaudit import``.

This is how judgments recorded elsewhere (a closed API judge, a published dataset of judgments) are
audited, and how a run is re-analysed with another seed or power target.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from judgeaudit.datasets.families import fill_families
from judgeaudit.duplicates import count_duplicates
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.judgments import Judgment, judgment_line, read_mask
from judgeaudit.manifest import Manifest, utc_now, versions
from judgeaudit.run import RunOutcome, render
from judgeaudit.rundir import RunDir
from judgeaudit.rundir_writer import DERIVED, JUDGMENTS, MANIFEST, METRICS, RunDirWriter

if TYPE_CHECKING:
    from judgeaudit.importers.base import ImportResult


def analyze_run(
    path: str | Path,
    out: str | Path | None = None,
    *,
    judge_family: str | None = None,
    seed: int = 0,
    mde: float | None = None,
    family_rules: dict[str, str] | None = None,
    judges: list[str] | None = None,
) -> RunOutcome:
    """Recompute metrics.json, manifest.json and report.html from a run directory or a judgments file.

    Args:
        path: a run directory, or a judgments file (the run is then the directory it is in).
        out: where to write (default: the run directory); the judgments and manifest are copied there.
        judge_family: the judge's model family (self-preference) when the rows do not say it.
        seed: the bootstrap seed: the same judgments and seed give byte-identical metrics.json.
        mde: also say how many pairs detect an effect of this size at 80% power.
        family_rules: ``{name pattern: family}`` before the built-in table, for answers and judges whose
            family the rows do not record (or record wrongly): ``--family NAME=FAMILY``, ``--families FILE``.
        judges: with several judges, audit only these (``--judge``); every judge's verdicts still serve as
            third parties. A name not in the judgments is a :class:`JudgeAuditError` listing those present.

    A row that breaks the judgments contract is left out and listed in ``problems`` (and the
    manifest); :class:`InputError` only when no row at all is valid.
    """
    from judgeaudit.stats import compute_metrics

    run = RunDir.at(path)
    target = RunDir(Path(out) if out else run.path)
    read = run.judgments()
    df = fill_families(read.frame, family_rules)
    failed = df["error"].notna() if "error" in df.columns else None  # calls that returned no answer
    answered = df if failed is None else df.loc[~failed].reset_index(drop=True)
    if answered.empty:
        raise InputError(run.judgments_path, None, "error", "every judgment is a failed call: nothing to analyze")
    family = judge_family or (df["judge_family"].dropna().iloc[0] if df["judge_family"].notna().any() else None)
    present = sorted(df["judge"].dropna().astype(str).unique())
    missing = [j for j in judges or [] if j not in present]
    if missing:
        raise JudgeAuditError(
            f"--judge {', '.join(missing)}: not a judge of {run.judgments_path} (judges: {', '.join(present)})"
        )
    metrics = compute_metrics(answered, judge_family=family, seed=seed, judges=judges)
    if mde is not None:
        from judgeaudit.stats.power import pairs_needed

        metrics.setdefault("power", {})["requested_mde"] = {"effect": mde, "pairs_needed": pairs_needed(mde)}
    moved = target.path != run.path
    manifest = _manifest(run if moved and run.manifest_path.exists() else target) or Manifest(
        judge=", ".join(sorted(df["judge"].dropna().unique())),
        judge_family=family,
        mode="recorded",
        source=str(run.judgments_path),
        analyzed=utc_now(),
        versions=versions(),
    )
    manifest.problems = [str(p) for p in read.problems]
    manifest.n_judgments = len(df)
    manifest.n_unparsed = int((~read_mask(answered)).sum())
    if failed is not None and failed.any():
        manifest.n_backend_errors = int(failed.sum())
    with RunDirWriter(target.path) as writer:
        writer.clear(*DERIVED)  # the judgments stay: they may be the very file being analyzed
        if (moved or not target.judgments_path.exists()) and (
            run.judgments_path.resolve() != target.judgments_path.resolve()
        ):
            writer.copy_in(run.judgments_path, JUDGMENTS)
        writer.write_json(METRICS, metrics)
        writer.write_json(MANIFEST, manifest.to_json())
        render(target.path, writer)
    return RunOutcome(target.path, read.rows, manifest, metrics, problems=read.problems, n_duplicates=read.n_duplicates)


def _manifest(run: RunDir) -> Manifest | None:
    """The manifest to update; a damaged one is an error that says how to go on."""
    try:
        return run.manifest()
    except InputError as exc:
        raise InputError(
            exc.path, exc.line, exc.field, f"{exc.message}; move it aside to rebuild a manifest from the judgments"
        ) from None


def import_run(
    fmt: str,
    paths: list[str | Path],
    out: str | Path,
    options: dict[str, Any] | None = None,
    *,
    judge: str | Sequence[str] | None = None,
    family: str | None = None,
    analyze: bool = True,
    family_rules: dict[str, str] | None = None,
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

    Source rows that cannot be read are left out and listed in ``skipped``.
    """
    from judgeaudit.importers import import_judgments

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
        outcome = analyze_run(run.path, judge_family=family, family_rules=family_rules, judges=selected or None)
    outcome.skipped = result.skipped
    return outcome


def _judges_named(result: ImportResult, names: list[str], family: str | None, options: dict[str, Any]) -> list[str]:
    """The judges to analyze; a single-judge source's rows take the one name given (its family re-derived)."""
    from judgeaudit.importers.base import family_for

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
