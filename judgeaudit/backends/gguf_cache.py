"""GGUF files for the transformers backend, converted to safetensors once.

transformers parses a GGUF in pure Python (slow: ~30 s for SmolLM2); the dequantised weights are kept
as safetensors in the model cache so later loads take seconds.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any


def model_cache_dir() -> Path:
    return Path(os.environ.get("JUDGEAUDIT_MODEL_CACHE", Path.home() / ".cache" / "judgeaudit" / "models"))


def convert_gguf(ref: Any, target: Path, torch: Any) -> None:
    """Parse the GGUF of ``ref`` once and keep the dequantised weights as safetensors in ``target``."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    d, f = ref.directory, ref.gguf_file
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32)
    model.hf_quantizer = None  # type: ignore[assignment]  # a saved model carries no quantizer
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    tmp = target.with_name(target.name + ".partial")
    tmp.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(tmp, safe_serialization=True)
    tok.save_pretrained(tmp)
    (tmp / "judgeaudit-source.json").write_text(json.dumps({"gguf": str(ref.path), "sha256": ref.sha256}))
    if target.exists():  # another process won the race; theirs is as good as ours
        shutil.rmtree(tmp)
    else:
        tmp.rename(target)
