"""Benchmark of the SDK against raw HTTP clients and rblx-open-cloud 2.3.0, on the emulator over loopback.

    python bench/bench.py [--quick] [--json PATH] [--profile] [--imports-only] [--imports-baseline REF]

One run starts the emulator server (``bench/_server.py``: the SDK's emulator plus
the v1 entry route 2.3.0 calls) on a free 127.0.0.1 port, always stopped at the
end, and measures, each figure in repeated rounds reported as median and spread:

1. per-call latency and client CPU per call, sequential ``get_entry``: raw httpx /
   aiohttp GETs vs ``rblxopencloud`` (sync) and ``rblxopencloudasync`` (default,
   httpx and aiohttp backends) vs rblx-open-cloud 2.3.0 (sync and async);
2. fan-out of 100, 1,000 and 10,000 concurrent ``get_entry`` calls
   (``asyncio.gather``): calls/s and client CPU per call, every raw client with
   the connection limits read from the SDK's own client;
3. import time in fresh interpreters: whole-process wall time and the import
   timed inside the child;
4. peak RSS while listing every key of the store (100,000; 20,000 with
   ``--quick``) vs 10,000 keys, sync and async, each in a fresh process
   (``bench/_rss.py``);
5. peak RSS while streaming a 1 MB vs a 10 MB place file, sync and async, each in
   a fresh process (``bench/_upload.py``).

rblx-open-cloud 2.3.0 is also named ``rblxopencloud``, so it lives in its own venv
(``bench/.cache/``, made on the first run) and runs in a child process
(``bench/_old.py``) against the same server; without a package index its rows say
why they are missing. A summary checks the targets. ``--json PATH`` writes every
number; ``--profile`` adds cProfile runs of raw vs SDK. Every loop has a fixed
count and every wait a timeout (a full run takes ~4.5-5.5 minutes on 2 CPUs,
``--quick`` about one).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import functools
import gc
import json
import os
import platform
import pstats
import socket
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import aiohttp
import httpx

import rblxopencloud
import rblxopencloudasync

HERE = Path(__file__).resolve().parent
UNIVERSE_ID = 13058
STORE = "BenchStore"
KEY = "key-000001"
API_KEY = "bench-key"
HEADERS = {"x-api-key": API_KEY}
POOL_LIMIT = 100  # used only when the SDK's own limits cannot be read
# The SDK's default timeouts (30 s, 10 s to connect) but no limit on the wait for a pooled
# connection, for raw httpx and (in the fan-out) the SDK alike: thousands of calls queued on
# httpx's pool can wait longer than that. ROUND_TIMEOUT bounds every fan-out round instead.
RAW_TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=None)
ROUND_TIMEOUT = 180.0
SMALL_LISTING = 10_000

OLD_VERSION = "2.3.0"
OLD_VENV = HERE / ".cache" / f"rblx-open-cloud-{OLD_VERSION}"
OLD = f"rblx-open-cloud {OLD_VERSION}"

# Targets checked in the summary.
SYNC_TARGET = 1.03  # sync per call, SDK / raw httpx: at most
FANOUT_TARGET = 0.95  # async fan-out, default backend / raw aiohttp: at least, at every level
CPU_TARGET = 1.10  # client CPU per call, aiohttp backend / raw aiohttp: at most
IMPORT_TARGET = 1.05  # `from rblxopencloud import Experience` / `import httpx`, whole process: at most
LISTING_TARGET_MB = 5.0  # peak RSS growth listing every key: below
UPLOAD_TARGET_MB = 20.0  # peak RSS growth streaming the 10 MB place file or a 200 MB asset: below

Backend = Literal["httpx", "aiohttp"]


@dataclass(frozen=True)
class Config:
    """Fixed counts of one run."""

    latency_rounds: int  # rounds of the latency section; every client runs one block a round
    latency_block: int  # sequential calls per block
    latency_warmup: int
    fanout: dict[int, int]  # concurrency -> rounds (aiohttp-based clients)
    # Rounds of the httpx-based clients (the default backend too, if it resolves to httpx):
    # httpcore's pool costs the client CPU that grows with the number of queued requests
    # (~300 calls/s at 1,000-3,000 waiting, minutes for a 10,000 round), so they skip the
    # levels missing here.
    fanout_httpx: dict[int, int]
    import_runs: int
    listing_keys: int
    fanout_calls: int = 1000  # the --profile fan-out
    fanout_rounds_aiohttp: int = 5
    levels: tuple[int, ...] = field(default=())

    @property
    def latency_calls(self) -> int:
        return self.latency_block

    @classmethod
    def make(cls, quick: bool) -> Config:
        if quick:
            return cls(3, 100, 30, {100: 3, 1000: 3, 3000: 2}, {100: 1, 1000: 1}, 10, 20_000)
        return cls(15, 300, 100, {100: 15, 1000: 15, 10_000: 7}, {100: 3, 1000: 3}, 50, 100_000)


# -- output helpers ---------------------------------------------------------------------------


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [cells[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  " + "  ".join(parts).rstrip()

    print()
    print(title)
    print("  " + "-" * (sum(widths) + 2 * (len(widths) - 1)))
    print(line(header))
    print("  " + "-" * (sum(widths) + 2 * (len(widths) - 1)))
    for row in rows:
        print(line(row))
    sys.stdout.flush()


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile (``fraction`` 0..1)."""
    ordered = sorted(values)
    pos = fraction * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (pos - low))


def spread(values: Sequence[float]) -> dict[str, Any]:
    """Median and spread of repeated measurements: min-max, and p25-p75 when there are many."""
    if not values:
        return {"median": None, "min": None, "max": None, "p25": None, "p75": None, "n": 0}
    return {
        "median": median(values),
        "min": min(values),
        "max": max(values),
        "p25": percentile(values, 0.25),
        "p75": percentile(values, 0.75),
        "n": len(values),
    }


def fmt(s: dict[str, Any] | None, spec: str = ",.0f", quartiles: bool = False) -> str:
    """``median (low-high)``: min-max over rounds, or p25-p75 with ``quartiles``."""
    if not s or s.get("median") is None:
        return "-"
    low, high = (s["p25"], s["p75"]) if quartiles else (s["min"], s["max"])
    if s["n"] == 1:
        return format(s["median"], spec)
    return f"{format(s['median'], spec)} ({format(low, spec)}-{format(high, spec)})"


def ratios(top: Sequence[float], bottom: Sequence[float]) -> list[float]:
    """Round-by-round ratios of two clients measured in the same rounds."""
    return [a / b for a, b in zip(top, bottom, strict=False) if b]


# -- the emulator server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def entry_url(base: str, key: str = KEY) -> str:
    return f"{base}/cloud/v2/universes/{UNIVERSE_ID}/data-stores/{STORE}/scopes/global/entries/{key}"


def stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _wait_ready(proc: subprocess.Popen[bytes], base: str, timeout: float) -> bool:
    """Poll until the server answers an entry GET; False if the process exited first."""
    step = 0.05
    with httpx.Client(timeout=2.0) as client:
        for _ in range(int(timeout / step)):
            if proc.poll() is not None:
                return False
            try:
                if client.get(entry_url(base), headers=HEADERS).status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(step)
    raise TimeoutError(f"the emulator did not answer on {base} within {timeout:.0f}s")


@contextlib.contextmanager
def emulator_server(seed_keys: int) -> Iterator[str]:
    """Serve the emulator on a free loopback port; yields its base URL, always stops it."""
    timeout = 60.0 + seed_keys / 2000  # seeding is part of the start-up
    with tempfile.TemporaryFile() as log:
        for _attempt in range(3):  # another process may grab the port in between
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            cmd = [sys.executable, str(HERE / "_server.py"), "--port", str(port)]
            cmd += ["--seed-keys", str(seed_keys)]
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            try:
                if _wait_ready(proc, base, timeout):
                    yield base
                    return
            finally:
                stop(proc)
        log.seek(0)
        output = log.read().decode(errors="replace")
        raise RuntimeError(f"the emulator server did not start:\n{output}")


# -- rblx-open-cloud 2.3.0 in its own venv ----------------------------------------------------


def _old_env() -> dict[str, str]:
    # Without PYTHONPATH (which points at this tree's src/) the venv finds its own rblxopencloud.
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def old_python(venv: Path = OLD_VENV) -> tuple[Path | None, str]:
    """The interpreter of a venv holding rblx-open-cloud 2.3.0, made on first use.

    ``(None, reason)`` when it cannot be made (no package index, ...): the bench goes on
    without the old package's rows.
    """
    python = venv / "bin" / "python"
    check = [
        str(python),
        "-c",
        "import rblxopencloud, aiohttp, sys; sys.exit(rblxopencloud.VERSION != sys.argv[1])",
    ]
    if (
        python.exists()
        and subprocess.run([*check, OLD_VERSION], env=_old_env(), capture_output=True).returncode == 0
    ):
        return python, "ready"
    print(f"making a venv with {OLD} in {venv} ...", flush=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(venv)], check=True, capture_output=True, timeout=120
        )
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                f"rblx-open-cloud=={OLD_VERSION}",
                "aiohttp",
            ],
            check=True,
            capture_output=True,
            text=True,
            env=_old_env(),
            timeout=600,
        )
    except subprocess.CalledProcessError as exc:
        lines = (exc.stderr or "").strip().splitlines() if isinstance(exc.stderr, str) else []
        errors = [line for line in lines if "ERROR" in line] or lines[-1:]
        return None, f"not installed: {(errors[-1] if errors else str(exc))[:150]}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"not installed: {type(exc).__name__}: {exc}"[:160]
    return python, "installed"


class OldClient:
    """``bench/_old.py`` running 2.3.0 in its venv: one command, one answer, its pools kept."""

    def __init__(self, python: Path, base: str) -> None:
        cmd = [str(python), str(HERE / "_old.py"), "--url", base]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_old_env(), bufsize=1
        )
        self.version = self._answer().get("ready")

    def _answer(self) -> dict[str, Any]:
        # A watchdog ends a hung child, so readline returns and the run stays bounded.
        watchdog = threading.Timer(ROUND_TIMEOUT, self.proc.kill)
        watchdog.start()
        try:
            assert self.proc.stdout is not None
            line = self.proc.stdout.readline()
        finally:
            watchdog.cancel()
        if not line:
            raise RuntimeError(f"{OLD} child ended (exit {self.proc.poll()})")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer

    def run(self, op: str, calls: int) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": op, "calls": calls}) + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stop(self.proc)


# -- the clients under test -------------------------------------------------------------------

Call = Callable[[], Awaitable[object]]
CallerFactory = Callable[[str], contextlib.AbstractAsyncContextManager[Call]]


def _json_ok(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json()


@contextlib.asynccontextmanager
async def raw_httpx_caller(
    base: str, max_connections: int = POOL_LIMIT, max_keepalive: int | None = 20
) -> AsyncIterator[Call]:
    url = entry_url(base)
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_keepalive)
    async with httpx.AsyncClient(timeout=RAW_TIMEOUT, limits=limits) as client:

        async def call() -> object:
            return _json_ok(await client.get(url, headers=HEADERS))

        yield call


@contextlib.asynccontextmanager
async def raw_aiohttp_caller(
    base: str, limit: int = POOL_LIMIT, limit_per_host: int = 0
) -> AsyncIterator[Call]:
    url = entry_url(base)
    connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit_per_host)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=120)
    ) as session:

        async def call() -> object:
            async with session.get(url, headers=HEADERS) as response:
                response.raise_for_status()
                return json.loads(await response.read())

        yield call


def async_experience(base: str, backend: str | None, timeout: httpx.Timeout | None = None) -> Any:
    """An async ``Experience``; ``backend=None`` passes no ``http_backend`` (the SDK's default)."""
    options: dict[str, Any] = {"base_url": base, "timeout": timeout}
    if backend is not None:
        options["http_backend"] = backend
    return rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY, **options)


def sdk_caller(backend: str | None, timeout: httpx.Timeout | None = None) -> CallerFactory:
    @contextlib.asynccontextmanager
    async def factory(base: str) -> AsyncIterator[Call]:
        exp = async_experience(base, backend, timeout)
        datastore = exp.get_datastore(STORE)
        try:
            yield lambda: datastore.get_entry(KEY)
        finally:
            await exp.aclose()

    return factory


def pool_of(exp: Any) -> Any:
    """The HTTP client an ``Experience`` built on its first call (None if unknown)."""
    with contextlib.suppress(AttributeError):
        return exp._client._pool.client
    return None


def pool_limits(client: Any) -> dict[str, Any]:
    """Connection limits of the SDK's pooled client, read from the object itself.

    httpx: the transport's httpcore pool (max connections, max keep-alive);
    aiohttp (the SDK's ``AiohttpClient``): its session's ``TCPConnector`` (aiohttp
    keeps every idle connection of the pool alive, so its keep-alive limit is the
    connection limit).
    """
    with contextlib.suppress(AttributeError):
        pool = client._transport._pool
        return {
            "kind": "httpx",
            "max_connections": pool._max_connections,
            "max_keepalive": pool._max_keepalive_connections,
        }
    with contextlib.suppress(AttributeError):
        connector = client._session.connector
        return {"kind": "aiohttp", "limit": connector.limit, "limit_per_host": connector.limit_per_host}
    return {"kind": type(client).__name__, "unknown": True}


def describe_limits(limits: dict[str, Any]) -> str:
    if limits.get("kind") == "httpx":
        return f"httpx {limits['max_connections']} conn / {limits['max_keepalive']} keep-alive"
    if limits.get("kind") == "aiohttp":
        per_host = limits["limit_per_host"] or "no"
        return f"aiohttp {limits['limit']} conn ({per_host} per-host limit)"
    return f"{limits.get('kind')} (limits unknown)"


