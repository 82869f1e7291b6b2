#!/usr/bin/env python3
"""Reproduces every figure of docs/performance.md against `gwtrace sim` on loopback.

    python3 benches/perf.py            # binary, one call vs curl (HTTP and HTTPS), memory
    python3 benches/perf.py --build    # also a clean release build, timed
    python3 benches/perf.py --fleet    # also a 500-device fleet at --max-rate 20
    python3 benches/perf.py --watch    # also watch: 200 devices at --every 1m, and a soak
                                       # of 20 devices (SOAK seconds, default 300) for RSS
    python3 benches/perf.py --map      # also `gwtrace map` of 500 devices x 30 hops
    python3 benches/perf.py --history  # also the history: 1,000,000 traces, one day of a
                                       # 200-device watch, a held lock (perf_history.py)
    python3 benches/perf.py --service  # also a watch file of 1,000 targets: --check, a round
                                       # at max_rate 20, a SIGHUP reload, RSS (perf_service.py)

Needs only what the project's machine has: cargo, curl, openssl and Python 3 (stdlib). HTTPS
is a small Python TLS front that forwards to the simulator, with a throwaway CA that gwtrace
trusts through GWTRACE_CA_FILE and curl through --cacert. Times are medians of interleaved
runs (gwtrace, curl, gwtrace, …) so that both see the same machine.
"""

import http.client
import http.server
import json
import os
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "gwtrace")
RUNS = int(os.environ.get("RUNS", "30"))
TOKEN = "perf-token"


def measure(argv, env=None):
    """Runs argv once; returns (seconds, peak RSS in KiB, exit code, stdout bytes).

    The peak RSS comes from GNU time: a child forked from this Python process would count
    Python's own pages until it execs, so `ru_maxrss` from here would say ~20 MiB for any
    program. GNU time forks from a small process; the time it adds is the same for gwtrace
    and curl."""
    with tempfile.TemporaryFile() as report:
        start = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", f"/dev/fd/{report.fileno()}", *argv],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, pass_fds=[report.fileno()])
        took = time.perf_counter() - start
        report.seek(0)
        rss = int(report.read().decode().split()[-1])
    return took, rss, proc.returncode, proc.stdout


def row(what, how, result):
    print(f"| {what} | {how} | {result} |")


def start_sim(args=()):
    """The simulator on a free port; its request log goes to a file (`proc.log_path`)."""
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [BIN, "sim", "--listen", "127.0.0.1:0", "--task-seconds", "1", *args],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    proc.log_path = log.name
    url = proc.stdout.readline().strip()
    return proc, url


def finished_task(base, serial="CN1"):
    """Starts a gateway traceroute with curl and waits until it completed; returns its path."""
    body = json.dumps({"destination": "10.186.172.153", "includeRawOutput": True})
    out = subprocess.run(
        ["curl", "-s", "-X", "POST", "-H", f"Authorization: Bearer {TOKEN}",
         "-H", "Content-Type: application/json", "-d", body,
         f"{base}/network-troubleshooting/v1alpha1/gateways/{serial}/traceroute"],
        check=True, capture_output=True, text=True).stdout
    location = json.loads(out)["location"]
    time.sleep(1.5)
    return location


