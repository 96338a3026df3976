#!/usr/bin/env python3
"""Turns a recorded agent run into the API responses the dashboard tests serve.

Record on any Linux host (see README.md in this folder), then:
    python3 convert-recording.py batches.ndjson
It rewrites recording.json, hosts.json, host.json, metrics/, inventory/, drift.json and events.json here.
"""
import json
import os
import re
import sys
from collections import defaultdict
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
HOST_ID = "agt_3d1219c7c4c5404aaa1f"
# The dashboard's charts read these; everything else the agent sends stays out of the fixtures.
CHART_METRICS = [
    "system.cpu.utilization", "system.memory.usage", "system.cpu.load_average.1m", "system.cpu.load_average.5m",
    "system.cpu.load_average.15m", "system.disk.io", "system.network.io", "system.filesystem.utilization",
]
# The last hour of the run, one point per 10 s (as the server's raw tier returns at the default step).
WINDOW_MS = 3600_000
STEP_MS = 10_000
INVENTORY = ["listening_ports", "top_processes", "certificates", "packages", "users", "mounts", "network_interfaces"]
# Paths of the throwaway files and programs used while recording, shown as the kind of paths a real host has.
PATHS = {
    "/tmp/rec/certs/": "/etc/nginx/tls/", "/tmp/rec/watched/app.conf": "/etc/app/app.conf",
    "/work/wt/web/src/Vigil.AgentHost/bin/Release/net10.0/vigil-agent run --config /tmp/rec/agent.yaml": "/usr/bin/vigil-agent run",
    "/root/.pyenv/versions/3.11.7/bin/python3": "/usr/bin/python3",
}
# The recording machine's own plumbing (its sandbox mounts and control processes) is not part of the example.
DROP_MOUNTS = ("/mnt/sandboxing",)
DROP_PROCESSES = ("process_api", "memfd:")


