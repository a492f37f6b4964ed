"""The report's sections: for every section of the metric catalogue, its plot, caption, table of estimates
and the facts only that section has (pair classes, the protocol recommendation, per-wording tables).

Which sections exist, in which order, and what a missing one needs come from the catalogue
(:data:`judgeaudit.metrics.SECTIONS`); :data:`PLOTS` adds how the report draws the sections that have a plot
of their own (any other gets the default: its estimates with their intervals).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from judgeaudit.metrics import SECTIONS, Section, fmt_ci, fmt_value, info, lookup, metric_paths, pct, read_estimate
from judgeaudit.metrics import sentence as reading
from judgeaudit.metrics.words import Metrics  # noqa: E402
from judgeaudit.pages import plots
from judgeaudit.pages.model_tables import judge_model_extras
from judgeaudit.pages.plots import as_dict, cell, fmt_p
from judgeaudit.pages.views import EstimateRow, Extras, SectionView, Table


@dataclass(frozen=True)
class SectionPlot:
    """How the report draws one section.

    Attributes:
        plot: the section's SVG plot from the whole metrics dict, or None when there is nothing to plot.
        caption: how to read the plot.
        no_plot: the line shown instead when there is no plot.
        extras: the facts only this section has, from its node (keys of :func:`_extras`).
    """

    plot: Callable[[Metrics], Markup | None]
    caption: str
    no_plot: str = "No plot: no estimate in this section."
    extras: Callable[[Mapping[str, object]], Extras] | None = None


def _pair_classes(node: Mapping[str, object]) -> Extras:
    return {
        "classes": [
            (name, node.get(k))
            for name, k in (
                ("consistent (same verdict both orders)", "n_consistent"),
                ("primacy (first slot won the flip)", "n_primacy"),
                ("recency (second slot won the flip)", "n_recency"),
                ("tie verdicts", "n_ties"),
                ("pairs left out (a verdict did not parse)", "n_unparsed_pairs"),
                ("pairs judged in one order only", "n_incomplete_pairs"),
            )
            if node.get(k) is not None
        ]
    }


def _recommendation(node: Mapping[str, object]) -> Extras:
    if not node.get("recommendation"):
        return {}
    return {"recommendation": node.get("recommendation"), "recommendation_reason": node.get("recommendation_reason")}


def _model_note(node: Mapping[str, object]) -> Extras:
    return {"note": node.get("note")} if node.get("note") else {}


def _robustness_tables(node: Mapping[str, object]) -> Extras:
    per, base = as_dict(node.get("per_template")), node.get("base_template")
    rows = []
    for t in sorted(per, key=lambda t: (t != base, t)):
        e = as_dict(per[t])
        fsr = as_dict(e.get("first_slot_rate"))
        p = fmt_p(fsr.get("p_value"))
        rows.append(
            [
                f"{t} (the judge's own prompt: control)" if t == base else t,
                e.get("template_set") or "",
                cell(e.get("accuracy")),
                cell(fsr) + (f" (p {p})" if p else ""),
                "control" if t == base else cell(e.get("agreement_with_base")),
                "" if e.get("n_unparsed") is None else str(e["n_unparsed"]),
            ]
        )
    tables: list[Table] = []
    if rows:
        tables.append(
            {
                "caption": "Per prompt wording, with 95% intervals (p: first-slot rate against 50%)",
                "head": ["template", "set", "accuracy", "first-slot rate", "same verdict as own prompt", "unreadable"],
                "rows": rows,
            }
        )
    sets = as_dict(node.get("by_set"))
    if sets:
        tables.append(
            {
                "caption": "Each set of wordings against the judge's own prompt, with 95% intervals",
                "head": ["set", "templates", "Fleiss' kappa", "verdict depends on the wording"],
                "rows": [
                    [
                        name,
                        str(len(as_dict(v).get("templates") or [])),
                        cell(as_dict(v).get("fleiss_kappa"), rate=False),
                        cell(as_dict(v).get("template_dependence")),
                    ]
                    for name, v in sorted(sets.items())
                ],
            }
        )
    return {"tables": tables}


def _arms(key: str) -> Callable[[Metrics], Markup | None]:
    """The treatment-vs-placebo plot of one bias section."""
    return lambda m: plots.arms_plot(m, key)


def _listwise_tables(node: Mapping[str, object]) -> Extras:
    listed = node.get("slot_shares")
    shares = [s for s in listed if isinstance(s, dict)] if isinstance(listed, list) else []
    if not shares:
        return {"tables": []}
    rows = [[str(s.get("slot")), cell(s), pct(s.get("expected")), fmt_p(s.get("p_value")) or ""] for s in shares]
    chi = as_dict(node.get("position_chi2"))
    caption = "Share of picks per slot against the share of a judge that reads only content, with 95% intervals"
    if isinstance(chi.get("value"), (int, float)):
        caption += (
            f"; chi-square {chi['value']:.1f} on {chi.get('df')} df against equal slots, "
            f"p {fmt_p(chi.get('p_value'))}, counts {chi.get('counts')}"
        )
    return {
        "tables": [
            {"caption": caption, "head": ["slot", "share of picks", "no lean", "p (against no lean)"], "rows": rows}
        ]
    }


def _confusion_tables(node: Mapping[str, object]) -> Extras:
    """The confusion matrices (gold label rows, verdict columns) and the label prevalence."""
    tables: list[Table] = []
    for key, what in (("confusion", "gold label"), ("score_confusion", "people's score")):
        conf = as_dict(node.get(key))
        cols, rows, counts = conf.get("cols") or [], conf.get("rows") or [], conf.get("counts") or []
        if cols and rows and len(counts) == len(rows):
            tables.append(
                {
                    "caption": f"Counts of {what} (rows) against the judge's verdict (columns), ties and unreadable "
                    "outputs included",
                    "head": [what, *[str(c) for c in cols]],
                    "rows": [[str(r), *[str(x) for x in line]] for r, line in zip(rows, counts)],
                }
            )
    prev = as_dict(node.get("prevalence"))
    gold, judge = as_dict(prev.get("gold")), as_dict(prev.get("judge"))
    if gold:
        tables.append(
            {
                "caption": "Prevalence: the share of each category among the gold labels and the judge's verdicts "
                "(kappa corrects for the agreement these shares alone give)",
                "head": ["category", "gold labels", "verdicts"],
                "rows": [[str(c), pct(gold.get(c)), pct(judge.get(c))] for c in gold],
            }
        )
    return {"tables": tables}


def _jury_tables(node: Mapping[str, object]) -> Extras:
    """One line per member: how the jury's verdicts stand against that member's on the same judgments."""
    per = as_dict(node.get("members_vs_jury"))
    rows = []
    for member, v in per.items():
        v = as_dict(v)
        gain = as_dict(v.get("accuracy_gain"))
        diff = v.get("mean_score_difference")
        rows.append(
            [
                str(member),
                cell(v.get("same_verdict")),
                cell(v.get("kappa"), rate=False),
                cell(gain) + (f" (p {fmt_p(gain.get('p_value'))})" if fmt_p(gain.get("p_value")) else ""),
                "" if not isinstance(diff, (int, float)) else f"{diff:+.2f}",
            ]
        )
    if not rows:
        return {"tables": []}
    return {
        "tables": [
            {
                "caption": "The jury against each member on the judgments both gave, with 95% intervals (accuracy "
                "gain: the jury's accuracy minus the member's, paired, McNemar's p)",
                "head": ["member", "same verdict", "kappa", "accuracy gain", "score difference"],
                "rows": rows,
            }
        ]
    }


# The sections with a plot of their own; any other section gets the default (see plot_of).
PLOTS: dict[str, SectionPlot] = {
    "position": SectionPlot(
        plots.position_plot,
        "Each dot is an estimate and its bar the 95% interval. Consistency and accuracy should sit far "
        "right; the first-slot rate and primacy share should sit on the dashed 50% line (no lean).",
        extras=_pair_classes,
    ),
    "verbosity": SectionPlot(
        plots.dose_plot,
        "Each point is the share of verdicts that moved to the padded answer at one padding size, with "
        "its 95% interval. A flat solid line near 0 means filler does not sway the judge; a rising one "
        "means more filler wins more often. The dashed line pads the better answer, a control.",
        "No dose-response curve: this run has no padded variants (the verbosity probe's padding sizes).",
    ),
    "self_preference": SectionPlot(
        plots.family_plot,
        "Each cell is how often answers from the column's family win under judges of the row's family "
        "(50% = neutral; blue above, orange below), with its 95% interval and n. Outlined cells are a family "
        "judging itself: compare each with the other judges' cell in the same column.",
        "No family matrix: the responses' model families are not recorded.",
    ),
    "score_vs_rank": SectionPlot(
        plots.score_rank_plot,
        "Accuracy of side-by-side verdicts and of scores against gold, how often the two agree, and how "
        "often scores tie, each with its 95% interval. Higher is better, except for ties and cycles.",
        extras=_recommendation,
    ),
    "calibration": SectionPlot(
        plots.reliability_plot,
        "Each point is a bin of verdicts with similar stated confidence: the share that was right "
        "(with 95% interval) against the confidence the judge stated. Points under the dashed diagonal "
        "mean over-confidence, points over it under-confidence.",
        "No reliability diagram: no bins could be formed (no gold labels with verdict probabilities).",
    ),
    "joint": SectionPlot(
        plots.joint_plot,
        "One model over all pairwise verdicts: each bar is one influence on the log-odds of choosing an "
        "answer with the others held fixed, with its 95% interval (0 = none). 'gold' is the quality "
        "signal a good judge follows; every other term is a bias.",
        extras=_model_note,
    ),
    "judge_model": SectionPlot(
        plots.judge_model_plot,
        "One model of every judge of the run, the answers' quality shared: each bar is one of this judge's "
        "terms on the log-odds scale with its 95% interval (0 = none). Discrimination is how strongly the "
        "judge follows quality (higher is better); slot, length, markdown and own-family bonus are biases.",
        "No plot: the model could not be fitted (see the note).",
        extras=judge_model_extras,
    ),
    "robustness": SectionPlot(
        plots.robustness_plot,
        "Each bar is the share of non-tie verdicts that went to the first-shown answer under one prompt "
        "wording, with its 95% interval. The judge's own prompt is the control; the others mean the same "
        "thing. Agreement (kappa) is high for a judge that follows the slot under every wording, so read "
        "it with these rates: robust is not the same as right.",
        "No per-template plot: no template gave a non-tie verdict.",
        extras=_robustness_tables,
    ),
    "cues": SectionPlot(
        plots.cues_plot,
        "For each cue, the share of verdicts not already on the cued answer that moved to it, with its "
        "95% interval, beside the same share under a neutral insert of the same length in the same place "
        "(the control). The gap between the two is the cue's pull (flip excess in the table).",
        "No flip-rate plot: no verdict could move toward a cued answer.",
    ),
    "listwise": SectionPlot(
        plots.listwise_plot,
        "Each bar is the share of picks that went to one slot, with its 95% interval. Every answer is "
        "shown once in every slot (a Latin square of orders, the control), so a judge that reads only "
        "content puts every bar on the dashed 1/k line.",
        "No slot plot: no pick could be read.",
        extras=_listwise_tables,
    ),
    **{
        key: SectionPlot(
            _arms(key),
            "Each bar is how much more often the answer the bias would favour wins under the treatment than under "
            "its placebo (a content-free change of the same size in the same place), with its 95% interval: 0 = "
            "the treatment does nothing the placebo does not. A perturbation without a direction shows the extra "
            "share of verdicts that change.",
            "No plot: no perturbation has both a treated and a placebo verdict.",
        )
        for key in ("biases", "perturbation")
    },
    "agreement": SectionPlot(
        plots.agreement_plot,
        "Each dot is an estimate with its 95% interval. Kappa is the agreement with people left after the agreement "
        "the label and verdict shares give by chance (0 = none, 1 = full); the raw agreement beside it is what "
        "kappa corrects, and balanced accuracy weighs every gold class equally.",
        "No plot: no verdict could be held against a person's label.",
        extras=_confusion_tables,
    ),
    "jury": SectionPlot(
        plots.jury_plot,
        "Each dot is an estimate with its 95% interval: how often the members agree, and how often they split so "
        "evenly that the jury declares a tie. The table compares the jury with each member.",
        "No plot: the jury has no pairwise verdicts.",
        extras=_jury_tables,
    ),
}


DEFAULT_CAPTION = (
    "Each dot is one of the section's estimates and its bar the 95% interval; a dashed line marks a metric's "
    "no-bias value where it has one. The table below says what each number means."
)


def plot_of(section: Section) -> SectionPlot:
    """How the report draws ``section``: its own plot where :data:`PLOTS` has one, else every estimate of the
    section with its interval (:func:`judgeaudit.pages.plots.section_plot`)."""
    own = PLOTS.get(section.key)
    if own is not None:
        return own
    key = section.key
    return SectionPlot(lambda m: plots.section_plot(m, key), DEFAULT_CAPTION)


def metric_rows(metrics: Metrics, section: str) -> list[EstimateRow]:
    """The catalogued estimates of one section, in catalogue order, as table rows."""
    rows: list[EstimateRow] = []
    for path in metric_paths(section, metrics):
        node = lookup(metrics, path)
        if node is None or path.endswith(".n_unparsed"):  # unreadable outputs: counted under the table
            continue
        meta, est = info(path), read_estimate(node)
        label = meta.label if meta else path
        if isinstance(node, dict):
            rows.append(
                {
                    "label": label,
                    "path": path,
                    "value": fmt_value(meta, est["value"]) if est else "n/a",
                    "ci": fmt_ci(meta, node.get("ci")) if est else "",
                    "n": node.get("n"),
                    "p": fmt_p(node.get("p_value")),
                    "p_holm": fmt_p(node.get("p_value_holm")),
                    "words": reading(path, node, metrics) if est else (node.get("note") or "not estimable"),
                }
            )
        elif est is not None:  # a bare number, such as the share of readable verdicts
            rows.append(
                {
                    "label": label,
                    "path": path,
                    "value": fmt_value(meta, est["value"]),
                    "ci": "",
                    "n": None,
                    "p": None,
                    "p_holm": None,
                    "words": reading(path, est, metrics),
                }
            )
    return rows


def _extras(section: Section, node: Mapping[str, object]) -> Extras:
    """Section-specific facts: pair classes, the protocol recommendation, parse counts, tables."""
    ex: Extras = {
        "n_unparsed": node.get("n_unparsed"),
        "extraction": node.get("extraction_success_rate"),
        "classes": None,
        "recommendation": None,
        "recommendation_reason": None,
        "note": None,
        "tables": [],
    }
    if section.optional and node.get("error"):
        ex["note"] = f"This section could not be computed: {node['error']}"
    add = plot_of(section).extras
    if add is not None:
        ex.update(add(node))
    return ex


def sections(metrics: Metrics | None) -> list[SectionView]:
    """Every section, present (with plot, caption and table) or absent (with the reason in one line)."""
    out: list[SectionView] = []
    for section in SECTIONS:
        key, spec = section.key, plot_of(section)
        node = (metrics or {}).get(key)
        if section.optional and not isinstance(node, dict):
            continue
        sec: SectionView = {"id": key.replace("_", "-"), "title": section.title, "present": isinstance(node, dict)}
        if not isinstance(node, dict):
            why = "metrics.json is missing" if metrics is None else section.absent_reason
            sec["absent"] = f"Not measured in this run: {why}"
            out.append(sec)
            continue
        try:
            plot = spec.plot(metrics or {})
        except (TypeError, ValueError, KeyError, AttributeError):  # a malformed section must not sink the report
            plot = None
        shown = plot is not None
        sec.update(
            {"plot": plot, "caption": spec.caption if shown else None, "no_plot": None if shown else spec.no_plot}
        )
        sec.update({"rows": metric_rows(metrics or {}, key), "extras": _extras(section, as_dict(node))})
        out.append(sec)
    return out
