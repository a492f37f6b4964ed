"""Run directories are written atomically and by one writer at a time (issue 17, item 4).

Real processes are killed with SIGKILL at each step of the write phase, and a second process
writes into a directory the first is still writing; the directory is never left with old metrics
beside new judgments, a second writer fails with exit 2 naming the first, and a planted symlink is
replaced, never written through.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.rundir_writer import LOCK, RunDirBusy, RunDirWriter
from tests.support.loopback import judge_file, openai_server
from tests.support.paths import REPO

# runs the CLI, but SIGKILLs itself just before the file named in argv[1] would be moved into place
KILLING_CLI = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import judgeaudit.io.atomic as writer
    real, target = writer.commit, sys.argv[1]
    def commit(tmp, dest):
        if Path(dest).name == target:
            os.kill(os.getpid(), signal.SIGKILL)
        real(tmp, dest)
    writer.commit = commit
    from judgeaudit.cli import main
    main(sys.argv[2:], prog_name="judgeaudit")
""")
HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from judgeaudit.contracts.rundir_writer import RunDirWriter
    with RunDirWriter(sys.argv[1], command="judgeaudit probe --out held"):
        print("holding", flush=True)
        sys.stdin.readline()
""")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "JUDGEAUDIT_CACHE": str(tmp_path / "cache.sqlite"),
        "HF_HUB_OFFLINE": "1",
    }


def _probe(data: Path, out: Path, *extra: str) -> list[str]:
    return ["probe", "--judge", "simulated", "--data", str(data), "--out", str(out), "-q", *extra]


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("killed_at", ["judgments.jsonl", "metrics.json", "manifest.json", "report.html"])
def test_a_run_killed_while_writing_never_leaves_old_metrics_beside_new_judgments(
    pairs_file: Path, tmp_path: Path, killed_at: str
) -> None:
    out = tmp_path / "run"
    assert _cli(*_probe(pairs_file, out, "--limit", "10"))[0] == 0  # the old run: 20 judgments
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    killed = subprocess.run(
        [sys.executable, "-c", KILLING_CLI, killed_at, *_probe(pairs_file, out)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    now = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    new_judgments = now.get("judgments.jsonl") not in (None, old["judgments.jsonl"])
    for name in ("metrics.json", "manifest.json", "report.html"):
        assert now.get(name) != old[name], f"the old run's {name} survived beside the new judgments"
    assert new_judgments == (killed_at != "judgments.jsonl")
    if "metrics.json" not in now:
        code, output = _cli("vet", str(out))
        assert code == 2 and "metrics.json" in output

    # the rerun takes over the dead writer's lock, clears its partial files, and matches a clean run
    assert _cli(*_probe(pairs_file, out))[0] == 0
    clean = tmp_path / "clean"
    assert _cli(*_probe(pairs_file, clean))[0] == 0
    for name in ("judgments.jsonl", "metrics.json"):
        assert (out / name).read_bytes() == (clean / name).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in clean.iterdir())


def test_a_second_writer_fails_at_once_naming_the_first(pairs_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    with openai_server(text="A", hang=True) as (url, server):
        first = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "judgeaudit",
                "probe",
                "--judge",
                str(judge_file(tmp_path / "judge.yaml", url)),
                "--data",
                str(pairs_file),
                "--out",
                str(out),
                "-q",
            ],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.first.wait(120), "the first run never reached its server"
            code, output = _cli(*_probe(pairs_file, out))  # the first is judging: it holds the directory
            assert code == 2
            assert f"another judgeaudit run is writing this directory (pid {first.pid}" in output
            assert "choose another --out" in output
            server.stop.set()  # release the held calls; the first run finishes normally
            _, err = first.communicate(timeout=120)
        finally:
            if first.poll() is None:
                first.kill()
    assert first.returncode == 0, err[-2000:]
    assert not (out / LOCK).exists()
    assert _cli("analyze", str(out))[0] == 0  # a whole, consistent run directory


def test_a_directory_held_by_another_process_is_refused_and_free_once_it_exits(tmp_path: Path) -> None:
    out = tmp_path / "run"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)],
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(RunDirBusy, match=f"pid {holder.pid}.*judgeaudit probe --out held"):
            RunDirWriter(out).__enter__()
    finally:
        holder.communicate("\n", timeout=30)
    with RunDirWriter(out) as w:
        w.write_text("metrics.json", "{}\n")
    assert (out / "metrics.json").read_text() == "{}\n"


def test_the_lock_of_a_killed_writer_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "run"
    dead = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)],
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert dead.stdout is not None and dead.stdout.readline().strip() == "holding"
    dead.kill()
    dead.wait(timeout=30)
    assert json.loads((out / LOCK).read_text())["pid"] == dead.pid  # left behind by the killed writer
    (out / ".metrics.json.partial-99999").write_text("half a file")
    with RunDirWriter(out) as w:
        assert json.loads((out / LOCK).read_text())["pid"] == os.getpid()
        w.write_text("metrics.json", "{}\n")
    assert not (out / ".metrics.json.partial-99999").exists() and not (out / LOCK).exists()


def test_symlinks_planted_in_the_run_directory_are_replaced_not_followed(pairs_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    victims = {}
    for name in (
        "judgments.jsonl",
        "metrics.json",
        "manifest.json",
        "report.html",
        LOCK,
        f".metrics.json.partial-{os.getpid()}",
    ):
        victim = tmp_path / f"victim-{name}"
        victim.write_text("precious")
        (out / name).symlink_to(victim)
        victims[name] = victim
    assert _cli(*_probe(pairs_file, out))[0] == 0
    assert all(v.read_text() == "precious" for v in victims.values())
    for name in ("judgments.jsonl", "metrics.json", "manifest.json", "report.html"):
        assert not (out / name).is_symlink() and (out / name).stat().st_size > 100


def test_out_naming_a_file_is_a_located_error(pairs_file: Path, tmp_path: Path) -> None:
    afile = tmp_path / "taken"
    afile.write_text("x")
    code, output = _cli(*_probe(pairs_file, afile))
    assert code == 2 and str(afile) in output


def test_a_nested_step_of_one_command_shares_the_lock(tmp_path: Path) -> None:
    with RunDirWriter(tmp_path / "run") as outer:
        with RunDirWriter(tmp_path / "run") as inner:
            inner.write_text("a.txt", "1")
        outer.write_text("b.txt", "2")  # still held after the inner step ends
        assert (tmp_path / "run" / LOCK).exists()
    assert not (tmp_path / "run" / LOCK).exists()


def _judgments_bytes() -> bytes:
    return b"".join(b'{"i": %d, "text": "%s"}\n' % (i, b"z" * (i % 97)) for i in range(40_000))


def test_copy_in_copies_a_file_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "src.jsonl"
    source.write_bytes(_judgments_bytes())
    with RunDirWriter(tmp_path / "run") as writer:
        copied = writer.copy_in(source, "judgments.jsonl")
    assert copied.read_bytes() == source.read_bytes()


def test_copy_in_starts_again_the_portable_way_when_the_kernel_copy_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kernel copy that fails half way (another file system, an old kernel) leaves no half-written bytes."""
    source = tmp_path / "src.jsonl"
    source.write_bytes(_judgments_bytes())
    calls = []

    def half_then_fail(src: int, dst: int, count: int) -> int:
        calls.append(count)
        if len(calls) == 1:
            return os.write(dst, os.read(src, 1000))
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", half_then_fail, raising=False)
    with RunDirWriter(tmp_path / "run") as writer:
        copied = writer.copy_in(source, "judgments.jsonl")
    assert len(calls) == 2
    assert copied.read_bytes() == source.read_bytes()
