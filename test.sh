#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (idempotently), builds everything strictly,
# publishes the NativeAOT agent and vigil-store (a trimming regression fails here), and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_apt=()
command -v clang >/dev/null 2>&1 || need_apt+=(clang)       # NativeAOT links with clang
dpkg -s zlib1g-dev >/dev/null 2>&1 || need_apt+=(zlib1g-dev) # NativeAOT links libz
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)   # certificate fixtures in tests
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)    # the dashboard's build installs its charting library
[ -x /usr/bin/chromium ] || need_apt+=(chromium)            # the dashboard's browser tests (never a downloaded browser)
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus) # promtool checks the server's /metrics
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)           # set-config-key tests validate with the real sshd -t (service not started)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "==> build (warnings are errors)"
dotnet build Vigil.slnx -c Release -nologo -clp:ErrorsOnly

echo "==> format check"
dotnet format Vigil.slnx --verify-no-changes --no-restore

echo "==> NativeAOT publish of vigil-agent"
dotnet publish src/Vigil.AgentHost -c Release -r linux-x64 -o artifacts/agent -nologo -clp:ErrorsOnly
ls -l artifacts/agent/vigil-agent

echo "==> NativeAOT publish of vigil-store"
dotnet publish src/Vigil.StoreHost -c Release -r linux-x64 -o artifacts/store -nologo -clp:ErrorsOnly
ls -l artifacts/store/vigil-store
export VIGIL_STORE_BINARY=$PWD/artifacts/store/vigil-store

echo "==> tests"
results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test Vigil.slnx -c Release --no-build --logger "trx" --results-directory "$results" -nologo || status=$?

# One summary line over every test project, in the form CI reads.
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted"))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
