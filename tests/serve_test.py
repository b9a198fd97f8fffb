#!/usr/bin/env python3
"""backstop serve end to end, over real HTTP on 127.0.0.1.

Usage: serve_test.py BACKSTOP SCENARIOS_DIR

- The API answers: the list, a scenario's sliders with their grounds, a
  comparison, an explanation, a tree (SVG), a seat played to the end; the same
  seed and moves give the same game.
- Bad requests get a 400 with a JSON error naming the problem: malformed JSON,
  a body past the limit (declared or streamed), unknown fields, too many draws,
  an unknown scenario, a malformed uploaded scenario (with its line and column).
- Nothing a client sends is opened as a path: the scenarios are copied to a
  folder beside a secret file, the server is started on the copy (under strace
  where it is installed), the copy is deleted once it listens, every route to
  the secret is tried, and the server keeps answering; strace's log shows no
  open of the secret or of anything under the deleted folder.
- A bounded load: 200 requests at once (the Ukraine comparison and small
  ones); every one answered 200 with the same bytes as alone.
"""
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

exe, scenarios = sys.argv[1], sys.argv[2]
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def request(port, path, body=None, raw=None, headers=None):
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers or {},
                                 method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def stop(process, seconds, pid=None):
    """Ctrl-C to `pid` (default: the process), and its exit code ("killed" past `seconds`)."""
    os.kill(pid or process.pid, signal.SIGINT)
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        return "killed"


def error_of(body):
    try:
        return json.loads(body)["error"]
    except Exception:  # noqa: BLE001 - any shape but {"error": ...} is a failure
        return None


work = tempfile.mkdtemp(prefix="backstop-serve-")
shipped = os.path.join(work, "shipped")
shutil.copytree(scenarios, shipped)
secret = os.path.join(work, "secret.yaml")
with open(secret, "w") as f:
    f.write("schema: backstop/1\nname: SECRET-CONTENT\n")

strace = shutil.which("strace")
log = os.path.join(work, "strace.log")
# --wait 600: under the sanitizers a request may queue for minutes; it must still be answered.
command = [exe, "serve", "--port", "0", "--scenarios", shipped, "--max-body", "65536", "--wait", "600"]
if strace:
    command = [strace, "-f", "-qq", "-e", "trace=open,openat,openat2,stat,newfstatat,statx", "-o", log] + command
# LeakSanitizer cannot run under ptrace (strace): under the sanitizers the
# traced server runs without it, and a second, untraced one is checked below.
env = dict(os.environ)
if strace:
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS", ""), "detect_leaks=0"]))
server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
line = server.stdout.readline()
match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
check(match is not None, f"the server says where it listens: {line.strip()}")
if not match:
    server.kill()
    print(server.stderr.read())
    sys.exit(1)
port = int(match.group(1))
listening_at = os.path.getsize(log) if strace else 0
shutil.rmtree(shipped)  # from here on, a file read per request would fail

