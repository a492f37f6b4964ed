"""The joint judge model's own-family bonus over simulated panels: false-positive rate, power and its time.

Each panel is four judges of four families (f0..f3, two models each) judging the same ``--items`` pairs in
both orders (:mod:`judgeaudit.stats.simulate_panel`). The scenarios are the statistical review's: judges that
differ in skill (discrimination), slot bias, ties, length preference and their family's answer quality, and
**no own-family bonus** unless the scenario says ``planted``. For every judge without a bonus the share of
panels where its bonus is significant (p < 0.05) is its false-positive rate (nominal 5%); beside it, the same
share for the descriptive ``self_preference.excess_win_rate`` on the same panels. In ``planted`` scenarios the
share for the planted judge is the power.

    nice python benchmarks/judge_model.py --panels 200 --items 240            # every scenario
    nice python benchmarks/judge_model.py --panels 50 --scenario sharp --jobs 2
    nice python benchmarks/judge_model.py --time-runs reports/runs/llmbar reports/runs/pandalm

``--time-runs`` fits the model (and the placebos) on recorded runs' judgments and prints the time per run
and each judge's bonus, slot effect and discrimination with intervals. One fit of a 4 x 240 panel takes
about 1-2 s on one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.judgemodel.panel import panel_fit
from judgeaudit.stats.judgemodel.report import term
from judgeaudit.stats.pairs import pairwise, prepare
from judgeaudit.stats.simulate_panel import PanelJudge, simulate_panel, with_quality
from judgeaudit.stats.third_party import third_party_excess


def _judges(*changes: dict[str, object]) -> list[PanelJudge]:
    base = [dict(name=f"j{i}", family=f"f{i}") for i in range(4)]
    for i, ch in enumerate(changes):
        base[i].update(ch)
    return [PanelJudge(**b) for b in base]  # type: ignore[arg-type]


# name -> (judges, family quality offsets, what it tests)
SCENARIOS: dict[str, tuple[list[PanelJudge], dict[str, float], str]] = {
    "control": (_judges(), {"f0": 1.0}, "f0 answers better, judges alike"),
    "sharp": (_judges({"discrimination": 2.0}), {"f0": 1.0}, "f0 answers better, f0 judge sharper (2 vs 1)"),
    "noisy": (_judges({}, {"discrimination": 0.4}), {"f1": -1.0}, "f1 answers worse, f1 judge noisier (0.4)"),
    "slot": (
        _judges({"position": 2.0}, {"position": 0.5}, {"position": 0.5}, {"position": 0.5}),
        {"f0": 1.0},
        "f0 answers better, f0 judge slot 2.0 vs 0.5",
    ),  # fmt: skip
    "ties_style": (
        _judges({"tie": 0.0, "length": 1.0}, {"tie": -1.0}, {"length": -0.5}, {"discrimination": 1.5}),
        {"f0": 0.5, "f2": -0.5},
        "judges differ in ties, length preference and skill; families differ in quality",
    ),
    "affinity": (_judges({}, {}, {"affinity": {"f0": 0.9}}), {"f0": 1.0}, "the f2 judge leans +0.9 to f0 answers"),
    "planted": (
        _judges({"discrimination": 2.0}, {"own_family": 0.5}),
        {"f0": 1.0},
        "sharp f0 judge as in 'sharp'; the f1 judge has a bonus of 0.5",
    ),  # fmt: skip
    "planted_strong": (_judges({}, {"own_family": 1.0}), {"f0": 1.0}, "the f1 judge has a bonus of 1.0"),
}


def one_panel(scenario: str, k: int, items: int, excess: bool = True) -> dict[str, tuple[float | None, float | None]]:
    """(bonus p-value, excess_win_rate p-value or None without ``excess``) of each judge in panel ``k``."""
    judges, offsets, _ = SCENARIOS[scenario]
    seed = 1_000_000 * (1 + list(SCENARIOS).index(scenario)) + k
    rows, _ = prepare(simulate_panel(items, judges, seed=seed, models=with_quality(offsets)))
    fams = {j.name: j.family for j in judges}
    f = panel_fit(rows, fams).fit
    orig = pairwise(rows) if excess else None
    out = {}
    for j in judges:
        bonus = term(f, j.name, "own_family").get("p_value") if f is not None else None
        desc = third_party_excess(orig, judge=j.name, families=fams).get("p_value") if orig is not None else None
        out[j.name] = (bonus, desc)
    return out


def _rate(ps: Sequence[float | None]) -> str:
    made = [p for p in ps if p is not None]
    hits = sum(p < 0.05 for p in made)
    if not made:
        return "n/a"
    lo, hi = wilson(hits, len(made))
    return f"{hits}/{len(made)} = {hits / len(made):.3f} [{lo:.3f}, {hi:.3f}]"


def simulate(scenarios: list[str], panels: int, items: int, jobs: int, excess: bool = True) -> None:
    print(f"{panels} panels of 4 judges x {items} pairs, both orders; significant = p < 0.05 (Wilson 95% interval)\n")
    print("| scenario | judge | planted bonus | judge-model bonus significant | excess_win_rate significant |")
    print("| --- | --- | --- | --- | --- |")
    for name in scenarios:
        judges, _, what = SCENARIOS[name]
        t0 = time.time()
        with ProcessPoolExecutor(jobs) as pool:
            res = list(pool.map(one_panel, [name] * panels, range(panels), [items] * panels, [excess] * panels))
        null_b: list[float | None] = []
        null_e: list[float | None] = []
        for j in judges:
            b = [r[j.name][0] for r in res]
            e = [r[j.name][1] for r in res]
            print(f"| {name} | {j.name} | {j.own_family:g} | {_rate(b)} | {_rate(e)} |")
            if j.own_family == 0:
                null_b += b
                null_e += e
        print(f"| {name} | every judge without a bonus | 0 | {_rate(null_b)} | {_rate(null_e)} |")
        print(f"<!-- {name}: {what}; {time.time() - t0:.0f} s -->", file=sys.stderr, flush=True)
        sys.stdout.flush()


def time_runs(dirs: list[str]) -> None:
    from judgeaudit.contracts.judgments.read import read_judgments
    from judgeaudit.stats.judgemodel.report import judge_model_metrics
    from judgeaudit.stats.third_party import judge_families

    for d in dirs:
        rows, _ = prepare(read_judgments(Path(d) / "judgments.jsonl").frame)
        fams = judge_families(rows)
        t0, c0 = time.time(), time.process_time()
        sections = {j: judge_model_metrics(rows, j, fams) for j in sorted(fams)}
        print(f"\n{d}: {len(rows)} judgments, {rows['judge'].nunique()} judges: model + placebos in "
              f"{time.time() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU")  # fmt: skip
        for j, s in sections.items():
            if s is None or s.get("estimable") is False:
                print(f"  {j}: n/a ({s and s.get('note')})")
                continue
            cells = []
            for t in ("own_family", "slot", "discrimination", "tie", "length"):
                e = s.get(t) or {}
                ci = e.get("ci") or [None, None]
                cells.append(
                    f"{t} {e['value']:+.2f} [{ci[0]:+.2f}, {ci[1]:+.2f}]"
                    if e.get("value") is not None
                    else f"{t} n/a ({e.get('note')})"
                )
            print(f"  {j}: " + "; ".join(cells))
            pl = s.get("placebo")
            if pl:
                own = (s.get("own_family") or {}).get("value")
                draws = ", ".join(
                    f"{fam} {e['value']:+.2f} [{e['ci'][0]:+.2f}, {e['ci'][1]:+.2f}] p {e.get('p_value', float('nan')):.2g}"
                    if e.get("value") is not None
                    else f"{fam} n/a"
                    for fam, e in sorted(pl["families"].items())
                )
                inside = "outside" if pl.get("own_outside_range") else "inside"
                print(f"    placebo distribution ({pl['n_significant']}/{pl['n']} significant): {draws}")
                if own is not None:
                    print(
                        f"    own-family bonus {own:+.2f} sits {inside} its placebos' range (own rank p {pl.get('own_rank_p')})"
                    )
            for how, m in (s.get("family_sensitivity") or {}).items():
                e = m["own_family"]
                val = (
                    f"{e['value']:+.2f} [{e['ci'][0]:+.2f}, {e['ci'][1]:+.2f}]" if e.get("value") is not None else "n/a"
                )
                print(f"    family map {how} ({m['models_moved']} models moved): own-family bonus {val}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--panels", type=int, default=200)
    ap.add_argument("--items", type=int, default=240)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS))
    ap.add_argument("--no-excess", action="store_true", help="skip the descriptive excess_win_rate column (faster)")
    ap.add_argument("--time-runs", nargs="*", default=None, metavar="RUN_DIR")
    args = ap.parse_args(argv)
    if args.time_runs is not None:
        time_runs(args.time_runs)
        return 0
    simulate(args.scenario or list(SCENARIOS), args.panels, args.items, args.jobs, not args.no_excess)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
