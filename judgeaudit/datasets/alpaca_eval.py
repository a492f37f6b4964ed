"""AlpacaEval model outputs: eight models of six families on the same 805 instructions, no labels.

Subsets:

- ``families`` (default): for each instruction, three models of three different families (seeded
  choice) and the three pairs among them. ``meta["group"]`` is the instruction index, so the items
  of one instruction form a triad; sampling keeps triads whole (``limit`` rounds down to them).
- ``verbosity``: the concise and the verbose output of the same model (GPT-4 Turbo, Mixtral) on the
  same instruction; ``meta["verbose"]`` says which response is the verbose one (balanced a/b).

:func:`pairs_with` builds the same triads around locally generated responses (``judgeaudit generate``).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.base import (
    balanced_flags,
    blank,
    coin,
    dataset,
    local_dir,
    slug,
)
from judgeaudit.datasets.families import family_of
from judgeaudit.datasets.hub import remote_file
from judgeaudit.datasets.location import data_dir as resolve_data_dir
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.io.files import read_json

MODELS = (
    "gpt4_1106_preview",
    "claude-3-opus-20240229",
    "Meta-Llama-3-8B-Instruct",
    "Mistral-7B-Instruct-v0.2",
    "Mixtral-8x7B-Instruct-v0.1",
    "Qwen1.5-7B-Chat",
    "gemma-7b-it",
    "vicuna-13b-v1.5",
)
_MIXTRAL = "Mixtral-8x7B-Instruct-v0.1"
VERBOSITY = {
    "gpt4_1106_preview": ("gpt4_1106_preview_concise", "gpt4_1106_preview_verbose"),
    _MIXTRAL: (f"{_MIXTRAL}_concise", f"{_MIXTRAL}_verbose"),
}
SUBSETS = ("families", "verbosity")
_PAIRS = ((0, 1), (0, 2), (1, 2))
Response = tuple[str, str, str]  # (model, family, text)


class ModelOutput(TypedDict):
    """One row of an AlpacaEval ``model_outputs.json``: what we read of it."""

    instruction: str
    output: str
    dataset: str | None  # the AlpacaEval source set the instruction came from


@lru_cache(maxsize=32)
def _read(path: Path) -> tuple[ModelOutput, ...]:
    rows = read_json(path)
    if not isinstance(rows, list):
        raise InputError(path, None, None, "must be a JSON list of {instruction, output} objects")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise InputError(path, None, f"[{i}]", f"must be an object, got {type(row).__name__}")
        for key in ("instruction", "output"):
            if not isinstance(row.get(key), str):
                raise InputError(path, None, f"[{i}].{key}", f"must be a string, got {row.get(key)!r}")
        source = row.get("dataset")
        out.append(
            ModelOutput(
                instruction=row["instruction"],
                output=row["output"],
                dataset=None if source is None else str(source),
            )
        )
    return tuple(out)


def outputs(models: tuple[str, ...], data_dir: Path | None) -> dict[str, tuple[ModelOutput, ...]]:
    """Each model's 805 rows, checked to share one instruction order (the join is by index)."""
    root = local_dir("alpaca_eval", data_dir)
    out: dict[str, tuple[ModelOutput, ...]] = {}
    for model in models:
        path = None if root is None else root / "results" / model / "model_outputs.json"
        if path is None or not path.is_file():
            path = remote_file("alpaca_eval", f"results/{model}/model_outputs.json", looked_at=path)
        out[model] = _read(path.resolve())
    first = out[models[0]]
    for model, rows in out.items():
        if len(rows) != len(first) or any(r["instruction"] != f["instruction"] for r, f in zip(rows, first)):
            raise JudgeAuditError(f"alpaca_eval: {model} outputs are not in the instruction order of {models[0]}")
    return out


def family_table() -> dict[str, list[str]]:
    """The staged base models by family (from the family table)."""
    table: dict[str, list[str]] = {}
    for model in MODELS:
        fam = family_of(model)
        if fam is None:
            raise JudgeAuditError(f"alpaca_eval: no family rule matches {model!r} (datasets/families.yaml)")
        table.setdefault(fam, []).append(model)
    return table


def _pick(rng: random.Random, table: dict[str, list[str]], k: int) -> list[str]:
    """One model from each of ``k`` distinct families."""
    return [rng.choice(sorted(table[fam])) for fam in rng.sample(sorted(table), k)]


def _pair(item_id: str, a: Response, b: Response, instruction: str, meta: Mapping[str, object]) -> Item:
    return Item(
        id=item_id,
        instruction=instruction,
        response_a=a[2],
        response_b=b[2],
        model_a=a[0],
        model_b=b[0],
        family_a=a[1],
        family_b=b[1],
        meta={"dataset": "alpaca_eval", **meta},
    )


def _triad(prefix: str, idx: int, trio: list[Response], instruction: str, meta: Mapping[str, object]) -> list[Item]:
    return [
        _pair(
            f"{prefix}-{idx:03d}-{slug(trio[i][0])}-vs-{slug(trio[j][0])}",
            trio[i],
            trio[j],
            instruction,
            {"source_index": idx, **meta},
        )
        for i, j in _PAIRS
    ]


