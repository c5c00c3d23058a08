"""The emulator server of ``bench.py``, plus the one v1 route that rblx-open-cloud 2.3.0 calls.

    python bench/_server.py --port PORT --seed-keys N

Serves the SDK's emulator (seeded like ``python -m rblxopencloud.emulator
--seed-keys N``) under uvicorn. rblx-open-cloud 2.3.0, the package this SDK
replaces, reads an entry through the legacy v1 endpoint
(``GET /datastores/v1/universes/{u}/standard-datastores/datastore/entries/entry``),
which the emulator does not serve. A small ASGI wrapper answers it from the same
store: it forwards the request as the v2 ``GET .../entries/{key}`` and turns the
v2 JSON into v1's shape (the value as the body, the metadata in
``roblox-entry-*`` headers). That costs the server a few µs per old-package call
(one small JSON decode and encode); every other request passes through untouched.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from urllib.parse import parse_qs, quote

import uvicorn

from rblxopencloudasync.emulator import Emulator
from rblxopencloudasync.emulator.__main__ import BENCH_STORE, bench_items

UNIVERSE_ID = 13058
V1_PREFIX = "/datastores/v1/universes/"
V1_SUFFIX = "/standard-datastores/datastore/entries/entry"


class V1Entries:
    """ASGI wrapper: the v1 entry GET, answered through the v2 route; all else passes through."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path.startswith(V1_PREFIX) and path.endswith(V1_SUFFIX)):
            await self.app(scope, receive, send)
            return
        universe = path[len(V1_PREFIX) : -len(V1_SUFFIX)]
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        name, entry_scope, key = (query.get(k, [""])[0] for k in ("datastoreName", "scope", "entryKey"))
        v2 = (
            f"/cloud/v2/universes/{universe}/data-stores/{quote(name, safe='')}"
            f"/scopes/{quote(entry_scope or 'global', safe='')}/entries/{quote(key, safe='')}"
        )
        inner = {**scope, "path": v2, "raw_path": v2.encode(), "query_string": b""}
        answer: dict[str, Any] = {"body": b""}

        async def collect(message: Any) -> None:
            if message["type"] == "http.response.start":
                answer["status"], answer["headers"] = message["status"], message["headers"]
            else:
                answer["body"] += message.get("body", b"")

        await self.app(inner, receive, collect)
        status, body = answer["status"], answer["body"]
        headers = [(b"content-type", b"application/json")]
        if status == 200:
            entry = json.loads(body)
            body = json.dumps(entry.get("value")).encode()
            meta = {
                b"roblox-entry-version": entry.get("revisionId", ""),
                b"roblox-entry-created-time": entry.get("createTime", ""),
                b"roblox-entry-version-created-time": entry.get("revisionCreateTime", ""),
                b"roblox-entry-userids": json.dumps(entry.get("users") or []),
                b"roblox-entry-attributes": json.dumps(entry.get("attributes") or {}),
            }
            headers += [(k, str(v).encode("latin-1")) for k, v in meta.items()]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seed-keys", type=int, default=0)
    args = parser.parse_args()
    emulator = Emulator()
    if args.seed_keys:
        emulator.add_entries(UNIVERSE_ID, BENCH_STORE, bench_items(args.seed_keys))
    uvicorn.run(V1Entries(emulator.asgi_app()), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
