#!/usr/bin/env bash
# Load and fault checks of `raif serve` on loopback (docs/benchmarks.md, "Serving"): a tiny random Qwen2 model
# (hidden 64, 2 layers, byte-level tokenizer) served by a separate `raif serve` process; 2,000 chat requests at 32
# concurrent (a quarter streamed), 64 streams dropped mid-way, once against a round-batching and once against a
# continuous-batching server (`--batching both`), and /reward throughput on the IFEval GPT-4 rollouts
# (needs shared/data/ifeval beside or above the repository; skipped without it).
# usage: bench/serve/run.sh [extra `raif bench serve` options]
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build src/Raif.Cli -c Release -v q -nologo >/dev/null
raif=(dotnet "src/Raif.Cli/bin/Release/net10.0/linux-x64/raif.dll")
python3 bench/serve/make_tiny_tokenizer.py "$work"
"${raif[@]}" model init -a qwen2 -c "$work/tiny.json" -t "$work/tokenizer.json" --seed 1 -o "$work/model" >/dev/null
data=()
for dir in .. ../.. ../../..; do
  if [ -d "$dir/shared/data/ifeval" ]; then data=(--ifeval-data "$(cd "$dir/shared/data/ifeval" && pwd)"); break; fi
done
echo "machine: $(nproc) cores, $(uname -sr), $(dotnet --version)"
"${raif[@]}" bench serve --model "$work/model" --requests 2000 --concurrency 32 --max-tokens 16 --drops 64 "${data[@]}" "$@"
