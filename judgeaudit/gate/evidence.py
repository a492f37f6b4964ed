"""A gate never passes on no evidence: ``vet`` refuses a run with no judgments or no evaluated check.

Every check of a policy is SKIPPED when the metric it gates is absent, and a gate that skips
everything has judged nothing; so has one over zero judgments (``--limit 0``, an empty
metrics.json). Such a run is a broken setup, reported as exit 2; under ``--strict`` it is
reported as INCONCLUSIVE, which ``--strict`` fails (exit 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def missing_evidence(metrics: Mapping[str, Any], statuses: Sequence[str]) -> str | None:
    """Why this run is no evidence for a verdict, or None when it is.

    Args:
        metrics: the run's metrics.json.
        statuses: the status of each policy check (PASS, FAIL, INCONCLUSIVE, SKIPPED).
    """
    meta = metrics.get("meta")
    n = meta.get("n_judgments") if isinstance(meta, dict) else None
    if isinstance(n, (int, float)) and not isinstance(n, bool) and n <= 0:
        return "metrics.json records 0 judgments (meta.n_judgments): there is nothing to gate"
    if not statuses or all(s == "SKIPPED" for s in statuses):
        return (
            f"none of the policy's {len(statuses)} checks could be evaluated on this run (each metric they gate "
            "is absent): run the probes the policy gates, or choose a policy for what this run measured"
        )
    return None
