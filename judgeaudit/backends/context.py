"""Prompts longer than the model's context are refused, never judged silently.

A model given more tokens than its context either fails or, worse, reads a truncated or
extrapolated prompt and returns a verdict on text it never saw whole. Every backend checks the
length it is about to send against the context it knows and records an over-long request as a
failed call (a backend error: counted, shown, never cached). The rule is recorded in the
manifest as ``over_context: refuse``; no backend truncates.
"""

from __future__ import annotations

from judgeaudit.backends.base import Result

RULE = "refuse"


def over_context(n_prompt: int, n_new: int, context: int | None) -> Result | None:
    """A refusal when ``n_prompt`` tokens plus ``n_new`` to generate do not fit in ``context``; else None."""
    if context is None or n_prompt + n_new <= context:
        return None
    new = f" + {n_new} to generate" if n_new else ""
    return Result(
        error=f"prompt of {n_prompt} tokens{new} exceeds the model's context of {context} tokens: "
        "refused, not truncated (shorten the item or use a judge with a longer context)",
        n_tokens=n_prompt,
        extra={"over_context": True},
    )
