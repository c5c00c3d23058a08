"""Benchmark of the SDK against raw HTTP clients, on the emulator served over loopback.

    python bench/bench.py [--quick] [--json PATH] [--profile]

One run starts ``python -m rblxopencloud.emulator`` on a free 127.0.0.1 port
(always stopped at the end) and measures:

1. per-call latency, sequential: raw httpx / aiohttp GET vs ``DataStore.get_entry``
   of ``rblxopencloud`` (sync) and ``rblxopencloudasync`` (httpx and aiohttp backends);
2. throughput of 1,000 concurrent async calls (``asyncio.gather``), raw vs SDK,
   with equal connection-pool limits (100);
3. import time of ``rblxopencloud`` vs ``httpx`` in fresh interpreters;
4. peak RSS while listing every key of the store (100,000; 20,000 with
   ``--quick``) vs 10,000 keys, sync and async, each in a fresh process
   (``bench/_rss.py``);
5. peak RSS while streaming a 1 MB vs a 10 MB place file (the API's limit), sync and
   async, each in a fresh process (``bench/_upload.py``).

It prints one table per section, then a summary of the key ratios; ``--json PATH``
also writes every number. ``--profile`` adds layer timings (how much of the SDK's
cost is httpx's, how much its own) and cProfile runs of the per-call loop and the
fan-out, raw vs SDK, by package and by SDK function. Every loop has a fixed count
and every wait a timeout, so a run is bounded (a full one takes ~3-4 minutes on
2 CPUs, ``--quick`` about one).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
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
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
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
POOL_LIMIT = 100  # httpx's default max_connections; the SDK's aiohttp transport uses the same
# The SDK's default timeouts (30 s, 10 s to connect) but no limit on the wait for a pooled
# connection, for raw httpx and (in the fan-out) the SDK alike: 1,000 calls queued on httpx's
# pool can wait longer than that. ROUND_TIMEOUT bounds every fan-out round instead.
RAW_TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=None)
ROUND_TIMEOUT = 180.0
SMALL_LISTING = 10_000

SYNC_TARGET = 1.10  # sync per call, SDK / raw httpx: at most
FANOUT_TARGET = 0.90  # async fan-out, SDK-aiohttp / raw aiohttp: at least

Backend = Literal["httpx", "aiohttp"]


@dataclass(frozen=True)
class Config:
    """Fixed counts of one run."""

    latency_calls: int
    latency_warmup: int
    fanout_calls: int
    fanout_rounds: int  # the httpx pair: ~5 s a round (httpcore's pool is slow at 1,000 waiters)
    fanout_rounds_aiohttp: int  # the aiohttp pair: <1 s a round, more rounds for a steadier median
    import_runs: int
    listing_keys: int

    @classmethod
    def make(cls, quick: bool) -> Config:
        if quick:
            return cls(300, 50, 1000, 2, 3, 5, 20_000)
        return cls(2000, 200, 1000, 5, 9, 15, 100_000)


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
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))])


# -- the emulator server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def entry_url(base: str, key: str = KEY) -> str:
    return f"{base}/cloud/v2/universes/{UNIVERSE_ID}/data-stores/{STORE}/scopes/global/entries/{key}"


def stop(proc: subprocess.Popen[bytes]) -> None:
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
            cmd = [sys.executable, "-m", "rblxopencloud.emulator", "--host", "127.0.0.1"]
            cmd += ["--port", str(port), "--seed-keys", str(seed_keys)]
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


# -- the clients under test -------------------------------------------------------------------

Call = Callable[[], Awaitable[object]]
CallerFactory = Callable[[str], contextlib.AbstractAsyncContextManager[Call]]


def _json_ok(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json()


@contextlib.asynccontextmanager
async def raw_httpx_caller(base: str) -> AsyncIterator[Call]:
    url = entry_url(base)
    limits = httpx.Limits(max_connections=POOL_LIMIT)
    async with httpx.AsyncClient(timeout=RAW_TIMEOUT, limits=limits) as client:

        async def call() -> object:
            return _json_ok(await client.get(url, headers=HEADERS))

        yield call


@contextlib.asynccontextmanager
async def raw_aiohttp_caller(base: str) -> AsyncIterator[Call]:
    url = entry_url(base)
    connector = aiohttp.TCPConnector(limit=POOL_LIMIT)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=120)
    ) as session:

        async def call() -> object:
            async with session.get(url, headers=HEADERS) as response:
                response.raise_for_status()
                return json.loads(await response.read())

        yield call


def sdk_caller(backend: Backend, timeout: httpx.Timeout | None = None) -> CallerFactory:
    @contextlib.asynccontextmanager
    async def factory(base: str) -> AsyncIterator[Call]:
        exp = rblxopencloudasync.Experience(
            UNIVERSE_ID, API_KEY, base_url=base, http_backend=backend, timeout=timeout
        )
        datastore = exp.get_datastore(STORE)
        try:
            yield lambda: datastore.get_entry(KEY)
        finally:
            await exp.aclose()

    return factory


RAW_CALLERS: dict[str, CallerFactory] = {
    "raw httpx.AsyncClient": raw_httpx_caller,
    "raw aiohttp.ClientSession": raw_aiohttp_caller,
}
SDK_CALLERS: dict[str, CallerFactory] = {
    "rblxopencloudasync get_entry (httpx)": sdk_caller("httpx"),
    "rblxopencloudasync get_entry (aiohttp)": sdk_caller("aiohttp"),
}


# -- 1. per-call latency ----------------------------------------------------------------------


def time_sync(variants: dict[str, Callable[[], object]], warmup: int, calls: int) -> dict[str, list[float]]:
    """µs per call of each variant, sequential; the variants take turns call by call
    (the order rotating), so the drift of this shared machine hits all alike."""
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


async def time_async(variants: dict[str, Call], warmup: int, calls: int) -> dict[str, list[float]]:
    """The async partner of `time_sync`: one awaited call at a time."""
    names = list(variants)
    samples: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter_ns
    for call in variants.values():
        for _ in range(warmup):
            await call()
    for index in range(calls):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            call = variants[name]
            start = clock()
            await call()
            samples[name].append((clock() - start) / 1000)
    return samples


def _sync_latency(base: str, cfg: Config) -> dict[str, list[float]]:
    url = entry_url(base)
    with (
        httpx.Client(timeout=RAW_TIMEOUT) as raw,
        rblxopencloud.Experience(UNIVERSE_ID, API_KEY, base_url=base) as exp,
    ):
        ds = exp.get_datastore(STORE)
        variants: dict[str, Callable[[], object]] = {
            "raw httpx.Client": lambda: _json_ok(raw.get(url, headers=HEADERS)),
            "rblxopencloud get_entry": lambda: ds.get_entry(KEY),
        }
        return time_sync(variants, cfg.latency_warmup, cfg.latency_calls)


async def _async_latency(base: str, cfg: Config, makers: dict[str, CallerFactory]) -> dict[str, list[float]]:
    async with contextlib.AsyncExitStack() as stack:
        variants = {name: await stack.enter_async_context(make(base)) for name, make in makers.items()}
        return await time_async(variants, cfg.latency_warmup, cfg.latency_calls)


LATENCY_PAIRS = [
    ("sync", "raw httpx.Client", "rblxopencloud get_entry"),
    ("async httpx", "raw httpx.AsyncClient", "rblxopencloudasync get_entry (httpx)"),
    ("async aiohttp", "raw aiohttp.ClientSession", "rblxopencloudasync get_entry (aiohttp)"),
]


def run_latency(base: str, cfg: Config) -> dict[str, Any]:
    samples = _sync_latency(base, cfg)
    for _label, raw, sdk in LATENCY_PAIRS[1:]:
        makers = {raw: RAW_CALLERS[raw], sdk: SDK_CALLERS[sdk]}
        samples.update(asyncio.run(_async_latency(base, cfg, makers)))
    stats = {
        name: {"median_us": median(v), "p90_us": percentile(v, 0.9), "calls": len(v)}
        for name, v in samples.items()
    }
    ratios = {label: stats[sdk]["median_us"] / stats[raw]["median_us"] for label, raw, sdk in LATENCY_PAIRS}
    overhead = {label: stats[sdk]["median_us"] - stats[raw]["median_us"] for label, raw, sdk in LATENCY_PAIRS}
    rows = []
    for label, raw, sdk in LATENCY_PAIRS:
        rows.append([raw, f"{stats[raw]['median_us']:.0f}", f"{stats[raw]['p90_us']:.0f}", "", ""])
        rows.append(
            [
                sdk,
                f"{stats[sdk]['median_us']:.0f}",
                f"{stats[sdk]['p90_us']:.0f}",
                f"{overhead[label]:+.0f}",
                f"{ratios[label]:.2f}",
            ]
        )
    print_table(
        f"1. per-call latency, sequential ({cfg.latency_calls:,} calls each after {cfg.latency_warmup} "
        "warm-up, raw and SDK taking turns; raw = GET + status check + JSON decode)",
        ["client", "median µs", "p90 µs", "SDK-raw µs", "SDK/raw"],
        rows,
    )
    return {"stats": stats, "ratios": ratios, "overhead_us": overhead}


# -- 2. concurrent throughput -----------------------------------------------------------------

# Pairs run in one event loop, rounds alternating (the order rotates) so that drift of
# this shared machine hits raw and SDK alike. Before every measured round POOL_LIMIT calls
# re-open connections the server may have closed meanwhile (uvicorn's keep-alive is 5 s):
# httpcore is pathologically slow at opening its pool while ~1,000 requests queue.
FANOUT_PAIRS: list[tuple[str, dict[str, CallerFactory]]] = [
    (
        "aiohttp",
        {
            "raw aiohttp.ClientSession": raw_aiohttp_caller,
            "rblxopencloudasync (aiohttp)": sdk_caller("aiohttp", RAW_TIMEOUT),
        },
    ),
    (
        "httpx",
        {
            "raw httpx.AsyncClient": raw_httpx_caller,
            "rblxopencloudasync (httpx)": sdk_caller("httpx", RAW_TIMEOUT),
        },
    ),
]


async def _gather(call: Call, count: int) -> float:
    """Run ``count`` calls concurrently; calls per second."""
    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(call() for _ in range(count))), timeout=ROUND_TIMEOUT)
    return count / (time.perf_counter() - start)


async def _fanout_pair(
    base: str, makers: dict[str, CallerFactory], cfg: Config, rounds: int
) -> dict[str, Any]:
    rates: dict[str, list[float]] = {name: [] for name in makers}
    errors: dict[str, str] = {}
    names = list(makers)
    async with contextlib.AsyncExitStack() as stack:
        calls = {name: await stack.enter_async_context(make(base)) for name, make in makers.items()}
        for index in range(rounds):
            for name in names[index % 2 :] + names[: index % 2]:
                if name in errors:
                    continue
                try:
                    await _gather(calls[name], POOL_LIMIT)  # (re-)opens the pool
                    if index == 0:
                        await _gather(calls[name], cfg.fanout_calls)  # warm-up round
                    rates[name].append(await _gather(calls[name], cfg.fanout_calls))
                except Exception as exc:  # reported in the table; the other clients go on
                    errors[name] = f"{type(exc).__name__}: {exc}"[:120]
    return {"rates": rates, "errors": errors}


def run_fanout(base: str, cfg: Config) -> dict[str, Any]:
    stats: dict[str, dict[str, Any]] = {}
    ratios: dict[str, float | None] = {}
    for label, makers in FANOUT_PAIRS:
        rounds = cfg.fanout_rounds_aiohttp if label == "aiohttp" else cfg.fanout_rounds
        result = asyncio.run(_fanout_pair(base, makers, cfg, rounds))
        for name, rates in result["rates"].items():
            error = result["errors"].get(name)
            stats[name] = {
                "median": median(rates) if rates and not error else None,
                "best": max(rates) if rates and not error else None,
                "rounds": rates,
                "error": error,
            }
        raw, sdk = (stats[name] for name in makers)
        ok = raw["median"] and sdk["median"]
        ratios[label] = sdk["median"] / raw["median"] if ok else None
        ratios[f"{label}_best"] = sdk["best"] / raw["best"] if ok else None

    def num(value: float | None, fmt: str) -> str:
        return "-" if value is None else format(value, fmt)

    rows = []
    for label, makers in FANOUT_PAIRS:
        raw_name, sdk_name = makers
        for name in (raw_name, sdk_name):
            s = stats[name]
            ratio = num(ratios[label], ".2f") if name == sdk_name else ""
            rows.append(
                [name, str(len(s["rounds"])), num(s["median"], ",.0f"), num(s["best"], ",.0f"), ratio]
            )
    print_table(
        f"2. throughput, {cfg.fanout_calls:,} concurrent get_entry calls (asyncio.gather), "
        f"rounds after a warm-up, raw and SDK taking turns, pool limit {POOL_LIMIT}",
        ["client", "rounds", "median calls/s", "best calls/s", "SDK/raw (median)"],
        rows,
    )
    for name, s in stats.items():
        if s["error"]:
            print(f"  ! {name} failed: {s['error']}")
    return {"stats": stats, "ratios": ratios}


# -- 3. import time ---------------------------------------------------------------------------


def _checkout(ref: str, into: Path) -> Path:
    """The ``src`` folder of git revision ``ref``, extracted under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def run_imports(cfg: Config, baseline: str | None = None) -> dict[str, Any]:
    codes = {
        "python -c pass": "pass",
        "import httpx": "import httpx",
        "import rblxopencloud": "import rblxopencloud",
        "import rblxopencloudasync": "import rblxopencloudasync",
        # The package imports its API lazily; this is what a program really loads (httpx included).
        "from rblxopencloud import Experience": "from rblxopencloud import Experience",
    }
    # With a baseline, the same imports of another git revision run interleaved with these,
    # so a layout change is measured against its parent in one run on one machine.
    sources = {"": HERE.parent / "src"}
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as checkout:
        if baseline is not None:
            sources[f" @ {baseline}"] = _checkout(baseline, Path(checkout))
            for name in ("import rblxopencloud", "from rblxopencloud import Experience"):
                codes[f"{name} @ {baseline}"] = codes[name]
        return _time_imports(cfg, codes, sources)


