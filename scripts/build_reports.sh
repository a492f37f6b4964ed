#!/usr/bin/env bash
# Rebuild the committed reports from the repository root:
#   reports/leaderboard/  the judge-bias leaderboard: every judge whose verdicts LLMBar, PandaLM, AlpacaEval and
#                         MT-Bench record in the public data, and the local judges on the default battery; graders
#                         (Prometheus' recorded GPT-4 gradings, the simulated grader) ranked among graders
#   reports/example/      one judge's report: the simulated judge on the starter suite (the project's own texts)
# The run directories behind the leaderboard go to reports/runs/ (git-ignored: their reports quote dataset
# texts); the leaderboard links to them, so open it after a build to follow the links.
#
#   bash scripts/build_reports.sh            # data in ../shared/data, or JUDGEAUDIT_DATA=...
#
# Cost: the imports and the simulated judge take seconds; SmolLM2 and Gemma 3 270M on the default battery take
# ~3-5 minutes each of 2 quiet CPU cores the first time and seconds once their judgments are in the cache
# (JUDGEAUDIT_CACHE). GEMMA=0 leaves Gemma out.
set -euo pipefail
J=${JUDGEAUDIT:-judgeaudit}
D=${JUDGEAUDIT_DATA:-../shared/data}
RUNS=${RUNS:-reports/runs}
export HF_HUB_OFFLINE=${HF_HUB_OFFLINE:-1}
mkdir -p "$RUNS"

# recorded verdicts of strong judges (every judge the data hold)
$J import llmbar "$D/llmbar" --out "$RUNS/llmbar"
$J import pandalm "$D/pandalm" --out "$RUNS/pandalm"
$J import alpaca_eval "$D/alpaca_eval/results" --out "$RUNS/alpaca_eval"
if compgen -G "$D/mt_bench/model_judgment/*.jsonl" > /dev/null; then
  $J import mtbench "$D/mt_bench/model_judgment" --out "$RUNS/mt_bench"
else
  echo "mt_bench: no recorded judgments in $D/mt_bench (model_judgment/), skipped" >&2
fi

# recorded grades of a grader: three GPT-4 gradings per answer of Prometheus' absolute sets
$J import prometheus_absolute "$D/prometheus_eval_absolute" --out "$RUNS/prometheus-gpt4"

# local judges on the default battery, and the simulated grader on the starter grader suite
$J probe --judge simulated --suite default --out "$RUNS/default-simulated" -q
$J probe --judge simulated-grader --suite graders-starter --out "$RUNS/graders-simulated" -q
$J probe --judge smollm2-135m --suite default --out "$RUNS/default-smollm2" -q
if [ "${GEMMA:-1}" = 1 ]; then
  $J probe --judge gemma3-270m --suite default --out "$RUNS/default-gemma3" -q
fi

# one judge's report, committed as it is
rm -rf reports/example
$J probe --judge simulated --suite starter --out reports/example -q

$J leaderboard "$RUNS"/* reports/example --out reports/leaderboard
