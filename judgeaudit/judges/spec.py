"""Judges and prompt formats as data: flat YAML files validated strictly.

A judge file names the model, its family, the backend and the prompt formats. A format file names
the system/user prompt texts (with ``{slot}`` placeholders), the verdict labels and the parser.
An unknown key, a missing file or an unfilled slot is an error naming the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgeaudit.backends.weights import GGUF_ASSEMBLERS
from judgeaudit.contracts.vocab import JudgeMode
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_text, read_yaml

JUDGES_DIR = Path(__file__).parent / "data"
FORMATS_DIR = Path(__file__).parent / "formats"

_JUDGE_KEYS = {
    "name",
    "version",
    "family",
    "description",
    "model",
    "chat_template",
    "backend",
    "backend_options",
    "formats",
    "simulate",
    "aliases",
    "mode",
    "likelihood",
    "source",
}
_MODEL_KEYS = {"gguf_package", "gguf_assemble", "file", "path", "hf_id", "install", "revision", "base_url", "model"}
_FORMAT_KEYS = {
    "id",
    "version",
    "mode",
    "system",
    "user",
    "user_with_reference",
    "labels",
    "answer_prefix",
    "parser",
    "max_tokens",
    "source",
    "description",
    "score_range",
    "modes",
    "defaults",
    # grade formats only (judgeaudit/judges/grader.py): the value of each label, the passing labels, the scale
    "values",
    "passing",
    "scale",
}
SLOT = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class PromptFormat:
    """A prompt protocol: texts with named slots, verdict labels, and how to parse output."""

    id: str
    version: int
    mode: str
    user: str
    labels: tuple[str, ...]
    parser: str
    system: str | None = None
    user_with_reference: str | None = None
    answer_prefix: str = ""
    max_tokens: int = 64
    source: str | None = None
    modes: tuple[JudgeMode, ...] = ("logprob", "generate")
    defaults: dict[str, str] = field(default_factory=dict)
    path: str = ""

    @property
    def digest(self) -> str:
        blob = "\x00".join(
            [
                self.id,
                str(self.version),
                self.system or "",
                self.user,
                self.user_with_reference or "",
                self.answer_prefix,
                "|".join(self.labels),
                repr(sorted(self.defaults.items())),
            ]
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def render(self, slots: dict[str, str | None]) -> tuple[str | None, str]:  # noqa: D102
        """Fill the slots; use the reference variant when a reference is given and one exists."""
        slots = {**self.defaults, **{k: v for k, v in slots.items() if v is not None}}
        use_ref = bool(slots.get("reference")) and self.user_with_reference is not None
        template = self.user_with_reference if use_ref else self.user
        assert template is not None
        return (
            None if self.system is None else fill(self.system, slots, self.path),
            fill(template, slots, self.path),
        )


def fill(template: str, slots: dict[str, str | None], where: str) -> str:
    """Replace ``{slot}`` names; a slot the template needs but the caller lacks is an error.

    Only lowercase ``{name}`` patterns are slots, so code braces in responses are never touched
    (values are inserted in one pass and not re-scanned).
    """

    def sub(m: re.Match[str]) -> str:
        value = slots.get(m.group(1))
        if value is None:
            raise JudgeAuditError(f"{where}: slot {{{m.group(1)}}} is not filled")
        return value

    return SLOT.sub(sub, template)


def load_format(name_or_path: str) -> PromptFormat:
    """A prompt format by id (shipped in ``formats/``) or by path to its ``.yaml``."""
    path = Path(name_or_path)
    if not path.suffix:
        path = FORMATS_DIR / f"{name_or_path}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in FORMATS_DIR.glob("*.yaml")))
        raise JudgeAuditError(f"unknown prompt format {name_or_path!r}; known: {known}")
    doc = read_yaml(path, allowed=_FORMAT_KEYS, required=("id", "version", "mode", "user", "labels", "parser"))
    data = doc.data

    def text(key: str) -> str | None:
        name = data.get(key)
        if name is None:
            return None
        file = path.parent / name
        if not file.exists():
            raise doc.error((key,), f"prompt text file {file} not found")
        return read_text(file).rstrip("\n")

    return PromptFormat(
        id=data["id"],
        version=int(data["version"]),
        mode=data["mode"],
        user=text("user") or "",
        labels=tuple(str(x) for x in data["labels"]),
        parser=data["parser"],
        system=text("system"),
        user_with_reference=text("user_with_reference"),
        answer_prefix=data.get("answer_prefix", ""),
        max_tokens=int(data.get("max_tokens", 64)),
        source=data.get("source"),
        modes=tuple(data.get("modes") or ("logprob", "generate")),
        defaults=dict(data.get("defaults") or {}),
        path=str(path),
    )


@dataclass(frozen=True)
class JudgeSpec:
    """A judge: model + family + backend + prompt formats, read from one YAML file."""

    name: str
    version: int
    family: str
    backend: str
    model: dict[str, Any] = field(default_factory=dict)
    chat_template: str = "model"
    formats: dict[str, str] = field(default_factory=dict)
    backend_options: dict[str, Any] = field(default_factory=dict)
    simulate: dict[str, Any] = field(default_factory=dict)
    likelihood: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    mode: JudgeMode = "logprob"
    description: str = ""
    source: str | None = None
    path: str = ""

    def format(self, mode: str) -> PromptFormat:
        """The prompt format for ``mode``: a shipped id, or a ``.yaml`` path beside the judge file."""
        if mode not in self.formats:
            raise JudgeAuditError(f"judge {self.name!r} has no {mode!r} prompt format")
        ref = Path(self.formats[mode])
        beside = Path(self.path).parent / ref
        if ref.suffix and not ref.is_absolute() and self.path and beside.exists():
            return load_format(str(beside))
        return load_format(self.formats[mode])


def _check_loaders(doc: Any, model: dict[str, Any]) -> None:
    """A judge file names data, never code: ``gguf_assemble`` (imported) only from the allow-list,
    ``gguf_package`` (located without importing) only as a top-level package name, since locating
    ``a.b`` imports ``a``."""
    for key, value in model.items():
        if key in ("gguf_package", "gguf_assemble", "file", "path", "hf_id") and not isinstance(value, str):
            raise doc.error(("model", key), f"must be a string, got {value!r}")
    assemble = model.get("gguf_assemble")
    if assemble is not None and assemble not in GGUF_ASSEMBLERS:
        raise doc.error(
            ("model", "gguf_assemble"),
            f"{assemble!r} is not an allowed GGUF assembler (allowed: {', '.join(sorted(GGUF_ASSEMBLERS))}); "
            "a judge file cannot name code to run: give the model as path: FILE.gguf or hf_id instead",
        )
    package = model.get("gguf_package")
    if package is not None and not package.isidentifier():
        raise doc.error(("model", "gguf_package"), f"must be a top-level package name, got {package!r}")


def load_judge_file(path: Path) -> JudgeSpec:
    """A judge from its YAML file; an unknown or missing key is an error naming the file and line."""
    doc = read_yaml(path, allowed=_JUDGE_KEYS, required=("name", "version", "family", "backend"))
    data = doc.data
    for key in ("model", "formats", "backend_options", "simulate", "likelihood"):
        if not isinstance(data.get(key) or {}, dict):
            raise doc.error((key,), f"must be a mapping, got {type(data[key]).__name__}")
    if not isinstance(data["version"], int) or isinstance(data["version"], bool) or data["version"] < 1:
        raise doc.error(("version",), f"must be a whole number >= 1, got {data['version']!r}")
    for key in ("name", "family", "backend", "chat_template", "mode", "description"):
        if key in data and not isinstance(data[key], str):
            raise doc.error((key,), f"must be a string, got {data[key]!r}")
    if not isinstance(data.get("aliases") or [], list) or not all(
        isinstance(a, str) for a in data.get("aliases") or []
    ):
        raise doc.error(("aliases",), "must be a list of names")
    model = data.get("model") or {}
    doc.check_keys(model, _MODEL_KEYS, "model")
    _check_loaders(doc, model)
    for key, value in (data.get("simulate") or {}).items():  # planted effects are numbers
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or value != value
            or abs(value) == float("inf")
        ):
            raise doc.error(("simulate", key), f"must be a finite number, got {value!r}")
    return JudgeSpec(
        name=data["name"],
        version=int(data["version"]),
        family=data["family"],
        backend=data["backend"],
        model=model,
        chat_template=data.get("chat_template", "model"),
        formats=data.get("formats") or {},
        backend_options=data.get("backend_options") or {},
        simulate=data.get("simulate") or {},
        likelihood=data.get("likelihood") or {},
        aliases=tuple(data.get("aliases") or ()),
        mode=data.get("mode", "logprob"),
        description=data.get("description", ""),
        source=data.get("source"),
        path=str(path),
    )


def judge_files() -> dict[str, Path]:
    """Registered judges (and their aliases) → the data file that defines them."""
    out: dict[str, Path] = {}
    for path in sorted(JUDGES_DIR.glob("*.yaml")):
        spec = load_judge_file(path)
        for name in (spec.name, *spec.aliases):
            if name in out:
                raise JudgeAuditError(f"judge name {name!r} defined twice ({out[name]} and {path})")
            out[name] = path
    return out
