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
python3 - "$out" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
d = json.loads((out / "lagesbild.json").read_text())
assert d["schema"] == "est.lagesbild/1" and d["n_incidents"] == 6000, d["schema"]
# "Nya problem": the sample town's emerging place is named by the early warning.
alerts = d["new_problems"]["alerts"]
assert any(a["place"] == "Ekparken" for a in alerts), alerts
# Both interventions are followed up, with a recommendation and its reasons.
recs = [i["recommendation"] for i in d["interventions"]]
assert len(recs) == 2 and all(r and r["suggestion"] in ("continue", "expand", "change", "end") for r in recs), recs
html = (out / "lagesbild.html").read_text()
assert 'id="alerts"' in html and 'class="recommendation' in html and 'id="emerging"' in html
# The public export: no count below k, no ids or free text.
pub = json.loads((out / f"public-{d['period']['iso_week']}.geojson").read_text())
assert pub["features"] and all(f["properties"]["count"] >= 5 for f in pub["features"])
text = json.dumps(pub)
assert "SJ-0" not in text and "påhittat" not in text
PY
echo "main job: $out/lagesbild.html, lagesbild.json and the public export written and checked"
