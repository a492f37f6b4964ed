"""Probe suites as data: ``probes/<name>.yaml`` says which data, which probes, which options.

A suite file::

    name: position-llmbar
    version: 1
    description: ...
    data: {dataset: llmbar, subset: Natural}     # or {file: data/starter.jsonl}
    limit: 60                                     # optional seeded sample
    probes: [position, {name: verbosity, sizes: [0.25, 0.5, 1.0]}]

A grader suite can read gold pairs as single answers (the preferred response known-good, the other
known-wrong; :func:`judgeaudit.contracts.answers.answers_from_pairs`): ``data: {dataset: llmbar, subset:
Natural, answers: true}``.

A battery lists suites instead of data: ``battery: [starter, position-llmbar, ...]``.

Locally generated responses (``judgeaudit generate``) are paired with AlpacaEval outputs of other
families at load time: ``data: {dataset: alpaca_eval, generated: [data/generated/smollm2-135m.jsonl]}``.
The generated files hold model outputs and an AlpacaEval index only (AlpacaEval text is CC BY-NC and
stays out of the repository); the instruction is looked up in the local AlpacaEval copy and checked
against the row's ``instruction_sha256``.
"""

from __future__ import annotations

import collections.abc
import hashlib
import inspect
import json
import math
import os
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgeaudit.contracts.answers import Answer, answers_from_pairs, load_data
from judgeaudit.contracts.items import Item
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.io.files import YamlMapping, read_json_lines, read_yaml
from judgeaudit.probes.texts import TEXTS_MODES

_SUITE_KEYS = {"name", "version", "description", "data", "limit", "probes", "battery", "seed"}
_DATA_KEYS = {"file", "dataset", "subset", "generated", "answers"}


def suites_dir() -> Path:
    """Suites live in the repo's ``probes/`` (or the copy packed into a wheel)."""
    if env := os.environ.get("JUDGEAUDIT_SUITES"):
        return Path(env)
    package = Path(__file__).resolve().parent.parent  # judgeaudit/
    repo = package.parent / "probes"
    return repo if repo.is_dir() else package / "_suites"


@dataclass(frozen=True)
class ProbeSpec:
    name: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Suite:
    name: str
    version: int
    path: Path
    description: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    limit: int | None = None
    probes: tuple[ProbeSpec, ...] = ()
    battery: tuple[str, ...] = ()

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.path.read_bytes()).hexdigest() if self.path.is_file() else None

    def data_source(self) -> str:
        if "file" in self.data:
            return f"file {self.data['file']}"
        if "generated" in self.data:
            return f"dataset {self.data['dataset']} + {len(self.data['generated'])} generated"
        return f"dataset {self.data.get('dataset')}" + (f"/{self.data['subset']}" if self.data.get("subset") else "")


def load_suite_file(path: Path) -> Suite:
    """A suite (or battery) from its YAML file, every key checked, probe options included.

    Raises:
        InputError: naming the file, the line and the key: an unknown key, an unknown probe, or an
            option the probe does not take (``probes.verbosity.sizs``).
    """
    doc = read_yaml(path, allowed=_SUITE_KEYS, required=("name", "version"))
    data = doc.data
    _check_scalars(doc)
    if "battery" in data:
        if not isinstance(data["battery"], list) or not all(isinstance(m, str) for m in data["battery"]):
            raise doc.error(("battery",), "must be a list of suite names")
        return Suite(
            name=data["name"],
            version=int(data["version"]),
            path=path,
            description=data.get("description", ""),
            battery=tuple(data["battery"]),
        )
    for key in ("data", "probes"):
        if key not in data:
            raise InputError(path, None, key, "required key is missing (or give 'battery')")
    src = data["data"]
    doc.check_keys(src, _DATA_KEYS, "data")
    if not {"file", "dataset"} & set(src):
        raise doc.error(("data",), "must be {file: PATH} or {dataset: NAME, subset: S}")
    if "answers" in src and not isinstance(src["answers"], bool):
        raise doc.error(("data", "answers"), "must be true or false")
    if "generated" in src:
        gen = src["generated"]
        if src.get("dataset") != "alpaca_eval" or "subset" in src:
            raise doc.error(("data",), "'generated' responses pair with {dataset: alpaca_eval} only")
        if not isinstance(gen, list) or not gen or not all(isinstance(g, str) for g in gen):
            raise doc.error(("data", "generated"), "'generated' must be a list of response files")
    if not isinstance(data["probes"], list):
        raise doc.error(("probes",), "must be a list of probe names or {name: ..., option: ...} mappings")
    specs = tuple(_probe_spec(doc, i, entry) for i, entry in enumerate(data["probes"]))
    return Suite(
        name=data["name"],
        version=int(data["version"]),
        path=path,
        description=data.get("description", ""),
        data=src,
        limit=data.get("limit"),
        probes=specs,
    )


