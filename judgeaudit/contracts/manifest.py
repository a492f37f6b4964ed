"""The manifest: exactly what ran, so a reader can reproduce a run.

:class:`Manifest` is manifest.json as one typed record, with one writer (:meth:`Manifest.write`) and one
reader (:meth:`Manifest.read`). A probe run fills the run's facts; judgments recorded elsewhere
(``analyze`` of a bare file, ``import``) have ``mode`` ``recorded`` and say where they came from.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypedDict

from judgeaudit.io.files import JSONObject, JSONValue, read_json_object, write_json
from judgeaudit.io.redact import redact

PACKAGES = (
    "judgeaudit",
    "torch",
    "transformers",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "gguf",
    "llama-cpp-python",
    "vllm",
    "httpx",
    "jinja2",
)


def versions() -> JSONObject:
    out: JSONObject = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out


def host() -> JSONObject:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or None,
    }


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _SuiteRecordRequired(TypedDict):
    name: str
    version: int
    file: str
    sha256: str | None
    data: str
    n_items: int
    items_sha256: str
    probes: list[str]


class SuiteRecord(_SuiteRecordRequired, total=False):
    """One suite a probe run judged, as manifest.json records it."""

    texts: dict[str, str]  # the probe text files it inserted, by file name: their sha256


class Counters(TypedDict):
    """How a probe run's requests were answered."""

    requests: int
    unique_requests: int
    cache_hits: int
    cache_misses: int
    backend_errors: int


@dataclass
class Manifest:
    """manifest.json (docs/contracts.md). ``None`` is "not recorded"; such a field is left out of the file,
    except those every manifest carries and, in a probe run's manifest, the run's facts (null: no cache)."""

    judge: str | None = None
    judge_family: str | None = None
    mode: str | None = None  # logprob, generate or likelihood; recorded: judged elsewhere
    backend: JSONObject | None = None  # the backend's own description (model file, sha256, dtype, ...)
    spec_file: str | None = None
    spec_version: int | None = None
    formats: JSONObject | None = None  # prompt format id, version and sha256 per mode
    likelihood: JSONObject | None = None  # likelihood mode: the normalisation
    seed: int | None = None
    suites: list[SuiteRecord] | None = None
    counters: Counters | None = None
    n_judgments: int | None = None
    n_unparsed: int | None = None  # answers no parser could read (the judge's doing)
    n_backend_errors: int | None = None  # calls that returned no answer at all (left out of the metrics)
    backend_errors: JSONObject | None = None  # their count, share and most frequent error
    n_skipped: int | None = None  # import: source rows that could not be read
    problems: list[str] = field(default_factory=list)  # rows left out, each located
    source: str | None = None  # analyze: the judgments file
    sources: list[JSONObject] | None = None  # import: path and sha256 of every file read
    started: str | None = None
    finished: str | None = None
    analyzed: str | None = None
    imported: str | None = None
    wall_s: float | None = None
    judge_wall_s: float | None = None
    judgments_per_s: float | None = None
    cache: str | None = None
    command: str | None = None
    host: JSONObject | None = None
    versions: JSONObject | None = None
    executor: JSONObject | None = None  # local, or Ray: replicas, resources, cluster, workers, version
    remote_data: list[JSONObject] | None = None  # dataset files fetched: url, revision, sha256
    juries: JSONObject | None = None  # analyze/import --jury: jury name -> its member judges
    # keys this version does not know, and known ones recorded as null or with another type, kept as
    # read so that rewriting a manifest loses nothing
    extra: JSONObject = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, JSONValue]) -> Manifest:
        """A manifest from its JSON object; a value of an unexpected type stays in ``extra``, untrusted."""
        known: dict[str, Any] = {}
        extra: JSONObject = {}
        for key, value in data.items():
            kinds = _KINDS.get(key)
            if kinds and isinstance(value, kinds) and not isinstance(value, bool):
                known[key] = value
            elif not (kinds and value is None):
                extra[key] = value
        manifest = cls(**known, extra=extra)
        written = manifest.to_json()
        manifest.extra.update({k: None for k, v in data.items() if v is None and k in _KINDS and k not in written})
        return manifest

    @classmethod
    def read(cls, path: str | Path) -> Manifest:
        """The manifest in ``path``; :class:`InputError` naming the file when it is missing, corrupt or not an object."""
        return cls.from_dict(read_json_object(Path(path)))

    def to_json(self) -> JSONObject:
        """The JSON object, with credentials redacted from every URL (a manifest is shared, a password is not)."""
        out = dict(self.extra)
        for name in _KINDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
            elif name not in out and (name in _ALWAYS or (self.started is not None and name in _RUN_FACTS)):
                out[name] = None
        return redact(out)

    def write(self, path: str | Path) -> None:
        write_json(Path(path), self.to_json())


_TYPES: dict[str, tuple[type, ...]] = {
    "str | None": (str,),
    "int | None": (int,),
    "float | None": (int, float),
    "JSONObject | None": (dict,),
    "list[JSONObject] | None": (list,),
    "list[str]": (list,),
    "list[SuiteRecord] | None": (list,),
    "Counters | None": (dict,),
}
_KINDS = {f.name: _TYPES[str(f.type)] for f in fields(Manifest) if f.name != "extra"}
_ALWAYS = ("judge", "judge_family", "problems")
_RUN_FACTS = (
    "spec_file",
    "spec_version",
    "formats",
    "backend",
    "seed",
    "suites",
    "counters",
    "n_judgments",
    "n_unparsed",
    "started",
    "finished",
    "wall_s",
    "judge_wall_s",
    "judgments_per_s",
    "cache",
    "command",
    "host",
    "versions",
)