async def sdk_limits(base: str) -> dict[str, dict[str, Any]]:
    """The limits of the SDK's clients (default, httpx, aiohttp backends; sync), after one call each."""
    found: dict[str, dict[str, Any]] = {}
    for label, backend in (("default", None), ("httpx", "httpx"), ("aiohttp", "aiohttp")):
        exp = async_experience(base, backend)
        try:
            await exp.get_datastore(STORE).get_entry(KEY)
            found[label] = pool_limits(pool_of(exp))
        finally:
            await exp.aclose()
    with rblxopencloud.Experience(UNIVERSE_ID, API_KEY, base_url=base) as sync_exp:
        sync_exp.get_datastore(STORE).get_entry(KEY)
        found["sync"] = pool_limits(pool_of(sync_exp))
    return found


def raw_httpx_limits(limits: dict[str, Any]) -> dict[str, Any]:
    """httpx.Limits arguments that mirror the SDK's httpx pool (httpx's defaults if unknown)."""
    if limits.get("kind") == "httpx":
        return {"max_connections": limits["max_connections"], "max_keepalive": limits["max_keepalive"]}
    return {"max_connections": POOL_LIMIT, "max_keepalive": 20}


def raw_aiohttp_limits(limits: dict[str, Any]) -> dict[str, Any]:
    if limits.get("kind") == "aiohttp":
        return {"limit": limits["limit"], "limit_per_host": limits["limit_per_host"]}
    return {"limit": POOL_LIMIT, "limit_per_host": 0}


# -- 1. per-call latency ----------------------------------------------------------------------


def time_sync(variants: dict[str, Callable[[], object]], warmup: int, calls: int) -> dict[str, list[float]]:
    """µs per call of each variant, sequential; the variants take turns call by call
    (the order rotating), so the drift of this shared machine hits all alike (--profile)."""
    names = list(variants)
    samples: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter_ns
    for call in variants.values():
        for _ in range(warmup):
            call()
    for index in range(calls):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            call = variants[name]
            start = clock()
            call()
            samples[name].append((clock() - start) / 1000)
    return samples


def _sync_block(call: Callable[[], object], calls: int) -> dict[str, Any]:
    clock = time.perf_counter_ns
    samples = []
    # A full collection first, so every block starts from the same heap: a gen-2
    # collection (tens of ms, scanning every object of the process) triggered by
    # garbage left earlier would otherwise land on whichever client runs next.
    gc.collect()
    cpu = time.process_time()
    for _ in range(calls):
        start = clock()
        call()
        samples.append((clock() - start) / 1000)
    return {"us": samples, "cpu_s": time.process_time() - cpu}


async def _async_block(call: Call, calls: int) -> dict[str, Any]:
    clock = time.perf_counter_ns
    samples = []
    gc.collect()  # see _sync_block
    cpu = time.process_time()
    for _ in range(calls):
        start = clock()
        await call()
        samples.append((clock() - start) / 1000)
    return {"us": samples, "cpu_s": time.process_time() - cpu}


Block = Callable[[int], Awaitable[dict[str, Any]]]


async def _rounds(blocks: dict[str, Block], cfg: Config) -> dict[str, dict[str, Any]]:
    """Every client runs one block of sequential calls a round, the order rotating each round.

    Per round and client: the median µs of its calls and its CPU µs per call. A client that
    fails is reported and left out of later rounds.
    """
    names = list(blocks)
    out: dict[str, dict[str, Any]] = {n: {"median_us": [], "cpu_us": [], "error": None} for n in names}
    for name in names:
        with contextlib.suppress(Exception):
            await blocks[name](cfg.latency_warmup)
    for index in range(cfg.latency_rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            if out[name]["error"]:
                continue
            try:
                block = await blocks[name](cfg.latency_block)
            except Exception as exc:
                out[name]["error"] = f"{type(exc).__name__}: {exc}"[:120]
                continue
            out[name]["median_us"].append(median(block["us"]))
            out[name]["cpu_us"].append(block["cpu_s"] / cfg.latency_block * 1e6)
    return out


def _sync_blocks(
    base: str, limits: dict[str, Any], old: OldClient | None, stack: contextlib.ExitStack
) -> dict[str, Block]:
    url = entry_url(base)
    mirrored = raw_httpx_limits(limits)
    raw = stack.enter_context(
        httpx.Client(
            timeout=RAW_TIMEOUT,
            limits=httpx.Limits(
                max_connections=mirrored["max_connections"],
                max_keepalive_connections=mirrored["max_keepalive"],
            ),
        )
    )
    exp = stack.enter_context(rblxopencloud.Experience(UNIVERSE_ID, API_KEY, base_url=base))
    ds = exp.get_datastore(STORE)

    def wrap(call: Callable[[], object]) -> Block:
        async def block(calls: int) -> dict[str, Any]:
            return _sync_block(call, calls)

        return block

    blocks = {
        "raw httpx.Client": wrap(lambda: _json_ok(raw.get(url, headers=HEADERS))),
        "rblxopencloud": wrap(lambda: ds.get_entry(KEY)),
    }
    if old is not None:
        blocks[f"{OLD} (requests)"] = _old_block(old, "sync")
    return blocks


def _old_block(old: OldClient, op: str) -> Block:
    async def block(calls: int) -> dict[str, Any]:
        return old.run(op, calls)  # blocks the loop; nothing else runs meanwhile

    return block


async def _latency(
    base: str, cfg: Config, limits: dict[str, dict[str, Any]], old: OldClient | None
) -> dict[str, Any]:
    with contextlib.ExitStack() as sync_stack:
        sync = await _rounds(_sync_blocks(base, limits["sync"], old, sync_stack), cfg)
    hx, ah = raw_httpx_limits(limits["httpx"]), raw_aiohttp_limits(limits["aiohttp"])
    makers: dict[str, CallerFactory] = {
        "raw httpx.AsyncClient": functools.partial(raw_httpx_caller, **hx),
        "rblxopencloudasync httpx": sdk_caller("httpx"),
        "raw aiohttp.ClientSession": functools.partial(raw_aiohttp_caller, **ah),
        "rblxopencloudasync aiohttp": sdk_caller("aiohttp"),
        "rblxopencloudasync default": sdk_caller(None),
    }
    async with contextlib.AsyncExitStack() as stack:
        blocks: dict[str, Block] = {}
        for name, make in makers.items():
            call = await stack.enter_async_context(make(base))
            blocks[name] = functools.partial(_async_block, call)
        if old is not None:
            blocks[f"{OLD} async (aiohttp)"] = _old_block(old, "async")
        asynchronous = await _rounds(blocks, cfg)
    return {"sync": sync, "async": asynchronous}


# Which raw client each row is compared with.
LATENCY_REFS = {
    "rblxopencloud": "raw httpx.Client",
    f"{OLD} (requests)": "raw httpx.Client",
    "rblxopencloudasync httpx": "raw httpx.AsyncClient",
    "rblxopencloudasync aiohttp": "raw aiohttp.ClientSession",
    "rblxopencloudasync default": "raw aiohttp.ClientSession",
    f"{OLD} async (aiohttp)": "raw aiohttp.ClientSession",
}


def _with_ratios(
    rows: dict[str, dict[str, Any]], refs: dict[str, str], keys: Sequence[str]
) -> dict[str, Any]:
    """Spread of each measure, and of the round-by-round ratios to the row's raw client."""
    stats: dict[str, Any] = {}
    for name, data in rows.items():
        entry: dict[str, Any] = {"error": data.get("error")}
        for key in keys:
            entry[key] = spread(data[key])
            ref = refs.get(name)
            if ref in rows and not data.get("error") and not rows[ref].get("error"):
                entry[f"{key}_ratio"] = spread(ratios(data[key], rows[ref][key]))
                entry["ref"] = ref
        stats[name] = entry
    return stats


def run_latency(
    base: str, cfg: Config, limits: dict[str, dict[str, Any]], old: OldClient | None, old_note: str
) -> dict[str, Any]:
    measured = asyncio.run(_latency(base, cfg, limits, old))
    stats = {**measured["sync"], **measured["async"]}
    result = _with_ratios(stats, LATENCY_REFS, ["median_us", "cpu_us"])
    rows: list[list[str]] = []
    notes: list[str] = []
    for name, s in result.items():
        if s["error"]:
            rows.append([name, "failed", "", "", ""])
            notes.append(f"{name} failed: {s['error']}")
            continue
        rows.append(
            [
                name,
                fmt(s["median_us"]),
                fmt(s.get("median_us_ratio"), ".2f"),
                fmt(s["cpu_us"]),
                fmt(s.get("cpu_us_ratio"), ".2f"),
            ]
        )
    if old is None:
        rows.append([OLD, "-", "", "", ""])
        notes.append(f"{OLD}: {old_note}")
    print_table(
        f"1. per-call latency, sequential get_entry: {cfg.latency_rounds} rounds of {cfg.latency_block:,} calls "
        "per client (order rotating); median over rounds (min-max) of each round's median; CPU = client "
        "process CPU time per call; ratios round by round vs the raw client of the same stack "
        "(sync: raw httpx.Client; async: raw httpx / raw aiohttp)\n"
        f"  limits: sync {describe_limits(limits['sync'])}; default backend {describe_limits(limits['default'])}; "
        "raw clients mirror the SDK's",
        ["client", "µs per call", "vs raw", "CPU µs per call", "CPU vs raw"],
        rows,
    )
    for note in notes:
        print(f"  ! {note}")
    return {"stats": result}


# -- 2. concurrent fan-out --------------------------------------------------------------------


async def _gather(call: Call, count: int) -> float:
    """Run ``count`` calls concurrently; calls per second."""
    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(call() for _ in range(count))), timeout=ROUND_TIMEOUT)
    return count / (time.perf_counter() - start)


