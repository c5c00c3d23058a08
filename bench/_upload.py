"""Child process of ``bench.py``: peak RSS while uploading a big place file.

    python bench/_upload.py --variant sync --megabytes 10

Creates a sparse file of that size, uploads it with ``Place.upload_place_file``
through a transport that only counts the streamed bytes (so the measurement is
the SDK's memory, not a server's), and prints one JSON object: peak RSS before
and after the upload, bytes sent and seconds. Like ``_rss.py`` it re-runs itself
once so that the measuring process starts with its own small peak.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class _Counting(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Reads the request body chunk by chunk and keeps only its length."""

    def __init__(self) -> None:
        self.received = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return httpx.Response(200, json={"versionNumber": 7})

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return httpx.Response(200, json={"versionNumber": 7})


def _measure(variant: str, megabytes: int) -> dict[str, Any]:
    transport = _Counting()
    size = megabytes * 1024 * 1024
    with tempfile.TemporaryFile() as file:
        file.truncate(size)  # sparse: no disk I/O, reads return zeros
        file.seek(0)
        if variant == "sync":
            import rblxopencloud

            exp: Any = rblxopencloud.Experience(13058, "bench-key", transport=transport)
            rss_before = _peak_rss_mb()
            start = time.perf_counter()
            version = exp.get_place(1818).upload_place_file(file)
            seconds = time.perf_counter() - start
            exp.close()
        else:
            import rblxopencloudasync

            async def run() -> tuple[float, float, int]:
                async with rblxopencloudasync.Experience(13058, "bench-key", transport=transport) as exp:
                    rss = _peak_rss_mb()
                    begin = time.perf_counter()
                    number = await exp.get_place(1818).upload_place_file(file)
                    return rss, time.perf_counter() - begin, number

            rss_before, seconds, version = asyncio.run(run())
    if transport.received != size or version != 7:
        raise RuntimeError(f"sent {transport.received} of {size} bytes (version {version})")
    return {
        "variant": variant,
        "megabytes": megabytes,
        "rss_before_mb": rss_before,
        "rss_after_mb": _peak_rss_mb(),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=["sync", "async"], required=True)
    parser.add_argument("--megabytes", type=int, default=10)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.measure:
        cmd = [
            sys.executable,
            __file__,
            "--measure",
            "--variant",
            args.variant,
            "--megabytes",
            str(args.megabytes),
        ]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600)
        print(done.stdout.strip().splitlines()[-1])
        return
    print(json.dumps(_measure(args.variant, args.megabytes)))


if __name__ == "__main__":
    main()
