#!/usr/bin/env bash
# Scale benchmark of the Vigil server: how many agents one embedded server sustains.
#
#   bench/load/run.sh [N...]          (default: 1000 2500 5000 7500 10000)
#
# Starts a fresh `vigil server` (Release build, a temporary data folder, store.synchronous: full), runs
# bench/Vigil.LoadGen at each N against it (agents enrolled once and reused at the next N), stops the server and
# prints a markdown table. Environment: DURATION (120s, measured), WARMUP (30s, after every agent's first batch
# was acknowledged), RAMP (60s: agents join over this long; 0 connects all in the first interval, as after a server
# restart), KEEP=1 keeps the data folder, NO_BUILD=1 skips the build, OUT=DIR puts the result files there.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 2500 5000 7500 10000)
duration="${DURATION:-120s}"
warmup="${WARMUP:-30s}"
ramp="${RAMP:-60s}"

# Each agent holds a connection: the server and the generator each need a descriptor per agent, and more.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [ "${NO_BUILD:-}" != 1 ]; then
  dotnet build "$root/src/Vigil/Vigil.csproj" -c Release -clp:ErrorsOnly -v q >/dev/null
  dotnet build "$root/bench/Vigil.LoadGen/Vigil.LoadGen.csproj" -c Release -clp:ErrorsOnly -v q >/dev/null
fi

work="$(mktemp -d /tmp/vigil-load.XXXXXX)"
out="${OUT:-$work/results}"
mkdir -p "$out"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$work/server.yaml" <<YAML
listen: [127.0.0.1:$port]
data: $work/data
store:
  synchronous: full
YAML

"$root/src/Vigil/bin/Release/net10.0/vigil" server --config "$work/server.yaml" >"$work/server.log" 2>&1 &
server_pid=$!
cleanup() {
  kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [ "${KEEP:-}" != 1 ]; then rm -rf "$work/data" "$work/identities"; fi
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q "listening on" "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done
grep -q "listening on" "$work/server.log" || { echo "the server did not start:"; cat "$work/server.log"; exit 1; }

echo "server pid $server_pid on 127.0.0.1:$port, data $work/data; results in $out" >&2
for n in "${counts[@]}"; do
  echo "=== $n agents ===" >&2
  "$root/bench/Vigil.LoadGen/bin/Release/net10.0/Vigil.LoadGen" \
    --server "https://127.0.0.1:$port" --token "$(cat "$work/data/initial-admin.token")" \
    --cacert "$work/data/pki/ca.pem" --agents "$n" --duration "$duration" --warmup "$warmup" --ramp "$ramp" \
    --identities "$work/identities" --db "$work/data/vigil.db" --server-pid "$server_pid" \
    --out "$out/$n.json" || true
done
kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
grep -E "warn|fail|crit" "$work/server.log" | head -20 >&2 || true

python3 - "$out" "${counts[@]}" <<'PY'
import json, sys, os
out, counts = sys.argv[1], sys.argv[2:]
print("| agents | batches/s | samples/s | ack p50 / p95 / p99 (ms) | sent / acked / stored | loss | server CPU, % of a core (median) | server RSS median / peak (MiB) | wire bytes per agent per interval (sent + received) | generator CPU % / machine busy % | sustained |")
print("|---:|---:|---:|---|---|---:|---:|---|---|---|---|")
for n in counts:
    path = os.path.join(out, f"{n}.json")
    if not os.path.exists(path):
        print(f"| {n} | run failed | | | | | | | | | |"); continue
    r = json.load(open(path)); l = r["ack_latency_ms"]
    print(f"| {r['agents']} | {r['batches_per_s']:.0f} | {r['samples_per_s']:.0f} | {l['p50']:.1f} / {l['p95']:.1f} / {l['p99']:.1f} "
          f"| {r['sent']} / {r['acked']} / {r['stored']} | {r['lost']} | {r['server_cpu_percent_median']:.0f} "
          f"| {r['server_rss_mib_median']:.0f} / {r['server_rss_mib_peak']:.0f} "
          f"| {r['wire_sent_bytes_per_agent_interval']:.0f} + {r['wire_received_bytes_per_agent_interval']:.0f} "
          f"| {r['loadgen_cpu_percent_median']:.0f} / {r['machine_busy_percent_median']:.0f} | {'yes' if r['sustained'] else 'no'} |")
last = [n for n in counts if os.path.exists(os.path.join(out, f"{n}.json"))]
if last:
    r = json.load(open(os.path.join(out, f"{last[-1]}.json")))
    print(f"\nAPI and dashboard latency under {r['agents']} agents ({r['api'][0]['latency_ms']['count'] if r['api'] else 0} requests each):\n")
    print("| request | p50 (ms) | p99 (ms) | statuses |")
    print("|---|---:|---:|---|")
    for a in r["api"]:
        print(f"| `{a['call']}` | {a['latency_ms']['p50']:.1f} | {a['latency_ms']['p99']:.1f} | {', '.join(f'{k}×{v}' for k, v in a['statuses'].items())} |")
PY
