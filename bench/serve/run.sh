#!/usr/bin/env bash
# Load and fault checks of `raif serve` on loopback (docs/benchmarks.md, "Serving"): a tiny random Qwen2 model
# (hidden 64, 2 layers, byte-level tokenizer) served by a separate `raif serve` process; 2,000 chat requests at 32
# concurrent (a quarter streamed), 64 streams dropped mid-way, once against each server (by default this build's
# round and continuous schedulers, `--batching both`), and /reward throughput on the IFEval GPT-4 rollouts
# (needs shared/data/ifeval beside or above the repository; skipped without it).
#
# usage: bench/serve/run.sh [--before COMMIT] [extra `raif bench serve` options]
#   --before COMMIT  also build COMMIT (Release, in a scratch folder from `git archive`, kept between runs under
#                    ${RAIF_BEFORE_DIR:-/tmp/raif-serve-before}/COMMIT) and measure its server first with the same
#                    load (`--baseline-server`), for a before/after of two builds in one run. bfcb83f is main before
#                    issue #15's serving work (round batching only).
# Issue #15's comparison: bench/serve/run.sh --before bfcb83f --workload both --batching continuous --rounds 5
# (add --prefix-reuse both for the servers without prefix reuse; --rounds alternates the servers' order round by round
# and closes with the medians of the paired ratios, since this machine's speed moves more than the changes do).
set -euo pipefail
cd "$(dirname "$0")/../.."
before=""
if [ "${1:-}" = "--before" ]; then
  before="$2"
  shift 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build src/Raif.Cli -c Release -v q -nologo >/dev/null
raif=(dotnet "src/Raif.Cli/bin/Release/net10.0/linux-x64/raif.dll")
baseline=()
if [ -n "$before" ]; then
  commit="$(git rev-parse --short "$before^{commit}")"
  dir="${RAIF_BEFORE_DIR:-/tmp/raif-serve-before}/$commit"
  if [ ! -f "$dir/src/Raif.Cli/bin/Release/net10.0/linux-x64/raif.dll" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    git archive "$commit" | tar -x -C "$dir"
    (cd "$dir" && dotnet build src/Raif.Cli -c Release -v q -nologo >/dev/null)
  fi
  baseline=(--baseline-server "$dir/src/Raif.Cli/bin/Release/net10.0/linux-x64/raif.dll")
  echo "before: commit $commit, built in $dir"
fi
python3 bench/serve/make_tiny_tokenizer.py "$work"
"${raif[@]}" model init -a qwen2 -c "$work/tiny.json" -t "$work/tokenizer.json" --seed 1 -o "$work/model" >/dev/null
data=()
for dir in .. ../.. ../../..; do
  if [ -d "$dir/shared/data/ifeval" ]; then data=(--ifeval-data "$(cd "$dir/shared/data/ifeval" && pwd)"); break; fi
done
echo "machine: $(nproc) cores, $(uname -sr), $(dotnet --version); commit $(git rev-parse --short HEAD)"
"${raif[@]}" bench serve --model "$work/model" --requests 2000 --concurrency 32 --max-tokens 16 --drops 64 "${baseline[@]}" "${data[@]}" "$@"