Fan = Callable[[int], Awaitable[dict[str, float]]]


def _batches(count: int) -> int:
    """Back-to-back gathers in one round: at least 1,000 calls, so a round at 100 is not 30 ms of noise."""
    return max(1, 1000 // count)


def _in_process_fan(call: Call) -> Fan:
    async def fan(count: int) -> dict[str, float]:
        await _gather(call, min(count, POOL_LIMIT))  # (re-)opens the pool: uvicorn closes idle ones after 5 s
        batches = _batches(count)
        gc.collect()  # see _sync_block
        cpu = time.process_time()
        start = time.perf_counter()
        for _ in range(batches):
            await _gather(call, count)
        seconds = time.perf_counter() - start
        return {
            "rate": count * batches / seconds,
            "cpu_us": (time.process_time() - cpu) / (count * batches) * 1e6,
        }

    return fan


def _old_fan(old: OldClient) -> Fan:
    async def fan(count: int) -> dict[str, float]:
        old.run("fanout", min(count, POOL_LIMIT))
        seconds = cpu_s = 0.0
        for _ in range(_batches(count)):
            answer = old.run("fanout", count)
            seconds, cpu_s = seconds + answer["seconds"], cpu_s + answer["cpu_s"]
        calls = count * _batches(count)
        return {"rate": calls / seconds, "cpu_us": cpu_s / calls * 1e6}

    return fan


FANOUT_REFS = {
    "rblxopencloudasync default": "raw aiohttp.ClientSession",
    "rblxopencloudasync aiohttp": "raw aiohttp.ClientSession",
    f"{OLD} async (aiohttp)": "raw aiohttp.ClientSession",
    "raw httpx.AsyncClient": "raw aiohttp.ClientSession",
    "rblxopencloudasync httpx": "raw httpx.AsyncClient",
}


async def _fanout(
    base: str, cfg: Config, limits: dict[str, dict[str, Any]], old: OldClient | None
) -> dict[int, dict[str, Any]]:
    hx, ah = raw_httpx_limits(limits["httpx"]), raw_aiohttp_limits(limits["aiohttp"])
    default_is_httpx = limits["default"].get("kind") == "httpx"
    makers: dict[str, CallerFactory] = {
        "raw aiohttp.ClientSession": functools.partial(raw_aiohttp_caller, **ah),
        "rblxopencloudasync default": sdk_caller(None, RAW_TIMEOUT),
        "rblxopencloudasync aiohttp": sdk_caller("aiohttp", RAW_TIMEOUT),
        "raw httpx.AsyncClient": functools.partial(raw_httpx_caller, **hx),
        "rblxopencloudasync httpx": sdk_caller("httpx", RAW_TIMEOUT),
    }
    httpx_based = {"raw httpx.AsyncClient", "rblxopencloudasync httpx"}
    if default_is_httpx:
        httpx_based.add("rblxopencloudasync default")
    out: dict[int, dict[str, Any]] = {}
    async with contextlib.AsyncExitStack() as stack:
        fans: dict[str, Fan] = {}
        for name, make in makers.items():
            fans[name] = _in_process_fan(await stack.enter_async_context(make(base)))
        if old is not None:
            fans[f"{OLD} async (aiohttp)"] = _old_fan(old)
        errors: dict[str, str] = {}
        for name, fan in fans.items():  # warm-up: every pool opened, every code path run once
            try:
                await fan(1000 if name not in httpx_based else 300)
            except Exception as exc:
                errors[name] = f"{type(exc).__name__}: {exc}"[:120]
        for level, rounds in cfg.fanout.items():
            data: dict[str, dict[str, Any]] = {
                n: {"rate": [], "cpu_us": [], "error": errors.get(n)} for n in fans
            }
            for index in range(rounds):
                names = list(fans)[index % len(fans) :] + list(fans)[: index % len(fans)]
                for name in names:
                    if name in httpx_based and index >= cfg.fanout_httpx.get(level, 0):
                        continue
                    if data[name]["error"]:
                        continue
                    try:
                        got = await fans[name](level)
                    except Exception as exc:  # reported in the table; the other clients go on
                        data[name]["error"] = f"{type(exc).__name__}: {exc}"[:120]
                        continue
                    data[name]["rate"].append(got["rate"])
                    data[name]["cpu_us"].append(got["cpu_us"])
            out[level] = data
    return out


def run_fanout(
    base: str, cfg: Config, limits: dict[str, dict[str, Any]], old: OldClient | None, old_note: str
) -> dict[str, Any]:
    measured = asyncio.run(_fanout(base, cfg, limits, old))
    result: dict[str, Any] = {}
    rows: list[list[str]] = []
    notes: list[str] = []
    skipped = False
    for level, data in measured.items():
        stats = _with_ratios(data, FANOUT_REFS, ["rate", "cpu_us"])
        result[str(level)] = stats
        for name, s in stats.items():
            label = f"{level:>6,}  {name}"
            if s["error"]:
                rows.append([label, "failed", "", "", "", ""])
                notes.append(f"{level:,} {name} failed: {s['error']}")
            elif not s["rate"]["n"]:
                rows.append([label, "skipped", "", "", "", ""])
                skipped = True
            else:
                rows.append(
                    [
                        label,
                        str(s["rate"]["n"]),
                        fmt(s["rate"]),
                        fmt(s.get("rate_ratio"), ".2f"),
                        fmt(s["cpu_us"]),
                        fmt(s.get("cpu_us_ratio"), ".2f"),
                    ]
                )
        if old is None:
            rows.append([f"{level:>6,}  {OLD}", "-", "", "", "", ""])
    print_table(
        "2. fan-out: N concurrent get_entry calls (asyncio.gather), rounds after a warm-up, order rotating; "
        "median over rounds (min-max); ratios round by round vs raw aiohttp (SDK httpx: vs raw httpx); "
        "CPU = client process CPU time per call\n"
        f"  limits: raw aiohttp = SDK aiohttp backend: {describe_limits(limits['aiohttp'])}; "
        f"raw httpx = SDK httpx backend: {describe_limits(limits['httpx'])}; "
        f"default backend: {describe_limits(limits['default'])}; {OLD}: aiohttp's default pool (100 conn)",
        ["concurrency  client", "rounds", "calls/s", "vs raw", "CPU µs per call", "CPU vs raw"],
        rows,
    )
    if skipped:
        notes.append(
            "skipped: httpx-based clients at this level (httpcore's pool spends client CPU that grows "
            "with the queued requests: minutes a round at 10,000)"
        )
    if old is None:
        notes.append(f"{OLD}: {old_note}")
    for note in notes:
        print(f"  ! {note}")
    return {"stats": result, "limits": limits}


# -- 3. import time ---------------------------------------------------------------------------


def _checkout(ref: str, into: Path) -> Path:
    """The ``src`` folder of git revision ``ref``, extracted under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


# The child times its own import with perf_counter and prints the milliseconds.
_TIMED = "import time as _t\n_s = _t.perf_counter()\n{code}\nprint((_t.perf_counter() - _s) * 1000)"


@dataclass(frozen=True)
class ImportCase:
    code: str
    python: Path
    env: dict[str, str]


def _run_import(case: ImportCase) -> tuple[float, float]:
    """(whole-process wall ms, in-process import ms) of one fresh interpreter.

    ``communicate()`` without a timeout reads the pipe to its end and then waits for the
    exit with a blocking ``waitpid``: no polling sleeps, which with a timeout would round
    every wall time up to the sleep steps. A watchdog kills a child that hangs for 60 s.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(case.python), "-c", _TIMED.format(code=case.code)],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=case.env,
    )
    watchdog = threading.Timer(60.0, proc.kill)
    watchdog.start()
    try:
        out, _ = proc.communicate()
    finally:
        watchdog.cancel()
    wall = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"{case.code!r} failed (exit {proc.returncode})")
    return wall, float(out.decode().strip().splitlines()[-1])