def tls_front(target, workdir):
    """An HTTPS server on loopback that forwards every GET to `target` (http://host:port)."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=perf CA", "-keyout", f"{workdir}/ca.key", "-out", f"{workdir}/ca.pem",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
        check=True, capture_output=True)
    subprocess.run(
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
         "-keyout", f"{workdir}/server.key", "-out", f"{workdir}/server.csr"],
        check=True, capture_output=True)
    with open(f"{workdir}/ext.cnf", "w") as ext:
        ext.write("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    subprocess.run(
        ["openssl", "x509", "-req", "-in", f"{workdir}/server.csr", "-CA", f"{workdir}/ca.pem",
         "-CAkey", f"{workdir}/ca.key", "-CAcreateserial", "-days", "1",
         "-extfile", f"{workdir}/ext.cnf", "-out", f"{workdir}/server.pem"],
        check=True, capture_output=True)
    host, port = target.removeprefix("http://").split(":")

    class Forward(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            upstream = http.client.HTTPConnection(host, int(port))
            upstream.request("GET", self.path, headers=dict(self.headers))
            answer = upstream.getresponse()
            body = answer.read()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.getheader("Content-Type", ""))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(f"{workdir}/server.pem", f"{workdir}/server.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"https://127.0.0.1:{server.server_address[1]}", f"{workdir}/ca.pem"


def compare(label, base, location, env, curl_extra=()):
    """Interleaved runs of one status call, gwtrace and curl; medians and peak RSS."""
    task = location.rsplit("/", 1)[1]
    gw_argv = [BIN, "status", "CN1", task, "-o", "csv"]
    curl_argv = ["curl", "-s", *curl_extra, "-H", f"Authorization: Bearer {TOKEN}",
                 f"{base}{location}"]
    gw, cu, gw_rss, cu_rss = [], [], [], []
    for _ in range(RUNS):
        took, rss, code, _ = measure(gw_argv, env)
        assert code == 0, f"gwtrace exited {code}"
        gw.append(took)
        gw_rss.append(rss)
        took, rss, code, _ = measure(curl_argv)
        assert code == 0, f"curl exited {code}"
        cu.append(took)
        cu_rss.append(rss)
    row(f"one status call, {label}", f"{RUNS} interleaved runs, median wall time",
        f"gwtrace {statistics.median(gw) * 1000:.1f} ms, curl {statistics.median(cu) * 1000:.1f} ms")
    mib = lambda values: (f"median {statistics.median(values) / 1024:.2f} MiB, "
                          f"max {max(values) / 1024:.2f} MiB")
    row(f"peak RSS of that call, {label}", f"GNU time's max RSS over the {RUNS} runs",
        f"gwtrace {mib(gw_rss)}; curl {mib(cu_rss)}")


def big_document(workdir):
    """A completed task whose rawOutput makes the document just under 8 MiB."""
    line = " 7  198.51.100.77 (198.51.100.77)  15.001 ms  14.876 ms  14.911 ms\n"
    raw = line * (int(7.6 * 1024 * 1024) // len(line))
    document = {"status": "COMPLETED", "progressPercent": 100, "rawOutput": raw,
                "output": {"destination": "198.51.100.77", "hops": []}}
    body = json.dumps(document).encode()

    class Serve(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Serve)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", len(body)


def memory_near_the_limit(env):
    workdir = tempfile.mkdtemp()
    base, size = big_document(workdir)
    env = dict(env, GWTRACE_BASE_URL=base)
    for fmt in ["json", "raw", "csv", "table"]:
        _, rss, code, _ = measure([BIN, "status", "CN1", "task-1", "-o", fmt], env)
        assert code == 0, f"exit {code}"
        row(f"peak RSS, a {size / 2**20:.1f} MiB document, `-o {fmt}`", "GNU time's max RSS",
            f"{rss / 1024:.1f} MiB ({rss * 1024 / size:.1f}× the document)")


def against_sim(sim_args, argv, env):
    """Runs gwtrace `argv` against a simulator started with `sim_args`: (wall time, max RSS,
    exit code, stdout, the simulator's request log)."""
    sim, base = start_sim(sim_args)
    try:
        took, rss, code, out = measure([BIN, *argv], dict(env, GWTRACE_BASE_URL=base))
    finally:
        sim.terminate()
        sim.wait()
        with open(sim.log_path) as file:
            log = file.read()
    return took, rss, code, out, log


def fleet(env):
    workdir = tempfile.mkdtemp()
    serials = f"{workdir}/serials.txt"
    with open(serials, "w") as file:
        file.write("".join(f"CN{n:04}\n" for n in range(1, 501)))
    took, rss, code, out, log = against_sim(
        ["--rate-limit", "20"],
        ["start", "--serials-file", serials, "8.8.8.8", "--max-rate", "20",
         "--concurrency", "32", "--interval", "1s", "--json", "--timeout", "30m"], env)
    lines = [json.loads(line) for line in out.decode().splitlines()]
    requests = log.count(" -> ")
    refused = log.count("-> 429")
    bound = requests / 20
    row("fleet of 500 devices, `--max-rate 20 --concurrency 32`, sim `--rate-limit 20`",
        "wall time; requests and 429s counted in the simulator's log",
        f"{took:.1f} s for {requests} requests (requests ÷ rate = {bound:.1f} s, "
        f"{took / bound * 100 - 100:+.0f}%), {refused} answered 429, "
        f"{sum(line['exit_code'] == 0 for line in lines)}/500 completed (exit {code})")
    row("peak RSS of that fleet run", "GNU time's max RSS", f"{rss / 1024:.1f} MiB")


def hop_pings(env):
    """`start --hop-pings 20` on the simulator's longest route, at --max-rate 5 under the
    simulator's own limit of 5 a second: wall time against requests ÷ rate, and 429s."""
    took, _, code, out, log = against_sim(
        ["--rate-limit", "5"],
        ["start", "--device", "cx", "LOSSY1", "192.0.2.9", "--hop-pings", "20",
         "--max-rate", "5", "--interval", "1s", "-o", "csv"], env)
    rows = out.decode().splitlines()[1:]
    hops = len({line.split(",")[0] for line in rows})
    requests = log.count(" -> ")
    refused = log.count("-> 429")
    bound = requests / 5
    row(f"`start --hop-pings 20` on a {hops}-hop path ({len(rows)} rows), `--max-rate 5`, "
        "sim `--rate-limit 5 --task-seconds 1`",
        "wall time; requests and 429s counted in the simulator's log",
        f"{took:.1f} s for {requests} requests (requests ÷ rate = {bound:.1f} s, "
        f"{took / bound * 100 - 100:+.0f}%), {refused} answered 429 (exit {code})")


def finished_tasks(base, count):
    """Starts `count` gateway traceroutes with curl, waits until they completed; their ids."""
    body = json.dumps({"destination": "10.186.172.153", "includeRawOutput": True})
    ids = []
    for n in range(count):
        out = subprocess.run(
            ["curl", "-s", "-X", "POST", "-H", f"Authorization: Bearer {TOKEN}",
             "-H", "Content-Type: application/json", "-d", body,
             f"{base}/network-troubleshooting/v1/gateways/CN{n:04}/traceroute"],
            check=True, capture_output=True, text=True).stdout
        ids.append((f"CN{n:04}", json.loads(out)["location"].rsplit("/", 1)[1]))
    time.sleep(1.5)
    return ids


def recording(env):
    """A status call that records a new trace in the history, beside one with --no-record."""
    sim, base = start_sim()
    try:
        env = dict(env, GWTRACE_BASE_URL=base)
        tasks = finished_tasks(base, RUNS)
        recorded, skipped = [], []
        for serial, task in tasks:
            took, _, code, _ = measure([BIN, "status", serial, task, "-o", "csv"], env)
            assert code == 0, f"gwtrace exited {code}"
            recorded.append(took)
            took, _, code, _ = measure([BIN, "status", serial, task, "-o", "csv",
                                        "--no-record"], env)
            assert code == 0, f"gwtrace exited {code}"
            skipped.append(took)
    finally:
        sim.terminate()
    rec, skip = statistics.median(recorded), statistics.median(skipped)
    row("a status call that records a new trace, beside `--no-record`",
        f"{RUNS} interleaved runs on distinct tasks, median wall time",
        f"{rec * 1000:.1f} ms against {skip * 1000:.1f} ms: recording adds "
        f"{(rec - skip) * 1000:.1f} ms")


def watch_rounds(env):
    """200 devices at --every 1m under --max-rate 5: does a round fit in a minute?"""
    sim, base = start_sim()
    workdir = tempfile.mkdtemp()
    serials = f"{workdir}/serials.txt"
    with open(serials, "w") as file:
        file.write("".join(f"CN{n:04}\n" for n in range(1, 201)))
    try:
        start = time.perf_counter()
        proc = subprocess.run(
            [BIN, "watch", "--serials-file", serials, "8.8.8.8", "--every", "1m",
             "--max-rate", "5", "--concurrency", "32", "--interval", "1s", "--rounds", "2",
             "--changes", "--no-record"],
            env=dict(env, GWTRACE_BASE_URL=base), capture_output=True, text=True)
        took = time.perf_counter() - start
    finally:
        sim.terminate()
    said = [line for line in proc.stderr.splitlines() if "longer than --every" in line]
    row("watch of 200 devices, `--every 1m --max-rate 5 --concurrency 32`, 2 rounds",
        "wall time; what the watch said on stderr",
        f"{took:.0f} s (exit {proc.returncode}); " + ("; ".join(said) or "every round in time"))


def watch_soak(env):
    """20 devices every 2 s for SOAK seconds: RSS after the first 30 s and at the end."""
    soak = int(os.environ.get("SOAK", "300"))
    sim, base = start_sim()
    workdir = tempfile.mkdtemp()
    serials = f"{workdir}/serials.txt"
    with open(serials, "w") as file:
        file.write("".join(f"CN{n:04}\n" for n in range(1, 21)))
    proc = subprocess.Popen(
        [BIN, "watch", "--serials-file", serials, "8.8.8.8", "--every", "2s",
         "--interval", "1s", "--max-rate", "50", "--concurrency", "20",
         "--metrics-file", f"{workdir}/gwtrace.prom"],
        env=dict(env, GWTRACE_BASE_URL=base), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)

    def rss():
        with open(f"/proc/{proc.pid}/status") as status:
            line = next(l for l in status if l.startswith("VmRSS:"))
        return int(line.split()[1])

    try:
        time.sleep(30)
        early = rss()
        samples = []
        for _ in range(4):
            time.sleep(max(soak - 30, 0) / 4)
            samples.append(rss())
        late = samples[-1]
        with open(f"{workdir}/gwtrace.prom") as file:
            rounds = next(l for l in file if l.startswith("gwtrace_rounds_total")).split()[1]
    finally:
        proc.terminate()
        proc.wait()
        sim.terminate()
    row(f"watch of 20 devices every 2 s for {soak} s (history on, metrics file)",
        "VmRSS after 30 s and at the end",
        f"{early / 1024:.2f} → {late / 1024:.2f} MiB ({(late - early) / 1024:+.2f} MiB) "
        f"over {rounds} rounds; at each quarter: "
        + ", ".join(f"{s / 1024:.2f}" for s in samples) + " MiB")


def map_fleet(path, distinct):
    """A fleet's NDJSON of 500 devices x 30 hops to one destination. With `distinct`, every
    device has its own first five hops and one of 8 providers' ten, then a shared core, and
    every tenth device stops answering at hop 20; without, the devices share 20 paths."""
    def hop(n, address, rtt, lose=False):
        probes = [{"ipAddress": address, "reverseDnsResolution": f"r{n}.{address}.example.net",
                   "responseTimeMilliseconds": f"{rtt + i * 0.1:.1f} ms"} for i in range(3)]
        if lose:
            probes[1] = {"ipAddress": "null", "reverseDnsResolution": "null",
                         "responseTimeMilliseconds": "*"}
        return {"hop": str(n), "probes": probes}

    def silent(n):
        return {"hop": str(n), "probes": [{"ipAddress": "null", "reverseDnsResolution": "null",
                                           "responseTimeMilliseconds": "*"}] * 3}

    with open(path, "w") as out:
        for d in range(500):
            key = d if distinct else d % 20
            hops = []
            for n in range(1, 31):
                if n <= 5:
                    address = f"10.{key // 250}.{key % 250}.{n}"
                elif n <= 15:
                    address = f"172.16.{key % 8}.{n}"
                elif n < 30:
                    address = f"192.0.2.{n}"
                else:
                    address = "198.51.100.30"
                if distinct and d % 10 == 9 and n >= 20:
                    hops.append(silent(n))
                else:
                    hops.append(hop(n, address, n * 1.5, lose=(n == 12 and key % 3 == 0)))
            task = {"status": "COMPLETED", "output": {"destination": "198.51.100.30",
                    "resolvedIp": "198.51.100.30", "hops": hops}}
            out.write(json.dumps({"serial": f"CN{d:05d}", "task_id": f"t{d}",
                                  "status": "COMPLETED", "exit_code": 0, "checks": [],
                                  "task": task}) + "\n")


def map_times(env):
    workdir = tempfile.mkdtemp()
    for distinct in (False, True):
        path = os.path.join(workdir, f"fleet-{distinct}.ndjson")
        map_fleet(path, distinct)
        size = os.path.getsize(path) / 2**20
        shape = ("500 distinct paths (own first hops, 8 providers, every tenth not reaching)"
                 if distinct else "20 distinct paths, collapsed with a count")
        for fmt in ("dot", "svg", "html"):
            runs = [measure([BIN, "map", path, "-o", fmt], env) for _ in range(5)]
            took = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs) / 1024
            out = len(runs[0][3]) / 2**20
            assert all(r[2] == 0 for r in runs), "gwtrace map failed"
            row(f"`map -o {fmt}`, 500 devices x 30 hops: {shape}",
                f"median of 5; input {size:.1f} MiB NDJSON", f"{took * 1000:.0f} ms, "
                f"peak RSS {rss:.1f} MiB, output {out:.2f} MiB")
    shutil.rmtree(workdir, ignore_errors=True)


