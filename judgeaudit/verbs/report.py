"""``judgeaudit report``: (re-)render a run directory's report.html, the one writer of that file.

Every verb that writes a run directory ends here, under the run's lock, so the report is written
atomically and never beside metrics of another run.
"""

from __future__ import annotations

from pathlib import Path

from judgeaudit.contracts.judgments import ReadResult
from judgeaudit.contracts.rundir import REPORT
from judgeaudit.contracts.rundir_writer import RunDirWriter
from judgeaudit.gate.policy import Policy, load_policy
from judgeaudit.pages.html import build_context, render_html


def report(
    run_dir: str | Path,
    policy: Policy | str | Path | None = None,
    *,
    writer: RunDirWriter | None = None,
    judgments: ReadResult | None = None,
) -> Path:
    """Write ``run_dir``/report.html from its judgments, metrics and manifest; returns its path.

    Args:
        run_dir: the run directory.
        policy: the policy whose thresholds the verdict cards use (a loaded policy, a file or a shipped
            name); default: the default policy.
        writer: the run's writer when the caller already holds its lock (probe, analyze, import).
        judgments: the run's judgments when the caller has just read them (analyze): read once, not twice.
    """
    run_dir = Path(run_dir)
    loaded = policy if isinstance(policy, Policy) or policy is None else load_policy(policy)
    with writer or RunDirWriter(run_dir) as w:
        return w.write_text(REPORT, render_html(build_context(run_dir, loaded, judgments)))
