"""Reading data files: YAML mappings and JSON (lines), every problem located by file, line and key.

Every loader in the package reads through here, so a syntax error, an unknown key, a byte that is not
UTF-8 or a malformed row is an :class:`~judgeaudit.errors.InputError` a user can act on, never a
traceback; and every JSON-lines file is read by one loop with one policy: report each bad row, read on.
The loaders keep only their own field checks.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias, TypeGuard

import yaml

from judgeaudit.errors import InputError, InputErrors

BOM = b"\xef\xbb\xbf"
Key = str | int  # a mapping key, or an index into a list
# What a JSON document holds: for records written as JSON whose shape is open (a backend's or an executor's own
# description in the manifest); a record with known keys gets a TypedDict instead.
JSONValue: TypeAlias = "str | int | float | bool | None | list[JSONValue] | dict[str, JSONValue]"
JSONObject: TypeAlias = "dict[str, JSONValue]"


def text_or_none(value: object) -> str | None:
    """A JSON value read from a file where a string is expected: the string, or None for anything else."""
    return value if isinstance(value, str) else None


def field_name(*keys: Key) -> str:
    """The dotted name of a nested field, as errors spell it: ``probes[1].sizes``, ``model.hf_id``."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def finite_number(v: Any) -> TypeGuard[int | float]:
    """A JSON number a float can hold: not a boolean, NaN, ±Infinity or an integer past ~1e308."""
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is an error naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, None, "file not found") from None
    except OSError as exc:
        raise InputError(path, None, None, f"cannot read the file ({exc.strerror or exc})") from None


def decode(path: Path, data: bytes, line: int = 1) -> str:
    """``data`` as UTF-8 text; a bad byte is an error at its line (``line`` is where ``data`` starts)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = line + data.count(b"\n", 0, exc.start)
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise InputError(
            path, at, None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); save it as UTF-8"
        ) from None


def read_text(path: Path) -> str:
    """The file as UTF-8 text with Unix line ends (as ``open()`` reads it); a bad byte is an error at its line."""
    return decode(path, read_bytes(path)).replace("\r\n", "\n").replace("\r", "\n")


def _refuse_bom(path: Path, data: bytes) -> None:
    # json refuses a BOM with a message about decoding that a user cannot act on; say what to do instead
    if data.startswith(BOM):
        raise InputError(path, 1, None, "starts with a UTF-8 byte-order mark; save the file as UTF-8 without BOM")


# -- YAML ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YamlMapping:
    """A YAML file whose top level is a mapping, with the line of every node for later errors."""

    path: Path
    data: dict[str, Any]
    root: yaml.Node

    def line(self, *keys: Key) -> int | None:
        """1-based line of the node at ``keys`` (or of the deepest of its parents that exists)."""
        node, line = self.root, None
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)]
                if not found:
                    return line
                line, node = found[0][0].start_mark.line + 1, found[0][1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return line
        return line if keys else 1

    def error(self, keys: Iterable[Key], message: str) -> InputError:
        """An :class:`InputError` for the field at ``keys``, at its line."""
        keys = tuple(keys)
        return InputError(self.path, self.line(*keys), field_name(*keys) or None, message)

    def check_keys(self, mapping: Any, allowed: Iterable[str], *at: Key, required: Iterable[str] = ()) -> None:
        """Refuse a key outside ``allowed`` and a missing ``required`` one, in the mapping at ``at``.

        Raises:
            InputError: naming the file, the line and the key; the first unknown key in file order.
        """
        if not isinstance(mapping, dict):
            raise self.error(at, f"expected a mapping, got {type(mapping).__name__}")
        allowed = set(allowed)
        for key in mapping:
            if key not in allowed:
                raise self.error((*at, str(key)), f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in mapping:
                raise InputError(
                    self.path, self.line(*at) if at else None, field_name(*at, key), "required key is missing"
                )


def read_yaml(path: Path, *, allowed: Iterable[str], required: Iterable[str] = ()) -> YamlMapping:
    """Parse a YAML mapping and check its top-level keys, keeping node lines for the loader's own checks.

    A byte-order mark is accepted (YAML allows one). Raises :class:`InputError` for a syntax error (at
    its line), a top level that is not a mapping, an unknown key or a missing required one.
    """
    text = read_text(path)
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    finally:
        loader.dispose()
    if root is None or not isinstance(data, dict):
        raise InputError(path, None, None, "expected a YAML mapping at the top level")
    doc = YamlMapping(path, data, root)
    doc.check_keys(data, allowed, required=required)
    return doc


def read_yaml_mapping(path: Path, *, allowed: Iterable[str], required: Iterable[str] = ()) -> dict[str, Any]:
    """The top-level mapping of a YAML file, its keys checked (see :func:`read_yaml`)."""
    return read_yaml(path, allowed=allowed, required=required).data


def _yaml_error(path: Path, exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if not isinstance(exc, yaml.MarkedYAMLError) or mark is None:
        return InputError(path, None, None, f"not valid YAML ({exc})")
    what = "; ".join(str(part) for part in (exc.context, exc.problem) if part)
    return InputError(path, mark.line + 1, None, f"not valid YAML ({what}, column {mark.column + 1})")


# -- JSON ------------------------------------------------------------------------------------------


def read_json(path: Path) -> Any:
    """Parse a whole-file JSON document; a syntax error is an error at its line."""
    data = read_bytes(path)
    _refuse_bom(path, data)
    try:
        return json.loads(decode(path, data))
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, None, f"not valid JSON ({exc.msg})") from None


def iter_json_records(path: Path, problems: list[InputError], *, arrays: bool = False) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, record)`` of a JSON-lines file, appending each unreadable line to ``problems``.

    With ``arrays``, a file whose first character is ``[`` is read as one JSON array instead, each
    record at the line where it starts; a syntax error there ends the file (there is no safe place to
    resume), after the records before it were yielded. Lines split on ``\\n`` only, so a response
    holding U+2028 (which ``json.dumps(ensure_ascii=False)`` writes raw) stays one row.
    """
    lines: Iterable[bytes]
    if arrays:
        try:
            data = read_bytes(path)
        except InputError as exc:
            problems.append(exc)
            return
        if data.lstrip().startswith(b"["):
            yield from _array_records(path, data, problems)
            return
        lines = data.split(b"\n")
    else:  # one line in memory at a time: a judgments file of a million rows is never held whole
        try:
            lines = _file_lines(path)
        except InputError as exc:
            problems.append(exc)
            return
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            if lineno == 1:
                _refuse_bom(path, raw)
            record = json.loads(decode(path, raw, lineno))
        except InputError as exc:
            problems.append(exc)
            continue
        except json.JSONDecodeError as exc:
            problems.append(InputError(path, lineno, None, f"not valid JSON ({exc.msg})"))
            continue
        yield lineno, record


