"""``multipart/form-data`` request bodies (developer products, game passes, badges, assets).

httpx can build these, but the SDK sends raw ``content`` through one request
loop for both HTTP backends, so the body is encoded here. Icons and badge
images are small, so their body is built in memory (`encode_multipart`);
asset files can be hundreds of megabytes, so their body is a `StreamedBody`:
the encoded fields before the file, the file itself read in chunks, and the
closing delimiter, with the total length known up front (Roblox rejects
chunked bodies).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import IO, NamedTuple

__all__ = ["FilePart", "Progress", "StreamedBody", "encode_multipart", "read_upload", "stream_multipart"]

Progress = Callable[[int, int], object]
"""An upload progress callback: ``(bytes_sent, total)``."""


class StreamedBody:
    """A request body sent in chunks: ``head``, then ``length`` bytes of
    ``file`` from offset ``start``, then ``tail``.

    The request loop sends it with ``Content-Length: total`` and seeks the
    file back to ``start`` before every attempt. ``progress`` (if any) is
    called with ``(bytes_sent, total)`` each time the HTTP library takes the
    next chunk, so it counts what has been handed over; a resent attempt
    starts again from 0.
    """

    __slots__ = ("file", "head", "length", "progress", "start", "tail")

    # A plain class, not a dataclass: the request loop imports this module, and
    # building a dataclass would cost every program at import time.
    def __init__(
        self,
        file: IO[bytes],
        start: int,
        length: int,
        head: bytes = b"",
        tail: bytes = b"",
        progress: Progress | None = None,
    ) -> None:
        self.file = file
        self.start = start
        self.length = length
        self.head = head
        self.tail = tail
        self.progress = progress

    @property
    def total(self) -> int:
        """The body's length in bytes."""
        return len(self.head) + self.length + len(self.tail)

    @classmethod
    def of_file(cls, file: IO[bytes]) -> StreamedBody:
        """The rest of a seekable ``file``, from its current position."""
        start = file.tell()
        length = file.seek(0, 2) - start
        file.seek(start)
        return cls(file, start, length)


class FilePart(NamedTuple):
    """A file field of a multipart body."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


def encode_multipart(fields: Mapping[str, str | int | bool | FilePart | None]) -> tuple[bytes, str]:
    """Encode ``fields`` (``None`` values are left out) as ``(body, content_type)``.

    ``bool`` values are sent as ``true``/``false``, the spelling the ASP.NET
    endpoints expect.
    """
    boundary = os.urandom(16).hex()  # os, not secrets: keeps hmac and random out of import time
    chunks: list[bytes] = []
    for name, value in fields.items():
        if value is None:
            continue
        _check_header_text(name)
        chunks.append(f"--{boundary}\r\n".encode())
        if isinstance(value, FilePart):
            _check_header_text(value.filename)
            chunks.append(
                f'Content-Disposition: form-data; name="{name}"; filename="{value.filename}"\r\n'
                f"Content-Type: {value.content_type}\r\n\r\n".encode()
            )
            chunks.append(value.data)
        else:
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            chunks.append(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            chunks.append(text.encode())
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def read_upload(file: IO[bytes] | bytes, what: str, *, max_bytes: int | None = None) -> FilePart:
    """A `FilePart` from bytes or a binary file (read from its current position).

    The file name and image type come from the file's ``name`` when it has one.
    """
    if isinstance(file, (bytes, bytearray, memoryview)):
        data, filename = bytes(file), "upload"
    elif hasattr(file, "read"):
        data = file.read()
        if not isinstance(data, bytes):
            raise TypeError(f"{what} must be opened in binary mode ('rb')")
        filename = str(getattr(file, "name", "upload")).replace("\\", "/").rsplit("/", 1)[-1] or "upload"
    else:
        raise TypeError(f"{what} must be bytes or a binary file object, not {type(file).__name__}")
    if not data:
        raise ValueError(f"{what} is empty")
    if max_bytes is not None and len(data) > max_bytes:
        raise ValueError(f"{what} is {len(data)} bytes; the limit is {max_bytes}")
    return FilePart(filename, data, _image_type(data))


def _image_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"BM":
        return "image/bmp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return "application/octet-stream"


def _check_header_text(text: str) -> None:
    if any(ch in text for ch in '"\r\n'):
        raise ValueError(f"multipart names must not contain quotes or line breaks: {text!r}")


def stream_multipart(
    fields: Mapping[str, str],
    file_field: str,
    file: IO[bytes],
    *,
    filename: str,
    content_type: str,
    progress: Progress | None = None,
) -> tuple[StreamedBody, str]:
    """A multipart body of the text ``fields`` followed by the rest of the
    seekable ``file`` as ``file_field``: ``(body, content_type)``.

    Only the field encodings are held in memory; the file is read in chunks
    while the body is sent.
    """
    boundary = os.urandom(16).hex()
    chunks: list[bytes] = []
    for name, text in fields.items():
        _check_header_text(name)
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        chunks.append(text.encode())
        chunks.append(b"\r\n")
    _check_header_text(file_field)
    _check_header_text(filename)
    _check_header_text(content_type)
    chunks.append(
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
    )
    start = file.tell()
    length = file.seek(0, 2) - start
    file.seek(start)
    tail = f"\r\n--{boundary}--\r\n".encode()
    body = StreamedBody(file, start, length, b"".join(chunks), tail, progress)
    return body, f"multipart/form-data; boundary={boundary}"
