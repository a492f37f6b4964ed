"""Credentials never reach a file a user shares: URLs in the manifest and report are redacted here.

A server URL may carry a password (``https://user:secret@host/v1``) or a key in its query
(``?api_key=...``); the manifest records where a judge ran, never how it logged in.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# query parameters that carry a credential (compared lower-case, ignoring - and _)
SECRET_PARAMS = (
    "apikey",
    "key",
    "token",
    "accesstoken",
    "secret",
    "password",
    "pass",
    "sig",
    "signature",
    "auth",
    "code",
    "xapikey",
)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>#]+")


def _secret(name: str) -> bool:
    return name.lower().replace("-", "").replace("_", "") in SECRET_PARAMS


def redact_url(url: str) -> str:
    """``url`` with any user name, password and credential-like query value replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL after all; leave it as written
        return url
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rsplit('@', 1)[1]}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_secret(k) for k, _ in pairs):
            query = urlencode([(k, MASK if _secret(k) else v) for k, v in pairs], safe="*")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str) -> str:
    """Every URL inside ``text`` (a command line, an error message) redacted."""
    return _URL.sub(lambda m: redact_url(m.group(0)), text)


def redact(value: Any) -> Any:
    """A copy of a JSON-like value with every URL in every string redacted (keys are kept as they are)."""
    if isinstance(value, str):
        return redact_text(value) if "://" in value else value
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    return value
