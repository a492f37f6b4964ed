"""The bias probes' texts (``biases.yaml``), checked on load: every treatment has an equal-length control.

A suite's own file has the same shape and may hold any of the sections; with ``texts_mode: extend`` its
inserts are added to (or replace, by id) the packaged ones, and a ``names`` or ``style`` section it gives
replaces the packaged one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from judgeaudit.io.files import YamlMapping, read_yaml
from judgeaudit.probes.texts import merged

BIASES_FILE = Path(__file__).with_name("biases.yaml")
_TOP = {"version", "inserts", "names", "style"}
_INSERT = {"bias", "edit", "favours", "texts"}
EDITS = ("better", "worse", "random")
FAVOURS = ("edited", "other")
SLOT = "{response}"


@dataclass(frozen=True)
class Insert:
    """One treatment around one answer and its equal-length controls (``{response}`` marks the answer)."""

    id: str
    bias: str
    edit: str
    favours: str
    texts: tuple[tuple[str, str], ...]

    def pick(self, item_id: str) -> tuple[str, str]:
        """The (treatment, control) text pair for an item: seeded by item id, so every rerun picks the same."""
        h = int(hashlib.sha256(f"insert|{self.id}|{item_id}".encode()).hexdigest()[:8], 16)
        return self.texts[h % len(self.texts)]


@dataclass(frozen=True)
class NamePair:
    famous: str
    plain: str
    anonymous: str


@dataclass(frozen=True)
class BiasTexts:
    inserts: dict[str, Insert]
    template: str
    anonymous: str
    pairs: tuple[NamePair, ...]
    header: str
    bullet: str


def _raw(path: Path) -> YamlMapping:
    return read_yaml(path, allowed=_TOP)


def _inserts(doc: YamlMapping) -> dict[str, Insert]:
    node = doc.data["inserts"]
    if not isinstance(node, dict):
        raise doc.error(("inserts",), "expected a mapping of insert id to {bias, edit, favours, texts}")
    out: dict[str, Insert] = {}
    for iid, spec in node.items():
        where = ("inserts", str(iid))
        if ":" in str(iid):
            raise doc.error(where, "an insert id may not contain ':'")
        doc.check_keys(spec, _INSERT, *where, required=sorted(_INSERT))
        if spec["edit"] not in EDITS:
            raise doc.error((*where, "edit"), f"must be one of {', '.join(EDITS)}")
        if spec["favours"] not in FAVOURS:
            raise doc.error((*where, "favours"), f"must be one of {', '.join(FAVOURS)}")
        texts = spec["texts"]
        if not isinstance(texts, list) or not texts:
            raise doc.error((*where, "texts"), "expected a non-empty list of {text, control}")
        pairs = []
        for i, pair in enumerate(texts):
            at = (*where, "texts", i)
            doc.check_keys(pair, ("text", "control"), *at, required=("control", "text"))
            text, control = str(pair["text"]), str(pair["control"])
            for name, value in (("text", text), ("control", control)):
                if value.count(SLOT) != 1:
                    raise doc.error((*at, name), f"must contain {SLOT} exactly once (where the answer goes)")
            if len(text) != len(control):
                raise doc.error(
                    (*at, "control"), f"must be as long as its text ({len(text)} characters), is {len(control)}"
                )
            pairs.append((text, control))
        out[str(iid)] = Insert(str(iid), str(spec["bias"]), spec["edit"], spec["favours"], tuple(pairs))
    return out


def _names(doc: YamlMapping) -> tuple[str, str, tuple[NamePair, ...]]:
    node = doc.data["names"]
    keys = ("template", "anonymous", "pairs")
    doc.check_keys(node, keys, "names", required=keys)
    template = str(node["template"])
    if template.count(SLOT) != 1 or template.count("{name}") != 1:
        raise doc.error(("names", "template"), f"must contain {SLOT} and {{name}} once each")
    if not isinstance(node["pairs"], list) or not node["pairs"]:
        raise doc.error(("names", "pairs"), "expected a non-empty list of {famous, plain, anonymous}")
    pairs = []
    for i, p in enumerate(node["pairs"]):
        doc.check_keys(
            p, ("famous", "plain", "anonymous"), "names", "pairs", i, required=("anonymous", "famous", "plain")
        )
        pair = NamePair(str(p["famous"]), str(p["plain"]), str(p["anonymous"]))
        if not len(pair.famous) == len(pair.plain) == len(pair.anonymous):
            raise doc.error(("names", "pairs", i), "famous, plain and anonymous must be of equal length")
        pairs.append(pair)
    return template, str(node["anonymous"]), tuple(pairs)


def _style(doc: YamlMapping) -> tuple[str, str]:
    node = doc.data["style"]
    doc.check_keys(node, ("header", "bullet"), "style", required=("bullet", "header"))
    return str(node["header"]), str(node["bullet"])


@cache
def bias_texts(texts: str | None = None, texts_mode: str = "replace") -> BiasTexts:
    """The texts the bias probes run with: the packaged file, a suite's own instead, or both."""
    packaged = _raw(BIASES_FILE)
    own = _raw(Path(texts)) if texts is not None else None
    own_inserts = None if own is None else _inserts(own) if "inserts" in own.data else {}
    inserts = merged(_inserts(packaged), own_inserts, texts_mode)

    def section(key: str) -> YamlMapping | None:
        if own is not None and key in own.data:
            return own
        return None if own is not None and texts_mode == "replace" else packaged

    names, style = section("names"), section("style")
    template, anonymous, pairs = _names(names) if names is not None else ("", "", ())
    header, bullet = _style(style) if style is not None else ("", "")
    return BiasTexts(inserts, template, anonymous, pairs, header, bullet)
