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
    """Writes the generated lines to a file, then times `gwtrace history import FILE` (the
    generator does not share the machine with the import); returns the seconds it took."""
    data = os.path.join(tempfile.mkdtemp(), "traces.ndjson")
    with open(data, "w") as f:
        for line in lines(base_url, devices, per_device, span, time.time()):
            f.write(line)
    start = time.perf_counter()
    out = subprocess.run([bin_path, "history", "import", data], env=env,
                         capture_output=True, text=True)
    took = time.perf_counter() - start
    assert out.returncode == 0, out.stderr
    os.remove(data)
    return took


def settle(bin_path, env):
    """A prune that deletes nothing: the log is checkpointed, so the size is the one that
    stays."""
    subprocess.run([bin_path, "history", "prune", "--older-than", "3650d", "-q"],
                   env=env, check=True)


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


def keep(env, value):
    """Sets the top-level `history_keep` of the run's config file."""
    folder = os.path.join(env["XDG_CONFIG_HOME"], "gwtrace")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.toml"), "w") as f:
        f.write(f'history_keep = "{value}"\n')


def recording(row, measure, bin_path, env, tasks, what, first=False):
    """Status calls that record a trace, interleaved with ones that do not; with `first`,
    one call before them (the hourly retention's own run, not measured)."""
    if first:
        serial, task = tasks.pop()
        timed(measure, [bin_path, "status", serial, task, "-o", "csv"], env, 1)
    recorded, skipped = [], []
    for serial, task in tasks:
        argv = [bin_path, "status", serial, task, "-o", "csv"]
        recorded.append(timed(measure, argv, env, 1))
        skipped.append(timed(measure, argv + ["--no-record"], env, 1))
    rec, skip = statistics.median(recorded), statistics.median(skipped)
    row(what, f"{len(tasks)} interleaved runs on distinct tasks beside `--no-record`, median",
        f"{rec * 1000:.1f} ms against {skip * 1000:.1f} ms: {(rec - skip) * 1000:.1f} ms")


def scale(row, measure, bin_path, env, start_sim, finished_task, finished_tasks, runs):
    """Issue 22's targets on a history of 1,000,000 traces: 500 devices, 2,000 traces each
    over a year, filed under the simulator's URL so that `@last` finds them. Retention is
    off (`history_keep = "0"`) until it is measured itself."""
    keep(env, "0")
    sim, base = start_sim()
    try:
        env = dict(env, GWTRACE_BASE_URL=base)
        workdir = tempfile.mkdtemp()
        took = build(bin_path, env, base + "/", 500, 2000, 365 * 86400)
        row("import 1,000,000 traces (500 devices × 2,000, a year, three paths)",
            "`gwtrace history import FILE` of generated export lines, wall time",
            f"{took:.1f} s: {1_000_000 / took:,.0f} traces/s")
        settle(bin_path, env)
        full = size(env)
        row("history size on disk", "file + log after import, per trace",
            f"{full / 2**20:.0f} MiB: {full / 1_000_000:.0f} bytes a trace")
        # The simulator's device CN0005 answers a task; its @last is in the history.
        task = finished_task(base, "CN0005").rsplit("/", 1)[1]
        plain = [bin_path, "status", "CN0005", task, "-o", "csv", "--no-record"]
        without, with_last = [], []
        for _ in range(runs):
            without.append(timed(measure, plain, env, 1))
            with_last.append(timed(measure, plain + ["--expect-path", "@last"], env, 1, (0, 11)))
        without, with_last = statistics.median(without), statistics.median(with_last)
        row("`@last` inside `status --expect-path @last`",
            f"{runs} interleaved runs each, median, `--no-record`",
            f"{with_last * 1000:.1f} ms against {without * 1000:.1f} ms: "
            f"{(with_last - without) * 1000:.1f} ms")
        listed = timed(measure, [bin_path, "history", "CN0005", "--limit", "20"], env, runs)
        row("`history CN0005 --limit 20`", f"{runs} runs, median",
            f"{listed * 1000:.1f} ms")
        diff = timed(measure, [bin_path, "diff", "@prev", "@last", "--serial", "CN0005"],
                     env, runs, (0, 11))
        row("`diff @prev @last --serial CN0005`", f"{runs} runs, median",
            f"{diff * 1000:.1f} ms")
        serials = os.path.join(workdir, "serials.txt")
        with open(serials, "w") as f:
            f.write("".join(f"CN{d:04}\n" for d in range(500)))
        drawn = timed(measure, [bin_path, "map", "--serials-file", serials, "-o", "svg"],
                      env, 5)
        row("`map --serials-file` of 500 devices' `@last`", "5 runs, median, end to end",
            f"{drawn * 1000:.0f} ms")
        recording(row, measure, bin_path, env, finished_tasks(base, runs),
                  "recording a trace into the 1,000,000-trace history (`history_keep = \"0\"`)")
        before = size(env)
        start = time.perf_counter()
        subprocess.run([bin_path, "history", "prune", "--older-than", "183d", "-q"],
                       env=env, check=True)
        took = time.perf_counter() - start
        after = size(env)
        row("`history prune --older-than 183d` (half of it)", "size before and after",
            f"{before / 2**20:.0f} → {after / 2**20:.0f} MiB "
            f"({100 * (before - after) / before:.0f}% smaller) in {took:.1f} s")
        keep(env, "90d")
        recording(row, measure, bin_path, env, finished_tasks(base, runs),
                  "recording while retention cuts 183 days down to 90 (101 old traces a run)")
        subprocess.run([bin_path, "history", "prune", "--older-than", "90d", "-q"],
                       env=env, check=True)
        recording(row, measure, bin_path, env, finished_tasks(base, runs + 1),
                  "recording with retention on (`90d`), once it has caught up",
                  first=True)
    finally:
        sim.terminate()


