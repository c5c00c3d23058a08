"""Place files and place limits: the checks of the place API."""

from __future__ import annotations

import io
from typing import IO

__all__ = ["MAX_DESCRIPTION", "MAX_PLACE_FILE_BYTES", "prepare_place_file"]


# x-roblox-size-limit of the place publishing operation.
MAX_PLACE_FILE_BYTES = 10_485_760
# The spec gives no place limits; a place is an asset, whose description is
# limited to 1000 characters (Asset schema).
MAX_DESCRIPTION = 1000
# Binary place files (.rbxl) start with this; XML ones (.rbxlx) with "<roblox ".
_BINARY_MAGIC = b"<roblox!"
_XML_TYPE = "application/xml"
_BINARY_TYPE = "application/octet-stream"


def prepare_place_file(file: IO[bytes] | bytes) -> tuple[bytes | None, IO[bytes] | None, str]:
    """Validate a place file: ``(bytes, None, type)`` or ``(None, seekable_stream, type)``."""
    name = ""
    if isinstance(file, (bytes, bytearray, memoryview)):
        data: bytes | None = bytes(file)
        stream: IO[bytes] | None = None
    elif isinstance(file, io.TextIOBase):
        raise TypeError("the place file must be opened in binary mode ('rb')")
    elif hasattr(file, "read"):
        name = str(getattr(file, "name", "") or "")
        seekable = getattr(file, "seekable", None)
        if callable(seekable) and seekable():
            data, stream = None, file
        else:
            data, stream = file.read(), None
            if not isinstance(data, bytes):
                raise TypeError("the place file must be opened in binary mode ('rb')")
    else:
        raise TypeError(f"file must be bytes or a binary file object, not {type(file).__name__}")

    if stream is not None:
        start = stream.tell()
        head = stream.read(64)
        size = stream.seek(0, 2) - start
        stream.seek(start)
        if not isinstance(head, bytes):
            raise TypeError("the place file must be opened in binary mode ('rb')")
    else:
        assert data is not None
        head, size = data[:64], len(data)
    if size <= 0:
        raise ValueError("the place file is empty")
    if size > MAX_PLACE_FILE_BYTES:
        raise ValueError(f"the place file is {size} bytes; the limit is {MAX_PLACE_FILE_BYTES} (10 MiB)")
    return data, stream, _place_file_type(head, name)


def _place_file_type(head: bytes, name: str) -> str:
    """The content type of a place file, from its first bytes or else its name."""
    if head.startswith(_BINARY_MAGIC):
        return _BINARY_TYPE
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"<roblox", b"<?xml")):
        return _XML_TYPE
    if name.lower().endswith(".rbxlx"):
        return _XML_TYPE
    return _BINARY_TYPE
