#!/usr/bin/env bash
# The store against restic and borgbackup on the bundle corpus, in one run:
#   bench/store/run.sh OUT [--hosts N] [--days N]
# 1. generates the corpus into OUT/corpus (deterministic; reused when present) with make-bundle-corpus.py,
# 2. publishes vigil (ReadyToRun, as shipped) into OUT/vigil and vigil-store (NativeAOT) into OUT/vigil-store,
# 3. stores every bundle as its own snapshot with vigil-store, vigil, restic and borg, one process per bundle, in arrival order,
#    the tools taking turns bundle by bundle (bundles.py; OUT/bundles.json),
# 4. adds the same bundles through one open store on one core (taskset -c 0; OUT/kept-open.json),
# 5. measures chunking, SHA-256 and zstd speed on one core (OUT/kernels.json).
# Needs: apt-get install restic borgbackup. Nothing is written outside OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(realpath -m "${1:?usage: run.sh OUT [--hosts N] [--days N]}")
shift
hosts=20 days=30
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
generator=${CORPUS_GENERATOR:-../shared/tools/make-bundle-corpus.py}
[ -f "$generator" ] || generator=/work/shared/tools/make-bundle-corpus.py
if [ ! -d "$out/corpus/bundles" ]; then
  python3 "$generator" "$out/corpus" --hosts 20 --days 30 --jobs 2
fi
dotnet publish src/Vigil -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -o "$out/vigil" -nologo -clp:ErrorsOnly >/dev/null
dotnet publish src/Vigil.StoreHost -c Release -r linux-x64 -o "$out/vigil-store" -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/Vigil.StoreBench -c Release -nologo -clp:ErrorsOnly >/dev/null
{ date -u +%FT%TZ; uname -r; nproc; grep -m1 'model name' /proc/cpuinfo; restic version; borg --version; cat /proc/loadavg; } > "$out/machine.txt"

python3 bench/store/bundles.py "$out" "$out/vigil/vigil" --vigil-store "$out/vigil-store/vigil-store" --tools "${TOOLS:-vigil-store,vigil,restic,borg}" --hosts "$hosts" --days "$days" | tee "$out/bundles.md"

# The same subset, added through one open store on one core.
subset="$out/subset"
rm -rf "$subset" "$out/repos/kept-open"
mkdir -p "$subset/bundles"
for h in $(ls "$out/corpus/bundles" | head -n "$hosts"); do
  mkdir -p "$subset/bundles/$h"
  for d in $(ls "$out/corpus/bundles/$h" | head -n "$days"); do ln -s "$out/corpus/bundles/$h/$d" "$subset/bundles/$h/$d"; done
done
taskset -c 0 dotnet bench/Vigil.StoreBench/bin/Release/net10.0/Vigil.StoreBench.dll kept-open "$out/repos/kept-open" "$subset" | tee "$out/kept-open.json"
taskset -c 0 dotnet bench/Vigil.StoreBench/bin/Release/net10.0/Vigil.StoreBench.dll kernels "$subset" 256 | tee "$out/kernels.json"
cat /proc/loadavg >> "$out/machine.txt"
