"""``judgeaudit import``'s format options: ``--map``, ``--value`` and ``--option`` as an importer's options."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import click


def format_flags(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--map``, ``--value`` and ``--option``, handed to the command as one ``options`` mapping."""

    @click.option("--map", "mapping", multiple=True, help="generic format: FIELD=COLUMN (repeatable).")
    @click.option("--value", "values", multiple=True, help="generic format: FIELD:RAW=VALUE, e.g. winner:1=a.")
    @click.option(
        "--option",
        "extra",
        multiple=True,
        help='Format-specific option KEY=VALUE (VALUE as JSON where it parses), e.g. round="last" for llmbar.',
    )
    @functools.wraps(f)
    def command(
        *args: Any, mapping: tuple[str, ...], values: tuple[str, ...], extra: tuple[str, ...], **kw: Any
    ) -> Any:
        return f(*args, options=format_options(mapping, values, extra), **kw)

    return command


def format_options(mapping: tuple[str, ...], values: tuple[str, ...], extra: tuple[str, ...]) -> dict[str, object]:
    """``--map``, ``--value`` and ``--option`` as the importer's options."""
    options: dict[str, object] = {}
    if mapping:
        options["map"] = dict(_assignment("--map", m, "FIELD=COLUMN") for m in mapping)
    if values:
        vm: dict[str, dict[str, str]] = {}
        for v in values:
            field, sep, rest = v.partition(":")
            raw, eq, val = rest.partition("=")
            if not (sep and eq and field):
                raise click.UsageError(f"--value {v!r}: expected FIELD:RAW=VALUE, e.g. winner:1=a")
            vm.setdefault(field, {})[raw] = val
        options["values"] = vm
    for opt in extra:
        key, raw = _assignment("--option", opt, "KEY=VALUE")
        try:
            options[key] = json.loads(raw)
        except json.JSONDecodeError:
            options[key] = raw
    return options


def _assignment(option: str, text: str, form: str) -> tuple[str, str]:
    """``KEY=VALUE`` split at the first ``=``; anything else is a usage error naming the option (exit 2)."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.UsageError(f"{option} {text!r}: expected {form}")
    return key, value
