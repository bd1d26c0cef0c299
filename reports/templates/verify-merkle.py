#!/usr/bin/env python3
"""Recomputes the Merkle roots of a CompanyOS Trust Report (RFC 6962 Merkle Tree Hash, SHA-256).

    python3 verify-merkle.py trust-report.json [unzipped-residency-proof-bundle ...]

Without a bundle it checks that each region's period root follows from the hourly roots listed in the report, and
that the report's combined root follows from the regions. With a residency proof bundle of the same tenant and period
(unzipped), it recomputes every hourly root of the bundle's region from the receipts themselves (its receipts.jsonl;
the bundle's own verify.py checks their signatures and the bundle's signed root).

  leaf(x)       = SHA-256(0x00 || x)           node(l, r) = SHA-256(0x01 || l || r)
  MTH(list)     = RFC 6962: split at the largest power of two below the list's length; MTH([]) = SHA-256("")
  hour root     = MTH(leaf(receipt JSON bytes as signed) for the hour's receipts, in receipt-ID order)
  region root   = MTH(leaf("<hour>:<receipts>:<hour root>") for each hour with receipts, oldest first)
  combined root = MTH(leaf("<region>:<receipts>:<region root>") for each region with receipts, by region name)
Exit status 0 when everything matches, 1 otherwise.
"""
import hashlib
import json
import os
import sys


def leaf(data):
    return hashlib.sha256(b"\x00" + data).digest()


def mth(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def entries_root(entries):
    return mth([leaf(e.encode("utf-8")) for e in entries]).hex()


failures = 0


def check(what, expected, actual):
    global failures
    if expected == actual:
        print("OK       " + what)
    else:
        failures += 1
        print("MISMATCH " + what + ": report says " + str(expected) + ", recomputed " + str(actual))


facts = json.load(open(sys.argv[1], encoding="utf-8"))
regions = facts["residency"]["regions"]
for r in regions:
    check(r["region"] + " period root from its hourly roots", r["merkleRoot"],
          entries_root(["%s:%d:%s" % (h["hour"], h["receipts"], h["root"]) for h in r["hours"]]))
check("combined root from the regions", facts["residency"]["merkleRoot"],
      entries_root(["%s:%d:%s" % (r["region"], r["receipts"], r["merkleRoot"]) for r in regions if r["receipts"] > 0]))

for bundle in sys.argv[2:]:
    region = json.load(open(os.path.join(bundle, "statement.intoto.json"), encoding="utf-8"))["predicate"]["region"]
    reported = next((r for r in regions if r["region"] == region), None)
    if reported is None:
        check("region " + region + " of bundle " + bundle + " is in the report", region, None)
        continue
    hours = {}
    with open(os.path.join(bundle, "receipts.jsonl"), "rb") as lines:
        for line in sorted((json.loads(l) for l in lines), key=lambda r: r["receiptId"]):
            body = line["body"].encode("utf-8")
            hour = json.loads(body)["issuedAt"][:13] + ":00:00Z"
            hours.setdefault(hour, []).append(leaf(body))
    for h in reported["hours"]:
        check("%s %s: %d receipts" % (region, h["hour"], h["receipts"]), h["receipts"], len(hours.get(h["hour"], [])))
        check("%s %s: hour root from the receipts" % (region, h["hour"]), h["root"], mth(hours.get(h["hour"], [])).hex())
    for hour in sorted(set(hours) - {h["hour"] for h in reported["hours"]}):
        check("%s %s: hour with receipts in the bundle is in the report" % (region, hour), None, hour)
    check(region + " period root from the receipts", reported["merkleRoot"],
          entries_root(["%s:%d:%s" % (hour, len(hours[hour]), mth(hours[hour]).hex()) for hour in sorted(hours)]))

sys.exit(1 if failures else 0)