def _file_lines(path: Path) -> Iterator[bytes]:
    """The file's lines split on ``\\n`` only (as ``bytes.split``), without the ``\\n``, read as they come."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        raise InputError(path, None, None, "file not found") from None
    except OSError as exc:
        raise InputError(path, None, None, f"cannot read the file ({exc.strerror or exc})") from None

    def lines() -> Iterator[bytes]:
        with fh:
            for raw in fh:
                yield raw[:-1] if raw.endswith(b"\n") else raw

    return lines()


def read_json_lines(path: Path) -> list[tuple[int, JSONObject]]:
    """``(line, object)`` of every row of a JSON-lines file whose rows must all be objects.

    Raises:
        InputErrors: every unreadable row at once; nothing is half-read.
    """
    problems: list[InputError] = []
    rows: list[tuple[int, JSONObject]] = []
    for line, record in iter_json_records(path, problems):
        if isinstance(record, dict):
            rows.append((line, record))
        else:
            problems.append(InputError(path, line, None, f"expected a JSON object, got {type(record).__name__}"))
    if problems:
        raise InputErrors(problems)
    return rows


def _array_records(path: Path, data: bytes, problems: list[InputError]) -> Iterator[tuple[int, Any]]:
    try:
        text = decode(path, data)
    except InputError as exc:
        problems.append(exc)
        return
    stripped = text.lstrip()
    decoder = json.JSONDecoder()
    pos = len(text) - len(stripped) + 1
    line, counted = 1, 0

    def line_at(offset: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, offset)
        counted = offset
        return line

    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            problems.append(InputError(path, line_at(len(text)), None, "not valid JSON (unterminated array)"))
            return
        if text[pos] == "]":
            return
        try:
            record, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            # located at the record's first line, where a reader starts looking
            problems.append(
                InputError(
                    path, line_at(pos), None, f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
                )
            )
            return
        yield line_at(pos), record
        pos = end


def write_json(path: Path, data: Any) -> None:
    """Indented, keys sorted, no NaN: the same data always gives the same bytes."""
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8"
    )


def read_json_object(path: Path, hint: str = "") -> JSONObject:
    """The JSON object in ``path``; :class:`InputError` naming the file when it is missing, corrupt or not an object.

    ``hint`` is added to the "not found" message (what makes the file).
    """
    if not path.is_file():
        raise InputError(path, None, None, f"not found{f' ({hint})' if hint else ''}")
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputError(path, None, None, f"must be a JSON object, not a {type(data).__name__}")
    return data
