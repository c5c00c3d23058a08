"""Child process of ``bench.py``: peak RSS while uploading a big file.

    python bench/_upload.py --variant sync --megabytes 10               # a place file
    python bench/_upload.py --variant async --megabytes 200 --kind asset  # a video asset

Creates a sparse file of that size, uploads it (``Place.upload_place_file``, or
``User.upload_asset`` as a ``.mp4`` video, streamed as multipart/form-data)
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


# What the counting transport answers: a place version, or an asset upload's operation.
_ANSWERS = {"place": {"versionNumber": 7}, "asset": {"path": "operations/bench-op", "done": False}}


class _Counting(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Reads the request body chunk by chunk and keeps only its length."""

    def __init__(self, kind: str) -> None:
        self.received = 0
        self.answer = _ANSWERS[kind]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return httpx.Response(200, json=self.answer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return httpx.Response(200, json=self.answer)


def _upload(package: Any, kind: str, transport: _Counting, file: Any) -> Any:
    """The upload call of ``kind`` on an entry point of ``package`` (the entry point, the call)."""
    if kind == "place":
        exp = package.Experience(13058, "bench-key", transport=transport)
        return exp, lambda: exp.get_place(1818).upload_place_file(file)
    user = package.User(287113233, "bench-key", transport=transport)
    return user, lambda: user.upload_asset(file, package.AssetType.Video, "Trailer", "A long video")


def _measure(variant: str, megabytes: int, kind: str) -> dict[str, Any]:
    transport = _Counting(kind)
    size = megabytes * 1024 * 1024
    with tempfile.NamedTemporaryFile(suffix=".mp4" if kind == "asset" else ".rbxl") as file:
        file.truncate(size)  # sparse: no disk I/O, reads return zeros
        file.seek(0)
        if variant == "sync":
            import rblxopencloud

            entry, call = _upload(rblxopencloud, kind, transport, file)
            rss_before = _peak_rss_mb()
            start = time.perf_counter()
            result = call()
            seconds = time.perf_counter() - start
            entry.close()
        else:
            import rblxopencloudasync

            async def run() -> tuple[float, float, Any]:
                entry, call = _upload(rblxopencloudasync, kind, transport, file)
                async with entry:
                    rss = _peak_rss_mb()
                    begin = time.perf_counter()
                    value = await call()
                    return rss, time.perf_counter() - begin, value

            rss_before, seconds, result = asyncio.run(run())
    # The multipart body of an asset upload is the file plus its form fields.
    sent_ok = transport.received == size if kind == "place" else transport.received > size
    if not sent_ok or (kind == "place" and result != 7):
        raise RuntimeError(f"sent {transport.received} bytes of a {size}-byte file ({result!r})")
    return {
        "variant": variant,
        "kind": kind,
        "megabytes": megabytes,
        "rss_before_mb": rss_before,
        "rss_after_mb": _peak_rss_mb(),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=["sync", "async"], required=True)
    parser.add_argument("--megabytes", type=int, default=10)
    parser.add_argument("--kind", choices=sorted(_ANSWERS), default="place")
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
            "--kind",
            args.kind,
        ]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600)
        print(done.stdout.strip().splitlines()[-1])
        return
    print(json.dumps(_measure(args.variant, args.megabytes, args.kind)))


if __name__ == "__main__":
    main()
