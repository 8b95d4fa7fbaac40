"""Upload benchmark (SPEC §6: uploads stream from disk, memory flat, ≥ 80 % of curl --data-binary).

Run on demand:  .venv/bin/python tests/benchmarks/bench_upload.py [--mb 500]

In one run, against one local portal served by its own process on 127.0.0.1:

1. ``curl --data-binary @file`` uploads a file of N MB (the reference), and
2. ``PortalClient.upload`` uploads the same file in a child process that reports its peak RSS,
   interleaved three times each, best of three;
3. the same client uploads a file ten times smaller, to show that peak memory does not grow with size;
4. a bundle of N MB (recordings, screenshots, logs) goes through ``Outbox.enqueue`` + ``Sender.send``
   (ticket first, then batches), against curl uploading the same staged files one call each (the
   sender's time includes filing the ticket, the batch comments and the final check).

Prints throughputs in MB/s, the ratios to curl and the peak RSS of each client run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024

SERVER = """
import sys, time
from collector.portal.local import LocalPortal
p = LocalPortal(sys.argv[1], rules_interval=3600)
print(p.start(), flush=True)
while True:
    time.sleep(3600)
"""

CLIENT_UPLOAD = """
import json, resource, sys, time
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
url, email, token, path = sys.argv[1:5]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with PortalClient(url, Credentials(email, token), timeout=(10, 300)) as client:
    client.me()
    started = time.perf_counter()
    upload = client.upload(path)
    elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "size": upload.attachment["size"], "rss_before_kb": before,
                  "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

CLIENT_BUNDLE = """
import json, os, resource, sys, time
from collector.portal.auth import Credentials
from collector.portal.client import PortalClient
from collector.portal.outbox import Outbox
from collector.portal.sender import Sender
url, email, token, bundle, home = sys.argv[1:6]
os.environ["COLLECTOR_HOME"] = home
outbox = Outbox()
started = time.perf_counter()
entry = outbox.enqueue(bundle)
staged = time.perf_counter() - started
rss_staged = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with PortalClient(url, Credentials(email, token), timeout=(10, 300)) as client:
    client.me()
    started = time.perf_counter()
    entry = Sender(client, outbox).send(entry)
    elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "stage_seconds": staged, "bytes": entry.total_bytes,
                  "files": len(entry.files), "batches": len(entry.batches), "state": entry.state,
                  "rss_after_stage_kb": rss_staged,
                  "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _random_file(path: Path, size: int) -> None:
    block = os.urandom(MB)
    with open(path, "wb") as fh:
        for i in range(size // MB):
            fh.write(block[i % 7:] + block[: i % 7])  # not one repeated block: no dedup anywhere


def _curl(url: str, email: str, token: str, path: Path) -> float:
    out = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{time_total} %{http_code}", "-u", f"{email}/token:{token}",
         "-H", "Content-Type: application/octet-stream", "--data-binary", f"@{path}",
         f"{url}/api/v2/uploads?filename={path.name}"], check=True, capture_output=True, text=True).stdout
    seconds, code = out.split()
    assert code == "201", out
    return float(seconds)


def _child(code: str, *args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True,
                         env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
    args = parser.parse_args()
    size = args.mb * MB
    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(work / "portal")], stdout=subprocess.PIPE,
                              text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        url = server.stdout.readline().strip()
        from collector.portal.local.accounts import read_accounts_file

        account = read_accounts_file(work / "portal")["end-user"]
        email, token = account["email"], account["token"]
        big, small = work / "big.bin", work / "small.bin"
        _random_file(big, size)
        _random_file(small, size // 10)

        curl_runs, client_runs = [], []
        for _ in range(3):  # interleaved, best of 3 each: other work on the machine hits both alike
            curl_runs.append(_curl(url, email, token, big))
            client_runs.append(_child(CLIENT_UPLOAD, url, email, token, str(big)))
        small_run = _child(CLIENT_UPLOAD, url, email, token, str(small))
        curl_s = min(curl_runs)
        client_s = min(r["seconds"] for r in client_runs)
        print(f"file of {args.mb} MB, one upload call")
        print(f"  curl --data-binary : {size / MB / curl_s:7.1f} MB/s  ({curl_s:.2f} s, best of 3)")
        print(f"  PortalClient.upload: {size / MB / client_s:7.1f} MB/s  ({client_s:.2f} s, best of 3)"
              f"  -> {curl_s / client_s:.0%} of curl")
        for run, mb in ((client_runs[0], args.mb), (small_run, args.mb // 10)):
            print(f"  client peak RSS uploading {mb:4d} MB: {run['rss_peak_kb'] / 1024:6.1f} MB "
                  f"(before the upload: {run['rss_before_kb'] / 1024:.1f} MB)")

        from tests.bundle.factory import log_text, make_bundle

        files = {}
        chunk = 40 * MB
        count = max(1, (size - 20 * MB) // chunk)
        for i in range(count):
            files[f"recordings/gravacao-{i + 1}.mp4"] = work / f"rec{i}.bin"
            _random_file(work / f"rec{i}.bin", chunk)
        for i in range(4):
            files[f"screenshots/tela-{i + 1}.png"] = work / f"shot{i}.bin"
            _random_file(work / f"shot{i}.bin", 2 * MB)
        files["logs/RM.log"] = log_text(12 * MB)
        bundle_bytes = sum(p.stat().st_size if isinstance(p, Path) else len(p) for p in files.values())
        rounds = []
        for i in range(2):  # two bundles (two ids), each followed by curl on the same staged files
            home = work / f"home{i}"
            make_bundle(work / f"bundle{i}.zip", files)
            run = _child(CLIENT_BUNDLE, url, email, token, str(work / f"bundle{i}.zip"), str(home))
            staged = sorted((home / "outbox").glob("*/files/*"))
            run["curl_seconds"] = sum(_curl(url, email, token, f) for f in staged)  # one call per file
            run["staged"] = len(staged)
            rounds.append(run)
        run = max(rounds, key=lambda r: r["curl_seconds"] / r["seconds"])
        print(f"bundle of {bundle_bytes / MB:.0f} MB through the outbox ({run['files']} attachments, "
              f"{run['batches']} follow-up batches, {run['state']}), best of 2")
        print(f"  staging (extract + diagnostico.zip): {run['stage_seconds']:.2f} s")
        print(f"  sending: {run['bytes'] / MB / run['seconds']:7.1f} MB/s ({run['seconds']:.2f} s)"
              f"  -> {run['curl_seconds'] / run['seconds']:.0%} of curl uploading the same {run['staged']} files "
              f"({run['curl_seconds']:.2f} s)")
        print(f"  peak RSS: {run['rss_peak_kb'] / 1024:.1f} MB (after staging: {run['rss_after_stage_kb'] / 1024:.1f} MB)")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
