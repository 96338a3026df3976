#!/usr/bin/env python3
"""Writes a policy of N checks (default 300) for the benchmark: the built-in baseline's checks plus checks
generated from this host (modes of distinct files under /usr/bin and /etc, installed packages, live kernel
parameters, login.defs keys), so that the added checks read distinct sources rather than cached ones.

usage: make-policy.py BASELINE_YAML OUT_YAML [N]
"""
import os
import sys

baseline, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 300
text = open(baseline).read().replace("id: debian-baseline", "id: bench-300", 1)
count = text.count("\n  - id: ")
lines = [text.rstrip("\n")]


def add(id, title, rule):
    global count
    if count < n:
        lines.append(f"  - id: {id}\n    title: {title}\n    remediation: none\n    rules:\n      - {rule}")
        count += 1


files = sorted(os.path.join(d, f) for d in ["/usr/bin", "/etc"] for f in os.listdir(d) if os.path.isfile(os.path.join(d, f)))
packages = [l.split(":", 1)[1].strip() for l in open("/var/lib/dpkg/status") if l.startswith("Package:")]
sysctls = []
for d in ["kernel", "vm", "fs", "net/ipv4"]:
    for f in sorted(os.listdir("/proc/sys/" + d)):
        p = f"/proc/sys/{d}/{f}"
        if os.path.isfile(p) and os.access(p, os.R_OK):
            sysctls.append((d.replace("/", ".") + "." + f))
i = 0
while count < n and i < 1000:
    if i < len(files):
        add(f"bench.file.{i}", f"mode of {files[i]}", f"{{kind: file, path: '{files[i]}', mode_max: '0755', owner: ['0', '1', '2']}}")
    if i < len(packages):
        add(f"bench.package.{i}", f"{packages[i]} installed", f"{{kind: package, name: '{packages[i]}'}}")
    if i < len(sysctls):
        add(f"bench.sysctl.{i}", f"{sysctls[i]} readable", f"{{kind: sysctl, key: {sysctls[i]}, matches: '.*', persisted: false}}")
    i += 1
open(out, "w").write("\n".join(lines) + "\n")
print(f"{out}: {count} checks")
