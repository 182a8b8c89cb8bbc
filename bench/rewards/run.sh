#!/usr/bin/env bash
# Throughput of `raif reward score` on the 541 IFEval GPT-4 rollouts replicated COPIES times (default 20).
# Prints the wall time, rollouts per second, CPU time (user + system, less sensitive to a busy machine) and peak memory. Needs shared/data/ifeval beside (or above) the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
copies="${1:-20}"
data=""
for dir in .. ../.. ../../..; do
  if [ -d "$dir/shared/data/ifeval" ]; then data="$(cd "$dir/shared/data/ifeval" && pwd)"; break; fi
done
[ -n "$data" ] || { echo "no shared/data/ifeval beside or above $(pwd)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build src/Raif.Cli -c Release -v q -nologo >/dev/null
raif=(dotnet "src/Raif.Cli/bin/Release/net10.0/linux-x64/raif.dll")
"${raif[@]}" format render -t qwen -u {{USER}} >"$work/template.txt"
python3 bench/rewards/make_ifeval_rollouts.py "$data" "$work/template.txt" "$work/rollouts.jsonl" --copies "$copies"
lines=$(wc -l <"$work/rollouts.jsonl")

# One warm-up run (JIT, page cache), then the timed run.
load=$(cut -d' ' -f1 /proc/loadavg)
"${raif[@]}" reward score -i "$work/rollouts.jsonl" -o "$work/scored.jsonl" >/dev/null
/usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "${raif[@]}" reward score -i "$work/rollouts.jsonl" -o "$work/scored.jsonl"
read -r seconds kib user sys <"$work/time.txt"
cpu=$(python3 -c "print(round($user + $sys, 2))")
echo "rollouts: $lines, wall: ${seconds} s, throughput: $(python3 -c "print(round($lines / $seconds))") rollouts/s," \
  "CPU: ${cpu} s ($(python3 -c "print(round($lines / $cpu))") rollouts per CPU-second), peak RSS: $((kib / 1024)) MiB," \
  "load average before: $load"
