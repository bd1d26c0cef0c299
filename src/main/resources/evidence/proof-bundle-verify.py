#!/usr/bin/env python3
"""Checks a CompanyOS residency proof bundle's receipts (python3 standard library only).

    python3 verify.py                     every check, every receipt's signature
    python3 verify.py --sample 1000       signatures of 1,000 receipts chosen at random (roots and counts in full)
    python3 verify.py --extract first     writes receipt.json and receipt.sig of the first receipt (or of a receipt ID)
                                          for: openssl pkeyutl -verify -pubin -inkey region.pub -rawin -in receipt.json -sigfile receipt.sig

Run it in the unzipped bundle's folder, after `openssl x509 -in certificates/region-*-signing.crt -pubkey -noout > region.pub`
(VERIFY.md, step 1: openssl also checks that the certificate was issued by the CompanyOS CA).

  leaf(x) = SHA-256(0x00 || x)      node(l, r) = SHA-256(0x01 || l || r)
  MTH     = RFC 6962: split at the largest power of two below the list's length; MTH([]) = SHA-256("")
  hour    = MTH(leaf(receipt body as signed) for the hour's receipts, in receipt-ID order)
  root    = MTH(leaf("<hour>:<receipts>:<hour root>") for each hour with receipts, oldest first)

Exit status 0 when everything holds, 1 otherwise.
"""
import base64
import hashlib
import json
import random
import sys

# --- Ed25519 verification (RFC 8032, section 5.1.7), in extended coordinates ---------------------------------------
P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    e1 = (y1 - x1) * (y2 - x2) % P
    e2 = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = e2 - e1, dd - c, dd + c, e2 + e1
    return e * f % P, g * h % P, f * g % P, e * h % P


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def _doublings(point):
    """point, 2 point, 4 point, ... (2^255 point): a scalar multiple is then only additions."""
    table = [point]
    for _ in range(255):
        table.append(_add(table[-1], table[-1]))
    return table


def _times(table, k):
    acc = (0, 1, 1, 0)
    i = 0
    while k:
        if k & 1:
            acc = _add(acc, table[i])
        k >>= 1
        i += 1
    return acc


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
_G = _doublings((_GX, _GY, 1, _GX * _GY % P))


class PublicKey:
    def __init__(self, raw):
        self.raw = raw
        point = _decompress(raw)
        if point is None:
            raise ValueError("not an Ed25519 public key")
        self.table = _doublings(point)

    def verify(self, message, signature):
        if len(signature) != 64:
            return False
        r = _decompress(signature[:32])
        s = int.from_bytes(signature[32:], "little")
        if r is None or s >= L:
            return False
        h = int.from_bytes(hashlib.sha512(signature[:32] + self.raw + message).digest(), "little") % L
        return _equal(_times(_G, s), _add(r, _times(self.table, h)))


def public_key(pem_file):
    """The raw key of an Ed25519 SubjectPublicKeyInfo PEM (openssl x509 -pubkey)."""
    lines = open(pem_file, encoding="ascii").read().split("\n")
    der = base64.b64decode("".join(l for l in lines if l and not l.startswith("-----")))
    prefix = bytes.fromhex("302a300506032b6570032100")
    if len(der) != 44 or not der.startswith(prefix):
        raise ValueError(pem_file + " is not an Ed25519 public key")
    return PublicKey(der[len(prefix):])


# --- Merkle roots (RFC 6962), streamed: O(log n) state per hour ----------------------------------------------------
class Merkle:
    def __init__(self):
        self.stack = []  # (size, root) of perfect subtrees, largest first
        self.count = 0

    def add(self, data):
        node, size = hashlib.sha256(b"\x00" + data).digest(), 1
        while self.stack and self.stack[-1][0] == size:
            node = hashlib.sha256(b"\x01" + self.stack.pop()[1] + node).digest()
            size *= 2
        self.stack.append((size, node))
        self.count += 1

    def root(self):
        if not self.stack:
            return hashlib.sha256(b"").hexdigest()
        acc = self.stack[-1][1]
        for _, node in reversed(self.stack[:-1]):
            acc = hashlib.sha256(b"\x01" + node + acc).digest()
        return acc.hex()


failures = 0


