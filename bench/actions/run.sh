#!/usr/bin/env bash
# Remote-action benchmark: round-trip latency and fleet-wide fan-out with N connected agents.
#
#   bench/actions/run.sh [N]          (default 1000)
#
# Starts a fresh `vigil server` (Release build, a temporary data folder, store.synchronous: full; the per-token and
# per-host action rate limits raised so the measurement is not throttled), then bench/Vigil.ActionBench: N agents
# enrolled through the real enrollment path, each holding the real action channel (mutual TLS long poll, the agent's
# own verifier with its durable nonce record); ROUNDS (200) one-host `dns` actions one at a time to random agents,
# then FANOUTS (3) actions to all N at once. Prints the figures. NO_BUILD=1 skips the build.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-1000}"
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "${NO_BUILD:-}" != 1 ]; then
  dotnet build "$root/src/Vigil/Vigil.csproj" -c Release -clp:ErrorsOnly -v q >/dev/null
  dotnet build "$root/bench/Vigil.ActionBench/Vigil.ActionBench.csproj" -c Release -clp:ErrorsOnly -v q >/dev/null
fi
work="$(mktemp -d /tmp/vigil-actions-bench.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$work/server.yaml" <<YAML
listen: [127.0.0.1:$port]
data: $work/data
store:
  synchronous: full
actions:
  operator_rate: 100000
  host_rate: 100000
YAML
"$root/src/Vigil/bin/Release/net10.0/vigil" server --config "$work/server.yaml" >"$work/server.log" 2>&1 &
server_pid=$!
cleanup() {
  kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q "listening on" "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done
"$root/bench/Vigil.ActionBench/bin/Release/net10.0/Vigil.ActionBench" \
  --server "https://127.0.0.1:$port" --token "$(cat "$work/data/initial-admin.token")" --cacert "$work/data/pki/ca.pem" \
  --agents "$n" --rounds "${ROUNDS:-200}" --fanouts "${FANOUTS:-3}" --state "$work/agents"
grep -E "warn|fail|crit" "$work/server.log" | grep -v "posted a result" | head -10 >&2 || true