def run_imports(
    cfg: Config, baseline: str | None = None, old: Path | None = None, old_note: str = ""
) -> dict[str, Any]:
    # Every interpreter reads and writes bytecode under one temporary PYTHONPYCACHEPREFIX: the
    # untimed first runs compile every module once (this environment may set
    # PYTHONDONTWRITEBYTECODE, and the editable SDK has no .pyc of its own), so the timed runs
    # compare loading, not compiling, and nothing is written next to the sources.
    with (
        tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache,
        tempfile.TemporaryDirectory(prefix="bench-baseline-") as checkout,
    ):
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILE"))
        }
        env["PYTHONPYCACHEPREFIX"] = cache
        here = {**env, "PYTHONPATH": str(HERE.parent / "src")}
        py = Path(sys.executable)
        cases = {
            "python -c pass": ImportCase("pass", py, here),
            "import httpx": ImportCase("import httpx", py, here),
            "import rblxopencloud": ImportCase("import rblxopencloud", py, here),
            "import rblxopencloudasync": ImportCase("import rblxopencloudasync", py, here),
            # The package imports its API lazily; this is what a program really loads (httpx included).
            "from rblxopencloud import Experience": ImportCase(
                "from rblxopencloud import Experience", py, here
            ),
        }
        if baseline is not None:
            # The same imports of another git revision, interleaved with these: a layout change
            # measured against its parent in one run on one machine.
            other = {**env, "PYTHONPATH": str(_checkout(baseline, Path(checkout)))}
            for name in ("import rblxopencloud", "from rblxopencloud import Experience"):
                cases[f"{name} @ {baseline}"] = ImportCase(name.split(" @")[0], py, other)
        if old is not None:
            old_env = {
                k: v
                for k, v in _old_env().items()
                if not k.startswith(("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILE"))
            }
            old_env["PYTHONPYCACHEPREFIX"] = cache
            cases[f"{OLD}: python -c pass"] = ImportCase("pass", old, old_env)
            cases[f"{OLD}: from rblxopencloud import Experience"] = ImportCase(
                "from rblxopencloud import Experience", old, old_env
            )
        for case in cases.values():  # untimed: fills the bytecode cache
            _run_import(case)
        wall: dict[str, list[float]] = {name: [] for name in cases}
        inproc: dict[str, list[float]] = {name: [] for name in cases}
        for index in range(cfg.import_runs):
            names = list(cases)
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:  # interleaved, so drift hits every row alike
                w, i = _run_import(cases[name])
                wall[name].append(w)
                inproc[name].append(i)
    httpx_wall, httpx_in = wall["import httpx"], inproc["import httpx"]
    result: dict[str, Any] = {"wall_ms": {}, "import_ms": {}, "wall_ratio": {}, "import_ratio": {}}
    rows = []
    for name in cases:
        result["wall_ms"][name] = spread(wall[name])
        result["import_ms"][name] = spread(inproc[name])
        is_base = name.endswith("python -c pass") or name == "import httpx"
        if not name.endswith("python -c pass"):
            result["wall_ratio"][name] = spread(ratios(wall[name], httpx_wall))
            result["import_ratio"][name] = spread(ratios(inproc[name], httpx_in))
        rows.append(
            [
                name,
                fmt(result["wall_ms"][name], ".1f", quartiles=True),
                "" if is_base else fmt(result["wall_ratio"][name], ".2f", quartiles=True),
                fmt(result["import_ms"][name], ".1f", quartiles=True),
                "" if is_base else fmt(result["import_ratio"][name], ".2f", quartiles=True),
            ]
        )
    if old is None:
        rows.append([OLD, "-", "", "", ""])
    print_table(
        f"3. import time, fresh interpreter each, {cfg.import_runs} runs interleaved: median (p25-p75); "
        "whole process = Popen to exit; import = timed inside the child with perf_counter; "
        "ratios run by run vs `import httpx`",
        ["command", "whole process ms", "vs httpx", "import ms", "vs httpx"],
        rows,
    )
    if old is None:
        print(f"  ! {OLD}: {old_note}")
    return result