def _whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_scalars(doc: YamlMapping) -> None:
    """The suite's own keys have their types: a ``version: "1"`` or ``limit: 2.5`` is refused, not coerced."""
    data = doc.data
    for key in ("name", "description"):
        if key in data and not isinstance(data[key], str):
            raise doc.error((key,), f"must be a string, got {data[key]!r}")
    if not (_whole(data["version"]) and data["version"] >= 1):
        raise doc.error(("version",), f"must be a whole number >= 1, got {data['version']!r}")
    if data.get("limit") is not None and not (_whole(data["limit"]) and data["limit"] >= 1):
        raise doc.error(("limit",), f"must be a whole number >= 1 (items per suite), got {data['limit']!r}")
    if "seed" in data and not (_whole(data["seed"]) and data["seed"] >= 0):
        raise doc.error(("seed",), f"must be a whole number >= 0, got {data['seed']!r}")


def _fits(value: Any, hint: Any) -> bool:
    """Does a YAML value fit a probe parameter's annotation (a list stands for a tuple)?"""
    if hint is Any or hint is object:
        return True
    if hint is None or hint is type(None):
        return value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, a) for a in args)
    if origin is typing.Literal:
        return value in args
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return _whole(value)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if hint is str:
        return isinstance(value, str)
    if origin in (tuple, list, collections.abc.Sequence):
        if not isinstance(value, list):
            return False
        inner = args[0] if args else Any
        return all(_fits(v, inner) for v in value)
    if origin is dict or hint is dict:
        return isinstance(value, dict)
    return True  # an annotation this check does not know: the probe checks it


def probe_options(name: str) -> set[str]:
    """The options a probe takes: its keyword-only parameters but ``suite`` (which the runner passes)."""
    from judgeaudit.probes import probes as probe_registry

    params = inspect.signature(probe_registry.get(name)).parameters.values()
    return {p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != "suite"}


def _probe_spec(doc: YamlMapping, i: int, entry: Any) -> ProbeSpec:
    """One ``probes`` entry: a known probe, with only the options its function takes."""
    from judgeaudit.probes import probes as probe_registry

    if isinstance(entry, str):
        spec = ProbeSpec(entry)
    elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
        spec = ProbeSpec(entry["name"], {k: v for k, v in entry.items() if k != "name"})
    else:
        raise doc.error(("probes", i), "each probe is a name or a mapping with 'name' and its options")
    if spec.name not in probe_registry:
        raise doc.error(("probes", i), f"unknown probe {spec.name!r}; known: {', '.join(probe_registry.names())}")
    allowed = probe_options(spec.name)
    for key in spec.options:
        if key not in allowed:
            raise InputError(
                doc.path,
                doc.line("probes", i, key),
                f"probes.{spec.name}.{key}",
                f"unknown option (allowed: {', '.join(sorted(allowed)) or 'none'})",
            )
    hints = typing.get_type_hints(probe_registry.get(spec.name))
    for key, value in spec.options.items():
        if key in hints and not _fits(value, hints[key]):
            raise InputError(
                doc.path,
                doc.line("probes", i, key),
                f"probes.{spec.name}.{key}",
                f"must be {_shown(hints[key])}, got {value!r}",
            )
    mode = spec.options.get("texts_mode", "replace")
    if mode not in TEXTS_MODES:
        raise InputError(
            doc.path,
            doc.line("probes", i, "texts_mode"),
            f"probes.{spec.name}.texts_mode",
            f"must be one of {', '.join(TEXTS_MODES)}, got {mode!r}",
        )
    if isinstance(spec.options.get("texts"), str):  # a suite's own texts file lives beside the suite
        spec.options["texts"] = str(doc.path.parent / spec.options["texts"])
    return spec