try:
    status, kind, body = request(port, "/")
    check(status == 200 and b"<title>backstop" in body and "text/html" in kind, "GET / serves the page")
    status, _, body = request(port, "/api/scenarios")
    listed = json.loads(body)
    ids = [s["id"] for s in listed]
    check(status == 200 and "ukraine/baseline.yaml" in ids and "classics/chicken.yaml" in ids,
          f"the list names the shipped scenarios ({len(ids)})")

    base = {"scenario": "ukraine/baseline.yaml"}
    status, _, body = request(port, "/api/scenario", base)
    desc = json.loads(body)
    grounded = [p for p in desc["parameters"] if p.get("source") or p.get("why")]
    check(status == 200 and len(grounded) == len(desc["parameters"]) and len(grounded) > 10,
          f"every parameter comes with its quote or its reason ({len(grounded)})")
    check(any(p["set_by_options"] for p in desc["parameters"]), "parameters the options set are marked")

    status, _, body = request(port, "/api/compare", {**base, "draws": 100, "seed": 3})
    compare = json.loads(body)
    check(status == 200 and len(compare["options"]) == 8 and compare["uncertainty"]["draws"] == 100,
          "compare: 8 options with 100 draws")
    status, _, moved = request(port, "/api/compare", {**base, "draws": 100, "seed": 3, "set": {"US.resolve": 0.0}})
    check(status == 200 and moved != body, "a slider's value changes the comparison")
    status, _, body = request(port, "/api/explain", {**base, "option": "air_cover"})
    check(status == 200 and "Solution concept" in json.loads(body)["text"], "explain names the concept")
    status, kind, body = request(port, "/api/tree", {**base, "option": "air_cover"})
    check(status == 200 and kind.startswith("image/svg") and b"<svg" in body, "the tree comes as SVG")

    # A seat to the end, answering with the first action each time; replayed, the same game.
    def play(moves, seed=5):
        s, _, b = request(port, "/api/play", {**base, "option": "none", "as": "UK", "seed": seed, "moves": moves})
        return s, json.loads(b)

    moves = []
    for _ in range(20):
        status, state = play(moves)
        if status != 200 or state["finished"]:
            break
        moves.append(0)
    check(status == 200 and state["finished"] and state["ending"][0].startswith("Outcome:"),
          f"a seat played to the end ({len(moves)} moves): {state.get('ending', ['?'])[0]}")
    check(play(moves)[1] == state, "the same seed and moves give the same game")
    status, state = play(moves + [0, 0])
    check(status == 400, "more moves than the game asks: 400")

    # Bad requests: 400 with the problem named. One is chicken with a payoff cut short.
    chicken = open(os.path.join(scenarios, "classics", "chicken.yaml")).read()
    broken = chicken.replace('crash: "-crash_cost"}', 'crash: "-crash_cost +"}', 1)
    broken_line = next(k + 1 for k, l in enumerate(broken.splitlines()) if '-crash_cost +"' in l)
    bad = [
        ("malformed JSON", "/api/compare", None, b"{\"scenario\": ", "not JSON"),
        ("not an object", "/api/compare", [1, 2], None, "JSON object"),
        ("unknown field", "/api/compare", {**base, "drawz": 5}, None, "unknown field 'drawz'"),
        ("too many draws", "/api/compare", {**base, "draws": 10**9}, None, "at most"),
        ("negative draws", "/api/compare", {**base, "draws": -1}, None, "whole number"),
        ("a set that is not a number", "/api/compare", {**base, "set": {"US.resolve": "x"}}, None, "number"),
        ("an unknown parameter", "/api/compare", {**base, "set": {"US.resolv": 1}}, None, "US.resolv"),
        ("an unknown option", "/api/explain", {**base, "option": "nukes"}, None, "nukes"),
        ("an unknown actor", "/api/play", {**base, "option": "none", "as": "Mars"}, None, "Mars"),
        ("neither scenario nor text", "/api/compare", {"draws": 5}, None, "either"),
        ("an unknown scenario", "/api/compare", {"scenario": "ukraine/nope.yaml"}, None, "unknown scenario"),
        ("a malformed upload", "/api/scenario", {"text": "schema: backstop/1\nname: x\nactors: [a,\n"}, None,
         "upload.yaml:3:"),
        ("an upload with a bad expression", "/api/compare", {"text": broken}, None, f"upload.yaml:{broken_line}:"),
    ]
    for what, path, body, raw, expect in bad:
        status, kind, answer = request(port, path, body, raw)
        message = error_of(answer)
        check(status == 400 and message is not None and expect in message and "json" in kind,
              f"{what}: {status} {message}")
    big = json.dumps({**base, "text": "#" * 70000}).encode()
    status, _, answer = request(port, "/api/compare", raw=big)
    check(status == 400 and "larger than 65536" in (error_of(answer) or ""), f"an oversize body: {status}")
    # The same past the limit without a declared length (chunked): refused too.
    def chunks():
        for _ in range(20):
            yield b"#" * 8192
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/compare", data=chunks(), method="POST",
                                 headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status = r.status
    except urllib.error.HTTPError as e:
        status, answer = e.code, e.read()
    except Exception as e:  # noqa: BLE001 - a closed connection is a refusal too
        status, answer = 400, json.dumps({"error": f"closed: {e}"}).encode()
    check(status == 400, f"an oversize chunked body: {status}")
    status, _, answer = request(port, "/etc/passwd")
    check(status == 404 and error_of(answer) is not None, "an unknown page: 404 with a JSON error")

    # Every route to a file outside the shipped scenarios is refused, and the file is not opened.
    routes = [
        {"scenario": "../secret.yaml"},
        {"scenario": secret},
        {"text": f"schema: backstop/1\nvariant_of: {secret}\nname: x\nset: {{}}\n"},
        {"text": "schema: backstop/1\nvariant_of: ../secret.yaml\nname: x\nset: {}\n"},
        {"text": "schema: backstop/1\nvariant_of: ukraine/../../secret.yaml\nname: x\nset: {}\n"},
        {"scenario": "classics/../../secret.yaml"},
    ]
    for body in routes:
        status, _, answer = request(port, "/api/scenario", body)
        check(status == 400 and b"SECRET-CONTENT" not in answer, f"refused: {json.dumps(body)[:70]}")
    status, _, body = request(port, "/api/scenario", {"text": "schema: backstop/1\nvariant_of: ukraine/baseline.yaml\n"
                                                             "name: mine\nset:\n  US.resolve: {value: 0.9, why: a test}\n"})
    check(status == 200 and json.loads(body)["name"] == "mine", "an upload may vary a shipped scenario")

    # 200 requests at once: the Ukraine comparison and small ones, all answered, each as alone.
    alone = {}
    jobs = []
    for k in range(200):
        if k % 4 == 0:
            jobs.append(("/api/compare", {**base, "draws": 10, "seed": k % 3}))
        elif k % 4 == 1:
            jobs.append(("/api/scenarios", None))
        elif k % 4 == 2:
            jobs.append(("/api/compare", {"scenario": "classics/chicken.yaml", "draws": 50}))
        else:
            jobs.append(("/api/play", {**base, "option": "none", "as": "UK", "seed": k, "moves": []}))
    for path, body in jobs:
        key = json.dumps([path, body])
        if key not in alone:
            alone[key] = request(port, path, body)
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
        answers = list(pool.map(lambda job: request(port, *job), jobs))
    took = time.time() - started
    same = sum(1 for job, answer in zip(jobs, answers) if answer == alone[json.dumps(list(job))])
    statuses = sorted({a[0] for a in answers})
    check(all(a[0] == 200 for a in answers) and same == 200,
          f"200 requests at once: {sum(a[0] == 200 for a in answers)} answered 200 (statuses {statuses}), "
          f"{same} as alone, in {took:.1f} s"
          + "".join(f"\n     {a[0]} {a[2][:200]!r}" for a in answers if a[0] != 200)[:1000])
    status, _, _ = request(port, "/api/scenarios")
    check(status == 200, "still answering after the load")
