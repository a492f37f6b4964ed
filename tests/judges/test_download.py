"""``--download``: missing weights come from the Hugging Face hub when online, never when offline.

``huggingface_hub.snapshot_download`` is replaced by a stand-in that lays out a snapshot folder the
way the hub cache does (``snapshots/<commit>/``); nothing else is faked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from judgeaudit.backends.weights import resolve
from judgeaudit.errors import MissingWeights

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """Record snapshot_download calls; each "downloads" a config and a weights file."""
    import huggingface_hub

    calls: list[dict[str, Any]] = []

    def snapshot_download(repo_id: str, revision: str | None = None, **kw: Any) -> str:
        calls.append({"repo_id": repo_id, "revision": revision, **kw})
        snap = tmp_path / "hub" / f"models--{repo_id.replace('/', '--')}" / "snapshots" / COMMIT
        snap.mkdir(parents=True)
        (snap / "config.json").write_text('{"architectures": ["LlamaForCausalLM"]}')
        (snap / "model.safetensors").write_bytes(b"weights")
        return str(snap)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-hf-home"))
    monkeypatch.setenv("JUDGEAUDIT_DOWNLOAD", "1")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    return calls


def test_online_download_fetches_the_pinned_revision(hub: list[dict[str, Any]]) -> None:
    ref = resolve({"hf_id": "org/judge-7b", "revision": "v1.0"}, "judge")
    (call,) = hub
    assert call["repo_id"] == "org/judge-7b" and call["revision"] == "v1.0"
    assert "*.safetensors" in call["allow_patterns"] and not any("bin" in p for p in call["allow_patterns"])
    assert (
        ref.revision == COMMIT and f"org/judge-7b@{COMMIT}" in ref.origin and (ref.directory / "config.json").exists()
    )


def test_the_downloaded_revision_reaches_the_manifest_identity(hub: list[dict[str, Any]]) -> None:
    from judgeaudit.judges import load_judge

    judge = load_judge("hf:org/judge-7b", family="meta")  # the transformers backend loads weights on first use only
    assert COMMIT in judge.identity()["backend"]["model_origin"]


def test_offline_keeps_todays_message_and_never_calls_the_hub(
    hub: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(MissingWeights) as err:
        resolve({"hf_id": "org/judge-7b"}, "judge")
    assert hub == []
    message = str(err.value)
    assert "Fetch them with: huggingface-cli download org/judge-7b" in message and "HF_HUB_OFFLINE is set" in message


def test_without_download_nothing_is_fetched(hub: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUDGEAUDIT_DOWNLOAD")
    with pytest.raises(MissingWeights, match="huggingface-cli download org/judge-7b"):
        resolve({"hf_id": "org/judge-7b"}, "judge")
    assert hub == []


def test_a_failed_download_is_a_clear_error(hub: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub

    def unreachable(**kw: Any) -> str:
        raise ConnectionError("no route to host")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", unreachable)
    with pytest.raises(
        MissingWeights,
        match="downloading org/judge-7b from the Hugging Face hub failed: ConnectionError: no route to host",
    ):
        resolve({"hf_id": "org/judge-7b"}, "judge")