def family_items(data_dir: Path | None, seed: int) -> list[Item]:
    """One triad per instruction: three pairs among three models of different families."""
    rows = outputs(MODELS, data_dir)
    table = family_table()
    items: list[Item] = []
    for idx, base in enumerate(rows[MODELS[0]]):
        rng = random.Random(coin(seed, f"alpaca_eval-families-{idx}"))
        trio = [(m, family_of(m) or "", rows[m][idx]["output"]) for m in _pick(rng, table, 3)]
        if blank(*(t[2] for t in trio)):
            continue
        items += _triad(
            "alpaca_eval-families",
            idx,
            trio,
            base["instruction"],
            {"subset": "families", "group": idx, "source": base["dataset"]},
        )
    return items


def verbosity_items(data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
    """Concise vs verbose output of one model; which side is verbose is balanced after sampling."""
    rows = outputs(tuple(m for pair in VERBOSITY.values() for m in pair), data_dir)
    plain: list[Item] = []
    for base, (concise, verbose) in VERBOSITY.items():
        fam = family_of(base) or ""
        for idx, (c_row, v_row) in enumerate(zip(rows[concise], rows[verbose])):
            if blank(c_row["output"], v_row["output"]):
                continue
            plain.append(
                _pair(
                    f"alpaca_eval-verbosity-{slug(base)}-{idx:03d}",
                    (verbose, fam, v_row["output"]),
                    (concise, fam, c_row["output"]),
                    c_row["instruction"],
                    {"source_index": idx, "subset": "verbosity", "base_model": base, "source": c_row["dataset"]},
                )
            )
    picked = sample(plain, limit, seed)
    verbose_first = balanced_flags([it.id for it in picked], seed)
    out = []
    for it in picked:
        side = "a" if verbose_first[it.id] else "b"
        oriented = it if side == "a" else it.swapped()
        out.append(replace(oriented, meta={**oriented.meta, "verbose": side}))
    return out


@dataset(
    "alpaca_eval",
    folder="alpaca_eval",
    marker="results/gpt4_1106_preview/model_outputs.json",
    subsets=SUBSETS,
    upstream="https://github.com/tatsu-lab/alpaca_eval (results/<model>/model_outputs.json)",
)
def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
    """``families`` (default) or ``verbosity`` pairs; unlabelled."""
    name = (subset or "families").lower()
    if name == "families":
        return sample(family_items(data_dir, seed), limit, seed)
    if name == "verbosity":
        return verbosity_items(data_dir, limit, seed)
    raise JudgeAuditError(f"unknown alpaca_eval subset {subset!r}; known: {', '.join(SUBSETS)}")


def pairs_with(
    responses: Sequence[Mapping[str, object]],
    data_dir: str | Path | None = None,
    limit: int | None = None,
    seed: int = 0,
) -> list[Item]:
    """Triads around locally generated responses, each with two AlpacaEval models of other families.

    Args:
        responses: rows ``{instruction, output, generator, family}`` as ``judgeaudit generate``
            writes them; rows with an ``error``, an empty output, or an instruction that is not an
            AlpacaEval instruction are skipped. ``family`` falls back to the family table.
        data_dir: the data directory (resolved like ``--data-dir``).
        limit: at most this many items, whole triads only.
        seed: picks the partner models and the sample.

    Returns:
        Three items per matched instruction (local vs X, local vs Y, X vs Y), ``meta["group"]`` =
        ``"<generator>@<instruction index>"``.

    Raises:
        JudgeAuditError: when no response matches an AlpacaEval instruction.
    """
    rows = outputs(MODELS, resolve_data_dir(data_dir))
    base = rows[MODELS[0]]
    index = {r["instruction"].strip(): i for i, r in reversed(list(enumerate(base)))}
    table = family_table()
    items: list[Item] = []
    seen: set[tuple[str, int]] = set()
    for resp in responses:
        generator = str(resp.get("generator") or "local")
        output = str(resp.get("output") or "")
        idx = index.get(str(resp.get("instruction") or "").strip())
        if idx is None or resp.get("error") or not output.strip() or (generator, idx) in seen:
            continue
        seen.add((generator, idx))
        family = str(resp.get("family") or family_of(generator) or "unknown")
        others = {f: ms for f, ms in table.items() if f != family}
        rng = random.Random(coin(seed, f"alpaca_eval-with-{generator}-{idx}"))
        trio = [(generator, family, output)] + [
            (m, family_of(m) or "", rows[m][idx]["output"]) for m in _pick(rng, others, 2)
        ]
        rng.shuffle(trio)
        items += _triad(
            f"alpaca_eval-with-{slug(generator)}",
            idx,
            trio,
            base[idx]["instruction"],
            {"subset": "with-generated", "group": f"{generator}@{idx}", "source": base[idx]["dataset"]},
        )
    if not items:
        raise JudgeAuditError(
            f"none of the {len(responses)} responses answers an AlpacaEval instruction (or all had an error "
            "or empty output); generate them from an alpaca_eval suite, e.g. --suite family-alpaca"
        )
    return sample(items, limit, seed)
