"""Where the public datasets live: one rule, used by every adapter and every CLI verb.

The order is explicit flag, then environment, then the conventional ``../shared/data`` beside the
working directory or beside the repository, so a checkout next to a shared data folder works with
no configuration and a user can always override it.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "JUDGEAUDIT_DATA"
_REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def data_dir(explicit: str | Path | None = None) -> Path | None:
    """The data directory to read public datasets from, or ``None`` when none is known.

    Args:
        explicit: a ``--data-dir`` value; wins even if the path does not exist, so a typo is
            reported against the path the user gave rather than silently replaced.

    Returns:
        ``explicit``, else ``$JUDGEAUDIT_DATA``, else ``./../shared/data`` if it exists, else
        ``<repo>/../shared/data`` if it exists, else ``None``.
    """
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    for candidate in (Path.cwd().parent / "shared" / "data", _REPO_ROOT.parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate.resolve()
    return None


def searched_places(explicit: str | Path | None = None) -> list[str]:
    """Human-readable list of where :func:`data_dir` looks, for error messages."""
    return [
        f"--data-dir flag ({explicit if explicit else 'not given'})",
        f"env {ENV_VAR} ({os.environ.get(ENV_VAR) or 'not set'})",
        str(Path.cwd().parent / "shared" / "data"),
        str(_REPO_ROOT.parent / "shared" / "data"),
    ]
