"""Child process of ``bench.py``: peak RSS while listing a data store's keys.

Run in a fresh interpreter so that ``ru_maxrss`` (the peak resident set size
of this process, never decreasing) only reflects this one listing:

    python bench/_rss.py --url http://127.0.0.1:PORT --variant sync --limit 10000

It imports the SDK, creates the client, takes the first key (one page), records
the peak RSS, then iterates every remaining key counting them, records the peak
RSS again and prints one JSON object on stdout.

Linux carries ``ru_maxrss`` across ``exec``: a process spawned by a big parent
(the benchmark, ~60 MB) starts with the parent's peak and would hide its own.
So this script first re-runs itself from its own small process (``--measure``),
and that grandchild measures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from typing import Any

UNIVERSE_ID = 13058
STORE = "BenchStore"
API_KEY = "bench-key"


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _list_sync(url: str, limit: int | None) -> dict[str, Any]:
    import rblxopencloud

    exp = rblxopencloud.Experience(UNIVERSE_ID, API_KEY, base_url=url)
    rss_client = _peak_rss_mb()
    try:
        keys = exp.get_datastore(STORE).list_keys(limit=limit)
        next(keys)  # the first page is fetched and buffered
        count = 1
        rss_first_page = _peak_rss_mb()
        start = time.perf_counter()
        for _ in keys:
            count += 1
        seconds = time.perf_counter() - start
        rss_end = _peak_rss_mb()
    finally:
        exp.close()
    return _result(count, rss_client, rss_first_page, rss_end, seconds)


async def _list_async(url: str, limit: int | None) -> dict[str, Any]:
    import rblxopencloudasync

    exp = rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY, base_url=url)
    rss_client = _peak_rss_mb()
    try:
        keys = exp.get_datastore(STORE).list_keys(limit=limit)
        await keys.__anext__()
        count = 1
        rss_first_page = _peak_rss_mb()
        start = time.perf_counter()
        async for _ in keys:
            count += 1
        seconds = time.perf_counter() - start
        rss_end = _peak_rss_mb()
    finally:
        await exp.aclose()
    return _result(count, rss_client, rss_first_page, rss_end, seconds)


def _result(count: int, client: float, first_page: float, end: float, seconds: float) -> dict[str, Any]:
    return {
        "count": count,
        "rss_client_mb": client,
        "rss_first_page_mb": first_page,
        "rss_end_mb": end,
        "seconds": seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--variant", choices=["sync", "async"], required=True)
    parser.add_argument("--limit", type=int, default=None, help="stop after this many keys (default: all)")
    parser.add_argument("--measure", action="store_true", help="measure here (no re-spawn)")
    args = parser.parse_args()
    if not args.measure:
        cmd = [sys.executable, __file__, *sys.argv[1:], "--measure"]
        return subprocess.run(cmd, check=False, timeout=600).returncode
    rss_start = _peak_rss_mb()
    if args.variant == "sync":
        result = _list_sync(args.url, args.limit)
    else:
        result = asyncio.run(_list_async(args.url, args.limit))
    result["rss_start_mb"] = rss_start
    result["variant"] = args.variant
    result["limit"] = args.limit
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
