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
   (``bench/_rss.py``).

It prints one table per section, then a summary of the key ratios. ``--profile``
adds cProfile runs of the SDK's per-call loop and fan-out and lists where the
SDK's own code spends its time. Every loop has a fixed count, every wait a timeout.
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
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

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
# The SDK's default timeouts (30 s, 10 s to connect), given to the raw clients too: httpx's own
# 5 s default includes the wait for a pooled connection, which 1,000 queued calls can exceed.
RAW_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
SMALL_LISTING = 10_000

SYNC_TARGET = 1.10  # sync per call, SDK / raw httpx: at most
FANOUT_TARGET = 0.90  # async fan-out, SDK-aiohttp / raw aiohttp: at least


@dataclass(frozen=True)
class Config:
    """Fixed counts of one run."""

    latency_calls: int
    latency_warmup: int
    latency_blocks: int
    fanout_calls: int
    fanout_rounds: int
    import_runs: int
    listing_keys: int

    @classmethod
    def make(cls, quick: bool) -> Config:
        if quick:
            return cls(300, 50, 3, 1000, 2, 5, 20_000)
        return cls(2000, 200, 10, 1000, 5, 15, 100_000)


# -- output helpers ---------------------------------------------------------------------------


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [cells[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]
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


# -- 1. per-call latency ----------------------------------------------------------------------


def _json_ok(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json()


def sync_latency(base: str, cfg: Config) -> dict[str, list[float]]:
    """Sequential calls; raw and SDK alternate in blocks so drift hits both alike."""
    url = entry_url(base)
    raw = httpx.Client(timeout=RAW_TIMEOUT)
    exp = rblxopencloud.Experience(UNIVERSE_ID, API_KEY, base_url=base)
    ds = exp.get_datastore(STORE)
    variants: dict[str, Callable[[], object]] = {
        "raw httpx.Client": lambda: _json_ok(raw.get(url, headers=HEADERS)),
        "rblxopencloud get_entry": lambda: ds.get_entry(KEY),
    }
    samples: dict[str, list[float]] = {name: [] for name in variants}
    per_block = cfg.latency_calls // cfg.latency_blocks
    clock = time.perf_counter_ns
    try:
        for call in variants.values():
            for _ in range(cfg.latency_warmup):
                call()
        for _block in range(cfg.latency_blocks):
            for name, call in variants.items():
                out = samples[name]
                for _ in range(per_block):
                    start = clock()
                    call()
                    out.append((clock() - start) / 1000)
    finally:
        raw.close()
        exp.close()
    return samples


async def _async_latency(base: str, cfg: Config) -> dict[str, list[float]]:
    url = entry_url(base)
    raw_httpx = httpx.AsyncClient(timeout=RAW_TIMEOUT)
    raw_aio = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=POOL_LIMIT), timeout=aiohttp.ClientTimeout(total=60)
    )
    sdk_httpx = rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY, base_url=base)
    sdk_aio = rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY, base_url=base, http_backend="aiohttp")
    ds_httpx = sdk_httpx.get_datastore(STORE)
    ds_aio = sdk_aio.get_datastore(STORE)

    async def raw_httpx_call() -> object:
        return _json_ok(await raw_httpx.get(url, headers=HEADERS))

    async def raw_aio_call() -> object:
        async with raw_aio.get(url, headers=HEADERS) as response:
            response.raise_for_status()
            return json.loads(await response.read())

    variants: dict[str, Callable[[], Awaitable[object]]] = {
        "raw httpx.AsyncClient": raw_httpx_call,
        "rblxopencloudasync get_entry (httpx)": lambda: ds_httpx.get_entry(KEY),
        "raw aiohttp.ClientSession": raw_aio_call,
        "rblxopencloudasync get_entry (aiohttp)": lambda: ds_aio.get_entry(KEY),
    }
    samples: dict[str, list[float]] = {name: [] for name in variants}
    per_block = cfg.latency_calls // cfg.latency_blocks
    clock = time.perf_counter_ns
    try:
        for call in variants.values():
            for _ in range(cfg.latency_warmup):
                await call()
        for _block in range(cfg.latency_blocks):
            for name, call in variants.items():
                out = samples[name]
                for _ in range(per_block):
                    start = clock()
                    await call()
                    out.append((clock() - start) / 1000)
    finally:
        await raw_httpx.aclose()
        await raw_aio.close()
        await sdk_httpx.aclose()
        await sdk_aio.aclose()
    return samples


