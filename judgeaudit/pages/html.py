"""report.html: one self-contained file a busy engineer can act on, offline and by mail.

The page makes no network request: styles are inline, plots are inline SVG, there is no script, and a
Content-Security-Policy meta tag forbids anything else. Every model output and judge output on it is
untrusted text and goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from judgeaudit.contracts.judgments import ReadResult, read_mask
from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import InputError
from judgeaudit.gate import Policy, evaluate, load_policy, overall
from judgeaudit.io.files import JSONObject, text_or_none
from judgeaudit.metrics import SECTIONS, lookup, pct
from judgeaudit.metrics.words import Metrics
from judgeaudit.pages.cards import card, content_blind, power_rows
from judgeaudit.pages.evidence import Judgments, padded_wins, swap_flips
from judgeaudit.pages.judges import judge_views
from judgeaudit.pages.plots import as_dict
from judgeaudit.pages.sections import sections
from judgeaudit.pages.views import ReportContext, SuiteView

T = TypeVar("T")

MAX_PROBLEMS_SHOWN = 200
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def environment() -> Environment:
    """The Jinja2 environment of the report and the comparison page (autoescape always on)."""
    env = Environment(
        loader=PackageLoader("judgeaudit.pages", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = pct
    env.filters["thousands"] = lambda n: "n/a" if n is None else f"{int(n):,}"
    env.globals["CSP"] = CSP
    return env


def _read_json(path: Path, read: Callable[[], T], problems: list[str]) -> T | None:
    """A JSON file of the run, read by ``read``; missing or unreadable, it is a problem the page shows."""
    if not path.exists():
        problems.append(f"{path.name} is missing from the run directory")
        return None
    try:
        return read()
    except InputError as exc:
        problems.append(f"{path.name} could not be read: {exc.message}")
        return None


def _read_rows(run: RunDir, problems: list[str], read: ReadResult | None) -> ReadResult | None:
    """The judgments, None where they cannot be read; ``read``: the judgments the caller already read
    (analyze), so a large run is not read twice."""
    if read is None:
        if not run.judgments_path.exists():
            problems.append("judgments.jsonl is missing from the run directory: no examples can be shown")
            return None
        try:
            read = run.judgments()
        except InputError as exc:
            problems.append(f"judgments.jsonl could not be read: {exc.message}")
            return None
    return read


# --- the verdict ----------------------------------------------------------------------------------------


def manifest_facts(manifest: Mapping[str, object] | None, metrics: Metrics | None) -> list[tuple[str, str]]:
    """The manifest's key facts as (label, value) rows; 'not recorded' where the manifest is silent."""
    m = manifest or {}
    backend = as_dict(m.get("backend")) or {"backend": m.get("backend")}
    counters, host, formats = as_dict(m.get("counters")), as_dict(m.get("host")), as_dict(m.get("formats"))
    template = "; ".join(
        f"{mode}: {f.get('id')} v{f.get('version')} sha256 {str(f.get('sha256'))[:16]}…"
        for mode, f in formats.items()
        if isinstance(f, dict)
    ) or m.get("template")

    def show(v: Any) -> str:
        return "not recorded" if v in (None, "", {}, []) else str(v)

    wall = m.get("wall_s")
    facts = [
        ("judge", show(m.get("judge") or lookup(metrics, "meta.judge"))),
        ("judge family", show(m.get("judge_family") or lookup(metrics, "meta.judge_family"))),
        ("mode", show(m.get("mode"))),
        ("model file", show(backend.get("model_path") or m.get("model_path"))),
        ("model sha256", show(backend.get("model_sha256") or m.get("model_sha256"))),
        ("backend", show(backend.get("backend"))),
        ("dtype / device", f"{show(backend.get('dtype') or m.get('dtype'))} / {show(backend.get('device'))}"),
        ("prompt template", show(template)),
        ("chat template", show(backend.get("chat_template"))),
        ("seed", show(m.get("seed", lookup(metrics, "meta.seed")))),
        ("started / finished", f"{show(m.get('started'))} / {show(m.get('finished'))}"),
        ("wall time", "not recorded" if not isinstance(wall, (int, float)) else f"{wall:.1f} s"),
        ("judgments", show(m.get("n_judgments", lookup(metrics, "meta.n_judgments")))),
        # calls that returned nothing are not the judge's doing: shown apart from unreadable answers
        ("failed calls", f"{m.get('n_backend_errors') or 0} (left out of the metrics)"),
        ("cache hits / misses", f"{show(counters.get('cache_hits'))} / {show(counters.get('cache_misses'))}"),
        ("host", show(", ".join(f"{k} {v}" for k, v in host.items() if v is not None))),
        ("command", show(m.get("command"))),
    ]
    return facts


