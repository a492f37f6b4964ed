"""``judgeaudit analyze``: metrics and report from judgments alone, no model.

This is how judgments recorded elsewhere (a closed API judge, a published dataset of judgments) are
audited, and how a run is re-analysed with another seed or power target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from judgeaudit.contracts.judgments import LazyRows, read_mask
from judgeaudit.contracts.manifest import Manifest, utc_now, versions
from judgeaudit.contracts.rundir import DERIVED, JUDGMENTS, MANIFEST, METRICS, RunDir
from judgeaudit.contracts.rundir_writer import RunDirWriter
from judgeaudit.datasets.families import fill_families
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.verbs.report import report
from judgeaudit.verbs.run_outcome import RunOutcome


def analyze(
    path: str | Path,
    out: str | Path | None = None,
    *,
    judge_family: str | None = None,
    seed: int = 0,
    mde: float | None = None,
    family_rules: Mapping[str, str] | None = None,
    judges: Sequence[str] | None = None,
    juries: Mapping[str, Sequence[str]] | None = None,
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
        juries: ``{name: [member judges]}``: audit each as a virtual judge (majority verdict, mean score;
            ``--jury NAME=J1,J2``). Recorded in the manifest, so a later ``analyze`` keeps them.

    A row that breaks the judgments contract is left out and listed in ``problems`` (and the
    manifest); :class:`InputError` only when no row at all is valid.
    """
    from judgeaudit.stats import compute_metrics

    if mde is not None and not (isinstance(mde, (int, float)) and -0.5 < mde < 0.5 and mde != 0):
        raise JudgeAuditError(
            f"--mde {mde!r}: must be a non-zero departure from a rate of 0.5, between -0.5 and 0.5 "
            "(e.g. 0.1: a first-slot rate of 0.6)"
        )
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
    moved = target.path != run.path
    previous = _manifest(run if moved and run.manifest_path.exists() else target)
    if juries is None and previous is not None and isinstance(previous.juries, dict):
        juries = {str(k): [str(m) for m in v] for k, v in previous.juries.items() if isinstance(v, list)}
    try:
        metrics = compute_metrics(answered, judge_family=family, seed=seed, judges=judges, juries=juries or None)
    except ValueError as exc:
        if not juries:
            raise
        raise JudgeAuditError(str(exc)) from None
    if mde is not None:
        from judgeaudit.stats.power import pairs_needed

        metrics.setdefault("power", {})["requested_mde"] = {"effect": mde, "pairs_needed": pairs_needed(mde)}
    manifest = previous or Manifest(
        judge=", ".join(sorted(df["judge"].dropna().unique())),
        judge_family=family,
        mode="recorded",
        source=str(run.judgments_path),
        analyzed=utc_now(),
        versions=versions(),
    )
    manifest.problems = [str(p) for p in read.problems]
    manifest.juries = {k: list(v) for k, v in juries.items()} if juries else None
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
        report(target.path, writer=writer, judgments=read)
    return RunOutcome(
        target.path,
        LazyRows(read),
        manifest,
        metrics,
        problems=read.problems,
        n_duplicates=read.n_duplicates,
    )


def _manifest(run: RunDir) -> Manifest | None:
    """The manifest to update; a damaged one is an error that says how to go on."""
    try:
        return run.manifest()
    except InputError as exc:
        raise InputError(
            exc.path, exc.line, exc.field, f"{exc.message}; move it aside to rebuild a manifest from the judgments"
        ) from None


analyze_run = analyze  # the name before 0.2
