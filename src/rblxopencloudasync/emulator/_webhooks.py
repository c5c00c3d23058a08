"""Webhook notifications as Roblox sends them: built, signed and delivered to the
user's own endpoint (an ASGI or WSGI app in-process, or a URL over HTTP).

The signing here is written independently of the SDK's checker
(``_shared/webhook.py``), so a test pairing the two checks one against the other.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import inspect
import json
import uuid
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import httpx

from ._time import UNIX_EPOCH, as_utc

T = TypeVar("T")

SAMPLE_NOTIFICATION = "SampleNotification"
RIGHT_TO_ERASURE_REQUEST = "RightToErasureRequest"
DEMO_WEBHOOK_USER_ID = 287113233
_APP_BASE_URL = "http://localhost"  # the Host an in-process app sees


@dataclass(frozen=True)
class WebhookDelivery:
    """One delivery of a notification by `Emulator.send_webhook`, and the endpoint's answer.

    Attributes:
        status: The HTTP status the endpoint answered (Roblox counts any 2xx as delivered).
        text: The body of the answer.
        notification_id: The ``NotificationId`` delivered.
        body: The request body sent (the signature covers it byte for byte).
        signature: The ``Roblox-Signature`` header sent.
    """

    status: int
    text: str
    notification_id: str
    body: bytes
    signature: str

    @property
    def delivered(self) -> bool:
        """Whether Roblox would count this delivery as received (a 2xx answer)."""
        return 200 <= self.status < 300


def default_payload(event: str, universe_id: int) -> dict[str, Any]:
    if event == SAMPLE_NOTIFICATION:
        return {"UserId": DEMO_WEBHOOK_USER_ID}
    if event == RIGHT_TO_ERASURE_REQUEST:
        return {"UserId": DEMO_WEBHOOK_USER_ID, "GameIds": [universe_id]}
    raise ValueError(f"pass payload= for a {event!r} notification (no sample payload is known for it)")


def event_time(moment: datetime) -> str:
    """Roblox's ``EventTime``: ISO 8601 with seven fractional digits, in UTC."""
    moment = as_utc(moment)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond:06d}0Z"


def notification_body(
    event: str, payload: Mapping[str, Any], notification_id: str | None, moment: datetime
) -> tuple[str, bytes]:
    notification_id = notification_id or str(uuid.uuid4())
    envelope = {
        "NotificationId": notification_id,
        "EventType": event,
        "EventTime": event_time(moment),
        "EventPayload": dict(payload),
    }
    return notification_id, json.dumps(envelope, separators=(",", ":")).encode()


def signature_header(secret: bytes | None, moment: datetime, body: bytes, *, bad: bool) -> str:
    """``t=<unix seconds>,v1=<base64 HMAC-SHA256 of "t.body">``; only ``t=`` without a secret."""
    timestamp = str(int((as_utc(moment) - UNIX_EPOCH) // timedelta(seconds=1)))
    if secret is None:
        return f"t={timestamp}"
    key = secret + b"-wrong" if bad else secret
    digest = hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).digest()
    return f"t={timestamp},v1={base64.b64encode(digest).decode()}"


def as_secret(secret: str | bytes | None) -> bytes | None:
    if secret is None:
        return None
    if isinstance(secret, str):
        return secret.encode()
    if isinstance(secret, bytes):
        return secret
    raise TypeError(f"secret must be str or bytes, got {type(secret).__name__}")


def is_asgi(app: Any) -> bool:
    return inspect.iscoroutinefunction(app) or inspect.iscoroutinefunction(type(app).__call__)


def _url(target: Any, path: str) -> str:
    if isinstance(target, str):
        if not target.startswith(("http://", "https://")):
            raise ValueError(f"a webhook URL must start with http:// or https://, got {target!r}")
        return target
    if not callable(target):
        raise TypeError(f"send_webhook delivers to a URL or an ASGI/WSGI app, got {type(target).__name__}")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"path must start with '/', got {path!r}")
    return _APP_BASE_URL + path


def _headers(signature: str) -> dict[str, str]:
    return {"content-type": "application/json", "roblox-signature": signature}


def deliver(target: Any, path: str, body: bytes, signature: str, timeout: float) -> tuple[int, str]:
    """POST one notification to ``target`` and return the answer's status and text."""
    url = _url(target, path)
    if not isinstance(target, str) and is_asgi(target):
        return _run(lambda: adeliver(target, path, body, signature, timeout))
    transport = None if isinstance(target, str) else httpx.WSGITransport(app=target)
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False) as client:
        answer = client.post(url, content=body, headers=_headers(signature))
    return answer.status_code, answer.text


async def adeliver(target: Any, path: str, body: bytes, signature: str, timeout: float) -> tuple[int, str]:
    """The async form of `deliver` (a WSGI app is called in a worker thread)."""
    url = _url(target, path)
    if not isinstance(target, str) and not is_asgi(target):
        import anyio.to_thread

        return await anyio.to_thread.run_sync(lambda: deliver(target, path, body, signature, timeout))
    transport = None if isinstance(target, str) else httpx.ASGITransport(app=target)
    async with httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False) as client:
        answer = await client.post(url, content=body, headers=_headers(signature))
    return answer.status_code, answer.text


def _run(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from sync code, in a worker thread when a loop already runs here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()
