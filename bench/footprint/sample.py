#!/usr/bin/env python3
"""Samples RSS and CPU of two processes from /proc once a second, scrapes node_exporter every 10 s, and
reports steady (median) and peak RSS, CPU seconds and % of one core, series counts, and for vigil-agent the
CPU per collection cycle and bytes shipped per interval. Standard library only."""
import argparse, json, os, platform, statistics, time, urllib.request

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def hwm_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def node_exporter_series(url):
    """All series, and the host series: without node_exporter's own go_/process_/promhttp_ and scrape metadata."""
    body = urllib.request.urlopen(url, timeout=10).read().decode()
    lines = [line for line in body.splitlines() if line and not line.startswith("#")]
    host = [l for l in lines if l.startswith("node_") and not l.startswith("node_scrape_")]
    return len(lines), len(host), len(body)


def vigil_series(path):
    """Distinct metric series (name + attributes) across the batches of the last full minute, and bytes."""
    batches = []
    with open(path, "rb") as f:
        for line in f:
            batches.append(json.loads(line))
    return batches


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--duration", type=int, required=True)
    p.add_argument("--warmup", type=int, required=True)
    p.add_argument("--vigil-pid", type=int, required=True)
    p.add_argument("--vigil-batches", required=True)
    p.add_argument("--node-exporter-pid", type=int, required=True)
    p.add_argument("--node-exporter-url", required=True)
    p.add_argument("--node-exporter-version", default="")
    p.add_argument("--out", required=True)
    a = p.parse_args()

    procs = {"vigil-agent": a.vigil_pid, "node_exporter": a.node_exporter_pid}
    rss = {k: [] for k in procs}
    start = time.monotonic()
    cpu_start = None
    measured_start = None
    next_scrape = start
    scrape_bytes = []
    ne_series = ne_host_series = 0
    while time.monotonic() - start < a.duration:
        now = time.monotonic()
        if now >= next_scrape:
            ne_series, ne_host_series, size = node_exporter_series(a.node_exporter_url)
            scrape_bytes.append(size)
            next_scrape += 10
        if cpu_start is None and now - start >= a.warmup:
            cpu_start = {k: cpu_seconds(pid) for k, pid in procs.items()}
            measured_start = now
            vigil_size_start = os.path.getsize(a.vigil_batches) if os.path.exists(a.vigil_batches) else 0
            vigil_lines_start = sum(1 for _ in open(a.vigil_batches, "rb")) if os.path.exists(a.vigil_batches) else 0
        if cpu_start is not None:
            for k, pid in procs.items():
                rss[k].append(rss_bytes(pid))
        time.sleep(1 - ((time.monotonic() - start) % 1))
    wall = time.monotonic() - measured_start
    cpu = {k: cpu_seconds(pid) - cpu_start[k] for k, pid in procs.items()}
    peak = {k: hwm_bytes(pid) for k, pid in procs.items()}

    batches = vigil_series(a.vigil_batches)
    measured = batches[vigil_lines_start:]
    shipped = os.path.getsize(a.vigil_batches) - vigil_size_start
    series = set()
    cycles = 0
    for b in batches[-12:]:
        for r in b["records"]:
            if r["type"] == "metrics":
                for m in r["metrics"]:
                    series.add((m["n"], tuple(sorted((m.get("a") or {}).items()))))
    for b in measured:
        if any(r["type"] == "metrics" and r["src"] == "cpu" for r in b["records"]):
            cycles += 1
    inventory_items = {}
    for b in batches:
        for r in b["records"]:
            if r["type"] == "inventory":
                inventory_items[r["kind"]] = len(r["items"])

    mib = 1 / 1048576
    result = {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "machine": f"{platform.node()} {os.cpu_count()} cores {round(os.sysconf('SC_PHYS_PAGES') * PAGE / 2**30)} GiB {platform.release()}",
        "measured_seconds": round(wall),
        "node_exporter_version": a.node_exporter_version,
        "vigil-agent": {
            "steady_rss_mib": round(statistics.median(rss["vigil-agent"]) * mib, 2),
            "peak_rss_mib": round(peak["vigil-agent"] * mib, 2),
            "cpu_seconds": round(cpu["vigil-agent"], 2),
            "cpu_percent_of_one_core": round(100 * cpu["vigil-agent"] / wall, 3),
            "series": len(series),
            "host_series": len([s for s in series if not s[0].startswith("vigil.agent.")]),
            "inventory_items": sum(inventory_items.values()),
            "inventory_kinds": inventory_items,
            "cycles": cycles,
            "cpu_ms_per_cycle": round(1000 * cpu["vigil-agent"] / max(cycles, 1), 2),
            "bytes_shipped_per_interval": round(shipped / max(cycles, 1)),
        },
        "node_exporter": {
            "steady_rss_mib": round(statistics.median(rss["node_exporter"]) * mib, 2),
            "peak_rss_mib": round(peak["node_exporter"] * mib, 2),
            "cpu_seconds": round(cpu["node_exporter"], 2),
            "cpu_percent_of_one_core": round(100 * cpu["node_exporter"] / wall, 3),
            "series": ne_series,
            "host_series": ne_host_series,
            "bytes_per_scrape": round(statistics.median(scrape_bytes)),
        },
    }
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
    v, n = result["vigil-agent"], result["node_exporter"]
    print(f"\n{result['machine']}, {result['date']}, {result['measured_seconds']} s measured\n")
    print("| | vigil-agent | node_exporter | ratio |")
    print("|---|---:|---:|---:|")
    for key, label in [("steady_rss_mib", "steady RSS (MiB, median)"), ("peak_rss_mib", "peak RSS (MiB, VmHWM)"),
                       ("cpu_seconds", "CPU seconds"), ("cpu_percent_of_one_core", "% of one core"), ("series", "metric series, all"),
                       ("host_series", "metric series about the host (without the exporter's own)")]:
        print(f"| {label} | {v[key]} | {n[key]} | {v[key] / n[key] if n[key] else float('nan'):.2f} |")
    print(f"\nvigil-agent also: {v['inventory_items']} inventory items {v['inventory_kinds']}; "
          f"{v['cpu_ms_per_cycle']} ms CPU per 10 s cycle; {v['bytes_shipped_per_interval']} bytes shipped per interval "
          f"(node_exporter scrape: {n['bytes_per_scrape']} bytes)")
    print(f"written to {a.out}")


if __name__ == "__main__":
    main()