# -- 4. listing memory ------------------------------------------------------------------------


def _rss_child(base: str, variant: str, limit: int | None) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE / "_rss.py"), "--url", base, "--variant", variant]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_listing(base: str, cfg: Config) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    rows = []
    for variant, package in (("sync", "rblxopencloud"), ("async", "rblxopencloudasync")):
        for wanted, limit in ((SMALL_LISTING, SMALL_LISTING), (cfg.listing_keys, None)):
            res = _rss_child(base, variant, limit)
            if res["count"] != wanted:
                raise RuntimeError(f"{variant} listing returned {res['count']} keys, expected {wanted}")
            res["growth_mb"] = res["rss_end_mb"] - res["rss_first_page_mb"]
            results[f"{variant}_{wanted}"] = res
            rows.append(
                [
                    f"{package} list_keys",
                    f"{res['count']:,}",
                    f"{res['rss_start_mb']:.1f}",
                    f"{res['rss_client_mb']:.1f}",
                    f"{res['rss_first_page_mb']:.1f}",
                    f"{res['rss_end_mb']:.1f}",
                    f"{res['growth_mb']:+.2f}",
                    f"{res['count'] / res['seconds']:,.0f}",
                ]
            )
    print_table(
        "4. peak RSS (ru_maxrss) while listing keys, fresh process each; start = interpreter, "
        "client = SDK imported + Experience created, growth = end - first page",
        ["listing", "keys", "start MB", "client MB", "first page MB", "end MB", "growth MB", "keys/s"],
        rows,
    )
    return results


def run_upload(cfg: Config) -> dict[str, Any]:
    """Peak RSS while streaming a place file and an asset: it must not grow with the file size."""
    results: dict[str, dict[str, Any]] = {}
    rows = []
    # The publish API takes at most 10 MiB (x-roblox-size-limit); a video asset up to 3.75 GB.
    uploads = [("place", 1), ("place", 10), ("asset", 200)]
    for variant in ("sync", "async"):
        for kind, megabytes in uploads:
            cmd = [
                sys.executable,
                str(HERE / "_upload.py"),
                "--variant",
                variant,
                "--megabytes",
                str(megabytes),
                "--kind",
                kind,
            ]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600)
            res: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
            res["growth_mb"] = res["rss_after_mb"] - res["rss_before_mb"]
            results[f"{variant}_{megabytes}" if kind == "place" else f"{variant}_{kind}_{megabytes}"] = res
            rows.append(
                [
                    f"{variant} {'upload_place_file' if kind == 'place' else 'upload_asset (video)'}",
                    f"{megabytes}",
                    f"{res['rss_before_mb']:.1f}",
                    f"{res['rss_after_mb']:.1f}",
                    f"{res['growth_mb']:+.2f}",
                    f"{megabytes / res['seconds']:,.0f}",
                ]
            )
    print_table(
        "5. peak RSS while streaming a place file and an asset through a byte-counting transport, fresh process each",
        ["upload", "file MB", "before MB", "after MB", "growth MB", "MB/s"],
        rows,
    )
    return results


# -- optional: where the SDK spends its time --------------------------------------------------

_STDLIB = Path(sysconfig.get_paths()["stdlib"])
_IO = ("recv", "send", "poll", "select", "epoll", "connect")
WAITING = "(C: socket I/O, polling)"


def _area(path: str, func: str) -> str:
    """The package a profiled function belongs to (C functions by kind)."""
    if path == "~":
        return WAITING if any(word in func for word in _IO) else "(C: other built-ins)"
    if path.startswith("<frozen"):
        return "stdlib " + path.strip("<>").removeprefix("frozen ")
    file = Path(path)
    parts = file.parts
    if "rblxopencloud" in parts or "rblxopencloudasync" in parts:
        return "SDK (rblxopencloud*)"
    if "site-packages" in parts:
        index = parts.index("site-packages") + 1
        return parts[index].removesuffix(".py") if index < len(parts) else path
    if file.parent == HERE:
        return "bench (this script)"
    with contextlib.suppress(ValueError):
        return "stdlib " + file.relative_to(_STDLIB).parts[0].removesuffix(".py")
    return file.name


ProfileEntries = dict[tuple[str, int, str], tuple[int, int, float, float, object]]


def _entries(profiler: cProfile.Profile) -> ProfileEntries:
    entries: ProfileEntries = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return entries


def _by_area(profiler: cProfile.Profile, calls: int) -> dict[str, float]:
    """Own time per area, µs per call."""
    areas: dict[str, float] = {}
    for (path, _line, func), (_cc, _nc, tottime, _ct, _callers) in _entries(profiler).items():
        area = _area(path, func)
        areas[area] = areas.get(area, 0.0) + tottime / calls * 1e6
    return areas


def _area_table(title: str, raw: cProfile.Profile, sdk: cProfile.Profile, calls: int) -> dict[str, Any]:
    raw_areas, sdk_areas = _by_area(raw, calls), _by_area(sdk, calls)
    # Blocking socket calls are mostly time spent waiting for the server: shown, not summed.
    names = sorted(
        (set(raw_areas) | set(sdk_areas)) - {WAITING},
        key=lambda a: sdk_areas.get(a, 0) - raw_areas.get(a, 0),
        reverse=True,
    )
    rows = [
        [
            name,
            f"{raw_areas.get(name, 0):.1f}",
            f"{sdk_areas.get(name, 0):.1f}",
            f"{sdk_areas.get(name, 0) - raw_areas.get(name, 0):+.1f}",
        ]
        for name in names[:10]
    ]
    raw_total = sum(v for k, v in raw_areas.items() if k != WAITING)
    sdk_total = sum(v for k, v in sdk_areas.items() if k != WAITING)
    rows.append(
        ["total CPU (all packages)", f"{raw_total:.1f}", f"{sdk_total:.1f}", f"{sdk_total - raw_total:+.1f}"]
    )
    raw_wait, sdk_wait = raw_areas.get(WAITING, 0.0), sdk_areas.get(WAITING, 0.0)
    rows.append(
        [WAITING + ", not in total", f"{raw_wait:.1f}", f"{sdk_wait:.1f}", f"{sdk_wait - raw_wait:+.1f}"]
    )
    print_table(title, ["package (own time)", "raw µs/op", "SDK µs/op", "SDK-raw"], rows)
    return {"raw": raw_areas, "sdk": sdk_areas}