def day(row, measure, bin_path, env, runs):
    """Issue 22's table again: one day of a 200-device watch at --every 1m (288,000 traces),
    a history held by another process, and two profiles."""
    workdir = tempfile.mkdtemp()
    env = dict(env, GWTRACE_BASE_URL="http://127.0.0.1:9/")
    build(bin_path, env, "http://127.0.0.1:9/", 200, 1440, 86400)
    settle(bin_path, env)
    full = size(env)
    start = time.perf_counter()
    subprocess.run([bin_path, "history", "prune", "--older-than", "12h", "-q"],
                   env=env, check=True)
    row("one day of 200 devices at --every 1m: history file, then `prune` of half",
        "288,000 imported traces; file + log",
        f"{full / 2**20:.0f} MiB ({full / 288_000:.0f} bytes a trace) → "
        f"{size(env) / 2**20:.0f} MiB in {time.perf_counter() - start:.1f} s")
    for what, argv in [
        ("`history CN0005 --limit 5`", ["history", "CN0005", "--limit", "5"]),
        ("`diff @prev @last --serial CN0005`", ["diff", "@prev", "@last", "--serial", "CN0005"]),
    ]:
        took = timed(measure, [bin_path, *argv], env, runs, (0, 11))
        row(what, f"{runs} runs, median", f"{took * 1000:.1f} ms")
    serials = os.path.join(workdir, "serials.txt")
    with open(serials, "w") as f:
        f.write("".join(f"CN{d:04}\n" for d in range(200)))
    took = timed(measure, [bin_path, "map", "--serials-file", serials, "-o", "svg"], env, 5)
    row("`map --serials-file` of 200 devices' `@last`", "5 runs, median",
        f"{took * 1000:.0f} ms")


def contention(row, bin_path, env, start_sim):
    """A 4-device fleet while another process holds the history's write lock; and `@last`
    asked of another Central than the one whose traces the history holds."""
    import sqlite3
    sim, base = start_sim()
    try:
        env = dict(env, GWTRACE_BASE_URL=base)
        workdir = tempfile.mkdtemp()
        serials = os.path.join(workdir, "serials.txt")
        with open(serials, "w") as f:
            f.write("CN1\nCN2\nCN3\nCN4\n")
        fleet = [bin_path, "start", "--serials-file", serials, "8.8.8.8", "--interval", "1s",
                 "-o", "csv"]
        subprocess.run(fleet, env=env, check=True, capture_output=True)
        free = time.perf_counter()
        subprocess.run(fleet, env=env, check=True, capture_output=True)
        free = time.perf_counter() - free
        holder = sqlite3.connect(history_file(env), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("CREATE TABLE held (x)")
        start = time.perf_counter()
        out = subprocess.run(fleet, env=env, capture_output=True, text=True)
        held = time.perf_counter() - start
        holder.execute("ROLLBACK")
        holder.close()
        warnings = out.stderr.count("is busy")
        row("4-device fleet while another process holds the history",
            "wall time beside the same fleet with the history free",
            f"{held:.1f} s against {free:.1f} s, exit {out.returncode}, "
            f"{warnings} busy warning")
        other = dict(env, GWTRACE_BASE_URL="http://127.0.0.1:9")
        out = subprocess.run([bin_path, "diff", "@last", "@last", "--serial", "CN1"],
                             env=other, capture_output=True, text=True)
        row("`@last` of CN1 asked with another base URL (another Central, or the real one)",
            "`diff @last @last --serial CN1`",
            f"exit {out.returncode}: {out.stderr.strip()[:110]}…")
    finally:
        sim.terminate()
