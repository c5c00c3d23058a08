"""``multipart/form-data`` request bodies (developer products, game passes, badges).

httpx can build these, but the SDK sends raw ``content`` through one request
loop for both HTTP backends, so the body is encoded here. Uploads on these
endpoints are small images, so the body is built in memory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, NamedTuple

__all__ = ["FilePart", "encode_multipart", "read_upload"]


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
