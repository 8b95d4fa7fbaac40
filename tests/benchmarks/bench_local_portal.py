"""Local portal figures: a big streamed upload (time, server memory), request creation and listing.

Run: .venv/bin/python tests/benchmarks/bench_local_portal.py [UPLOAD_MB]   (default 500)
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

from collector.portal.local import LocalPortal


def _peak_rss(stop: threading.Event, out: list[int]) -> None:
    proc = psutil.Process()
    while not stop.is_set():
        out.append(proc.memory_info().rss)
        time.sleep(0.05)


def _file_chunks(path: Path, size: int = 1 << 20):
    with open(path, "rb") as fh:
        while chunk := fh.read(size):
            yield chunk


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = tmp / "big.bin"
        digest = hashlib.sha256()
        with open(big, "wb") as fh:
            block = os.urandom(1 << 20)
            for i in range(megabytes):
                chunk = block[:-4] + i.to_bytes(4, "big")
                fh.write(chunk)
                digest.update(chunk)
        with LocalPortal(tmp / "portal") as portal:
            url = portal.start()
            acc = portal.accounts["end-user"]
            s = requests.Session()
            s.auth = (f"{acc['email']}/token", acc["token"])
            s.get(f"{url}/api/v2/users/me")
            base_rss = psutil.Process().memory_info().rss
            samples: list[int] = []
            stop = threading.Event()
            sampler = threading.Thread(target=_peak_rss, args=(stop, samples), daemon=True)
            sampler.start()
            t0 = time.perf_counter()
            r = s.post(f"{url}/api/v2/uploads", params={"filename": "big.bin"}, data=_file_chunks(big),
                       headers={"Content-Type": "application/octet-stream"}, timeout=(10, 600))
            upload_s = time.perf_counter() - t0
            stop.set()
            sampler.join()
            assert r.status_code == 201, r.text
            att = r.json()["upload"]["attachment"]
            t0 = time.perf_counter()
            got = hashlib.sha256()
            with s.get(att["content_url"], stream=True, timeout=(10, 600)) as dl:
                for chunk in dl.iter_content(1 << 20):
                    got.update(chunk)
            download_s = time.perf_counter() - t0
            print(f"upload {megabytes} MB: {upload_s:.1f} s ({megabytes / upload_s:.0f} MB/s), "
                  f"process RSS growth peak {(max(samples) - base_rss) / 2**20:.0f} MB")
            print(f"download back: {download_s:.1f} s, sha256 equal: {got.hexdigest() == digest.hexdigest()}")

            n = 200
            t0 = time.perf_counter()
            for i in range(n):
                s.post(f"{url}/api/v2/requests", json={"request": {"subject": f"c{i}", "comment": {"body": "x"}}},
                       headers={"Idempotency-Key": f"k{i}"})
            create_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            link, pages = f"{url}/api/v2/requests?page[size]=25", 0
            while link:
                body = s.get(link).json()
                pages += 1
                link = body["links"]["next"] if body["meta"]["has_more"] else None
            list_s = time.perf_counter() - t0
            print(f"create {n} requests: {create_s * 1000 / n:.1f} ms each; list {pages} pages of 25: "
                  f"{list_s * 1000 / pages:.1f} ms per page")
            t0 = time.perf_counter()
            moves = portal.run_rules()
            print(f"rules over {n} tickets: {(time.perf_counter() - t0) * 1000:.1f} ms ({len(moves)} moves)")


if __name__ == "__main__":
    main()