def clean_build():
    target = tempfile.mkdtemp()
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    start = time.perf_counter()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, env=env, check=True)
    took = time.perf_counter() - start
    shutil.rmtree(target, ignore_errors=True)
    row("clean release build", "`cargo build --release` into an empty target directory "
        "(dependencies already downloaded)", f"{took:.0f} s")


def main():
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    print("| what | how measured | result |\n|---|---|---|")
    if "--build" in sys.argv:
        clean_build()
    row("binary size", "`stat -c %s target/release/gwtrace`",
        f"{os.path.getsize(BIN) / 2**20:.2f} MiB ({os.path.getsize(BIN)} bytes)")
    home = tempfile.mkdtemp()
    env = {"PATH": os.environ["PATH"], "HOME": home, "XDG_CONFIG_HOME": f"{home}/.config",
           "XDG_CACHE_HOME": f"{home}/.cache", "GWTRACE_TOKEN": TOKEN}
    sim, base = start_sim()
    try:
        location = finished_task(base)
        compare("HTTP", base, location, dict(env, GWTRACE_BASE_URL=base))
        workdir = tempfile.mkdtemp()
        https, ca = tls_front(base, workdir)
        compare("HTTPS", https, location,
                dict(env, GWTRACE_BASE_URL=https, GWTRACE_CA_FILE=ca), ["--cacert", ca])
    finally:
        sim.terminate()
    memory_near_the_limit(env)
    recording(env)
    if "--fleet" in sys.argv:
        fleet(env)
    if "--watch" in sys.argv:
        watch_rounds(env)
        watch_soak(env)
    if "--map" in sys.argv:
        map_times(env)
    if "--ping" in sys.argv:
        hop_pings(env)
    if "--service" in sys.argv:
        import perf_service
        perf_service.service(row, measure, BIN, env, start_sim, RUNS)
    if "--history" in sys.argv:
        import perf_history
        for part in (
            lambda e: perf_history.contention(row, BIN, e, start_sim),
            lambda e: perf_history.day(row, measure, BIN, e, RUNS),
            lambda e: perf_history.scale(row, measure, BIN, e, start_sim, finished_task,
                                               finished_tasks, RUNS),
        ):
            # Each part has a history of its own.
            home = tempfile.mkdtemp()
            part(dict(env, HOME=home, XDG_CONFIG_HOME=f"{home}/.config",
                      XDG_CACHE_HOME=f"{home}/.cache"))


if __name__ == "__main__":
    main()
