#!/usr/bin/env python3
"""An independent implementation of qingdan-draw-v1, written from DRAW-FORMAT.md alone.

It exists to show that the specification is enough to re-implement verification outside
Rust; it is checked against the golden vectors of DRAW-FORMAT.md (run it with no arguments).

    python3 qingdan_draw_v1.py                 # print and check the golden vectors' records
    python3 qingdan_draw_v1.py RECORD.json CANDIDATES.csv [EXCLUSIONS.csv]   # verify a record

Standard library only. Exit status 0 when the record verifies, 1 otherwise. The algorithm and
the record are implemented exactly; the CSV reading uses Python's csv module, which differs
from Qingdan's in corner cases (spaces around quoted fields, errors with line numbers).
"""

import csv
import hashlib
import io
import json
import sys

ALGORITHM = "qingdan-draw-v1"
HEADERS = {"编号", "统一社会信用代码", "名称"}
ASCII_HEADERS = {"id", "uscc"}
# Unicode White_Space, the characters trimmed from both ends of an id.
WHITE_SPACE = (
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def is_control(ch):
    c = ord(ch)
    return c < 0x20 or 0x7F <= c <= 0x9F


def normalise(ids, what):
    out = []
    for i, raw in enumerate(ids, 1):
        s = raw.strip(WHITE_SPACE)
        if not s or any(is_control(ch) for ch in s):
            raise ValueError(f"{what} item {i} is empty or has a control character")
        out.append(s)
    if len(set(out)) != len(out):
        raise ValueError(f"{what} has duplicates")
    return sorted(out, key=lambda s: s.encode("utf-8"))


def list_digest(sorted_ids):
    return hashlib.sha256("\n".join(sorted_ids).encode("utf-8")).digest()


class Stream:
    def __init__(self, seed, digest):
        self.prefix = seed + digest
        self.counter = 0
        self.buf = b""

    def next_u64(self):
        if not self.buf:
            self.buf = hashlib.sha256(self.prefix + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
        x, self.buf = int.from_bytes(self.buf[:8], "big"), self.buf[8:]
        return x

    def below(self, m):
        limit = 2**64 - (2**64 % m)
        while True:
            x = self.next_u64()
            if x < limit:
                return x % m


def draw(candidates, exclusions, count, seed_hex):
    seed_hex = seed_hex.lower()
    if (
        len(seed_hex) % 2
        or not 32 <= len(seed_hex) <= 256
        or any(c not in "0123456789abcdef" for c in seed_hex)
    ):
        raise ValueError("bad seed")
    order = normalise(candidates, "candidates")
    excluded = normalise(exclusions, "exclusions")
    if not set(excluded) <= set(order):
        raise ValueError("an exclusion is not a candidate")
    if not 1 <= count <= len(order) - len(excluded):
        raise ValueError("bad count")
    cdigest = list_digest(order)
    stream = Stream(bytes.fromhex(seed_hex), cdigest)
    skip, selected, i = set(excluded), [], 0
    while len(selected) < count:
        j = i + stream.below(len(order) - i)
        order[i], order[j] = order[j], order[i]
        if order[i] not in skip:
            selected.append(order[i])
        i += 1
    record = {
        "algorithm": ALGORITHM,
        "seed": seed_hex,
        "candidates_hash": cdigest.hex(),
        "candidate_count": len(order),
    }
    if excluded:
        record["excluded_hash"] = list_digest(excluded).hex()
    record.update(excluded_count=len(excluded), count=count, selected=selected)
    record["record_hash"] = record_hash(record)
    return record


def record_hash(r):
    lines = [
        ("algorithm", r["algorithm"]),
        ("seed", r["seed"]),
        ("candidates_hash", r["candidates_hash"]),
        ("candidate_count", str(r["candidate_count"])),
        ("excluded_hash", r.get("excluded_hash", "")),
        ("excluded_count", str(r["excluded_count"])),
        ("count", str(r["count"])),
    ] + [("selected", s) for s in r["selected"]]
    text = "".join(f"{k}={v}\n" for k, v in lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_json(r):
    return json.dumps(r, ensure_ascii=False, indent=2) + "\n"


def verify(record, candidates, exclusions):
    """Returns None when the record verifies, else a description of the first difference."""
    if record.get("algorithm") != ALGORITHM:
        return "unsupported algorithm"
    try:
        again = draw(candidates, exclusions, record["count"], record["seed"])
    except (ValueError, KeyError) as e:
        return f"cannot re-run: {e}"
    for key in ("seed", "candidates_hash", "candidate_count", "excluded_hash", "excluded_count"):
        if again.get(key) != record.get(key):
            return f"{key} differs: record {record.get(key)!r}, re-run {again.get(key)!r}"
    if len(record["selected"]) != record["count"]:
        return "count differs from the length of selected"
    for k, (a, b) in enumerate(zip(again["selected"], record["selected"]), 1):
        if a != b:
            return f"selection differs at position {k}: re-run {a!r}, record {b!r}"
    if record_hash(record) != record["record_hash"]:
        return "record_hash does not match the record: edited"
    return None


def read_csv_ids(text):
    text = text.removeprefix("\ufeff")
    ids, first = [], True
    for row in csv.reader(io.StringIO(text, newline="")):
        if all(not c.strip(WHITE_SPACE) for c in row):
            continue
        cell = row[0].strip(WHITE_SPACE)
        if first:
            first = False
            if cell in HEADERS or cell.lower() in ASCII_HEADERS:
                continue
        ids.append(cell)
    return ids


def golden():
    """The golden vectors of DRAW-FORMAT.md."""
    uscc = [
        "91430923MA4L0A1B2C", "91430923MA4L0A1B3D", "91430923MA4L0A1B4E",
        "91430923MA4L0A1B5F", "91430923MA4L0A1B6G", "91430923MA4L0A1B7H",
        "91430923MA4L0A1B8J", "91430923MA4L0A1B9K", "91430923MA4L0A1C0L",
        "91430923MA4L0A1C1M",
    ]
    names = [
        " 安化县东坪水泥有限公司", "安化县梅城新型墙材厂\u3000", "安化县小淹预拌混凝土有限公司",
        "安化县江南砖厂", "Anhua Power Supply Co.", "安化县烟溪建材有限公司",
        "安化县冷市机械厂",
    ]
    return [
        (uscc, [], 3, "000102030405060708090a0b0c0d0e0f"),
        (uscc, ["91430923MA4L0A1B9K", "91430923MA4L0A1C1M"], 3, "000102030405060708090a0b0c0d0e0f"),
        (names, [], 7, "5143" * 16),
    ]


def main(argv):
    if len(argv) == 1:
        expected = [
            "092bb14e70a935083e736e8719574daca96650cb3dc91472327cad398fcf1139",
            "c0e435eea67ecdd5310adf8331ef4cea283b71a7ca4c1f8281518d2ebde82baa",
            "549ab739688ddb878f51b8ad118a706dee714524b4d943a4f8b929be292032b5",
        ]
        failed = 0
        for n, ((candidates, exclusions, count, seed), want) in enumerate(zip(golden(), expected), 1):
            record = draw(candidates, exclusions, count, seed)
            print(to_json(record), end="")
            ok = record["record_hash"] == want and verify(record, candidates, exclusions) is None
            print(f"vector {n}: {'ok' if ok else 'MISMATCH'}", file=sys.stderr)
            failed += not ok
        return 1 if failed else 0
    with open(argv[1], encoding="utf-8") as f:
        record = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        candidates = read_csv_ids(f.read())
    exclusions = []
    if len(argv) > 3:
        with open(argv[3], encoding="utf-8") as f:
            exclusions = read_csv_ids(f.read())
    problem = verify(record, candidates, exclusions)
    print(problem or f"ok: {record['count']} of {record['candidate_count']} verified")
    return 1 if problem else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