def run_latency(base: str, cfg: Config) -> dict[str, Any]:
    samples = sync_latency(base, cfg)
    samples.update(asyncio.run(_async_latency(base, cfg)))
    stats = {
        name: {"median_us": median(v), "p90_us": percentile(v, 0.9), "calls": len(v)}
        for name, v in samples.items()
    }
    pairs = [
        ("sync", "raw httpx.Client", "rblxopencloud get_entry"),
        ("async httpx", "raw httpx.AsyncClient", "rblxopencloudasync get_entry (httpx)"),
        ("async aiohttp", "raw aiohttp.ClientSession", "rblxopencloudasync get_entry (aiohttp)"),
    ]
    ratios = {label: stats[sdk]["median_us"] / stats[raw]["median_us"] for label, raw, sdk in pairs}
    rows = []
    for label, raw, sdk in pairs:
        rows.append([raw, f"{stats[raw]['median_us']:.0f}", f"{stats[raw]['p90_us']:.0f}", ""])
        rows.append(
            [sdk, f"{stats[sdk]['median_us']:.0f}", f"{stats[sdk]['p90_us']:.0f}", f"{ratios[label]:.2f}"]
        )
    print_table(
        f"1. per-call latency, sequential ({cfg.latency_calls:,} calls each after "
        f"{cfg.latency_warmup} warm-up; raw = GET + status check + JSON decode)",
        ["client", "median µs", "p90 µs", "SDK/raw"],
        rows,
    )
    return {"stats": stats, "ratios": ratios}


# -- 2. concurrent throughput -----------------------------------------------------------------


async def _fanout(base: str, cfg: Config) -> dict[str, list[float]]:
    url = entry_url(base)
    raw_httpx = httpx.AsyncClient(timeout=RAW_TIMEOUT, limits=httpx.Limits(max_connections=POOL_LIMIT))
    raw_aio = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=POOL_LIMIT), timeout=aiohttp.ClientTimeout(total=120)
    )
    sdk_httpx = rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY, base_url=base)
    sdk_aio = rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY, base_url=base, http_backend="aiohttp")
    ds_httpx = sdk_httpx.get_datastore(STORE)
    ds_aio = sdk_aio.get_datastore(STORE)

    async def raw_httpx_call() -> object:
        return _json_ok(await raw_httpx.get(url, headers=HEADERS))

    async def raw_aio_call() -> object:
        async with raw_aio.get(url, headers=HEADERS) as response:
            response.raise_for_status()
            return json.loads(await response.read())

    variants: dict[str, Callable[[], Awaitable[object]]] = {
        "raw httpx.AsyncClient": raw_httpx_call,
        "raw aiohttp.ClientSession": raw_aio_call,
        "rblxopencloudasync (httpx)": lambda: ds_httpx.get_entry(KEY),
        "rblxopencloudasync (aiohttp)": lambda: ds_aio.get_entry(KEY),
    }
    names = list(variants)
    rates: dict[str, list[float]] = {name: [] for name in variants}

    async def one_round(call: Callable[[], Awaitable[object]]) -> float:
        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(call() for _ in range(cfg.fanout_calls))), timeout=120)
        return cfg.fanout_calls / (time.perf_counter() - start)

    try:
        for call in variants.values():  # warm-up: opens the pools
            await one_round(call)
        for index in range(cfg.fanout_rounds):
            order = names[index % len(names) :] + names[: index % len(names)]  # rotate who goes first
            for name in order:
                rates[name].append(await one_round(variants[name]))
    finally:
        await raw_httpx.aclose()
        await raw_aio.close()
        await sdk_httpx.aclose()
        await sdk_aio.aclose()
    return rates


def run_fanout(base: str, cfg: Config) -> dict[str, Any]:
    rates = asyncio.run(_fanout(base, cfg))
    stats = {name: {"best": max(v), "median": median(v), "rounds": v} for name, v in rates.items()}
    ratios = {
        "aiohttp": stats["rblxopencloudasync (aiohttp)"]["median"] / stats["raw aiohttp.ClientSession"]["median"],
        "httpx": stats["rblxopencloudasync (httpx)"]["median"] / stats["raw httpx.AsyncClient"]["median"],
        "aiohttp_best": stats["rblxopencloudasync (aiohttp)"]["best"] / stats["raw aiohttp.ClientSession"]["best"],
        "httpx_best": stats["rblxopencloudasync (httpx)"]["best"] / stats["raw httpx.AsyncClient"]["best"],
    }
    sdk_ratio = {
        "rblxopencloudasync (httpx)": ratios["httpx"],
        "rblxopencloudasync (aiohttp)": ratios["aiohttp"],
    }
    rows = [
        [name, f"{s['median']:,.0f}", f"{s['best']:,.0f}", f"{sdk_ratio[name]:.2f}" if name in sdk_ratio else ""]
        for name, s in stats.items()
    ]
    print_table(
        f"2. throughput, {cfg.fanout_calls:,} concurrent get_entry calls (asyncio.gather), "
        f"{cfg.fanout_rounds} rounds, pool limit {POOL_LIMIT}",
        ["client", "median calls/s", "best calls/s", "SDK/raw (median)"],
        rows,
    )
    return {"stats": stats, "ratios": ratios}


