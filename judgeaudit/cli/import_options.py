"""``judgeaudit import``'s format options: ``--map``, ``--value`` and ``--option`` as an importer's options."""

from __future__ import annotations

import json

import click


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
