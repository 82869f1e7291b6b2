"""The history at scale, for `python3 benches/perf.py --history` (docs/performance.md).

A synthetic history is built through `gwtrace history import` from generated export lines:
DEVICES devices, each alternating between a few distinct paths (the seed, its changed and
its ECMP-alternate variants), every trace with its own round-trip times, task id and time,
spread over the last DAYS days. Then every target of issue 22 is measured against it, and
the table of that issue (one day of a 200-device watch at --every 1m) again the same way.
"""

import json
import os
import random
import re
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
VARIANTS = ["seed-completed", "seed-changed", "seed-ecmp-alternate"]
RTT = re.compile(r'"responseTimeMilliseconds":"(\d+(?:\.\d+)?) ms"')


def templates():
    """Each variant's compact task document split around its round-trip times."""
    out = []
    for name in VARIANTS:
        with open(os.path.join(FIXTURES, f"{name}.json")) as f:
            text = json.dumps(json.load(f), separators=(",", ":"))
        out.append(RTT.split(text))
    return out


def lines(base_url, devices, per_device, span, now, seed=1):
    """Export lines, oldest first: `per_device` traces of each of `devices` devices over
    `span` seconds ending at `now`; each device keeps a path for a stretch, then moves."""
    rng = random.Random(seed)
    parts = templates()
    step = span / per_device
    for n in range(per_device):
        at = int(now - span + n * step)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
        for d in range(devices):
            pieces = parts[(d + n // 97) % 3 if (d % 5 == 0) else 0]
            doc = []
            for i, piece in enumerate(pieces):
                if i % 2:
                    doc.append(f'"responseTimeMilliseconds":"{float(piece) + rng.random():.3f} ms"')
                else:
                    doc.append(piece)
            yield (f'{{"serial":"CN{d:04}","task_id":"t-{d:04}-{n:06}","status":"COMPLETED",'
                   f'"recorded_at":"{stamp}","profile":"default","base_url":"{base_url}",'
                   f'"device":"gateway","destination":"10.20.0.10","task":{"".join(doc)}}}\n')


def build(bin_path, env, base_url, devices, per_device, span):
    """Imports the generated lines through stdin; returns (traces, seconds)."""
    now = time.time()
    start = time.perf_counter()
    said = tempfile.TemporaryFile()
    proc = subprocess.Popen([bin_path, "history", "import", "-"], stdin=subprocess.PIPE,
                            stdout=said, stderr=said, env=env)
    batch = []
    for line in lines(base_url, devices, per_device, span, now):
        batch.append(line)
        if len(batch) == 5000:
            proc.stdin.write("".join(batch).encode())
            batch = []
    proc.stdin.write("".join(batch).encode())
    proc.stdin.close()
    proc.wait()
    took = time.perf_counter() - start
    said.seek(0)
    assert proc.returncode == 0, said.read().decode()
    return devices * per_device, took


def history_file(env):
    return os.path.join(env["HOME"], ".local", "share", "gwtrace", "history.sqlite")


def size(env):
    """The history's size on disk: the file and its write-ahead log."""
    path = history_file(env)
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def timed(measure, argv, env, runs, ok=(0,)):
    """The median wall time of `runs` runs of argv."""
    times = []
    for _ in range(runs):
        took, _, code, _ = measure(argv, env)
        assert code in ok, f"{argv} exited {code}"
        times.append(took)
    return statistics.median(times)