def check(what, ok, detail=""):
    global failures
    if ok:
        print("OK       " + what)
    else:
        failures += 1
        print("FAILED   " + what + (": " + detail if detail else ""))


def receipts():
    with open("receipts.jsonl", "rb") as f:
        for number, line in enumerate(f, 1):
            yield number, json.loads(line)


def extract(which):
    for _, r in receipts():
        if which in ("first", r["receiptId"]):
            open("receipt.json", "wb").write(r["body"].encode("utf-8"))
            open("receipt.sig", "wb").write(base64.b64decode(r["signature"]))
            print("wrote receipt.json and receipt.sig of receipt " + r["receiptId"])
            return 0
    print("no receipt " + which + " in receipts.jsonl")
    return 1


def main(args):
    if args[:1] == ["--extract"] and len(args) == 2:
        return extract(args[1])
    sample = int(args[1]) if args[:1] == ["--sample"] and len(args) == 2 else None
    if args and sample is None:
        print(__doc__)
        return 2
    key = public_key("region.pub")
    statement = json.load(open("statement.intoto.json", encoding="utf-8"))
    predicate = statement["predicate"]
    merkle = json.load(open("receipts-merkle.json", encoding="utf-8"))
    pae = open("dsse/pae.bin", "rb").read()
    check("the statement's DSSE signature (dsse/signature.bin over dsse/pae.bin)",
          key.verify(pae, open("dsse/signature.bin", "rb").read()))
    body = open("statement.intoto.json", "rb").read()
    check("dsse/pae.bin encodes statement.intoto.json",
          pae == b"DSSEv1 28 application/vnd.in-toto+json " + str(len(body)).encode() + b" " + body)
    subjects = {s["name"]: s["digest"]["sha256"] for s in statement["subject"]}
    for name in ("receipts.jsonl", "receipts-merkle.json"):
        h = hashlib.sha256()
        with open(name, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        check(name + " has the SHA-256 the signed statement names", subjects.get(name) == h.hexdigest())

    total = predicate["receipts"]
    chosen = None
    if sample is not None and sample < total:
        chosen = set(random.sample(range(1, total + 1), sample))
    hours, order = [], []
    current, tree, last_id = None, None, None
    bad, checked = [], 0
    for number, r in receipts():
        data = r["body"].encode("utf-8")
        hour = json.loads(data)["issuedAt"][:13] + ":00:00Z"
        if hour != current:
            if current is not None:
                hours.append((current, tree.count, tree.root()))
            order.append(current is None or hour > current)
            current, tree, last_id = hour, Merkle(), None
        order.append(last_id is None or r["receiptId"] > last_id)
        last_id = r["receiptId"]
        tree.add(data)
        if chosen is None or number in chosen:
            checked += 1
            if not key.verify(data, base64.b64decode(r["signature"])):
                bad.append(r["receiptId"])
    if current is not None:
        hours.append((current, tree.count, tree.root()))
    count = sum(h[1] for h in hours)
    check("receipts.jsonl holds the %d receipts the signed statement counts" % total, count == total, "found %d" % count)
    check("receipts are in hour order, and in receipt-ID order within each hour", all(order))
    listed = [(h["hour"], h["receipts"], h["root"]) for h in merkle["hours"]]
    differs = [i for i in range(max(len(hours), len(listed))) if i >= len(hours) or i >= len(listed) or hours[i] != listed[i]]
    check("every hour's root recomputed from the receipts (%d hours)" % len(hours), not differs,
          "first difference at hour " + str((hours + listed)[differs[0]][0] if differs and differs[0] < len(hours) else differs[:1]))
    root = Merkle()
    for hour, n, hour_root in hours:
        root.add(("%s:%d:%s" % (hour, n, hour_root)).encode("utf-8"))
    check("the bundle's root " + root.root() + " is the signed receiptsMerkleRoot",
          root.root() == predicate["receiptsMerkleRoot"] == merkle["root"])
    check("the Ed25519 signatures of %d receipts%s" % (checked, "" if chosen is None else " chosen at random"), not bad,
          "%d bad, first %s" % (len(bad), bad[0] if bad else ""))
    print(("ALL CHECKS PASSED" if failures == 0 else "%d CHECKS FAILED" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
