"""The manifest: exactly what ran, so a reader can reproduce a run."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys
from datetime import datetime, timezone
from typing import Any

PACKAGES = ("judgeaudit", "torch", "transformers", "numpy", "pandas", "scipy", "statsmodels",
            "gguf", "llama-cpp-python", "vllm", "httpx", "jinja2")


def versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out


def host() -> dict[str, Any]:
    return {"platform": platform.platform(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "processor": platform.processor() or None}


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
