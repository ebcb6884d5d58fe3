#!/usr/bin/env bash
# Runs the README's main job into a scratch folder and checks what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/main-job-check
rm -rf "$out"
cargo run --quiet --release --locked -p est-cli -- lagesbild --out "$out"
test -s "$out/lagesbild.html"
test -s "$out/lagesbild.json"
grep -q '<svg' "$out/lagesbild.html"
grep -q 'class="cell"' "$out/lagesbild.html"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"]=="est.lagesbild/1" and d["n_incidents"]==6000, d["schema"]' "$out/lagesbild.json"
echo "main job: $out/lagesbild.html and lagesbild.json written and checked"
