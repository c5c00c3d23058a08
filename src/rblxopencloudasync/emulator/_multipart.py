"""A small ``multipart/form-data`` parser for the emulator's upload endpoints."""

from __future__ import annotations

import re

from ._area import Part
from ._errors import invalid

_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.I)
_DISPOSITION = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def parse_multipart(body: bytes, content_type: str) -> dict[str, Part]:
    """The parts of a multipart body by field name; a malformed body is a 400."""
    found = _BOUNDARY.search(content_type)
    if found is None:
        raise invalid("The multipart Content-Type has no boundary.")
    delimiter = b"--" + found.group(1).encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise invalid("The multipart body is malformed.")
    parts: dict[str, Part] = {}
    for chunk in chunks[1:-1]:
        if not chunk.startswith(b"\r\n") or not chunk.endswith(b"\r\n"):
            raise invalid("The multipart body is malformed.")
        head, sep, data = chunk[2:-2].partition(b"\r\n\r\n")
        if not sep:
            raise invalid("A multipart part has no header block.")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        params = dict(_DISPOSITION.findall(headers.get("content-disposition", "")))
        if "name" not in params:
            raise invalid("A multipart part has no name.")
        if params["name"] in parts:
            raise invalid(f"The multipart field '{params['name']}' was sent more than once.")
        parts[params["name"]] = Part(
            params["name"], data, params.get("filename"), headers.get("content-type")
        )
    return parts
