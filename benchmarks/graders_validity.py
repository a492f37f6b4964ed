"""False-positive rate and coverage of the grader statistics over many seeds of the simulated grader.

For each seed the simulated grader (seeded by ``--backend-seed``-like ``seed``) grades ``--answers``
synthetic answers (half known-good, half known-wrong) through the real pipeline (probe → runner → backend →
statistics):

- ``null``: no override or padding effect, on a lenient grader (lenience 2: wrong answers pass half the
  time, so verdicts can move either way). The share of seeds where the override excess or the padding shift
  is significant (p < 0.05) is the false-positive rate, which should be near 5% or below.
- ``planted``: override 2.0 on a grader with lenience 1 (wrong answers pass with Φ(−2) alone, Φ(2) with the
  override). The share significant is the power; the share of seeds whose interval covers the planted value
  is the coverage (truth from the planted model).
- ``reference``: nothing planted on a lenient grader (false positives of the no-reference and wrong-reference
  shifts); no-reference inflation 2 planted on lenience 1 (coverage of the no-reference shift, truth
  (Φ(2) − Φ(−2)) / 2 on half known-wrong answers).
- ``repeats``: a generate-mode grader sampled 5 times per answer at temperature 0.7 (coverage of the flip
  rate; truth by quadrature over the planted noise).
- ``edges``: few answers (``--few``) and a grader whose false-pass rate is near 0 (strict), one half
  (lenience 2) or near 1 (lenience 4): coverage of the false-pass rate's interval.

    nice python benchmarks/graders_validity.py --seeds 200 --answers 40 --few 10

Prints one line per check: the rate with its Wilson interval over seeds.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np

sys.path.insert(0, ".")

from judgeaudit.backends.simulated_grader import grade_probs  # noqa: E402
from judgeaudit.judges import load_judge  # noqa: E402
from judgeaudit.probes.suites import ProbeSpec  # noqa: E402
from judgeaudit.stats.grader_known import known_metrics  # noqa: E402
from judgeaudit.stats.grader_length import length_metrics  # noqa: E402
from judgeaudit.stats.grader_override import override_metrics  # noqa: E402
from judgeaudit.stats.grader_padding import padding_metrics  # noqa: E402
from judgeaudit.stats.grader_reference import reference_metrics  # noqa: E402
from judgeaudit.stats.grader_repeats import repeats_metrics  # noqa: E402
from judgeaudit.stats.grader_scale import icc_a1, qwk, scale_metrics  # noqa: E402
from judgeaudit.stats.grader_self_preference import self_preference_metrics  # noqa: E402
from judgeaudit.stats.intervals import wilson  # noqa: E402
from tests.support.graders import answers, expected_u, format_meta, grade_u, graded, varied_answers  # noqa: E402

QUIET = {"position": 0.0, "gold": 1.5, "length": 0.0, "own_family": 0.0, "tie_rate": 0.0, "unparsed_rate": 0.0}


def grader(seed: int, mode: str | None = None, **planted: float):  # type: ignore[no-untyped-def]
    return load_judge("simulated", mode=mode, options={**QUIET, "seed": seed, **planted})


def with_references(items):  # type: ignore[no-untyped-def]
    refs = {"correct_reference": "the right answer", "wrong_reference": "a wrong answer"}
    return [a.__class__(**{**a.__dict__, "meta": {**a.meta, **refs}}) for a in items]


def flip_truth() -> float:
    """Mean over good and wrong answers of 2p(1 − p), p = E[σ(±2 + 1 + N(0, 0.5))] (lenience 1)."""
    meta = {"labels": ["Yes", "No"], "values": [1, 0], "passing": ["Yes"]}
    out = []
    for gold in (1.0, -1.0):
        draws = [
            grade_probs({"grade_lenience": 1.0}, {**meta, "gold": gold}, 0.5 * (2**0.5) * erfinv_mid(j))
            for j in range(400)
        ]
        p = sum(d[0] for d in draws) / len(draws)
        out.append(2 * p * (1 - p))
    return sum(out) / 2


def erfinv_mid(j: int, n: int = 400) -> float:
    from scipy.special import erfinv

    return float(erfinv(2 * (j + 0.5) / n - 1))


def phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def line(name: str, k: int, n: int) -> None:
    lo, hi = wilson(k, n)
    print(f"{name:55s} {k / n:6.3f} [{lo:.3f}, {hi:.3f}] over {n} seeds")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=200)
    ap.add_argument("--answers", type=int, default=40)
    ap.add_argument("--few", type=int, default=10)
    ap.add_argument("--nulls-only", action="store_true", help="only the padding and no-reference null checks")
    ap.add_argument(
        "--new-only", action="store_true", help="only the scale/order, natural-length and self-preference checks"
    )
    args = ap.parse_args()
    if args.new_only:
        new_checks(args.seeds, args.answers)
        return
    t0 = time.time()
    items, few = answers(args.answers), answers(args.few)
    ref_items = with_references(items)
    ref_truth = (phi(1 / 0.5) - phi(-1 / 0.5)) / 2  # wrong answers: -2 + 1 + 2 vs -2 + 1; good ones pass either way
    flip = flip_truth()
    # a known-wrong answer passes when -2 + lenience + override + N(0, 0.5) > 0
    override_truth = phi((-2 + 1 + 2) / 0.5) - phi((-2 + 1) / 0.5)
    counts = {
        k: 0
        for k in (
            "null_override",
            "null_padding",
            "power_override",
            "cover_override",
            "cover_low",
            "cover_mid",
            "cover_high",
            "null_ref_none",
            "null_ref_wrong",
            "cover_ref_none",
            "cover_flip",
        )
    }
    for seed in range(args.seeds):
        null_rows = graded(grader(seed, grade_lenience=2.0), items, "grader_override", "grader_padding")[0]
        o, p = override_metrics(null_rows), padding_metrics(null_rows)
        assert o is not None and p is not None
        counts["null_override"] += (o["excess_pass_rate"]["p_value"] or 1) < 0.05
        counts["null_padding"] += (p["score_shift"]["p_value"] or 1) < 0.05
        if args.nulls_only:
            null_ref = reference_metrics(graded(grader(seed, grade_lenience=2.0), ref_items, "grader_reference")[0])
            assert null_ref is not None
            counts["null_ref_none"] += (null_ref["none_vs_correct"]["p_value"] or 1) < 0.05
            counts["null_ref_wrong"] += (null_ref["wrong_vs_correct"]["p_value"] or 1) < 0.05
            continue
        planted = override_metrics(
            graded(grader(seed, grade_lenience=1.0, grade_override=2.0), items, "grader_override")[0]
        )
        assert planted is not None
        est = planted["excess_pass_rate"]
        counts["power_override"] += (est["p_value"] or 1) < 0.05
        counts["cover_override"] += est["ci"][0] <= override_truth <= est["ci"][1]
        strict = known_metrics(graded(grader(seed), few, "grader_known")[0], seed, 200)
        lenient = known_metrics(graded(grader(seed, grade_lenience=4.0), few, "grader_known")[0], seed, 200)
        half = known_metrics(graded(grader(seed, grade_lenience=2.0), few, "grader_known")[0], seed, 200)
        assert strict is not None and lenient is not None and half is not None
        counts["cover_mid"] += half["false_pass_rate"]["ci"][0] <= 0.5 <= half["false_pass_rate"]["ci"][1]
        low, high = strict["false_pass_rate"], lenient["false_pass_rate"]
        counts["cover_low"] += low["ci"][0] <= phi(-2 / 0.5) <= low["ci"][1]
        counts["cover_high"] += high["ci"][0] <= phi(2 / 0.5) <= high["ci"][1]
        null_ref = reference_metrics(graded(grader(seed, grade_lenience=2.0), ref_items, "grader_reference")[0])
        ref = reference_metrics(
            graded(grader(seed, grade_lenience=1.0, grade_no_reference=2.0), ref_items, "grader_reference")[0]
        )
        reps = repeats_metrics(
            graded(grader(seed, "generate", grade_lenience=1.0), items, ProbeSpec("grader_repeats", {"k": 5}))[0],
            seed,
            200,
        )
        assert null_ref is not None and ref is not None and reps is not None
        counts["null_ref_none"] += (null_ref["none_vs_correct"]["p_value"] or 1) < 0.05
        counts["null_ref_wrong"] += (null_ref["wrong_vs_correct"]["p_value"] or 1) < 0.05
        counts["cover_ref_none"] += ref["none_vs_correct"]["ci"][0] <= ref_truth <= ref["none_vs_correct"]["ci"][1]
        counts["cover_flip"] += reps["flip_rate"]["ci"][0] <= flip <= reps["flip_rate"]["ci"][1]
    n = args.seeds
    print(f"{n} seeds, {args.answers} answers ({args.few} at the edges), {time.time() - t0:.0f} s")
    line("false positives: override excess, nothing planted", counts["null_override"], n)
    line("false positives: padding shift, nothing planted", counts["null_padding"], n)
    if args.nulls_only:
        line("false positives: no-reference shift, nothing planted", counts["null_ref_none"], n)
        line("false positives: wrong-reference shift, nothing planted", counts["null_ref_wrong"], n)
        return
    line(f"power: override 2 planted (truth {override_truth:+.3f})", counts["power_override"], n)
    line("coverage: override excess, planted", counts["cover_override"], n)
    line("false positives: no-reference shift, nothing planted", counts["null_ref_none"], n)
    line("false positives: wrong-reference shift, nothing planted", counts["null_ref_wrong"], n)
    line(f"coverage: no-reference shift, planted (truth {ref_truth:+.3f})", counts["cover_ref_none"], n)
    line(f"coverage: flip rate, 5 sampled repeats (truth {flip:.3f})", counts["cover_flip"], n)
    line(f"coverage: false-pass rate near 0 (truth {phi(-4):.5f}, {args.few // 2} wrong)", counts["cover_low"], n)
    line(f"coverage: false-pass rate one half (truth 0.5, {args.few // 2} wrong)", counts["cover_mid"], n)
    line(f"coverage: false-pass rate near 1 (truth {phi(4):.5f}, {args.few // 2} wrong)", counts["cover_high"], n)


SCALE_REF, SCALE_REV = "grader-rubric5", "grader-rubric5-reversed"


def _mc_grades(fmt: str, gold: np.ndarray, noise: np.ndarray, **planted: float) -> np.ndarray:
    return np.concatenate([grade_u(fmt, noise[gold == g], meta={"gold": g}, **planted) for g in (1, -1)])


def scale_truths(**planted: float) -> dict[str, float]:
    """Population order shift, kappa (reference vs reversed) and ICC(A,1) over the four logprob formats, by Monte
    Carlo over answers half known-good, half known-wrong (each format's noise drawn independently)."""
    rng = np.random.default_rng(12345)
    m = 4000
    gold = np.repeat([1, -1], m // 2)
    fmts = [SCALE_REF, SCALE_REV, "grader-letters", "grader-letters-reversed"]
    u = np.column_stack([_mc_grades(f, gold, rng.normal(0, 0.5, m), **planted) for f in fmts])
    shift = np.mean(
        [expected_u(SCALE_REV, meta={"gold": g}, **planted) - expected_u(SCALE_REF, meta={"gold": g}) for g in (1, -1)]
    )
    return {"order_shift": float(shift), "order_agreement": float(qwk(u[:, 0], u[:, 1])), "icc": float(icc_a1(u))}


def top2_truth() -> float:
    """Population share of the two commonest argmax grades of grader-rubric5 (strict grader: near 1)."""
    rng = np.random.default_rng(7)
    meta = format_meta(SCALE_REF)
    labels = []
    for g in (1, -1):
        for e in rng.normal(0, 0.5, 4000):
            p = grade_probs({}, {**meta, "gold": g}, float(e))
            labels.append(int(np.argmax(p)))
    counts = np.sort(np.bincount(labels))[::-1]
    return float(counts[:2].sum() / counts.sum())


def ols_truth(y: np.ndarray, X: np.ndarray, term: int) -> float:
    return float(np.linalg.lstsq(X, y, rcond=None)[0][term])


def length_truth(items, **planted: float) -> float:  # type: ignore[no-untyped-def]
    y = np.array(
        [
            expected_u(
                "grader-passfail", meta={"gold": 1 if a.label == "pass" else -1, "length": len(a.response)}, **planted
            )
            for a in items
        ]
    )
    x = np.log2([len(a.response) for a in items])
    return ols_truth(y, np.column_stack([np.ones(len(x)), x - x.mean(), [a.label == "pass" for a in items]]), 1)


PANEL = ("fa", "fb", "fc", "fd")


def panel_rows(seed: int, items, bonus: float):  # type: ignore[no-untyped-def]
    from judgeaudit.contracts.judgments import frame_from_rows
    from judgeaudit.stats.pairs import prepare

    raw = []
    for j, fam in enumerate(PANEL):
        planted = {"grade_lenience": 1.0 + 0.3 * j, **({"grade_own_family": bonus} if fam == "fa" else {})}
        judge = load_judge("simulated", family=fam, options={**QUIET, "seed": seed, **planted})
        raw += [{**r, "judge": f"g-{fam}"} for r in graded(judge, items, "grader_known")[1]]
    return prepare(frame_from_rows(raw))[0]


def self_preference_truth(items, bonus: float) -> float:  # type: ignore[no-untyped-def]
    """The estimand on these answers: least squares of E[J's grade − third parties' mean] on own and label."""

    def e(fam: str, a) -> float:  # type: ignore[no-untyped-def]
        j = PANEL.index(fam)
        planted = {"grade_lenience": 1.0 + 0.3 * j, **({"grade_own_family": bonus} if fam == "fa" else {})}
        return expected_u(
            "grader-passfail", fam, meta={"gold": 1 if a.label == "pass" else -1, "family": a.family}, **planted
        )

    d, own, good = [], [], []
    for a in items:
        tp = [f for f in PANEL if f not in ("fa", a.family)]
        d.append(e("fa", a) - np.mean([e(f, a) for f in tp]))
        own.append(float(a.family == "fa"))
        good.append(float(a.label == "pass"))
    return ols_truth(np.array(d), np.column_stack([np.ones(len(d)), own, good]), 1)


def new_checks(n_seeds: int, n_answers: int) -> None:
    """Scale/order, natural length and grader self-preference: false positives, power and coverage."""
    t0 = time.time()
    items = answers(n_answers)
    varied = varied_answers(n_answers)
    fam_items = varied_answers(n_answers, families=PANEL)
    planted_scale = {f"grade_shift:{SCALE_REV}": 0.5}
    null_truth, planted_truth = scale_truths(), scale_truths(**planted_scale)
    top2 = top2_truth()
    len_planted = {"grade_length": 1.0, "grade_lenience": 1.0}
    len_truth = length_truth(varied, **len_planted)
    sp_truth = self_preference_truth(fam_items, 1.0)
    c: dict[str, int] = {}

    def add(key: str, hit: bool) -> None:
        c[key] = c.get(key, 0) + int(hit)

    def covers(est: dict, truth: float) -> bool:  # type: ignore[type-arg]
        lo, hi = est["ci"]
        return lo is not None and lo <= truth <= hi and hi > lo

    def report(done: int) -> None:
        n = done
        print(f"{n} seeds, {n_answers} answers, {time.time() - t0:.0f} s (new grader checks)")
        line("false positives: rubric-order shift, nothing planted", c.get("null_order_shift", 0), n)
        line("false positives: scale shift (A-E vs 1-5), nothing planted", c.get("null_scale_shift", 0), n)
        line(
            f"coverage: order kappa, nothing planted (truth {null_truth['order_agreement']:.3f})",
            c.get("cover_null_qwk", 0),
            n,
        )
        line(f"coverage: ICC(A,1), nothing planted (truth {null_truth['icc']:.3f})", c.get("cover_null_icc", 0), n)
        line(f"coverage: top-2 share of 1-5 grades (truth {top2:.3f})", c.get("cover_top2", 0), n)
        line(
            f"power: order shift 0.5 planted (truth {planted_truth['order_shift']:+.3f})",
            c.get("power_order_shift", 0),
            n,
        )
        line("coverage: order shift, planted", c.get("cover_order_shift", 0), n)
        line(
            f"coverage: order kappa, planted (truth {planted_truth['order_agreement']:.3f})",
            c.get("cover_planted_qwk", 0),
            n,
        )
        line(f"coverage: ICC(A,1), planted (truth {planted_truth['icc']:.3f})", c.get("cover_planted_icc", 0), n)
        line("false positives: length slope, nothing planted", c.get("null_length", 0), n)
        line(f"power: length slope 1 planted (truth {len_truth:+.3f} per doubling)", c.get("power_length", 0), n)
        line("coverage: length slope, planted", c.get("cover_length", 0), n)
        line("false positives: self-preference, graders without a bonus (7 a seed)", c.get("null_self_pref", 0), 7 * n)
        line(f"power: own-family bonus 1 planted (truth {sp_truth:+.3f})", c.get("power_self_pref", 0), n)
        line("coverage: self-preference, planted", c.get("cover_self_pref", 0), n)

    for seed in range(n_seeds):
        null = scale_metrics(graded(grader(seed), items, "grader_scale")[0], seed, 200)
        planted = scale_metrics(graded(grader(seed, **planted_scale), items, "grader_scale")[0], seed, 200)
        assert null is not None and planted is not None
        add("null_order_shift", (null["order_shift"]["p_value"] or 1) < 0.05)
        add("null_scale_shift", (null["scale_shift"]["p_value"] or 1) < 0.05)
        add("cover_null_qwk", covers(null["order_agreement"], null_truth["order_agreement"]))
        add("cover_null_icc", covers(null["icc"], null_truth["icc"]))
        add("cover_top2", covers(null["top2_share"], top2))
        add("power_order_shift", (planted["order_shift"]["p_value"] or 1) < 0.05)
        add("cover_order_shift", covers(planted["order_shift"], planted_truth["order_shift"]))
        add("cover_planted_qwk", covers(planted["order_agreement"], planted_truth["order_agreement"]))
        add("cover_planted_icc", covers(planted["icc"], planted_truth["icc"]))
        ln = length_metrics(graded(grader(seed, grade_lenience=1.0), varied, "grader_known")[0])
        lp = length_metrics(graded(grader(seed, **len_planted), varied, "grader_known")[0])
        assert ln is not None and lp is not None
        add("null_length", (ln["slope"]["p_value"] or 1) < 0.05)
        add("power_length", (lp["slope"]["p_value"] or 1) < 0.05)
        add("cover_length", covers(lp["slope"], len_truth))
        for bonus in (0.0, 1.0):
            rows = panel_rows(seed, fam_items, bonus)
            for fam in PANEL:
                est = self_preference_metrics(rows, f"g-{fam}")
                assert est is not None
                sig = (est["excess_score"]["p_value"] or 1) < 0.05
                if fam != "fa" or bonus == 0.0:
                    add("null_self_pref", sig)
                else:
                    add("power_self_pref", sig)
                    add("cover_self_pref", covers(est["excess_score"], sp_truth))
        if (seed + 1) % 25 == 0 or seed + 1 == n_seeds:  # partial results as it goes: a long run can be read early
            report(seed + 1)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
