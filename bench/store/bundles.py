#!/usr/bin/env python3
"""Stores a bundle corpus with vigil-store, vigil, restic and borg, one process per bundle, bundles in arrival order.

Usage: bundles.py OUT VIGIL [--vigil-store VIGIL_STORE] [--tools vigil-store,vigil,restic,borg] [--days N] [--hosts N]

VIGIL runs as `VIGIL store add`; VIGIL_STORE (the NativeAOT vigil-store) as `VIGIL_STORE add`.

OUT/corpus/bundles/hNN/dDD is the corpus (see run.sh). Each bundle becomes its own snapshot in each tool's
repository under OUT/repos/. The tools take turns bundle by bundle, so a change in the machine's load hits
all of them alike. Per process: wall time and peak RSS (from wait4's rusage). Writes OUT/bundles.json
and prints a Markdown table.
"""
import argparse, json, os, statistics, subprocess, sys, time

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("vigil")
p.add_argument("--vigil-store", default="")
p.add_argument("--tools", default="vigil,restic,borg")
p.add_argument("--days", type=int, default=0, help="only the first N days (0: all)")
p.add_argument("--hosts", type=int, default=0, help="only the first N hosts (0: all)")
a = p.parse_args()

corpus = os.path.join(a.out, "corpus", "bundles")
hosts = sorted(os.listdir(corpus))[: a.hosts or None]
days = sorted({d for h in hosts for d in os.listdir(os.path.join(corpus, h))})[: a.days or None]
bundles = [(h, d, os.path.join(corpus, h, d)) for d in days for h in hosts if os.path.isdir(os.path.join(corpus, h, d))]
tools = a.tools.split(",")
repos = {t: os.path.join(a.out, "repos", t) for t in tools}
env = dict(os.environ, RESTIC_PASSWORD="bench", RESTIC_CACHE_DIR=os.path.join(a.out, "cache", "restic"),
           BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK="yes", BORG_BASE_DIR=os.path.join(a.out, "cache", "borg"),
           BORG_RELOCATED_REPO_ACCESS_IS_OK="yes", DOTNET_CLI_TELEMETRY_OPTOUT="1")


def run(cmd):
    """Runs one process; returns (wall seconds, peak RSS in KiB, CPU seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def size_of(folder):
    total = 0
    for root, _, files in os.walk(folder):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except FileNotFoundError:
                pass
    return total


def command(tool, host, day, path):
    stamp = f"2025-01-{int(day[1:]):02d}T00:00:00" if int(day[1:]) <= 31 else None
    if tool in ("vigil", "vigil-store"):
        prefix = [a.vigil_store] if tool == "vigil-store" else [a.vigil, "store"]
        return prefix + ["add", "--repo", repos[tool], "--host", host, "--format", "json", path] + (["--time", stamp + "Z"] if stamp else [])
    if tool == "restic":
        return ["restic", "-r", repos[tool], "backup", "--quiet", "--host", host, path] + (["--time", stamp.replace("T", " ")] if stamp else [])
    if tool == "borg":
        return ["borg", "create", "--compression", "zstd,3"] + (["--timestamp", stamp] if stamp else []) + [f"{repos[tool]}::{host}-{day}", path]
    raise ValueError(tool)


for t in tools:
    subprocess.run(["rm", "-rf", repos[t]], check=True)
    os.makedirs(os.path.dirname(repos[t]), exist_ok=True)
subprocess.run(["rm", "-rf", os.path.join(a.out, "cache")], check=True)
if "restic" in tools:
    run(["restic", "init", "--repo", repos["restic"]])
if "borg" in tools:
    run(["borg", "init", "--encryption", "none", repos["borg"]])

results = {t: {"wall": [], "rss": [], "cpu": []} for t in tools}
loads = []
total_logical = 0
began = time.time()


def summarize(count):
    summary = {
        "bundles": count, "of_bundles": len(bundles), "hosts": len(hosts), "days": len(days), "logical_bytes": total_logical,
        "load_avg_1m_median": round(statistics.median(loads), 2), "load_avg_1m_max": round(max(loads), 2),
        "cpus": os.cpu_count(), "elapsed_s": round(time.time() - began, 1), "tools": {},
    }
    for t in tools:
        r = results[t]
        stored = size_of(repos[t])
        summary["tools"][t] = {
            "total_wall_s": round(sum(r["wall"]), 2),
            "mb_s": round(total_logical / 1e6 / sum(r["wall"]), 2),
            "median_bundle_s": round(statistics.median(r["wall"]), 3),
            "cpu_s": round(sum(r["cpu"]), 2),
            "mb_per_cpu_s": round(total_logical / 1e6 / sum(r["cpu"]), 2),
            "stored_bytes": stored,
            "ratio": round(total_logical / stored, 2),
            "peak_rss_mb": round(max(r["rss"]) / 1024, 1),
            "median_rss_mb": round(statistics.median(r["rss"]) / 1024, 1),
        }
    # Written as it goes: a run cut short still documents the bundles it stored (the first N in arrival order).
    with open(os.path.join(a.out, "bundles.json"), "w") as f:
        json.dump(summary, f, indent=2)
    return summary


for i, (host, day, path) in enumerate(bundles):
    total_logical += size_of(path)
    loads.append(os.getloadavg()[0])
    for t in tools:
        wall, rss, cpu = run(command(t, host, day, path))
        results[t]["wall"].append(wall)
        results[t]["rss"].append(rss)
        results[t]["cpu"].append(cpu)
    if (i + 1) % 20 == 0 or i + 1 == len(bundles):
        done = {t: sum(results[t]["wall"]) for t in tools}
        print(f"{i + 1}/{len(bundles)} bundles, " + ", ".join(f"{t} {total_logical / 1e6 / done[t]:.1f} MB/s" for t in tools), file=sys.stderr, flush=True)
    if (i + 1) % len(hosts) == 0:
        summarize(i + 1)

summary = summarize(len(bundles))
print(json.dumps(summary, indent=2))
print()
print("| tool | MB/s (logical) | median s/bundle | CPU s | MB per CPU s | stored MB | ratio | peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for t in tools:
    s = summary["tools"][t]
    print(f"| {t} | {s['mb_s']} | {s['median_bundle_s']} | {s['cpu_s']} | {s['mb_per_cpu_s']} | {s['stored_bytes'] / 1e6:.1f} | {s['ratio']}× | {s['peak_rss_mb']} |")