def suites(manifest: Mapping[str, object] | None) -> list[SuiteView]:
    listed = (manifest or {}).get("suites")
    out: list[SuiteView] = []
    for s in listed if isinstance(listed, list) else []:
        if isinstance(s, dict):
            out.append(
                {
                    "name": s.get("name"),
                    "version": s.get("version"),
                    "n_items": s.get("n_items"),
                    "data": s.get("data"),
                    "sha256": s.get("sha256"),
                    "items_sha256": s.get("items_sha256"),
                    "probes": ", ".join(map(str, s.get("probes") or [])),
                }
            )
    return out


def _versions(manifest: JSONObject | None) -> list[tuple[str, str]]:
    """The package versions the manifest records, as (name, version) rows."""
    recorded = (manifest or {}).get("versions")
    return sorted((str(k), str(v)) for k, v in recorded.items()) if isinstance(recorded, dict) else []


def _n_unparsed(manifest: Mapping[str, Any] | None, read: ReadResult | None) -> int | None:
    v = (manifest or {}).get("n_unparsed")
    if isinstance(v, int):
        return v
    if read is None or read.frame.empty:
        return None
    return int((~read_mask(read.frame)).sum())


# --- the page ---------------------------------------------------------------------------------------------


def build_context(run_dir: Path, policy: Policy | None = None, judgments: ReadResult | None = None) -> ReportContext:
    """Everything report.html shows, as plain data (tests inspect it; the template only lays it out).

    ``judgments``: the run's judgments when the caller has just read them (else they are read here)."""
    run_dir = Path(run_dir)
    load_problems: list[str] = []
    run = RunDir(run_dir)
    recorded_manifest = _read_json(run.manifest_path, run.manifest, load_problems)
    manifest = recorded_manifest.to_json() if recorded_manifest else None
    metrics = _read_json(run.metrics_path, run.metrics, load_problems)
    read = _read_rows(run, load_problems, judgments)
    left_out = [str(p) for p in read.problems] if read is not None else []
    # the columns the examples are chosen by; only the rows shown are made whole (Judgment dicts)
    rows = Judgments.of([]) if read is None else Judgments.columns_of(read.frame, read.record)
    # a grader run (single answers only) is gated by the grader policy, a pairwise run by the default one
    graded_only = any(str(k).startswith("grader_") for k in metrics or {}) and not (metrics or {}).get("position")
    policy = policy or load_policy("graders" if graded_only else "default")
    results = evaluate(metrics, policy) if metrics is not None else []
    judge = text_or_none((manifest or {}).get("judge")) or lookup(metrics, "meta.judge")
    focal = rows.of_judge(judge)
    listed = (manifest or {}).get("problems")
    recorded = [str(p) for p in listed] if isinstance(listed, list) else []
    problems = list(dict.fromkeys(recorded + left_out))
    counts = {s: sum(r.status == s for r in results) for s in ("PASS", "FAIL", "INCONCLUSIVE", "SKIPPED")}
    by_judge = (metrics or {}).get("by_judge")
    return {
        "title": f"judgeaudit report: {judge or run_dir.name}",
        "judge": judge,
        "judge_family": (manifest or {}).get("judge_family") or lookup(metrics, "meta.judge_family"),
        "run_dir": run_dir.name,
        "generated": (manifest or {}).get("finished") or (manifest or {}).get("analyzed"),
        "policy": {
            "name": policy.name,
            "version": policy.version,
            "description": policy.description,
            "path": policy.path,
        },
        "overall": overall(results) if results else "INCONCLUSIVE",
        "counts": counts,
        "cards": [card(r, metrics) for r in results if r.status != "SKIPPED"],
        "skipped": [card(r, metrics) for r in results if r.status == "SKIPPED"],
        "content_blind": content_blind(metrics),
        "load_problems": load_problems,
        "multi_judge": sorted(by_judge) if isinstance(by_judge, dict) and by_judge else None,
        "judges": judge_views(judge, metrics, rows, policy),
        "sections": sections(metrics),
        "power": power_rows(metrics),
        "flips": swap_flips(focal),
        "padded": padded_wins(focal),
        "have_judgments": bool(len(rows)),
        "facts": manifest_facts(manifest, metrics),
        "suites": suites(manifest),
        "versions": _versions(manifest),
        "n_unparsed": _n_unparsed(manifest, read),
        "n_judgments": (manifest or {}).get("n_judgments", len(rows) if len(rows) else None),
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "n_problems": len(problems),
        "manifest_json": json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) if manifest else None,
        "sections_list": tuple(s.key for s in SECTIONS if not s.optional),
    }


def render_html(context: ReportContext) -> str:
    return environment().get_template("report.html.j2").render(**context)
