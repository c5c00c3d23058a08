"""Out-of-range and wrong-type values get a 4xx from every emulator route, never a 500.

Every operation of the wire contract is sent, with the state it needs in place,
huge and negative numbers, NaN/inf spellings, unicode digits, absurd durations
and times in each path segment, query parameter and body field; a hypothesis
property mixes random values in. A 500 means a handler raised on bad input.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from tests.emulator._support import AUTH, BASE_URL, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

OPERATIONS = json.loads((Path(__file__).parents[1] / "contract" / "wire_contract.json").read_text())[
    "operations"
]

GOOD_SEGMENTS = {
    "universe": str(DEMO_UNIVERSE_ID),
    "place": "1818",
    "data_store": "PlayerData",
    "scope": "global",
    "entry": "user_1",
    "user": "1",
}
HUGE = "9" * 5000  # more digits than Python's int() converts by default
BAD_NUMBERS = [
    "18446744073709551616",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    HUGE,
    "-1",
    "0",
    "1.5",
    "1e400",
    "nan",
    "inf",
    "²",
    "",
    "x",
]
BAD_SEGMENTS = [*BAD_NUMBERS[:-1], "..", "a" * 2000, "x@latest:9999-12-31T23:59:59-01:00", "x@"]
BAD_QUERY = [
    *BAD_NUMBERS,
    "99999999999999999999s",
    "9" * 400 + "s",
    "315576000000s",
    "-5s",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    f"entry >= {HUGE}",
    f"sortKey > {HUGE}",
    "sortKey > 1e400",
    "revision_create_time >= 0001-01-01T00:00:00+01:00",
    "user == 'users/99999999999999999999'",
]
# Raw JSON text, so that numbers no double holds (1e400) can be sent too.
BAD_JSON = [
    "18446744073709551616",
    "-18446744073709551616",
    "1" + "0" * 400,
    "1e400",
    "-1e400",
    "1e308",
    "-1",
    "1.5",
    "true",
    "null",
    '"x"',
    '""',
    '"' + "9" * 30 + '"',
    '"' + "9" * 400 + 's"',
    '"315576000000s"',
    "[]",
    "{}",
    "[18446744073709551616]",
    '{"a": 1e400}',
    '"0001-01-01T00:00:00+01:00"',
]
# Bad values inside nested fields the top-level sweep cannot reach: (method, path, query, body).
NESTED: list[tuple[str, str, dict[str, str], str]] = [
    *[
        (
            "PATCH",
            f"{U}/user-restrictions/5",
            {"updateMask": "gameJoinRestriction"},
            '{"gameJoinRestriction": {"active": true, "duration": VALUE}}'.replace("VALUE", value),
        )
        for value in ('"' + "9" * 400 + 's"', '"315576000001s"', "1e400", "18446744073709551616")
    ],
    (
        "PATCH",
        f"{U}/user-restrictions/6",
        {
            "updateMask": "gameJoinRestriction",
            "idempotencyKey.key": "k",
            "idempotencyKey.firstSent": "9999-12-31T23:59:59-01:00",
        },
        '{"gameJoinRestriction": {"active": true}}',
    ),
    *[
        (
            "POST",
            "/cloud/v2/users/1/notifications",
            {},
            '{"source": {"universe": "universes/UNIVERSE"}, "payload": {"type": "MOMENT", "messageId": "m", '
            '"parameters": {"a": {"int64Value": VALUE}}}}'.replace("UNIVERSE", str(DEMO_UNIVERSE_ID)).replace(
                "VALUE", value
            ),
        )
        for value in ("1" + "0" * 400, "1e400", '"' + HUGE + '"')
    ],
    *[
        (
            "POST",
            f"{U}:generateSpeechAsset",
            {},
            '{"text": "hi", "speechStyle": {"voiceId": "1", "pitch": VALUE, "speed": VALUE}}'.replace(
                "VALUE", value
            ),
        )
        for value in ("1" + "0" * 400, "1e400")
    ],
    *[
        (
            "PATCH",
            f"{U}/memory-store/sorted-maps/m/items/a",
            {"allowMissing": "true"},
            '{"value": 1, "ttl": "30s", "numericSortKey": VALUE}'.replace("VALUE", value),
        )
        for value in ("1" + "0" * 400, "1e400")
    ],
    *[
        (
            "POST",
            f"{U}/memory-store/queues/q/items",
            {},
            '{"data": 1, "priority": VALUE}'.replace("VALUE", value),
        )
        for value in ("1" + "0" * 400, "1e400")
    ],
    (
        "PATCH",
        f"/creator-configs-public-api/v1/configs/universes/{DEMO_UNIVERSE_ID}/repositories/InExperienceConfig/draft",
        {},
        '{"entries": {"a": 1ZEROS}}'.replace("ZEROS", "0" * 400),
    ),
    (
        "PATCH",
        f"{U}/data-stores/d/scopes/global/entries/k",
        {"allowMissing": "true"},
        '{"value": 1e400}',
    ),
    ("POST", f"{U}/data-stores/d/scopes/global/entries/n:increment", {}, '{"amount": 1e300}'),
]


def _good(name: str) -> str:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().removesuffix("_id")
    return GOOD_SEGMENTS.get(snake, "1")


def _path(template: str, bad: tuple[str, str] | None = None) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if bad is not None and bad[0] == name:
            return quote(bad[1], safe="")
        return _good(name)

    return re.sub(r"\{([^}]+)\}", fill, template)


def _populate(client: httpx.Client) -> None:
    """Give the routes something to work on: visible queue items, map items, entries, a draft."""
    for _ in range(3):
        client.post(f"{U}/memory-store/queues/1/items", json={"data": 1, "ttl": "60s"})
        client.post(f"{U}/memory-store/queues/q/items", json={"data": 1, "ttl": "60s"})
    for sorted_map in ("1", "m"):
        client.patch(
            f"{U}/memory-store/sorted-maps/{sorted_map}/items/1",
            params={"allowMissing": "true"},
            json={"value": 1, "ttl": "60s", "numericSortKey": 5},
        )
    client.patch(
        f"{U}/ordered-data-stores/1/scopes/global/entries/1",
        params={"allowMissing": "true"},
        json={"value": 5},
    )
    client.patch(
        f"/creator-configs-public-api/v1/configs/universes/{DEMO_UNIVERSE_ID}/repositories/InExperienceConfig/draft",
        json={"entries": {"a": 1}},
    )


def _send(
    client: httpx.Client,
    method: str,
    path: str,
    params: dict[str, str] | None = None,
    body: str | None = None,
) -> httpx.Response:
    headers = {"content-type": "application/json"} if body is not None else {}
    return client.request(method, path, params=params, content=body, headers=headers)


def _describe(method: str, path: str, params: Any, body: Any, response: httpx.Response) -> str:
    return f"{method} {path[:120]} {str(params)[:120]} {str(body)[:120]} -> {response.text[:200]}"


def _routed(client: httpx.Client, op: dict[str, Any]) -> bool:
    """Whether the emulator serves this operation (a gateway 404 means it is not emulated)."""
    response = _send(client, op["method"], _path(op["path"]), body="{}" if _json_body(op) else None)
    return not (response.status_code == 404 and "errors" in response.text)


def _json_body(op: dict[str, Any]) -> bool:
    return bool(op["body"]) and "application/json" in (op["body"].get("content_types") or [])


with httpx.Client(transport=Emulator().transport(), base_url=BASE_URL, headers=AUTH) as _client:
    ROUTED = [op for op in OPERATIONS if _routed(_client, op)]


def test_most_emulated_routes_are_swept() -> None:
    assert len(ROUTED) >= 60, [op["id"] for op in ROUTED]


@pytest.mark.parametrize("op", ROUTED, ids=[op["id"] for op in ROUTED])
def test_bad_values_never_make_a_route_fail_with_500(client: httpx.Client, op: dict[str, Any]) -> None:
    method, template = op["method"], op["path"]
    body = "{}" if _json_body(op) else None
    failures: list[str] = []

    def check(path: str, params: dict[str, str] | None = None, payload: str | None = None) -> None:
        response = _send(client, method, path, params, payload)
        if response.status_code >= 500:
            failures.append(_describe(method, path, params, payload, response))

    _populate(client)
    for name in re.findall(r"\{([^}]+)\}", template):
        for value in BAD_SEGMENTS:
            check(_path(template, (name, value)), payload=body)
    for parameter in op["query"]:
        _populate(client)
        for value in BAD_QUERY:
            check(_path(template), {parameter: value}, body)
    if body is not None:
        for field in op["body"].get("properties") or []:
            _populate(client)
            for value in BAD_JSON:
                check(_path(template), payload=f'{{"{field}": {value}}}')
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("method", "path", "params", "body"), NESTED)
def test_bad_nested_values_are_a_400(
    client: httpx.Client, method: str, path: str, params: dict[str, str], body: str
) -> None:
    response = _send(client, method, path, params, body)
    assert response.status_code == 400, _describe(method, path, params, body, response)


@pytest.mark.parametrize(
    "window", ["99999999999999999999s", "18446744073709551616s", "9" * 400 + "s", "315576000000s"]
)
def test_queue_read_with_an_absurd_invisibility_window_is_not_a_500(
    client: httpx.Client, window: str
) -> None:
    client.post(f"{U}/memory-store/queues/q/items", json={"data": 1})
    response = client.get(f"{U}/memory-store/queues/q/items:read", params={"invisibilityWindow": window})
    assert response.status_code in (200, 400), response.text


_SCALARS = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.integers(min_value=10**300, max_value=10**320).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e400", "-1e400", "1e-400", "true", "null", '"²"', '"nan"', "[]", "{}"]),
    st.text(max_size=20).map(json.dumps),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    op=st.sampled_from(ROUTED),
    where=st.sampled_from(["segment", "query", "body"]),
    value=_SCALARS,
    choice=st.integers(min_value=0, max_value=50),
)
def test_random_values_never_make_a_route_fail_with_500(
    client: httpx.Client, op: dict[str, Any], where: str, value: str, choice: int
) -> None:
    path, params, body = _path(op["path"]), None, "{}" if _json_body(op) else None
    segments = re.findall(r"\{([^}]+)\}", op["path"])
    fields = (op["body"] or {}).get("properties") or []
    if where == "segment" and segments:
        text = json.loads(value) if value.startswith('"') else value
        path = _path(op["path"], (segments[choice % len(segments)], str(text)))
    elif where == "query" and op["query"]:
        text = json.loads(value) if value.startswith('"') else value
        params = {sorted(op["query"])[choice % len(op["query"])]: str(text)}
    elif body is not None and fields:
        body = f'{{"{fields[choice % len(fields)]}": {value}}}'
    response = _send(client, op["method"], path, params, body)
    assert response.status_code < 500, _describe(op["method"], path, params, body, response)