def _time_imports(cfg: Config, codes: dict[str, str], sources: dict[str, Path]) -> dict[str, Any]:
    def source_of(name: str) -> Path:
        return (
            next(path for suffix, path in sources.items() if suffix and name.endswith(suffix))
            if any(suffix and name.endswith(suffix) for suffix in sources)
            else sources[""]
        )

    # Every interpreter reads and writes bytecode under one temporary PYTHONPYCACHEPREFIX: the
    # untimed first runs compile every module once (this environment may set
    # PYTHONDONTWRITEBYTECODE, and the editable SDK has no .pyc of its own), so the timed runs
    # compare loading, not compiling, and nothing is written next to the sources.
    times: dict[str, list[float]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILE"))
        }
        env["PYTHONPYCACHEPREFIX"] = cache
        envs = {name: {**env, "PYTHONPATH": str(source_of(name))} for name in codes}
        for name, code in codes.items():
            subprocess.run([sys.executable, "-c", code], check=True, env=envs[name], timeout=60)
        for _ in range(cfg.import_runs):
            for name, code in codes.items():  # interleaved, so drift hits every row alike
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", code], check=True, env=envs[name], timeout=60)
                times[name].append((time.perf_counter() - start) * 1000)
    medians = {name: median(v) for name, v in times.items()}
    base = medians["python -c pass"]
    net = {name: max(m - base, 0.0) for name, m in medians.items()}
    ratio_wall = medians["import rblxopencloud"] / medians["import httpx"]
    httpx_net = net["import httpx"] or float("nan")
    ratio_net = net["import rblxopencloud"] / httpx_net
    ratio_experience = net["from rblxopencloud import Experience"] / httpx_net
    rows = []
    for name, m in medians.items():
        if name == "python -c pass":
            rows.append([name, f"{m:.1f}", "", ""])
        else:
            rows.append([name, f"{m:.1f}", f"{net[name]:.1f}", f"{net[name] / httpx_net:.2f}"])
    print_table(
        f"3. import time, fresh interpreter each ({cfg.import_runs} runs, median wall time)",
        ["command", "ms", "ms minus baseline", "vs httpx"],
        rows,
    )
    return {
        "median_ms": medians,
        "net_ms": net,
        "ratio_wall": ratio_wall,
        "ratio_net": ratio_net,
        "ratio_net_experience": ratio_experience,
    }


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
    """Peak RSS while streaming a place file: it must not grow with the file size."""
    results: dict[str, dict[str, Any]] = {}
    rows = []
    sizes = (1, 10)  # the publish API takes at most 10 MiB (x-roblox-size-limit)
    for variant in ("sync", "async"):
        for megabytes in sizes:
            cmd = [
                sys.executable,
                str(HERE / "_upload.py"),
                "--variant",
                variant,
                "--megabytes",
                str(megabytes),
            ]
            done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600)
            res: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
            res["growth_mb"] = res["rss_after_mb"] - res["rss_before_mb"]
            results[f"{variant}_{megabytes}"] = res
            rows.append(
                [
                    f"{variant} upload_place_file",
                    f"{megabytes}",
                    f"{res['rss_before_mb']:.1f}",
                    f"{res['rss_after_mb']:.1f}",
                    f"{res['growth_mb']:+.2f}",
                    f"{megabytes / res['seconds']:,.0f}",
                ]
            )
    print_table(
        "5. peak RSS while streaming a place file through a byte-counting transport, fresh process each",
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


def print_summary(results: dict[str, Any], cfg: Config) -> dict[str, Any]:
    sync_ratio = results["latency"]["ratios"]["sync"]
    fan_ratio = results["throughput"]["ratios"]["aiohttp"]
    fan_httpx = results["throughput"]["ratios"]["httpx"]
    listing = results["listing"]
    n = cfg.listing_keys
    summary = {
        "sync_per_call_sdk_over_raw_httpx": sync_ratio,
        "sync_per_call_target_max": SYNC_TARGET,
        "sync_per_call_ok": sync_ratio <= SYNC_TARGET,
        "async_fanout_sdk_aiohttp_over_raw_aiohttp": fan_ratio,
        "async_fanout_target_min": FANOUT_TARGET,
        "async_fanout_ok": fan_ratio is not None and fan_ratio >= FANOUT_TARGET,
        "async_fanout_sdk_httpx_over_raw_httpx": fan_httpx,
        "async_per_call_sdk_over_raw_httpx": results["latency"]["ratios"]["async httpx"],
        "async_per_call_sdk_over_raw_aiohttp": results["latency"]["ratios"]["async aiohttp"],
        "import_rblxopencloud_over_httpx_net": results["imports"]["ratio_net"],
        "import_experience_over_httpx_net": results["imports"]["ratio_net_experience"],
        "listing_growth_mb": {key: value["growth_mb"] for key, value in listing.items()},
    }

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    def num(value: float | None) -> str:
        return "failed" if value is None else f"{value:6.2f}"

    width = 48
    print()
    print("summary")
    print("  " + "-" * 78)
    print(
        f"  {'sync per call, SDK / raw httpx (median)':<{width}} {sync_ratio:6.2f}   "
        f"target <= {SYNC_TARGET:.2f}  {verdict(summary['sync_per_call_ok'])}"
    )
    print(
        f"  {'async fan-out, SDK-aiohttp / raw aiohttp':<{width}} {num(fan_ratio)}   "
        f"target >= {FANOUT_TARGET:.2f}  {verdict(summary['async_fanout_ok'])}"
    )
    print(f"  {'async fan-out, SDK-httpx / raw httpx':<{width}} {num(fan_httpx)}")
    print(
        f"  {'async per call, SDK / raw (httpx | aiohttp)':<{width}} "
        f"{summary['async_per_call_sdk_over_raw_httpx']:6.2f} | "
        f"{summary['async_per_call_sdk_over_raw_aiohttp']:.2f}"
    )
    print(
        f"  {'import time vs httpx (net): import rblxopencloud':<{width}} "
        f"{summary['import_rblxopencloud_over_httpx_net']:6.2f}"
    )
    print(
        f"  {'  ... from rblxopencloud import Experience':<{width}} "
        f"{summary['import_experience_over_httpx_net']:6.2f}"
    )
    for variant in ("sync", "async"):
        small = listing[f"{variant}_{SMALL_LISTING}"]["growth_mb"]
        large = listing[f"{variant}_{n}"]["growth_mb"]
        label = f"listing RSS growth, {variant}: {SMALL_LISTING:,} | {n:,} keys"
        print(f"  {label:<{width}} {small:+6.2f} | {large:+.2f} MB")
    sys.stdout.flush()
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark the SDK against raw httpx/aiohttp on the emulator."
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer calls and 20,000 listed keys (a smoke run)"
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
    args = parser.parse_args(argv)
    cfg = Config.make(args.quick)
    if args.imports_only:
        run_imports(cfg, args.imports_baseline)
        return 0

    started = time.perf_counter()
    print(
        f"rblxopencloud {rblxopencloud.__version__} | Python {platform.python_version()} | "
        f"httpx {httpx.__version__} | aiohttp {aiohttp.__version__} | {platform.platform()} | "
        f"{os.cpu_count()} CPUs{' | quick' if args.quick else ''}"
    )
    print(f"starting the emulator with {cfg.listing_keys:,} keys ...", flush=True)
    results: dict[str, Any] = {"config": asdict(cfg), "quick": args.quick}
    with emulator_server(cfg.listing_keys) as base:
        print(f"emulator at {base}", flush=True)
        results["latency"] = run_latency(base, cfg)
        results["throughput"] = run_fanout(base, cfg)
        results["imports"] = run_imports(cfg, args.imports_baseline)
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
    }
    print(f"\ntotal {results['seconds']:.0f}s")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