finally:
    # Ctrl-C to the server itself (under strace, strace's child).
    pid = server.pid
    if strace:
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as f:
            pid = int(f.read().split()[0])
    code = stop(server, 20, pid)
    check(code == 0, f"Ctrl-C stops the server (exit {code})")

if strace:
    with open(log) as f:
        before = f.read(listening_at)
        after = f.read()
    check("baseline.yaml" in before, "strace saw the scenarios read at start")
    opened = [l for l in after.splitlines() if "secret" in l or (shipped in l and "ENOENT" not in l)]
    check(not opened, f"no file outside the shipped scenarios opened after start ({len(opened)} found)"
          + ("".join("\n     " + l for l in opened[:5])))
    stale = [l for l in after.splitlines() if shipped in l]
    check(not stale, "nothing under the scenarios folder is touched per request")
else:
    print("note: strace is not installed; the server's file opens were not traced")
# Untraced (so the sanitizers' leak check runs): a few requests, then Ctrl-C ends it cleanly.
again = subprocess.Popen([exe, "serve", "--port", "0", "--scenarios", scenarios], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
match = re.search(r"http://127\.0\.0\.1:(\d+)/", again.stdout.readline())
if match:
    port = int(match.group(1))
    answers = [request(port, "/api/compare", {"scenario": "classics/tripwire.yaml", "draws": 10})[0],
               request(port, "/api/play", {"scenario": "classics/entry_deterrence.yaml", "as": "Incumbent",
                                           "moves": [1]})[0],
               request(port, "/api/compare", raw=b"{")[0]]
    check(answers == [200, 200, 400], f"an untraced server answers: {answers}")
    # A class connecting at once must not overflow the listen queue (httplib's own is 5).
    ss = shutil.which("ss")
    if ss:
        row = subprocess.run([ss, "-Hltn", f"sport = :{port}"], capture_output=True, text=True).stdout.split()
        check(len(row) >= 3 and int(row[2]) >= 128, f"the listen queue holds {row[2] if len(row) >= 3 else '?'}")
    else:
        print("note: ss is not installed; the listen queue was not read")
    # The port is the server's alone: a second server on it is refused, not given half the requests.
    second = subprocess.run([exe, "serve", "--port", str(port), "--scenarios", scenarios], capture_output=True,
                            text=True, timeout=60)
    check(second.returncode == 1 and "cannot listen" in second.stderr,
          f"a second server on the same port is refused (exit {second.returncode}: {second.stderr.strip()})")
code = stop(again, 60)
check(code == 0, f"untraced, Ctrl-C ends it with exit 0 (exit {code}; {again.stderr.read()[-500:]})")

shutil.rmtree(work, ignore_errors=True)
print(f"serve: {'all passed' if failures == 0 else f'{failures} failed'}")
sys.exit(1 if failures else 0)