def _sdk_functions(title: str, profiler: cProfile.Profile, calls: int, top: int = 12) -> list[dict[str, Any]]:
    """The SDK's own functions by own time; µs per call."""
    found = [
        (key, value) for key, value in _entries(profiler).items() if _area(key[0], key[2]).startswith("SDK")
    ]
    found.sort(key=lambda kv: kv[1][2], reverse=True)
    result = []
    rows = []
    for (path, line, func), (_cc, ncalls, tottime, cumtime, _callers) in found[:top]:
        where = f"{Path(path).parent.name}/{Path(path).name}:{line} {func}"
        own, cum = tottime / calls * 1e6, cumtime / calls * 1e6
        rows.append([where, f"{ncalls / calls:.1f}", f"{own:.1f}", f"{cum:.1f}"])
        result.append({"function": where, "calls_per_op": ncalls / calls, "own_us": own, "cum_us": cum})
    print_table(title, ["SDK function", "calls/op", "own µs/op", "cum µs/op"], rows)
    return result


def _profiled(run: Callable[[], object]) -> cProfile.Profile:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        run()
    finally:
        profiler.disable()
    return profiler


async def _fanout_layers(base: str, cfg: Config) -> dict[str, list[float]]:
    makers: dict[str, CallerFactory] = {
        "raw aiohttp.ClientSession": raw_aiohttp_caller,
        "rblxopencloudasync (aiohttp)": sdk_caller("aiohttp", RAW_TIMEOUT),
    }
    rates: dict[str, list[float]] = {name: [] for name in makers}
    async with contextlib.AsyncExitStack() as stack:
        calls = {name: await stack.enter_async_context(make(base)) for name, make in makers.items()}
        for call in calls.values():
            await _gather(call, cfg.fanout_calls)
        for _ in range(cfg.fanout_rounds_aiohttp):
            for name, call in calls.items():
                await _gather(call, POOL_LIMIT)
                rates[name].append(await _gather(call, cfg.fanout_calls))
    return rates


def run_profile(base: str, cfg: Config) -> dict[str, Any]:
    """Layer timings and cProfile runs that show where the SDK's extra time goes."""
    out: dict[str, Any] = {}
    url = entry_url(base)
    calls = cfg.latency_calls
    with (
        httpx.Client(timeout=RAW_TIMEOUT) as raw,
        rblxopencloud.Experience(UNIVERSE_ID, API_KEY, base_url=base) as exp,
    ):
        ds = exp.get_datastore(STORE)
        layers: dict[str, Callable[[], object]] = {
            "raw httpx.Client.get(url)": lambda: _json_ok(raw.get(url, headers=HEADERS)),
            "raw httpx.Client.request(..., params={})": lambda: _json_ok(
                raw.request("GET", url, params={}, headers=HEADERS)
            ),
            "rblxopencloud get_entry": lambda: ds.get_entry(KEY),
        }
        samples = time_sync(layers, cfg.latency_warmup, calls)
        base_us = median(samples["raw httpx.Client.get(url)"])
        out["sync_layers_us"] = {name: median(v) for name, v in samples.items()}
        print_table(
            "profile: sync layers, median µs per call (taking turns, no profiler)",
            ["layer", "median µs", "vs raw get"],
            [[name, f"{median(v):.0f}", f"{median(v) / base_us:.3f}"] for name, v in samples.items()],
        )

        def raw_loop() -> None:
            for _ in range(calls):
                _json_ok(raw.get(url, headers=HEADERS))

        def sdk_loop() -> None:
            for _ in range(calls):
                ds.get_entry(KEY)

        raw_prof, sdk_prof = _profiled(raw_loop), _profiled(sdk_loop)
    out["sync_areas"] = _area_table(
        f"profile: sync per call, own time by package (cProfile, {calls:,} calls; inflated, compare rows)",
        raw_prof,
        sdk_prof,
        calls,
    )
    out["sync_sdk_functions"] = _sdk_functions(
        "profile: sync get_entry, SDK functions by own time", sdk_prof, calls
    )

    rates = asyncio.run(_fanout_layers(base, cfg))
    raw_rate = median(rates["raw aiohttp.ClientSession"])
    out["fanout_layers_calls_per_s"] = {name: median(v) for name, v in rates.items()}
    print_table(
        f"profile: async fan-out layers, {cfg.fanout_calls:,} concurrent calls, median of {cfg.fanout_rounds_aiohttp} rounds",
        ["layer", "calls/s", "vs raw aiohttp"],
        [[name, f"{median(v):,.0f}", f"{median(v) / raw_rate:.2f}"] for name, v in rates.items()],
    )

    async def fanout_profiles() -> tuple[cProfile.Profile, cProfile.Profile]:
        profiles = []
        for make in (raw_aiohttp_caller, sdk_caller("aiohttp", RAW_TIMEOUT)):
            async with make(base) as call:
                await _gather(call, cfg.fanout_calls)
                profiler = cProfile.Profile()
                profiler.enable()
                try:
                    for _ in range(2):
                        await _gather(call, cfg.fanout_calls)
                finally:
                    profiler.disable()
                profiles.append(profiler)
        return profiles[0], profiles[1]

    raw_fan, sdk_fan = asyncio.run(fanout_profiles())
    n = 2 * cfg.fanout_calls
    out["fanout_areas"] = _area_table(
        f"profile: async fan-out (aiohttp), own time by package (cProfile, {n:,} calls)", raw_fan, sdk_fan, n
    )
    out["fanout_sdk_functions"] = _sdk_functions(
        "profile: async fan-out (aiohttp backend), SDK functions by own time "
        "(a coroutine counts one call per resume)",
        sdk_fan,
        n,
    )
    return out


# -- main -------------------------------------------------------------------------------------


