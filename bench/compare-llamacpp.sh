#!/usr/bin/env bash
# Decode and prefill tokens/s of `deliberate bench` vs llama.cpp (node-llama-cpp, ../shared/tools/llamacpp-bench)
# on the same synth files, alternating, REPS repetitions each, medians and ratios as a markdown table.
# Usage: bench/compare-llamacpp.sh [OUT_DIR=/tmp/deliberate-compare] [REPS=2] [SHAPES="0.6b 1.7b"] [TYPES="q8_0 q4_k_m"]
# KV_TYPE=f16 runs ours with llama.cpp's cache type (the peer always uses its default, f16).
# Run it on an idle machine: both engines are memory-bound and any other load skews the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/deliberate-compare}; reps=${2:-2}; shapes=${3:-"0.6b 1.7b"}; types=${4:-"q8_0 q4_k_m"}
peer=${LLAMACPP_BENCH:-../shared/tools/llamacpp-bench}
prompt_chars=545   # ≈ 512 tokens of the synth vocabulary; llama.cpp reports the exact count
gen=64
mkdir -p "$out"
results="$out/results.jsonl"; : > "$results"
./deliberate --help > /dev/null  # build once, outside the timings
for shape in $shapes; do
  for type in $types; do
    file="$out/qwen3-$shape-$type.gguf"
    [ -f "$file" ] || ./deliberate synth --arch qwen3 --shape "$shape" --type "$type" "$file" > /dev/null
    "$peer" "$file" 50 4 2 > /dev/null || true   # first read of the file from disk: discarded
    for rep in $(seq "$reps"); do
      ours=$(./deliberate bench -m "$file" -p 512 -n "$gen" -c 1 --threads 2 --kv-type "${KV_TYPE:-f32}" --json)
      theirs=$("$peer" "$file" "$prompt_chars" "$gen" 2)
      printf '{"shape":"%s","type":"%s","rep":%s,"ours":%s,"llamacpp":%s}\n' "$shape" "$type" "$rep" "$ours" "$theirs" >> "$results"
    done
  done
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def ours(r, test): return next(x["tokens_per_second"] for x in r["ours"]["results"] if x["test"].startswith(test) and x["sequences"] == 1)
print("| file | prefill ours | prefill llama.cpp | ratio | decode ours | decode llama.cpp | ratio |")
print("|---|---:|---:|---:|---:|---:|---:|")
for key in dict.fromkeys((r["shape"], r["type"]) for r in rows):
    rs = [r for r in rows if (r["shape"], r["type"]) == key]
    pp = statistics.median(ours(r, "pp") for r in rs); tg = statistics.median(ours(r, "tg") for r in rs)
    lpp = statistics.median(r["llamacpp"]["prefill_tok_s"] for r in rs); ltg = statistics.median(r["llamacpp"]["decode_tok_s"] for r in rs)
    print(f"| qwen3-{key[0]} {key[1]} | {pp:.1f} | {lpp:.1f} | {pp / lpp:.2f} | {tg:.1f} | {ltg:.1f} | {tg / ltg:.2f} |")
PY
