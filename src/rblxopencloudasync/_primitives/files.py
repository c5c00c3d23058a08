"""Reading an upload file in chunks, async (in a worker thread) and sync."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import IO

__all__ = ["aiter_file", "iter_file"]


_CHUNK = 256 * 1024


async def aiter_file(file: IO[bytes], length: int) -> AsyncIterator[bytes]:
    """``length`` bytes of ``file`` in chunks, each read in a worker thread so
    a slow disk never blocks the event loop."""
    import anyio

    while length > 0:
        chunk = await anyio.to_thread.run_sync(file.read, min(_CHUNK, length))
        if not chunk:
            raise ValueError("the file ended before its expected length")
        length -= len(chunk)
        yield chunk


def iter_file(file: IO[bytes], length: int) -> Iterator[bytes]:
    """Sync partner of `aiter_file`."""
    while length > 0:
        chunk = file.read(min(_CHUNK, length))
        if not chunk:
            raise ValueError("the file ended before its expected length")
        length -= len(chunk)
        yield chunk