# -- 3. import time ---------------------------------------------------------------------------


def run_imports(cfg: Config) -> dict[str, Any]:
    codes = {
        "python -c pass": "pass",
        "import httpx": "import httpx",
        "import rblxopencloud": "import rblxopencloud",
        "import rblxopencloudasync": "import rblxopencloudasync",
    }
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    times: dict[str, list[float]] = {name: [] for name in codes}
    for code in codes.values():  # untimed: writes .pyc files, warms the OS cache
        subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
    for _ in range(cfg.import_runs):
        for name, code in codes.items():  # interleaved, so drift hits every row alike
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
            times[name].append((time.perf_counter() - start) * 1000)
    medians = {name: median(v) for name, v in times.items()}
    base = medians["python -c pass"]
    net = {name: max(m - base, 0.0) for name, m in medians.items()}
    ratio_wall = medians["import rblxopencloud"] / medians["import httpx"]
    ratio_net = net["import rblxopencloud"] / net["import httpx"] if net["import httpx"] > 0 else float("nan")
    rows = []
    for name, m in medians.items():
        if name == "python -c pass":
            rows.append([name, f"{m:.1f}", "", ""])
        else:
            rows.append([name, f"{m:.1f}", f"{net[name]:.1f}", f"{net[name] / net['import httpx']:.2f}"])
    print_table(
        f"3. import time, fresh interpreter each ({cfg.import_runs} runs, median wall time)",
        ["command", "ms", "ms minus baseline", "vs httpx"],
        rows,
    )
    return {"median_ms": medians, "net_ms": net, "ratio_wall": ratio_wall, "ratio_net": ratio_net}


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
                    f"{res['rss_first_page_mb']:.1f}",
                    f"{res['rss_end_mb']:.1f}",
                    f"{res['growth_mb']:+.2f}",
                    f"{res['count'] / res['seconds']:,.0f}",
                ]
            )
    print_table(
        "4. peak RSS (ru_maxrss) while listing keys, fresh process each",
        ["listing", "keys", "start MB", "first page MB", "end MB", "growth MB", "keys/s"],
        rows,
    )
    return results


# -- optional: where the SDK spends its time --------------------------------------------------


def _sdk_rows(stats: pstats.Stats, calls: int, sort: int, top: int) -> list[list[str]]:
    """Top functions of the SDK's own code; times in µs per SDK call."""
    entries: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    entries = stats.stats  # type: ignore[attr-defined]
    own = [(key, value) for key, value in entries.items() if "rblxopencloud" in key[0]]
    own.sort(key=lambda kv: kv[1][sort], reverse=True)
    rows = []
    for (path, line, func), (_cc, ncalls, tottime, cumtime, _callers) in own[:top]:
        where = f"{Path(path).parent.name}/{Path(path).name}:{line} {func}"
        rows.append(
            [where, f"{ncalls / calls:.1f}", f"{tottime / calls * 1e6:.1f}", f"{cumtime / calls * 1e6:.1f}"]
        )
    return rows


def run_profile(base: str, cfg: Config) -> None:
    calls = cfg.latency_calls
    exp = rblxopencloud.Experience(UNIVERSE_ID, API_KEY, base_url=base)
    ds = exp.get_datastore(STORE)
    try:
        for _ in range(cfg.latency_warmup):
            ds.get_entry(KEY)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            ds.get_entry(KEY)
        profiler.disable()
    finally:
        exp.close()
    stats = pstats.Stats(profiler)
    header = ["function (SDK code)", "calls/op", "own µs/op", "cum µs/op"]
    print_table(
        f"profile: sync get_entry x {calls:,}, SDK code by own time (cProfile inflates times)",
        header,
        _sdk_rows(stats, calls, 2, 12),
    )
    print_table("profile: sync get_entry, SDK code by cumulative time", header, _sdk_rows(stats, calls, 3, 12))

    async def fanout() -> cProfile.Profile:
        aexp = rblxopencloudasync.Experience(UNIVERSE_ID, API_KEY, base_url=base, http_backend="aiohttp")
        ads = aexp.get_datastore(STORE)
        try:
            await asyncio.gather(*(ads.get_entry(KEY) for _ in range(cfg.fanout_calls)))
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(2):
                await asyncio.gather(*(ads.get_entry(KEY) for _ in range(cfg.fanout_calls)))
            prof.disable()
        finally:
            await aexp.aclose()
        return prof

    astats = pstats.Stats(asyncio.run(fanout()))
    n = 2 * cfg.fanout_calls
    print_table(
        f"profile: async fan-out (aiohttp backend) x {n:,}, SDK code by own time", header, _sdk_rows(astats, n, 2, 12)
    )
    print_table("profile: async fan-out (aiohttp backend), SDK code by cumulative time", header,
                _sdk_rows(astats, n, 3, 12))