def _ratio_of(stats: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    if not stats or stats.get("error"):
        return None
    found: dict[str, Any] | None = stats.get(key)
    return found if found and found.get("median") is not None else None


def print_summary(results: dict[str, Any], cfg: Config) -> dict[str, Any]:
    """Each target with PASS/FAIL and the measured ratio: median (spread over rounds/runs)."""
    latency = results["latency"]["stats"]
    fanout = results["fanout"]["stats"]
    imports = results["imports"]
    checks: list[dict[str, Any]] = []

    def check(what: str, measured: dict[str, Any] | None, op: str, target: float, unit: str = "") -> None:
        value = None if measured is None else measured["median"]
        ok = value is not None and (
            value <= target if op == "<=" else value < target if op == "<" else value >= target
        )
        checks.append(
            {"what": what, "measured": measured, "op": op, "target": target, "ok": ok, "unit": unit}
        )

    check(
        "sync per call, SDK / raw httpx",
        _ratio_of(latency.get("rblxopencloud"), "median_us_ratio"),
        "<=",
        SYNC_TARGET,
    )
    default_kind = results["fanout"]["limits"]["default"].get("kind", "?")  # what the default resolved to
    for level in cfg.fanout:
        stats = fanout[str(level)].get("rblxopencloudasync default")
        check(
            f"fan-out {level:,}, default backend ({default_kind}) / raw aiohttp",
            _ratio_of(stats, "rate_ratio"),
            ">=",
            FANOUT_TARGET,
        )
    cpu_level = str(1000 if 1000 in cfg.fanout else next(iter(cfg.fanout)))
    check(
        f"CPU per call (fan-out {int(cpu_level):,}), aiohttp backend / raw aiohttp",
        _ratio_of(fanout[cpu_level].get("rblxopencloudasync aiohttp"), "cpu_us_ratio"),
        "<=",
        CPU_TARGET,
    )
    check(
        "from rblxopencloud import Experience / import httpx (whole process)",
        imports["wall_ratio"].get("from rblxopencloud import Experience"),
        "<=",
        IMPORT_TARGET,
    )
    listing = results["listing"]
    for variant in ("sync", "async"):
        growth = listing[f"{variant}_{cfg.listing_keys}"]["growth_mb"]
        single = {"median": growth, "n": 1, "min": growth, "max": growth}
        check(
            f"listing {cfg.listing_keys:,} keys, {variant}: peak RSS growth",
            single,
            "<",
            LISTING_TARGET_MB,
            " MB",
        )
    for variant in ("sync", "async"):
        growth = results["upload"][f"{variant}_10"]["growth_mb"]
        single = {"median": growth, "n": 1, "min": growth, "max": growth}
        check(f"10 MB place upload, {variant}: peak RSS growth", single, "<", UPLOAD_TARGET_MB, " MB")
        growth = results["upload"][f"{variant}_asset_200"]["growth_mb"]
        single = {"median": growth, "n": 1, "min": growth, "max": growth}
        check(f"200 MB asset upload, {variant}: peak RSS growth", single, "<", UPLOAD_TARGET_MB, " MB")

    width = max(len(c["what"]) for c in checks) + 2
    print()
    print("summary: targets (median over rounds, min-max; imports p25-p75)")
    print("  " + "-" * (width + 50))
    for c in checks:
        quartiles = c["what"].startswith("from rblxopencloud")
        spec = ".3f" if not c["unit"] else "+.2f"  # 3 decimals: a ratio at its target shows which side
        shown = (
            "not measured"
            if c["measured"] is None
            else fmt(c["measured"], spec, quartiles=quartiles) + c["unit"]
        )
        verdict = "PASS" if c["ok"] else "FAIL"
        print(
            f"  {c['what']:<{width}} {shown:>22}   target {c['op']} {c['target']:.2f}{c['unit']}   {verdict}"
        )

    # The package this SDK replaces, next to it (no targets).
    print()
    print(f"summary: {OLD} (the package this SDK replaces) vs the same raw clients")
    print("  " + "-" * (width + 50))
    old_rows = [
        ("sync per call / raw httpx", _ratio_of(latency.get(f"{OLD} (requests)"), "median_us_ratio")),
        ("async per call / raw aiohttp", _ratio_of(latency.get(f"{OLD} async (aiohttp)"), "median_us_ratio")),
    ]
    for level in cfg.fanout:
        stats = fanout[str(level)].get(f"{OLD} async (aiohttp)")
        old_rows.append((f"fan-out {level:,} / raw aiohttp", _ratio_of(stats, "rate_ratio")))
    old_rows.append(
        (
            f"CPU per call (fan-out {int(cpu_level):,}) / raw aiohttp",
            _ratio_of(fanout[cpu_level].get(f"{OLD} async (aiohttp)"), "cpu_us_ratio"),
        )
    )
    old_import = imports["wall_ratio"].get(f"{OLD}: from rblxopencloud import Experience")
    old_rows.append(("from rblxopencloud import Experience / import httpx", old_import))
    for what, measured in old_rows:
        quartiles = what.startswith("from")
        shown = (
            results.get("old_note", "-") if measured is None else fmt(measured, ".2f", quartiles=quartiles)
        )
        print(f"  {what:<{width}} {shown:>22}")
    sys.stdout.flush()
    return {"checks": checks, "all_pass": all(c["ok"] for c in checks)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark the SDK against raw httpx/aiohttp and rblx-open-cloud 2.3.0 on the emulator."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer rounds, 3,000 instead of 10,000 concurrent calls, 20,000 listed keys",
    )
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write every number as JSON to PATH")
    parser.add_argument("--profile", action="store_true", help="add cProfile runs of the SDK's hot paths")
    parser.add_argument(
        "--imports-baseline",
        metavar="GIT_REF",
        help="also time the imports of this git revision, interleaved with the current tree's",
    )
    parser.add_argument(
        "--imports-only", action="store_true", help="run only the import-time section (no emulator)"
    )
    parser.add_argument("--no-old", action="store_true", help=f"leave out {OLD} (no venv is made)")
    args = parser.parse_args(argv)
    cfg = Config.make(args.quick)
    old_python_path, old_note = (None, "left out (--no-old)") if args.no_old else old_python()
    if args.imports_only:
        run_imports(cfg, args.imports_baseline, old_python_path, old_note)
        return 0

    started = time.perf_counter()
    print(
        f"rblxopencloud {rblxopencloud.__version__} | {OLD}: {old_note} | Python {platform.python_version()} | "
        f"httpx {httpx.__version__} | aiohttp {aiohttp.__version__} | {platform.platform()} | "
        f"{os.cpu_count()} CPUs{' | quick' if args.quick else ''}"
    )
    print(f"starting the emulator with {cfg.listing_keys:,} keys ...", flush=True)
    results: dict[str, Any] = {"config": asdict(cfg), "quick": args.quick, "old_note": old_note}
    with emulator_server(cfg.listing_keys) as base:
        print(f"emulator at {base}", flush=True)
        limits = asyncio.run(sdk_limits(base))
        old: OldClient | None = None
        if old_python_path is not None:
            try:
                old = OldClient(old_python_path, base)
            except Exception as exc:  # the column says why; the rest goes on
                old_note = f"failed to start: {exc}"[:160]
                results["old_note"] = old_note
        try:
            results["latency"] = run_latency(base, cfg, limits, old, old_note)
            results["fanout"] = run_fanout(base, cfg, limits, old, old_note)
        finally:
            if old is not None:
                old.close()
        results["imports"] = run_imports(cfg, args.imports_baseline, old_python_path, old_note)
        results["listing"] = run_listing(base, cfg)
        results["upload"] = run_upload(cfg)
        results["summary"] = print_summary(results, cfg)
        if args.profile:
            results["profile"] = run_profile(base, cfg)
    results["seconds"] = time.perf_counter() - started
    results["environment"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "httpx": httpx.__version__,
        "aiohttp": aiohttp.__version__,
        "sdk": rblxopencloud.__version__,
        "old_package": old_note,
    }
    print(f"\ntotal {results['seconds']:.0f}s")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
