#!/usr/bin/env bash
# Footprint of vigil-agent next to Prometheus node_exporter, side by side in one run.
#
#   bench/footprint/run.sh [SECONDS]      (default 330: 30 s warm-up + 5 minutes measured)
#
# Both run for the same wall time on the same machine: vigil-agent (NativeAOT, every collector at its default
# interval, core collectors every 10 s, shipping to a local file) and node_exporter (Debian package, default
# collectors) scraped every 10 s. A sampler reads each process's RSS and CPU ticks from /proc every second.
# Results: bench/results/footprint-<date>.json and a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-330}
warmup=30

if ! command -v prometheus-node-exporter >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus-node-exporter >/dev/null
fi
# The package starts a service where systemd runs; this benchmark starts its own instance on a free port.

dotnet publish src/Vigil.AgentHost -c Release -r linux-x64 -o artifacts/agent -nologo -clp:ErrorsOnly >/dev/null
work=$(mktemp -d /tmp/vigil-footprint.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat >"$work/agent.yaml" <<YAML
state_dir: $work/state
output:
  kind: file
  path: $work/batches.ndjson
collectors:
  certificates:
    paths: [/etc/ssl/certs/ca-certificates.crt]
YAML

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" >"$work/node_exporter.log" 2>&1 &
ne_pid=$!
artifacts/agent/vigil-agent run --config "$work/agent.yaml" 2>"$work/agent.log" &
agent_pid=$!

python3 bench/footprint/sample.py \
  --duration "$duration" --warmup "$warmup" \
  --vigil-pid "$agent_pid" --vigil-batches "$work/batches.ndjson" \
  --node-exporter-pid "$ne_pid" --node-exporter-url "http://127.0.0.1:$port/metrics" \
  --node-exporter-version "$(prometheus-node-exporter --version 2>&1 | head -1)" \
  --out "bench/results/footprint-$(date -u +%Y%m%dT%H%M%SZ).json"

kill -TERM "$agent_pid" "$ne_pid"
wait "$agent_pid" "$ne_pid" 2>/dev/null || true
