"""Reading a streamed request body in chunks, async (in a worker thread) and sync."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from .._shared.multipart import StreamedBody

__all__ = ["aiter_file", "iter_file"]


_CHUNK = 256 * 1024


async def aiter_file(body: StreamedBody) -> AsyncIterator[bytes]:
    """The chunks of ``body`` (its file from ``body.start``), each file read in
    a worker thread so a slow disk never blocks the event loop."""
    import anyio

    sent, total, progress = 0, body.total, body.progress
    body.file.seek(body.start)
    if body.head:
        yield body.head
        sent += len(body.head)
        if progress is not None:
            progress(sent, total)
    length = body.length
    while length > 0:
        chunk = await anyio.to_thread.run_sync(body.file.read, min(_CHUNK, length))
        if not chunk:
            raise ValueError("the file ended before its expected length")
        length -= len(chunk)
        yield chunk
        sent += len(chunk)
        if progress is not None:
            progress(sent, total)
    if body.tail:
        yield body.tail
        if progress is not None:
            progress(total, total)


def iter_file(body: StreamedBody) -> Iterator[bytes]:
    """Sync partner of `aiter_file`."""
    sent, total, progress = 0, body.total, body.progress
    body.file.seek(body.start)
    if body.head:
        yield body.head
        sent += len(body.head)
        if progress is not None:
            progress(sent, total)
    length = body.length
    while length > 0:
        chunk = body.file.read(min(_CHUNK, length))
        if not chunk:
            raise ValueError("the file ended before its expected length")
        length -= len(chunk)
        yield chunk
        sent += len(chunk)
        if progress is not None:
            progress(sent, total)
    if body.tail:
        yield body.tail
        if progress is not None:
            progress(total, total)
