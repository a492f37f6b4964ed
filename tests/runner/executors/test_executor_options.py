"""The scale-out options of ``judgeaudit probe``: the local executor by default, clear errors on misuse."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main


def _probe(pairs_file: Path, out: Path, *extra: str) -> object:
    return CliRunner().invoke(
        main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(out), "-q", *extra]
    )


def test_the_manifest_says_the_local_executor_ran(pairs_file: Path, tmp_path: Path) -> None:
    result = _probe(pairs_file, tmp_path / "run")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "run" / "manifest.json").read_text())["executor"] == {"executor": "local"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--replicas", "2"), "--ray-address and --replicas need --executor ray"),
        (
            ("--tensor-parallel", "2"),
            "--tensor-parallel and --vllm-chunk-size apply to the vllm backend, not simulated",
        ),
    ],
)
def test_options_for_another_executor_or_backend_exit_2(
    pairs_file: Path, tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    result = _probe(pairs_file, tmp_path / "run", *extra)
    assert result.exit_code == 2 and message in result.output


def test_download_allows_fetching_weights_in_this_run(
    pairs_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUDGEAUDIT_DOWNLOAD", "0")  # restored (unset) after the test, whatever the CLI sets
    result = _probe(pairs_file, tmp_path / "run", "--download")
    assert result.exit_code == 0, result.output
    assert os.environ["JUDGEAUDIT_DOWNLOAD"] == "1"


@pytest.mark.parametrize("address", ["127.0.0.1:{port}", "ray://127.0.0.1:{port}"])
def test_an_unreachable_ray_address_is_one_error_line_not_a_silent_wait(
    pairs_file: Path, tmp_path: Path, address: str
) -> None:
    pytest.importorskip("ray")
    from tests.support.loopback import closed_port

    address = address.format(port=closed_port())
    result = _probe(pairs_file, tmp_path / "run", "--executor", "ray", "--ray-address", address)
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert f"--ray-address {address}: nothing answers" in line
    assert not (tmp_path / "run" / "judgments.jsonl").exists()
