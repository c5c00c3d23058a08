"""Child process of ``bench.py``: rblx-open-cloud 2.3.0, the package this SDK replaces.

    <venv with rblx-open-cloud 2.3.0>/bin/python bench/_old.py --url http://127.0.0.1:PORT

Both packages are named ``rblxopencloud``, so the old one runs in its own venv,
in this process, against the bench's emulator server. It reads one JSON command
per line on stdin and answers one JSON line on stdout, keeping its clients (and
their connection pools) between commands, so ``bench.py`` can interleave its
rounds with those of the in-process clients:

    {"op": "sync", "calls": N}     -> {"us": [...], "cpu_s": ...}   sequential get_entry
    {"op": "async", "calls": N}    -> {"us": [...], "cpu_s": ...}   sequential awaited get_entry
    {"op": "fanout", "calls": N}   -> {"seconds": ..., "cpu_s": ...} N concurrent get_entry

2.3.0 sends every request to the literal ``https://apis.roblox.com/...``; its
module-level sessions (``http.http_session``, a ``requests.Session`` and an
``aiohttp.ClientSession`` with aiohttp's default pool of 100) are replaced by
thin wrappers that rewrite that prefix to the emulator's URL and otherwise pass
every call through. Written for the old package's Python floor (no 3.10 syntax).
"""

import argparse
import asyncio
import gc
import json
import sys
import time

import aiohttp
import requests

import rblxopencloud
import rblxopencloud.http as sync_http
import rblxopencloudasync
import rblxopencloudasync.http as async_http

UNIVERSE_ID = 13058
STORE = "BenchStore"
KEY = "key-000001"
API_KEY = "bench-key"
PREFIX = "https://apis.roblox.com"


class _Rewrite:
    """Stands in for 2.3.0's module-level session: the same session, the emulator's URL."""

    def __init__(self, session, base):
        self.session = session
        self.base = base

    def request(self, method, url, **kwargs):
        if url.startswith(PREFIX):
            url = self.base + url[len(PREFIX) :]
        return self.session.request(method, url, **kwargs)


def _timed_calls(run_one, calls):
    clock = time.perf_counter_ns
    samples = []
    gc.collect()
    cpu = time.process_time()
    for _ in range(calls):
        start = clock()
        run_one()
        samples.append((clock() - start) / 1000)
    return {"us": samples, "cpu_s": time.process_time() - cpu}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    args = parser.parse_args()

    sync_http.http_session = _Rewrite(requests.Session(), args.url)
    sync_store = rblxopencloud.Experience(UNIVERSE_ID, API_KEY).get_datastore(STORE, "global")
    loop = asyncio.new_event_loop()

    async def open_session():
        return aiohttp.ClientSession()  # what 2.3.0 opens on its first call

    session = loop.run_until_complete(open_session())
    async_http.http_session = _Rewrite(session, args.url)
    async_store = rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY).get_datastore(STORE, "global")

    async def sequential(calls):
        clock = time.perf_counter_ns
        samples = []
        gc.collect()
        cpu = time.process_time()
        for _ in range(calls):
            start = clock()
            await async_store.get_entry(KEY)
            samples.append((clock() - start) / 1000)
        return {"us": samples, "cpu_s": time.process_time() - cpu}

    async def fanout(calls):
        gc.collect()
        cpu = time.process_time()
        start = time.perf_counter()
        await asyncio.gather(*(async_store.get_entry(KEY) for _ in range(calls)))
        return {"seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu}

    print(json.dumps({"ready": rblxopencloud.VERSION}), flush=True)
    try:
        for line in sys.stdin:
            command = json.loads(line)
            op, calls = command["op"], int(command["calls"])
            try:
                if op == "sync":
                    answer = _timed_calls(lambda: sync_store.get_entry(KEY), calls)
                elif op == "async":
                    answer = loop.run_until_complete(sequential(calls))
                elif op == "fanout":
                    answer = loop.run_until_complete(fanout(calls))
                else:
                    answer = {"error": "unknown op " + op}
            except Exception as exc:  # reported by bench.py; the next command may still work
                answer = {"error": (type(exc).__name__ + ": " + str(exc))[:200]}
            print(json.dumps(answer), flush=True)
    finally:
        loop.run_until_complete(session.close())
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
