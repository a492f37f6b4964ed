"""A run directory from a judgments frame, analyzed through the CLI, for verb tests."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from judgeaudit.cli import main


def write_run(path: Path, frame: pd.DataFrame) -> Path:
    path.mkdir(parents=True)
    with (path / "judgments.jsonl").open("w", encoding="utf-8") as fh:
        for row in frame.to_dict(orient="records"):
            fh.write(json.dumps({k: v for k, v in row.items() if not (isinstance(v, float) and v != v)}) + "\n")
    res = CliRunner().invoke(main, ["analyze", str(path)])
    assert res.exit_code == 0, res.output
    return path
