"""The watch as a service (`python3 benches/perf.py --service`): a watch file of 50 groups x
10 devices x 2 destinations (1,000 targets) loaded and `--check`ed, one round of it against
the simulator at `--max-rate 20`, a SIGHUP reload with one target changed, and the RSS of
that watch. Imported by perf.py, which passes its helpers in."""

import os
import re
import signal
import statistics
import subprocess
import tempfile
import threading
import time


def watch_file(workdir, every="1h", concurrency=64, changed=False):
    """The 1,000-target file; `changed`: one device of the last group is another."""
    lines = [f'every = "{every}"', 'interval = "1s"', "max_rate = 20",
             f"concurrency = {concurrency}", ""]
    for g in range(50):
        serials = [f"CN{g:02}{d:02}" for d in range(10)]
        if changed and g == 49:
            serials[-1] = "CN9999"
        lines += ["[[group]]", f'name = "site-{g:02}"',
                  "serials = [" + ", ".join(f'"{s}"' for s in serials) + "]",
                  f'destinations = ["10.{g}.0.1", "10.{g}.0.2"]', "expect_reach = true", ""]
    path = f"{workdir}/watches.toml"
    with open(path, "w") as file:
        file.write("\n".join(lines))
    return path


def check(row, measure, binary, env, runs):
    workdir = tempfile.mkdtemp()
    path = watch_file(workdir)
    times = []
    for _ in range(runs):
        took, rss, code, out = measure([binary, "watch", "--check", "--file", path], env)
        assert code == 0, code
        times.append(took)
    row("watch file of 1,000 targets (50 groups x 10 devices x 2 destinations): load and `--check`",
        f"median of {runs} runs, wall time of the process",
        f"{statistics.median(times) * 1000:.0f} ms (peak RSS {rss / 1024:.1f} MiB)")


def read_stderr(proc, lines):
    for line in proc.stderr:
        lines.append(line)


def round_and_reload(row, binary, env, start_sim):
    """One round of the 1,000 targets; then SIGHUP with one target changed; RSS throughout."""
    sim, base = start_sim(["--rate-limit", "20"])
    workdir = tempfile.mkdtemp()
    path = watch_file(workdir)
    metrics = f"{workdir}/gwtrace.prom"
    proc = subprocess.Popen(
        [binary, "watch", "--file", path, "--changes", "--metrics-file", metrics, "--no-record"],
        env=dict(env, GWTRACE_BASE_URL=base), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    said = []
    threading.Thread(target=read_stderr, args=(proc, said), daemon=True).start()
    try:
        deadline = time.time() + 900
        text = ""
        while time.time() < deadline and "gwtrace_rounds_total 1\n" not in text:
            time.sleep(1)
            text = open(metrics).read() if os.path.exists(metrics) else ""
        took = float(re.search(r"\ngwtrace_round_duration_seconds (\S+)", text).group(1))
        requests = sum(int(n) for n in re.findall(r'\ngwtrace_api_requests_total\{code="[^"]+"\} (\d+)', text))
        refused = sum(int(n) for n in re.findall(r'\ngwtrace_api_requests_total\{code="429"\} (\d+)', text))
        bound = requests / 20
        row("one round of the 1,000 targets, `max_rate = 20`, `concurrency = 64`, sim `--rate-limit 20`",
            "`gwtrace_round_duration_seconds` and `gwtrace_api_requests_total` of the metrics file",
            f"{took:.1f} s for {requests} requests (requests ÷ rate = {bound:.1f} s, "
            f"{took / bound * 100 - 100:+.0f}%), {refused} answered 429")
        watch_file(workdir, changed=True)
        before = len(said)
        proc.send_signal(signal.SIGHUP)
        while time.time() < deadline and not any("SIGHUP: read" in l for l in said[before:]):
            time.sleep(0.1)
        line = next(l for l in said[before:] if "SIGHUP: read" in l).strip()
        ms = re.search(r"again in (\d+) ms", line).group(1)
        what = line.split(" ms: ", 1)[-1]
        row("SIGHUP reload of that file with one device changed (its 2 targets)",
            "the time the watch reports for reading it again and merging",
            f"{ms} ms; {what}")
        with open(f"/proc/{proc.pid}/status") as status:
            hwm = int(re.search(r"VmHWM:\s+(\d+) kB", status.read()).group(1))
        row("RSS of that watch after its round and the reload", "`VmHWM` of /proc/PID/status",
            f"{hwm / 1024:.1f} MiB")
    finally:
        proc.terminate()
        proc.wait()
        sim.terminate()
        sim.wait()


def service(row, measure, binary, env, start_sim, runs):
    check(row, measure, binary, env, runs)
    round_and_reload(row, binary, env, start_sim)
