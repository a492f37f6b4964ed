"""A judge = a data-defined spec (prompt formats, family) + a backend that runs it.

The judge builds requests from items and reads verdicts back out of results. It keeps response
identity: a verdict always names response ``a`` or ``b``, whatever slot it was shown in.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from judgeaudit.backends.base import Backend, Request, Result
from judgeaudit.contracts.judgments.row import Verdict
from judgeaudit.contracts.vocab import JUDGE_MODES, JudgeMode
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges import likelihood
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.judges.parsers import parsers
from judgeaudit.judges.spec import JudgeSpec, PromptFormat, judge_files, load_format, load_judge_file


def _failed_raw(result: Result) -> str:
    """The raw field of a failed call: the error, then any text the answer held (kept, never a verdict)."""
    return f"[backend error] {result.error}" + (f"\n{result.text}" if result.text else "")


@dataclass
class Judge:
    """A runnable judge."""

    spec: JudgeSpec
    backend: Backend
    mode: JudgeMode = "logprob"
    _formats: dict[str, PromptFormat] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def family(self) -> str:
        return self.spec.family

    @property
    def normalize(self) -> str:
        norm = str(self.spec.likelihood.get("normalize", "mean"))
        if norm not in likelihood.NORMALISATIONS:
            raise JudgeAuditError(f"{self.spec.path}: likelihood.normalize must be one of mean, sum, pmi, got {norm!r}")
        return norm

    def format(self, mode: str) -> PromptFormat:
        if mode not in self._formats:
            fmt = self.spec.format(mode)
            if self.mode not in fmt.modes:
                raise JudgeAuditError(
                    f"judge {self.name!r}: prompt format {fmt.id!r} is trained for {'/'.join(fmt.modes)} mode only; "
                    f"an audit in {self.mode} mode would not audit the protocol the judge was trained on "
                    f"(use --mode {fmt.modes[0]})"
                )
            self._formats[mode] = fmt
        return self._formats[mode]

    # -- requests -------------------------------------------------------------------------------
    def request(self, fmt: PromptFormat, slots: dict[str, str | None], meta: dict[str, Any]) -> Request:
        """One request for ``fmt`` with its slots filled, rendered as this judge renders every prompt.

        The judge's mode decides its kind (``choice`` over the format's labels in logprob mode, else
        ``generate``) and its chat template decides the shape (messages, or one flat prompt). A probe
        with a prompt of its own (the listwise probe) builds its request here, so it is audited under
        the same rendering as the judge's pairwise and score prompts. ``meta`` describes the request
        to the runner and the simulated backend; the model never sees it.
        """
        system, user = fmt.render(slots)
        kind = "choice" if self.mode == "logprob" else "generate"
        common: dict[str, Any] = {
            "kind": kind,
            "choices": fmt.labels if kind == "choice" else (),
            "max_tokens": 1 if kind == "choice" else fmt.max_tokens,
            "meta": meta,
        }
        if self.spec.chat_template == "none":
            prompt = (f"{system}\n\n" if system else "") + user + fmt.answer_prefix
            return Request(prompt=prompt, **common)
        msgs: list[tuple[str, str]] = [("system", system)] if system else []
        msgs.append(("user", user))
        if fmt.answer_prefix:
            msgs.append(("assistant_prefix", fmt.answer_prefix))
        return Request(messages=tuple(msgs), **common)

    def pairwise_format(self, format_id: str | None = None) -> PromptFormat:
        """The judge's own pairwise format, or another pairwise format by id (prompt-robustness probes)."""
        if format_id is None:
            return self.format("pairwise")
        key = f"pairwise:{format_id}"
        if key not in self._formats:
            fmt = load_format(format_id)
            if fmt.mode != "pairwise":
                raise JudgeAuditError(f"prompt format {format_id!r} is a {fmt.mode} format, not pairwise")
            if self.mode not in fmt.modes:
                raise JudgeAuditError(
                    f"prompt format {format_id!r} supports {'/'.join(fmt.modes)} mode only, not {self.mode}"
                )
            self._formats[key] = fmt
        return self._formats[key]

    def pairwise_request(
        self,
        instruction: str,
        response_a: str,
        response_b: str,
        order: str,
        reference: str | None = None,
        rubric: str | None = None,
        meta: dict[str, Any] | None = None,
        *,
        format_id: str | None = None,
        temperature: float = 0.0,
        seed: int = 0,
    ) -> Request:
        """Responses a and b shown in ``order`` (``ab``: a first).

        ``format_id`` renders another pairwise format than the judge's own. ``temperature``/``seed``
        apply to generated verdicts only: a logprob read is deterministic, so its request stays
        identical (and is judged once) whatever the seed.
        """
        first, second = (response_a, response_b) if order == "ab" else (response_b, response_a)
        slots = {
            "instruction": instruction,
            "response_first": first,
            "response_second": second,
            "reference": reference,
            "rubric": rubric,
        }
        req = self.request(self.pairwise_format(format_id), slots, {**(meta or {}), "order": order})
        if req.kind == "generate" and temperature > 0:
            req = replace(req, temperature=float(temperature), seed=int(seed))
        return req

    def pairwise_requests(
        self,
        instruction: str,
        response_a: str,
        response_b: str,
        order: str,
        reference: str | None = None,
        rubric: str | None = None,
        meta: dict[str, Any] | None = None,
        *,
        format_id: str | None = None,
        temperature: float = 0.0,
        seed: int = 0,
    ) -> tuple[Request, ...]:
        """The requests one pairwise row needs: one prompt, or (likelihood) one score per response."""
        if self.mode == "likelihood":
            return (
                *self._likelihood_requests(instruction, response_a, {**(meta or {}), "request": "loglik"}),
                *self._likelihood_requests(instruction, response_b, {**(meta or {}), "request": "loglik"}),
            )
        return (
            self.pairwise_request(
                instruction,
                response_a,
                response_b,
                order,
                reference,
                rubric,
                meta,
                format_id=format_id,
                temperature=temperature,
                seed=seed,
            ),
        )

    def _likelihood_requests(self, instruction: str, response: str, meta: dict[str, Any]) -> tuple[Request, ...]:
        return likelihood.requests(
            instruction,
            response,
            normalize=self.normalize,
            chat=self.spec.chat_template != "none",
            prefix=self.spec.likelihood.get("prefix"),
            meta=meta,
        )

    def score_requests(
        self,
        instruction: str,
        response: str,
        reference: str | None = None,
        rubric: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> tuple[Request, ...]:
        """The requests one absolute score needs: one prompt, or (likelihood) its forward pass(es)."""
        if self.mode == "likelihood":
            return self._likelihood_requests(instruction, response, meta or {})
        slots = {"instruction": instruction, "response": response, "reference": reference, "rubric": rubric}
        return (self.request(self.format("score"), slots, meta or {}),)

    # -- reading results ------------------------------------------------------------------------
    def read_pairwise(self, results: Result | list[Result], order: str, format_id: str | None = None) -> Verdict:
        """Verdict fields of a judgments row: ``winner`` (a/b/tie/None), ``p_a``, ``raw``.

        ``format_id``: the format the request was rendered with, when not the judge's own.
        """
        results = [results] if isinstance(results, Result) else results
        if self.mode == "likelihood":
            half = len(results) // 2
            return likelihood.verdict(
                results[:half],
                results[half:],
                order,
                normalize=self.normalize,
                scale=float(self.spec.likelihood.get("scale", 0.5)),
            )
        result = results[0]
        fmt = self.pairwise_format(format_id)
        labels = fmt.labels
        out: Verdict = {"winner": None, "p_a": None, "raw": result.text or ""}
        if result.error:
            out["raw"] = _failed_raw(result)
            return out
        slot: str | None = None
        if result.choice_logprobs is not None:
            lp_first, lp_second = (result.choice_logprobs[lab] for lab in labels[:2])
            p_first = 1.0 / (1.0 + math.exp(lp_second - lp_first))
            slot = "tie" if lp_first == lp_second else ("first" if lp_first > lp_second else "second")
            out["p_a"] = p_first if order == "ab" else 1.0 - p_first
            out["raw"] = json.dumps({"logprobs": result.choice_logprobs, **result.extra}, sort_keys=True)
        elif result.text is not None:
            parsed = parsers.get(fmt.parser)(result.text, (*labels[:2], "tie"))
            if parsed is not None:
                slot = {labels[0]: "first", labels[1]: "second", "tie": "tie"}.get(parsed)
        if slot == "tie":
            out["winner"] = "tie"
        elif slot is not None:
            out["winner"] = ("a" if slot == "first" else "b") if order == "ab" else ("b" if slot == "first" else "a")
        return out

    def read_score(self, results: Result | list[Result]) -> Verdict:
        """Score fields: ``score`` (or None), ``score_expected`` in logprob mode, ``raw``."""
        results = [results] if isinstance(results, Result) else results
        result = results[0]
        if self.mode == "likelihood":
            value = likelihood.score(results, self.normalize)
            return {
                "score": value,
                "raw": json.dumps(
                    {
                        "loglik": result.loglik,
                        "tokens": result.n_tokens,
                        "normalize": self.normalize,
                        **({"loglik_unconditional": results[1].loglik} if len(results) > 1 else {}),
                        "error": next((r.error for r in results if r.error), None),
                    }
                ),
            }
        labels = self.format("score").labels
        out: Verdict = {"score": None, "raw": result.text or ""}
        if result.error:
            out["raw"] = _failed_raw(result)
            return out
        if result.choice_logprobs is not None:
            lps = [result.choice_logprobs[lab] for lab in labels]
            top = max(lps)
            ps = [math.exp(v - top) for v in lps]
            z = sum(ps)
            out["score"] = int(labels[lps.index(top)])
            out["score_expected"] = sum(int(lab) * p / z for lab, p in zip(labels, ps))
            out["raw"] = json.dumps({"logprobs": result.choice_logprobs, **result.extra}, sort_keys=True)
        elif result.text is not None:
            parsed = parsers.get(self.format("score").parser)(result.text, labels)
            out["score"] = None if parsed is None else int(parsed)
        return out

    def identity(self) -> dict[str, Any]:
        """What the manifest and the cache key need to know about this judge."""
        fmts = (
            {}
            if self.mode == "likelihood"
            else {
                m: {"id": self.format(m).id, "version": self.format(m).version, "sha256": self.format(m).digest}
                for m in self.spec.formats
            }
        )
        return {
            "judge": self.name,
            "judge_family": self.family,
            "spec_file": self.spec.path,
            "spec_version": self.spec.version,
            "mode": self.mode,
            "formats": fmts,
            **(
                {"likelihood": {"normalize": self.normalize, **self.spec.likelihood}}
                if self.mode == "likelihood"
                else {}
            ),
            "backend": self.backend.describe(),
        }


def spec_for(name: str, family: str | None = None) -> JudgeSpec:
    """Resolve a judge name: registered, a YAML file, or ``hf:``/``gguf:``/``openai:`` ad-hoc."""
    if name.endswith((".yaml", ".yml")):
        spec = load_judge_file(Path(name))
    elif ":" in name and name.split(":", 1)[0] in ("hf", "gguf", "openai"):
        kind, target = name.split(":", 1)
        if kind == "openai":
            base_url, _, model = target.partition("#")
            if not model:
                raise JudgeAuditError("--judge openai:BASE_URL#MODEL needs the model name after '#'")
            spec = JudgeSpec(
                name=f"openai:{model}",
                version=1,
                family=family or _family(model),
                backend="openai",
                model={"base_url": base_url, "model": model},
                formats={"pairwise": "generic-pairwise", "score": "generic-score"},
            )
        else:
            key = "hf_id" if kind == "hf" and not Path(target).exists() else "path"
            spec = JudgeSpec(
                name=name,
                version=1,
                family=family or _family(target),
                backend="transformers",
                model={key: target},
                formats={"pairwise": "generic-pairwise", "score": "generic-score"},
            )
    else:
        files = judge_files()
        if name not in files:
            raise JudgeAuditError(
                f"unknown judge {name!r}; registered: {', '.join(sorted(files))} "
                "(or hf:PATH_OR_ID, gguf:FILE, openai:BASE_URL#MODEL, a .yaml file)"
            )
        spec = load_judge_file(files[name])
    if family:
        spec = replace(spec, family=family)
    return spec


def _family(model_name: str) -> str:
    try:
        from judgeaudit.datasets.families import family_of
    except ImportError:
        return "unknown"
    return family_of(Path(model_name).name) or "unknown"


def load_judge(
    judge: str | JudgeOptions,
    *,
    family: str | None = None,
    mode: str | None = None,
    normalize: str | None = None,
    backend: str | None = None,
    options: dict[str, Any] | None = None,
) -> Judge:
    """Build a runnable judge; the backend's heavy libraries load here, not at import.

    ``judge`` is a :class:`JudgeOptions`, or a judge name with the same options as keywords (``options``:
    the backend's).
    """
    from judgeaudit.backends import backends

    if not isinstance(judge, JudgeOptions):
        judge = JudgeOptions(judge, family, mode, normalize, backend, backend_options=options or {})
    name, family, mode, normalize, backend = judge.name, judge.family, judge.mode, judge.normalize, judge.backend
    options = judge.backend_settings()

    spec = spec_for(name, family)
    mode = mode or spec.mode
    if mode not in JUDGE_MODES:
        raise JudgeAuditError(f"unknown mode {mode!r}; choose one of {', '.join(JUDGE_MODES)}")
    if normalize is not None:
        if mode != "likelihood":
            raise JudgeAuditError(
                f"--normalize applies to likelihood mode only (judge {spec.name!r} runs in {mode} mode)"
            )
        spec = replace(spec, likelihood={**spec.likelihood, "normalize": normalize})
    backend_name = backend or spec.backend
    if backend_name not in backends:  # named before any weights are looked for
        raise JudgeAuditError(f"unknown backend {backend_name!r}; choose one of {', '.join(backends.names())}")
    opts = {**spec.backend_options, **(options or {})}
    try:
        made = backends.get(backend_name)(spec, **opts)
    except (TypeError, ValueError) as exc:  # a misspelt or ill-valued option: a usage error, not a crash
        raise _option_error(spec, backend_name, opts, exc) from None
    return Judge(spec=spec, backend=made, mode=cast(JudgeMode, mode))  # checked against JUDGE_MODES above


def _option_error(spec: JudgeSpec, backend_name: str, opts: dict[str, Any], exc: Exception) -> JudgeAuditError:
    """The backend's complaint, on one line, with the judge file and the options it was given."""
    where = spec.path or f"judge {spec.name!r}"
    given = ", ".join(f"{k}={v!r}" for k, v in sorted(opts.items())) or "none"
    reason = " ".join(str(exc).split())
    return JudgeAuditError(f"{where}: backend {backend_name!r} rejected its options ({reason}); options given: {given}")
