"""Serve the emulator over HTTP: ``python -m rblxopencloudasync.emulator --port 8080``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from ._emulator import DEMO_API_KEY, DEMO_UNIVERSE_ID, Emulator

BENCH_STORE = "BenchStore"


def bench_items(count: int) -> Iterator[tuple[str, Any]]:
    """``count`` small entries ``key-000000``... for benchmark runs."""
    for index in range(count):
        yield f"key-{index:06d}", {"n": index, "tag": "bench"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m rblxopencloudasync.emulator",
        description="Serve the Roblox Open Cloud emulator over HTTP.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port to bind (default: %(default)s)")
    parser.add_argument(
        "--seed-keys",
        type=int,
        default=0,
        metavar="N",
        help=f"add N entries to data store {BENCH_STORE!r} (scope 'global') of the demo universe",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug", "trace"],
        help="uvicorn log level (default: %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, seed the emulator and run it under uvicorn."""
    args = _parser().parse_args(argv)
    if args.seed_keys < 0:
        _parser().error("--seed-keys must not be negative")
    try:
        uvicorn = importlib.import_module("uvicorn")
    except ImportError:
        print(
            'The emulator server needs uvicorn: pip install "rblx-open-cloud[emulator]"',
            file=sys.stderr,
        )
        return 1
    emulator = Emulator()
    if args.seed_keys:
        emulator.add_entries(DEMO_UNIVERSE_ID, BENCH_STORE, bench_items(args.seed_keys))
    print(
        f"Open Cloud emulator on http://{args.host}:{args.port} "
        f"(demo universe {DEMO_UNIVERSE_ID}, any API key works, e.g. {DEMO_API_KEY!r})",
        file=sys.stderr,
    )
    uvicorn.run(emulator.asgi_app(), host=args.host, port=args.port, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