def _shown(hint: Any) -> str:
    """An annotation in words a suite author reads: ``tuple[float, ...]`` is a list of numbers."""
    words = {bool: "true or false", int: "a whole number", float: "a number", str: "a string", type(None): "null"}
    if hint in words:
        return words[hint]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_shown(a) for a in args)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin in (tuple, list, collections.abc.Sequence):
        return f"a list of {_shown(args[0]).removeprefix('a ').removeprefix('an ')}s" if args else "a list"
    return str(hint)


def suite_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(suites_dir().glob("*.yaml"))}


def get_suite(name: str) -> Suite:
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return load_suite_file(path)
    files = suite_files()
    if name not in files:
        raise JudgeAuditError(f"unknown suite {name!r}; known: {', '.join(files)} (or a path to a suite .yaml)")
    return load_suite_file(files[name])


def expand(names: list[str]) -> list[Suite]:
    """Suites by name, with batteries replaced by their members (one level, no chains)."""
    out: list[Suite] = []
    for name in names:
        suite = get_suite(name)
        if suite.battery:
            for member in suite.battery:
                sub = get_suite(member)
                if sub.battery:
                    raise JudgeAuditError(f"{suite.path}: battery member {member!r} is itself a battery")
                out.append(sub)
        else:
            out.append(suite)
    return out


def load_suite_items(
    suite: Suite, *, data_dir: str | Path | None = None, limit: int | None = None, seed: int = 0
) -> Sequence[Item | Answer]:
    """The suite's items (pairs or single answers): from its own file, or through a dataset adapter."""
    n = limit if limit is not None else suite.limit
    if "file" in suite.data:
        data: Sequence[Item | Answer] = load_data(suite.path.parent / suite.data["file"])
        return sample(data, n, seed)
    if "generated" in suite.data:
        return generated_pairs(suite, data_dir=data_dir, limit=n, seed=seed)
    from judgeaudit.datasets import load_dataset

    if suite.data.get("answers"):  # a single-answer view of gold pairs: n answers, from n / 2 pairs
        pairs = load_dataset(suite.data["dataset"], suite.data.get("subset"), data_dir=data_dir, seed=seed)
        return sample(answers_from_pairs(pairs), n, seed)
    return load_dataset(suite.data["dataset"], suite.data.get("subset"), data_dir=data_dir, limit=n, seed=seed)


def instruction_sha256(instruction: str) -> str:
    """The key a generated row carries instead of the (non-redistributable) instruction text."""
    return hashlib.sha256(instruction.strip().encode()).hexdigest()


def generated_pairs(
    suite: Suite, *, data_dir: str | Path | None = None, limit: int | None = None, seed: int = 0
) -> list[Item]:
    """Triads around the suite's generated responses (:func:`judgeaudit.datasets.pairs_with`).

    Each row names its instruction by ``alpaca_eval_index``; the text comes from the local AlpacaEval
    copy, so a row whose ``instruction_sha256`` no longer matches is an error, not a silent mispairing.
    """
    from judgeaudit.datasets import alpaca_eval
    from judgeaudit.datasets.location import data_dir as resolve

    base = alpaca_eval.outputs(alpaca_eval.MODELS[:1], resolve(data_dir))[alpaca_eval.MODELS[0]]
    rows: list[dict[str, Any]] = []
    for rel in suite.data["generated"]:
        path = suite.path.parent / rel
        if not path.is_file():
            raise InputError(
                path,
                None,
                None,
                f"generated responses of suite {suite.name!r} not found (scripts/make_family_local.py writes them)",
            )
        for lineno, row in read_json_lines(path):
            idx = row.get("alpaca_eval_index")
            if not isinstance(idx, int) or not 0 <= idx < len(base):
                raise InputError(
                    path, lineno, "alpaca_eval_index", f"must be an index into the {len(base)} AlpacaEval instructions"
                )
            instruction = str(base[idx]["instruction"])
            digest = instruction_sha256(instruction)
            if row.get("instruction_sha256", digest) != digest:
                raise InputError(
                    path,
                    lineno,
                    "instruction_sha256",
                    f"does not match AlpacaEval instruction {idx} in this data directory",
                )
            rows.append({**row, "instruction": instruction})
    return alpaca_eval.pairs_with(rows, data_dir, limit=limit, seed=seed)


def items_digest(items: Sequence[Item | Answer]) -> str:
    blob = "\n".join(json.dumps(it.to_dict(), sort_keys=True, ensure_ascii=False) for it in items)
    return hashlib.sha256(blob.encode()).hexdigest()
