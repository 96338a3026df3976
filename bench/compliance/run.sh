#!/usr/bin/env bash
# Vigil's compliance evaluation next to OpenSCAP's on this machine, in one run:
#   1. agreement: oscap xccdf eval (SSG Debian 12 data stream; profiles standard and anssi_bp28_high) and
#      vigil-agent check run (built-in baseline), compared on every SSG rule both evaluated (compare.py),
#      each disagreement explained from explanations.tsv;
#   2. cost: wall time, CPU time and peak RSS of the baseline and of a 300-check policy (make-policy.py),
#      median of RUNS runs, next to one oscap run of anssi_bp28_high (391 rules).
# Usage: bench/compliance/run.sh [--quick]   (--quick: the standard profile only, no anssi run; results of an
#        earlier anssi run can still be compared by listing them in EXTRA_OSCAP_RESULTS)
# Env: SCAP_DS (default ../shared/reference/scap/ssg-debian12-ds.xml beside the repository), RUNS (default 5),
#      OUT (default artifacts/compliance).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
ds=${SCAP_DS:-$repo/../shared/reference/scap/ssg-debian12-ds.xml}
runs=${RUNS:-5}
out=${OUT:-$repo/artifacts/compliance}
quick=${1:-}
mkdir -p "$out"

need=()
command -v oscap >/dev/null 2>&1 || need+=(openscap-scanner)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -f "$ds" ] || { echo "no SCAP data stream at $ds (set SCAP_DS)" >&2; exit 2; }

agent=$repo/artifacts/agent/vigil-agent
if [ ! -x "$agent" ]; then
  dotnet publish src/Vigil.AgentHost -c Release -r linux-x64 -o artifacts/agent -nologo -clp:ErrorsOnly
fi
python3 bench/compliance/make-policy.py src/Vigil.Policy/Baseline/debian-baseline.yaml "$out/bench-300.yaml" 300

# measure LABEL CMD...: appends "label wall_s user_s sys_s max_rss_kib exit" to $out/measurements.txt
measure() {
  local label=$1; shift
  local rc=0
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.tmp" "$@" > "$out/$label.stdout" 2> "$out/$label.stderr" || rc=$?
  echo "$label $(tail -1 "$out/time.tmp") $rc" >> "$out/measurements.txt"   # time adds a line on non-zero exit
}
: > "$out/measurements.txt"
echo "==> machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "==> oscap standard profile"
measure oscap-standard oscap xccdf eval --profile xccdf_org.ssgproject.content_profile_standard --results "$out/oscap-standard.xml" "$ds"
results=("$out/oscap-standard.xml" ${EXTRA_OSCAP_RESULTS:-})
if [ "$quick" != "--quick" ]; then
  echo "==> oscap anssi_bp28_high profile (minutes)"
  measure oscap-anssi-high oscap xccdf eval --profile xccdf_org.ssgproject.content_profile_anssi_bp28_high --results "$out/oscap-anssi-high.xml" "$ds"
  results+=("$out/oscap-anssi-high.xml")
fi

echo "==> vigil baseline and 300-check policy, $runs runs each"
for i in $(seq "$runs"); do
  measure "vigil-baseline-$i" "$agent" check run --format json
  measure "vigil-300-$i" "$agent" check run "$out/bench-300.yaml" --format json
done
cp "$out/vigil-baseline-1.stdout" "$out/vigil-baseline.json"

echo "==> agreement"
python3 bench/compliance/compare.py "$out/vigil-baseline.json" "${results[@]}" --explain bench/compliance/explanations.tsv | tee "$out/agreement.txt"

echo "==> cost (median of $runs for Vigil)"
python3 - "$out/measurements.txt" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
groups = {}
for label, wall, user, sys_, rss, rc in rows:
    key = label.rsplit("-", 1)[0] if label[-1].isdigit() and label.startswith("vigil") else label
    groups.setdefault(key, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
print(f"{'run':<18} {'n':>2} {'wall s':>8} {'cpu s':>8} {'peak RSS MiB':>13}")
for key, vals in groups.items():
    print(f"{key:<18} {len(vals):>2} {statistics.median(v[0] for v in vals):>8.2f} {statistics.median(v[1] for v in vals):>8.2f} {statistics.median(v[2] for v in vals):>13.1f}")
PY
