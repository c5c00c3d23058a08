"""The web-framework glue of `Webhook`: an ASGI app (and a FastAPI router built on
it), a WSGI app and a Flask view, for a `Webhook` of either package.

Async front ends await an async `Webhook` and run a sync one in a worker
thread; sync front ends call a sync `Webhook` and run an async one on a
fresh event loop. Each reads at most ``BODY_LIMIT`` bytes of body and answers
with the ``(text, status)`` pair `Webhook.process_notification` returns.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

from .._shared.webhook import BODY_LIMIT, SIGNATURE_HEADER

if TYPE_CHECKING:
    from fastapi import APIRouter

__all__ = ["WebhookASGIApp", "WebhookWSGIApp", "fastapi_router", "flask_view"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
StartResponse = Callable[..., Any]

_TOO_LARGE = ("Payload too large", 413)
_WSGI_HEADER = "HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_")


class _Processor(Protocol):
    def process_notification(
        self, body: bytes, secret_header: str | bytes | None = None, validate_signature: bool = True
    ) -> Any: ...


def _missing_extra(framework: str, extra: str) -> ImportError:
    return ImportError(
        f"this helper needs {framework}, which is not installed: pip install 'rblx-open-cloud[{extra}]'"
    )


async def _aprocess(webhook: _Processor, body: bytes, header: bytes | None) -> tuple[str, int]:
    if inspect.iscoroutinefunction(webhook.process_notification):
        answer: tuple[str, int] = await webhook.process_notification(body, header)
        return answer
    import anyio.to_thread

    run = functools.partial(webhook.process_notification, body, header)
    answer = await anyio.to_thread.run_sync(run)
    return answer


def _process(webhook: _Processor, body: bytes, header: str | None) -> tuple[str, int]:
    if not inspect.iscoroutinefunction(webhook.process_notification):
        answer: tuple[str, int] = webhook.process_notification(body, header)
        return answer
    # An rblxopencloudasync.Webhook behind a WSGI server: its threads run no event loop,
    # so each notification gets one (in a worker thread if this one already runs a loop).
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(webhook.process_notification(body, header))  # type: ignore[no-any-return]
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(webhook.process_notification(body, header))).result()  # type: ignore[no-any-return]


def _text_headers(text: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(text)).encode())]


class WebhookASGIApp:
    """An ASGI 3 application that hands every ``POST`` to a `Webhook` (any path)."""

    def __init__(self, webhook: _Processor) -> None:
        self.webhook = webhook

    def __repr__(self) -> str:
        return f"<WebhookASGIApp webhook={self.webhook!r}>"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise RuntimeError(f"the webhook app serves HTTP, not {scope['type']!r}")
        if scope["method"] != "POST":
            await self._respond(send, "Method not allowed", 405, [(b"allow", b"POST")])
            return
        header = None
        for name, value in scope["headers"]:
            if name.lower() == SIGNATURE_HEADER.encode():
                header = bytes(value)
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > BODY_LIMIT:
                await self._respond(send, *_TOO_LARGE)
                return
        text, status = await _aprocess(self.webhook, bytes(body), header)
        await self._respond(send, text, status)

    @staticmethod
    async def _respond(send: Send, text: str, status: int, extra: Iterable[tuple[bytes, bytes]] = ()) -> None:
        content = b"" if status == 204 else text.encode()
        headers = [*(_text_headers(content) if status != 204 else []), *extra]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


class WebhookWSGIApp:
    """A WSGI application that hands every ``POST`` to a `Webhook` (any path)."""

    def __init__(self, webhook: _Processor) -> None:
        self.webhook = webhook

    def __repr__(self) -> str:
        return f"<WebhookWSGIApp webhook={self.webhook!r}>"

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return self._respond(start_response, "Method not allowed", 405, [("Allow", "POST")])
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._respond(start_response, "Malformed notification: bad Content-Length", 400)
        if length > BODY_LIMIT:
            return self._respond(start_response, *_TOO_LARGE)
        stream = environ["wsgi.input"]
        if length:
            body = stream.read(length)
        elif environ.get("wsgi.input_terminated"):
            body = stream.read(BODY_LIMIT + 1)
        else:
            body = b""
        if len(body) > BODY_LIMIT:
            return self._respond(start_response, *_TOO_LARGE)
        text, status = _process(self.webhook, body, environ.get(_WSGI_HEADER))
        return self._respond(start_response, text, status)

    @staticmethod
    def _respond(
        start_response: StartResponse, text: str, status: int, extra: Iterable[tuple[str, str]] = ()
    ) -> list[bytes]:
        content = b"" if status == 204 else text.encode()
        headers = [(name.decode(), value.decode()) for name, value in _text_headers(content)]
        start_response(f"{status} {HTTPStatus(status).phrase}", [*(headers if status != 204 else []), *extra])
        return [content]


def fastapi_router(webhook: _Processor, path: str) -> APIRouter:
    """A FastAPI router answering ``POST path`` with `WebhookASGIApp`."""
    try:
        from fastapi import APIRouter
        from starlette.routing import Route
    except ImportError:
        raise _missing_extra("FastAPI", "fastapi") from None
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"path must be a string starting with '/', got {path!r}")
    router = APIRouter()
    # a Starlette route to an ASGI app: the raw body reaches the webhook untouched
    router.routes.append(Route(path, WebhookASGIApp(webhook), methods=["POST"], include_in_schema=False))
    return router


def flask_view(webhook: _Processor) -> Callable[[], Any]:
    """A Flask view function (register it for ``POST``) that hands the request to ``webhook``."""
    try:
        import flask
    except ImportError:
        raise _missing_extra("Flask", "flask") from None

    def roblox_webhook() -> Any:
        request = flask.request
        if request.content_length is not None and request.content_length > BODY_LIMIT:
            text, status = _TOO_LARGE
        else:
            body = request.stream.read(BODY_LIMIT + 1)
            if len(body) > BODY_LIMIT:
                text, status = _TOO_LARGE
            else:
                text, status = _process(webhook, body, request.headers.get(SIGNATURE_HEADER))
        return flask.Response(b"" if status == 204 else text, status=status, mimetype="text/plain")

    return roblox_webhook
