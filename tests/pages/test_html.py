"""report.html: self-contained, escaped, a verdict on top, every section present or saying why not."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from judgeaudit import report as render_report
from judgeaudit.gate import load_policy
from judgeaudit.pages.html import CSP, build_context
from tests.support.report_data import (
    IMG,
    SCRIPT,
    biased_metrics,
    content_blind_metrics,
    judgment_rows,
    manifest,
    write_run,
)


class Outline(HTMLParser):
    """Headings, tags and attributes of a page, to check structure without a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.tables = 0
        self.tables_with_th = 0
        self._in_table = False
        self._th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
            self._th = False
        if tag == "th":
            self._th = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._th:
            self.tables_with_th += 1


def outline(html: str) -> Outline:
    o = Outline()
    o.feed(html)
    return o


@pytest.fixture
def biased_run(tmp_path: Path) -> Path:
    return write_run(tmp_path / "run", biased_metrics(), judgment_rows(), manifest())


def render(run_dir: Path, policy: str | None = None) -> str:
    return render_report(run_dir, load_policy(policy) if policy else None).read_text(encoding="utf-8")


def test_report_is_written_into_the_run_directory(biased_run: Path) -> None:
    path = render_report(biased_run)
    assert path == biased_run / "report.html"
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_untrusted_answers_and_judge_output_render_as_text(biased_run: Path) -> None:
    html = render(biased_run)
    assert SCRIPT not in html
    assert IMG not in html
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "onerror=" not in [k for _, k, _ in outline(html).attrs]


def test_no_network_references_and_a_csp_that_forbids_them(biased_run: Path) -> None:
    html = render(biased_run)
    o = outline(html)
    for tag, key, value in o.attrs:
        if key in ("src", "href", "srcset", "action", "poster", "data", "xlink:href"):
            assert not re.match(r"\s*(https?:)?//", value or ""), f"<{tag} {key}={value!r}> reaches the network"
            assert (value or "").startswith("#"), f"<{tag} {key}={value!r}> is not an in-page link"
    assert not re.search(r"https?://", html), "no URL at all: even an SVG namespace is not needed inline"
    assert "@import" not in html and "url(" not in html
    assert {"script", "link", "iframe", "object", "embed", "img"}.isdisjoint(o.tags)
    assert ("meta", "content", CSP) in o.attrs
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def test_verdict_cards_show_effect_interval_n_threshold_and_status(biased_run: Path) -> None:
    html = render(biased_run)
    ctx = build_context(biased_run)
    cards = {c["metric"]: c for c in ctx["cards"]}
    consistency = cards["position.consistency"]
    assert (consistency["status"], consistency["value"], consistency["ci"], consistency["n"]) == (
        "FAIL",
        "65%",
        "[56%, 73%]",
        120,
    )
    assert consistency["rule"] == "95% CI lower bound ≥ 80%"
    assert cards["verbosity.length_coef"]["status"] == "INCONCLUSIVE"
    assert cards["verbosity.length_coef"]["more_pairs"] > 0
    assert "more pairs would likely decide it" in html
    assert consistency["mde"] and f"Minimum detectable effect: {consistency['mde']}" in html
    assert ctx["overall"] == "FAIL"
    assert html.count('class="card ') == len(ctx["cards"])
    for word in ("✓ PASS", "✗ FAIL", "? INCONCLUSIVE"):
        assert word in html  # status in words, never colour alone


def test_primacy_is_said_in_plain_words(biased_run: Path) -> None:
    html = render(biased_run)
    assert "This judge picks the first-shown answer in 71% of the 42 pairs where it changes its mind" in html


def test_every_section_has_its_plot_and_caption(biased_run: Path) -> None:
    html = render(biased_run)
    ctx = build_context(biased_run)
    present = {s["id"]: s for s in ctx["sections"] if s["present"]}
    assert set(present) == {"position", "verbosity", "self-preference", "score-vs-rank", "calibration", "joint"}
    for sec in present.values():
        assert sec["plot"] is not None and sec["caption"], sec["id"]
    assert html.count('<svg class="plot"') == 6
    assert html.count("<figcaption>") == 6
    assert "Padding dose-response" in html and "Reliability diagram" in html
    assert "58% (own)" in html  # the heatmap prints its numbers


def test_content_blind_judge_gets_the_plain_warning(tmp_path: Path) -> None:
    html = render(write_run(tmp_path / "blind", content_blind_metrics(), judgment_rows(), manifest()))
    assert (
        "This judge picks the first slot regardless of content; its verdicts carry no information about "
        "quality." in html
    )
    assert 'role="alert"' in html


def test_a_judge_with_some_signal_gets_no_content_blind_warning(biased_run: Path) -> None:
    assert "regardless of content" not in render(biased_run)


def test_absent_sections_say_why_in_one_line(tmp_path: Path) -> None:
    html = render(write_run(tmp_path / "blind", content_blind_metrics(), judgment_rows(), manifest()))
    assert "Not measured in this run: needs the model family of each response" in html
    assert "Not measured in this run: needs verdict probabilities" in html
    ctx = build_context(tmp_path / "blind")
    assert [s["id"] for s in ctx["sections"] if s["present"]] == ["position"]
    assert html.count('<svg class="plot"') == 1