# -- main -------------------------------------------------------------------------------------


def print_summary(results: dict[str, Any], cfg: Config) -> dict[str, Any]:
    sync_ratio = results["latency"]["ratios"]["sync"]
    fan_ratio = results["throughput"]["ratios"]["aiohttp"]
    listing = results["listing"]
    n = cfg.listing_keys
    summary = {
        "sync_per_call_sdk_over_raw_httpx": sync_ratio,
        "sync_per_call_target_max": SYNC_TARGET,
        "sync_per_call_ok": sync_ratio <= SYNC_TARGET,
        "async_fanout_sdk_aiohttp_over_raw_aiohttp": fan_ratio,
        "async_fanout_target_min": FANOUT_TARGET,
        "async_fanout_ok": fan_ratio >= FANOUT_TARGET,
        "async_fanout_sdk_httpx_over_raw_httpx": results["throughput"]["ratios"]["httpx"],
        "async_per_call_sdk_over_raw_httpx": results["latency"]["ratios"]["async httpx"],
        "async_per_call_sdk_over_raw_aiohttp": results["latency"]["ratios"]["async aiohttp"],
        "import_rblxopencloud_over_httpx_net": results["imports"]["ratio_net"],
        "listing_growth_mb": {key: value["growth_mb"] for key, value in listing.items()},
    }

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    width = 48
    print()
    print("summary")
    print("  " + "-" * 78)
    print(f"  {'sync per call, SDK / raw httpx (median)':<{width}} {sync_ratio:6.2f}   "
          f"target <= {SYNC_TARGET:.2f}  {verdict(summary['sync_per_call_ok'])}")
    print(f"  {'async fan-out, SDK-aiohttp / raw aiohttp':<{width}} {fan_ratio:6.2f}   "
          f"target >= {FANOUT_TARGET:.2f}  {verdict(summary['async_fanout_ok'])}")
    print(f"  {'async fan-out, SDK-httpx / raw httpx':<{width}} "
          f"{summary['async_fanout_sdk_httpx_over_raw_httpx']:6.2f}")
    print(f"  {'async per call, SDK / raw (httpx | aiohttp)':<{width}} "
          f"{summary['async_per_call_sdk_over_raw_httpx']:6.2f} | "
          f"{summary['async_per_call_sdk_over_raw_aiohttp']:.2f}")
    print(f"  {'import time, rblxopencloud / httpx (net)':<{width}} "
          f"{summary['import_rblxopencloud_over_httpx_net']:6.2f}")
    for variant in ("sync", "async"):
        small = listing[f"{variant}_{SMALL_LISTING}"]["growth_mb"]
        large = listing[f"{variant}_{n}"]["growth_mb"]
        label = f"listing RSS growth, {variant}: {SMALL_LISTING:,} | {n:,} keys"
        print(f"  {label:<{width}} {small:+6.2f} | {large:+.2f} MB")
    sys.stdout.flush()
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the SDK against raw httpx/aiohttp on the emulator.")
    parser.add_argument("--quick", action="store_true", help="fewer calls and 20,000 listed keys (a smoke run)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write every number as JSON to PATH")
    parser.add_argument("--profile", action="store_true", help="add cProfile runs of the SDK's hot paths")
    args = parser.parse_args(argv)
    cfg = Config.make(args.quick)

    started = time.perf_counter()
    print(f"rblxopencloud {rblxopencloud.__version__} | Python {platform.python_version()} | "
          f"httpx {httpx.__version__} | aiohttp {aiohttp.__version__} | {platform.platform()} | "
          f"{os.cpu_count()} CPUs{' | quick' if args.quick else ''}")
    print(f"starting the emulator with {cfg.listing_keys:,} keys ...", flush=True)
    results: dict[str, Any] = {"config": asdict(cfg), "quick": args.quick}
    with emulator_server(cfg.listing_keys) as base:
        print(f"emulator at {base}", flush=True)
        results["latency"] = run_latency(base, cfg)
        results["throughput"] = run_fanout(base, cfg)
        results["imports"] = run_imports(cfg)
        results["listing"] = run_listing(base, cfg)
        results["summary"] = print_summary(results, cfg)
        if args.profile:
            run_profile(base, cfg)
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
