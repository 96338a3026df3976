#!/usr/bin/env python3
"""Compares Vigil's verdicts (vigil-agent check run --format json) with OpenSCAP's (oscap xccdf eval --results)
on every SSG rule both evaluated, and explains each disagreement.

usage: compare.py VIGIL_JSON OSCAP_RESULTS_XML [OSCAP_RESULTS_XML...] [--explain explanations.tsv] [--markdown]
"""
import json
import sys
import xml.etree.ElementTree as ET

XCCDF = "{http://checklists.nist.gov/xccdf/1.2}"
PREFIX = "xccdf_org.ssgproject.content_rule_"
# OpenSCAP's rule results mapped onto Vigil's four verdicts; notselected/notchecked are not compared.
OSCAP_TO_VIGIL = {"pass": "pass", "fixed": "pass", "fail": "fail", "notapplicable": "not_applicable", "error": "error", "unknown": "error"}


def oscap_results(paths):
    results = {}
    for path in paths:
        root = ET.parse(path).getroot()
        for rr in root.iter(XCCDF + "rule-result"):
            rule = rr.get("idref", "").replace(PREFIX, "")
            result = rr.find(XCCDF + "result").text
            if result in OSCAP_TO_VIGIL:
                results[rule] = result
    return results


def vigil_results(path):
    by_rule = {}
    for r in json.load(open(path))["results"]:
        for rule in r.get("references", {}).get("ssg", []):
            by_rule[rule] = r
    return by_rule


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    explain_path = argv[argv.index("--explain") + 1] if "--explain" in argv else None
    if explain_path:
        args.remove(explain_path)
    markdown = "--markdown" in argv
    vigil = vigil_results(args[0])
    oscap = oscap_results(args[1:])
    explanations = {}
    if explain_path:
        for line in open(explain_path):
            if line.strip() and not line.startswith("#"):
                rule, text = line.rstrip("\n").split("\t", 1)
                explanations[rule] = text
    both = sorted(set(vigil) & set(oscap))
    agree = [r for r in both if OSCAP_TO_VIGIL[oscap[r]] == vigil[r]["status"]]
    disagree = [r for r in both if r not in agree]
    rows = []
    for rule in both:
        v = vigil[rule]
        ok = rule in agree
        why = "" if ok else explanations.get(rule, "UNEXPLAINED: " + v["observed"])
        rows.append((rule, oscap[rule], v["status"], "yes" if ok else "NO", why))
    if markdown:
        print("| SSG rule | OpenSCAP | Vigil | agree | why they differ |")
        print("|---|---|---|---|---|")
        for r in rows:
            print("| " + " | ".join(x.replace("|", "\\|") for x in r) + " |")
    else:
        width = max(len(r[0]) for r in rows) if rows else 10
        for r in rows:
            print(f"{r[0]:<{width}}  {r[1]:<14} {r[2]:<15} {r[3]:<5} {r[4]}")
    unexplained = [r for r in disagree if r not in explanations]
    print(f"\n{len(both)} rules evaluated by both: {len(agree)} agree, {len(disagree)} differ "
          f"({len(disagree) - len(unexplained)} explained, {len(unexplained)} unexplained); "
          f"{len(set(vigil) - set(oscap))} Vigil references not in these OpenSCAP results")
    by_verdict = {}
    for rule in agree:
        by_verdict[vigil[rule]["status"]] = by_verdict.get(vigil[rule]["status"], 0) + 1
    print("agreed verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(by_verdict.items())))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