def rfc3339(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def rename(text):
    for old, new in PATHS.items():
        text = text.replace(old, new)
    # Builds that ran on the recording machine, in their checkouts.
    text = re.sub(r"/root/\.pyenv/\S+", "/usr/bin/python3", text)
    return re.sub(r"/work/(wt/[a-z]+|main)/", "/home/ci/vigil/", text)


def write(name, obj, compact=False):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(obj, separators=(",", ":")) if compact else json.dumps(obj, indent=1)
    with open(path, "w") as f:
        f.write(rename(text) + "\n")


def main(recording):
    batches = [json.loads(line) for line in open(recording)]
    end = max(b["ts"] for b in batches)
    batches = [b for b in batches if b["ts"] > end - WINDOW_MS or any(r["type"] in ("identity", "inventory", "health", "drift") for r in b["records"])]
    series = defaultdict(list)       # (name, attrs) -> points
    info = {}                        # name -> (unit, kind, attribute sets)
    inventory, identity, identity_ts, health, drift = {}, None, 0, {}, []
    for b in batches:
        for r in b["records"]:
            t = r["type"]
            if t == "metrics":
                for m in r["metrics"]:
                    if (m.get("a") or {}).get("system.filesystem.mountpoint", "").startswith(DROP_MOUNTS):
                        continue
                    attrs = tuple(sorted((m.get("a") or {}).items()))
                    counter = m["k"] == "Counter"
                    unit = m["u"] + ("/s" if counter else "")
                    info.setdefault(m["n"], (unit, "counter" if counter else "gauge", set()))[2].add(attrs)
                    value = m.get("r") if counter else m["v"]
                    points = series[(m["n"], attrs)]
                    if value is not None and r["ts"] > end - WINDOW_MS:
                        bucket = r["ts"] // STEP_MS * STEP_MS
                        if points and points[-1][0] == bucket:
                            points[-1][1] = round(value, 6)
                        else:
                            points.append([bucket, round(value, 6)])
            elif t == "inventory":
                items = [i for i in r["items"] if not i["key"].startswith(DROP_MOUNTS)
                         and not i["attrs"].get("name", "").startswith(DROP_PROCESSES)]
                inventory[r["kind"]] = {"kind": r["kind"], "observed_at": rfc3339(r["ts"]), "items": items}
            elif t == "identity":
                identity = {k: v for k, v in r.items() if k not in ("type", "src", "ts")}
                identity_ts = r["ts"]
            elif t == "health":
                health[r["src"]] = {"source": r["src"], "status": r["status"].lower(), "reason": r["reason"],
                                    "message": r["message"], "since": rfc3339(r["ts"])}
            elif t == "drift":
                drift.append({"path": r["path"], "change": r["change"].lower(), "before": r.get("before"),
                              "after": r.get("after"), "observed_at": rfc3339(r["ts"])})

    for name in CHART_METRICS:
        unit, kind, attr_sets = info[name]
        write(f"metrics/{name}.json", {
            "metric": name, "unit": unit, "kind": kind, "tier": "raw", "step_ms": 10000, "truncated": False,
            "series": [{"attributes": dict(a), "points": series[(name, a)]} for a in sorted(attr_sets)],
        }, compact=True)
    for kind in INVENTORY:
        write(f"inventory/{kind}.json", inventory[kind])

    def last(name, **attrs):
        key = (name, tuple(sorted(attrs.items())))
        return series[key][-1][1] if series.get(key) else None

    idle = last("system.cpu.utilization", **{"cpu.mode": "idle"})
    memory_used = last("system.memory.utilization", **{"system.memory.state": "used"})
    problems = [h for h in health.values() if h["status"] != "ok"]
    recorded = {
        "id": HOST_ID, "hostname": identity["hostname"], "labels": {"env": "dev", "role": "ci"},
        "status": "degraded" if problems else "ok", "last_seen": rfc3339(end),
        "enrolled_at": rfc3339(batches[0]["ts"] - 3 * 86400_000), "os": identity["os_pretty"],
        "kernel": identity["kernel"], "agent_version": "0.1.0", "problems": problems,
        "cpu_utilization": round(1 - idle, 4) if idle is not None else None,
        "memory_utilization": memory_used, "load1": last("system.cpu.load_average.1m"),
        "uptime_s": round(identity["uptime_s"] + (end - identity_ts) / 1000),
        "certificate_not_after": rfc3339(end + 87 * 86400_000),
    }
    hosts = [recorded] + variants(recorded, end)
    write("hosts.json", {"hosts": hosts})
    write("host.json", {
        "identity": identity,
        "health": sorted(health.values(), key=lambda h: h["source"]),
        "inventory_kinds": sorted(inventory),
        "metrics": [{"name": n, "unit": u, "kind": k, "series_count": len(a)} for n, (u, k, a) in sorted(info.items())],
    })
    write("drift.json", {"drift": list(reversed(drift))})
    write("events.json", {"events": events(hosts, health, drift, inventory, batches[0]["ts"], end)})
    write("recording.json", {"recorded_at": rfc3339(end), "batches": len(batches),
                             "note": "Agent output from one Debian 12 VM; see README.md."})


def variants(host, end):
    """Four more hosts made from the recorded one, so the fleet shows every status a real fleet has."""
    def variant(hid, name, labels, status, seen_ago_s, cpu, mem, load, problems=()):
        v = dict(host, id=hid, hostname=name, labels=labels, status=status, problems=list(problems),
                 last_seen=rfc3339(end - seen_ago_s * 1000), cpu_utilization=cpu, memory_utilization=mem, load1=load)
        return v
    since = rfc3339(end - 25 * 60_000)
    return [
        variant("agt_9f1c2a7b3e4d5f6a7b8c", "web-1", {"env": "prod", "role": "web"}, "ok", 4, 0.231, 0.47, 0.62),
        variant("agt_1b2c3d4e5f6a7b8c9d0e", "web-2", {"env": "prod", "role": "web"}, "ok", 7, 0.198, 0.44, 0.51),
        variant("agt_4e5f6a7b8c9d0e1f2a3b", "db-1", {"env": "prod", "role": "db"}, "failed", 3, 0.912, 0.938, 7.84,
                [{"source": "filesystem", "status": "failed", "reason": "budget_exceeded",
                  "message": "collection took 2.4 s, budget 500 ms", "since": since}]),
        variant("agt_7a8b9c0d1e2f3a4b5c6d", "cache-1", {"env": "staging", "role": "cache"}, "silent", 1260, 0.05, 0.31, 0.12),
    ]


def events(hosts, health, drift, inventory, start, end):
    """The CloudEvents the server derives from such a run (types and data as src/Vigil.Server emits them)."""
    out = []

    def event(eid, etype, host, subject, ms, data, batch=None):
        out.append({"specversion": "1.0", "id": eid, "source": f"/agents/{host['id']}", "type": etype,
                    "subject": subject, "time": rfc3339(ms), "datacontenttype": "application/json",
                    "correlationid": batch, "causationid": batch, "vigilagent": host["id"], "data": data})
    for n, h in enumerate(hosts):
        event(f"{h['id']}:enrolled", "dev.vigil.host.enrolled", h, h["id"], start - 3 * 86400_000 + n * 60_000,
              {"hostname": h["hostname"], "labels": h["labels"], "agent_version": h["agent_version"]})
    recorded = hosts[0]
    batch = f"{recorded['id']}:1"
    for i, h in enumerate(health.values()):
        event(f"{batch}:health:{i}", "dev.vigil.collector.failing", recorded, f"{recorded['id']}/{h['source']}", start + i * 50,
              {"source": h["source"], "status": h["status"], "reason": h["reason"], "message": h["message"]}, batch)
    for kind in ("packages", "listening_ports", "users"):
        items = inventory.get(kind, {}).get("items", [])
        event(f"{batch}:inventory:{kind}", "dev.vigil.inventory.changed", recorded, f"{recorded['id']}/inventory:{kind}", start + 500,
              {"kind": kind, "added": {"count": len(items), "keys": [i["key"] for i in items[:20]]},
               "removed": {"count": 0, "keys": []}, "changed": {"count": 0, "keys": []}}, batch)
    for i, d in enumerate(drift):
        ms = int(datetime.strptime(d["observed_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp() * 1000)
        event(f"{recorded['id']}:drift:{i}", "dev.vigil.file.drifted", recorded, f"{recorded['id']}:{d['path']}", ms,
              {"path": d["path"], "change": d["change"], "before": d["before"], "after": d["after"]})
    for item in inventory.get("certificates", {}).get("items", []):
        days = int(item["attrs"]["days_to_expiry"])
        if days < 30:
            threshold = 7 if days < 7 else 30
            event(f"{recorded['id']}:certificate:{item['key']}:{threshold}", "dev.vigil.certificate.expiring", recorded,
                  f"{recorded['id']}:{item['key']}", start + 2000,
                  {"certificate": item["key"], "days_to_expiry": days, "threshold_days": threshold,
                   "not_after": item["attrs"]["not_after"], "attributes": item["attrs"]}, batch)
    db = next(h for h in hosts if h["hostname"] == "db-1")
    problem = db["problems"][0]
    event(f"{db['id']}:812:health:0", "dev.vigil.collector.failing", db, f"{db['id']}/{problem['source']}", end - 25 * 60_000,
          {k: problem[k] for k in ("source", "status", "reason", "message")}, f"{db['id']}:812")
    cache = next(h for h in hosts if h["hostname"] == "cache-1")
    event(f"{cache['id']}:silent:4077", "dev.vigil.host.silent", cache, cache["id"], end - 19 * 60_000,
          {"hostname": cache["hostname"], "last_seen": cache["last_seen"], "interval_ms": 10000})
    return out


if __name__ == "__main__":
    main(sys.argv[1])