def test_skipped_checks_are_listed_with_the_reason(tmp_path: Path) -> None:
    ctx = build_context(write_run(tmp_path / "blind", content_blind_metrics(), None, None))
    skipped = {c["metric"]: c["reason"] for c in ctx["skipped"]}
    assert "verbosity.padding_flip_rate" in skipped
    assert "verbosity section was not computed" in skipped["verbosity.padding_flip_rate"]


def test_evidence_shows_flips_and_padded_wins_with_both_orders(biased_run: Path) -> None:
    html = render(biased_run)
    ctx = build_context(biased_run)
    assert (ctx["flips"]["total"], ctx["flips"]["n_pairs"]) == (1, 4)
    flip = ctx["flips"]["shown"][0]
    assert flip["item_id"] == "i0" and flip["kind"] == "primacy"
    assert [o["order"] for o in flip["orders"]] == ["ab", "ba"]
    assert (ctx["padded"]["total"], ctx["padded"]["n_padded"]) == (1, 2)
    win = ctx["padded"]["shown"][0]
    assert win["item_id"] == "i1" and win["won_both"]
    assert html.count("<details>") >= 3  # collapsed: two examples and the manifest
    assert "<details open" not in html
    assert "Order ab: A shown first, B second" in html and "Order ba: B shown first, A second" in html


def test_manifest_facts_parse_failures_and_rows_left_out(biased_run: Path) -> None:
    html = render(biased_run)
    assert "ab" * 32 in html and "/models/judge.gguf" in html
    assert "generic-pairwise v1" in html and "60.5 s" in html
    assert "2 judge outputs could not be read as a verdict" in html
    ctx = build_context(biased_run)
    assert any("not valid JSON" in p for p in ctx["problems"])  # the malformed judgments line
    assert any("t.jsonl:9" in p for p in ctx["problems"])  # recorded by the run
    assert "2 rows of judgments.jsonl were left out" in html


def test_headings_are_in_order_and_tables_have_headers(biased_run: Path) -> None:
    o = outline(render(biased_run))
    assert o.headings[0] == 1 and o.headings.count(1) == 1
    for prev, cur in zip(o.headings, o.headings[1:]):
        assert cur <= prev + 1, f"heading jumps from h{prev} to h{cur}"
    assert o.tables > 0 and o.tables_with_th == o.tables


def test_print_css_is_there(biased_run: Path) -> None:
    html = render(biased_run)
    assert "@media print" in html


def test_missing_files_still_give_a_report_that_says_what_is_missing(tmp_path: Path) -> None:
    run = tmp_path / "empty"
    run.mkdir()
    html = render(run)
    assert "metrics.json is missing from the run directory" in html
    assert "judgments.jsonl is missing" in html
    assert "Not measured in this run: metrics.json is missing" in html


def test_null_sections_and_missing_keys_do_not_break_the_report(tmp_path: Path) -> None:
    metrics = {
        "position": {"consistency": {"value": None, "ci": [None, None], "n": 0, "note": "no pairs"}},
        "verbosity": {"dose_curve": [{"pad_ratio": 0.5}], "length_coef": {"value": 0.1}},
        "self_preference": {"family_matrix": {"win_rate": {}}},
        "calibration": {"reliability": []},
    }
    html = render(write_run(tmp_path / "odd", metrics, [], None, bad_line=False))
    assert "No dose-response curve" in html
    assert "No family matrix" in html
    assert "No reliability diagram" in html


def test_a_stricter_policy_changes_the_verdict(biased_run: Path) -> None:
    ctx = build_context(biased_run, load_policy("strict"))
    assert ctx["policy"]["name"] == "strict"
    assert "calibration.ece" in {c["metric"] for c in ctx["cards"]}


def test_report_from_compute_metrics_of_simulated_judgments(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    from judgeaudit.stats import compute_metrics
    from judgeaudit.stats.simulate import simulate

    df = pd.concat(
        [
            simulate(
                60, seed=2, judge="sim-a", judge_family="fam0", pad_sizes=(0.25, 0.5, 1.0), scores=True, position=1.5
            ),
            simulate(60, seed=2, judge="sim-b", judge_family="fam1"),
        ],
        ignore_index=True,
    )
    metrics = compute_metrics(df, judge="sim-a", n_boot=200)
    rows = json.loads(df[df["judge"] == "sim-a"].to_json(orient="records"))
    for r in rows:
        r["instruction"], r["response_a"], r["response_b"] = "Q?", f"A {SCRIPT}", "B"
    run = write_run(tmp_path / "sim", metrics, rows, {"judge": "sim-a", "judge_family": "fam0"}, bad_line=False)
    html = render(run)
    ctx = build_context(run)
    assert {s["id"] for s in ctx["sections"] if s["present"]} >= {
        "position",
        "verbosity",
        "self-preference",
        "score-vs-rank",
        "joint",
    }
    assert "Padding dose-response" in html
    assert ctx["flips"]["total"] > 0
    assert SCRIPT not in html
    assert ctx["cards"], "the default policy has checks this run can decide"


def test_a_long_list_of_left_out_rows_is_capped(tmp_path: Path) -> None:
    data = manifest(problems=[f"t.jsonl:{i}: field 'winner': bad" for i in range(500)])
    html = render(write_run(tmp_path / "many", biased_metrics(), judgment_rows(), data))
    assert "501 rows of judgments.jsonl were left out (the first 200 listed)" in html
    assert html.count("<li><code>t.jsonl:") == 200
