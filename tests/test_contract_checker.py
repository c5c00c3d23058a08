"""Tests of the wire-contract checker against the committed contract."""

from __future__ import annotations

import asyncio
import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import respx
from tests.contract.checker import (
    ContractTransport,
    check_request,
    check_response,
    get_operation,
    match_operation,
    operations,
    respx_side_effect,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = PROJECT_ROOT.parent / "shared" / "openapi" / "openapi.json"
BASE = "https://apis.roblox.com"
DS = "/cloud/v2/universes/123/data-stores"
ENTRY = f"{DS}/my%20store/entries/k%40x"
ORDERED = "/cloud/v2/universes/123/ordered-data-stores/board/scopes/global/entries"
MEMORY = "/cloud/v2/universes/123/memory-store"


def request(method: str, path: str, *, params: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Request:
    """Build a request against the Open Cloud host."""
    return httpx.Request(method, BASE + path, params=params, **kwargs)


# -- documented requests pass -------------------------------------------------


@pytest.mark.parametrize(
    ("req", "operation_id"),
    [
        (
            request(
                "GET",
                DS,
                params={
                    "maxPageSize": 10,
                    "pageToken": "abc",
                    "filter": 'id.startsWith("a")',
                    "showDeleted": True,
                },
            ),
            "Cloud_ListDataStores",
        ),
        (
            request("GET", f"{ENTRY}@latest"),
            "Cloud_GetDataStoreEntry__Using_Universes_DataStores",
        ),
        (
            request(
                "PATCH",
                ENTRY,
                params={"allowMissing": "true"},
                json={
                    "value": {"coins": 1},
                    "users": ["users/1"],
                    "attributes": {"a": 1},
                    "etag": "e1",
                },
            ),
            "Cloud_UpdateDataStoreEntry__Using_Universes_DataStores",
        ),
        (
            request(
                "POST",
                f"{ENTRY}:increment",
                json={"amount": 2, "users": [], "attributes": {}},
            ),
            "Cloud_IncrementDataStoreEntry__Using_Universes_DataStores",
        ),
        (
            request(
                "GET",
                f"{ENTRY}:listRevisions",
                params={"maxPageSize": 5, "pageToken": "t", "filter": "x"},
            ),
            "Cloud_ListDataStoreEntryRevisions__Using_Universes_DataStores",
        ),
        (request("POST", f"{DS}:snapshot", json={}), "Cloud_SnapshotDataStores"),
        (
            request("POST", f"{DS}/my%20store:undelete", json={}),
            "Cloud_UndeleteDataStore",
        ),
        (
            request(
                "GET",
                ORDERED,
                params={
                    "maxPageSize": 3,
                    "orderBy": "value desc",
                    "filter": "entry >= 10",
                },
            ),
            "Cloud_ListOrderedDataStoreEntries",
        ),
        (
            request("POST", f"{MEMORY}:flush", params={"scope": "TEST"}),
            "Cloud_FlushMemoryStore",
        ),
        (
            request("GET", f"{MEMORY}/operations/op-1"),
            "Cloud_GetMemoryStoreFlushOperation",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_documented_requests_pass(req: httpx.Request, operation_id: str) -> None:
    assert check_request(req).id == operation_id


def test_custom_verbs_match_on_the_encoded_path() -> None:
    path = "/cloud/v2/universes/1/data-stores/my%20store/entries/k%40x:increment"
    assert match_operation("POST", path).id == "Cloud_IncrementDataStoreEntry__Using_Universes_DataStores"
    assert match_operation("GET", path.replace(":increment", ":listRevisions")).path.endswith(
        ":listRevisions"
    )
    with pytest.raises(AssertionError, match="method not documented"):
        match_operation("GET", path)


def test_encoded_slash_stays_in_one_segment() -> None:
    op = match_operation("GET", f"{DS}/a%2Fb/entries/c%2Fd")
    assert op.id == "Cloud_GetDataStoreEntry__Using_Universes_DataStores"
    with pytest.raises(AssertionError):
        match_operation("GET", f"{DS}/a/b/entries/c")


def test_literal_segments_win_over_variables() -> None:
    assert match_operation("GET", "/legacy-develop/v1/universes/multiget/permissions").path.endswith(
        "/multiget/permissions"
    )
    assert match_operation("GET", "/legacy-develop/v1/universes/42/permissions").path.endswith(
        "/{universeId}/permissions"
    )


def test_match_accepts_full_urls_and_query_strings() -> None:
    assert match_operation("get", f"{BASE}{DS}?maxPageSize=1").id == "Cloud_ListDataStores"
    assert match_operation("GET", f"{DS}?maxPageSize=1".encode()).id == "Cloud_ListDataStores"


# -- undocumented requests fail -----------------------------------------------


def test_unknown_path_lists_close_candidates() -> None:
    with pytest.raises(AssertionError, match="no documented Open Cloud operation") as info:
        check_request(request("GET", "/cloud/v2/universes/123/data-store"))
    assert "/cloud/v2/universes/{universe_id}/data-stores" in str(info.value)


def test_wrong_method_fails() -> None:
    with pytest.raises(AssertionError, match=r"PUT .*method not documented.*GET"):
        check_request(request("PUT", ENTRY, json={"value": 1}))


def test_unknown_query_param_fails() -> None:
    with pytest.raises(AssertionError, match="'prefix' is not documented"):
        check_request(request("GET", DS, params={"prefix": "a"}))


def test_badly_typed_query_value_fails() -> None:
    with pytest.raises(AssertionError, match="showDeleted"):
        check_request(request("GET", DS, params={"showDeleted": "yes"}))
    with pytest.raises(AssertionError, match="maxPageSize"):
        check_request(request("GET", DS, params={"maxPageSize": "ten"}))


def test_bad_enum_value_fails() -> None:
    with pytest.raises(AssertionError, match=r"scope='STAGING'.*LIVE"):
        check_request(request("POST", f"{MEMORY}:flush", params={"scope": "STAGING"}))


def test_undocumented_body_field_fails() -> None:
    with pytest.raises(AssertionError, match=r"undocumented body field\(s\) \['metadata'\]"):
        check_request(request("PATCH", ENTRY, json={"value": 1, "metadata": {}}))


def test_body_shape_and_headers_are_checked() -> None:
    with pytest.raises(AssertionError, match="must be a JSON object"):
        check_request(request("POST", f"{ENTRY}:increment", json=[1]))
    with pytest.raises(AssertionError, match="documents no request body"):
        check_request(request("POST", f"{MEMORY}:flush", json={}))
    with pytest.raises(AssertionError, match="without a content-type"):
        check_request(request("POST", f"{ENTRY}:increment", content=b'{"amount": 1}'))
    with pytest.raises(AssertionError, match="content-type 'text/plain'"):
        check_request(
            request(
                "POST",
                f"{ENTRY}:increment",
                content=b"1",
                headers={"content-type": "text/plain"},
            )
        )
    with pytest.raises(AssertionError, match="does not parse"):
        check_request(
            request(
                "POST",
                f"{ENTRY}:increment",
                content=b"{",
                headers={"content-type": "application/json"},
            )
        )


def test_required_body_fields_are_checked_except_for_patch() -> None:
    ordered_entry = f"{ORDERED}/player1"
    with pytest.raises(AssertionError, match=r"required body field\(s\) \['value'\]"):
        check_request(
            request(
                "POST",
                "/ordered-data-stores/v1/universes/1/orderedDataStores/b/scopes/global/entries",
                params={"id": "k"},
                json={},
            )
        )
    assert (
        check_request(request("PATCH", ordered_entry, json={"value": 3})).id
        == "Cloud_UpdateOrderedDataStoreEntry"
    )


# -- responses ------------------------------------------------------------------


def test_documented_response_fields_pass() -> None:
    req = request("GET", f"{ENTRY}@latest")
    check_response(
        req,
        httpx.Response(200, json={"path": "p", "value": 1, "etag": "e", "revisionId": "r"}),
    )
    check_response(req, httpx.Response(404, json={"code": "NOT_FOUND", "anything": 1}))
    check_response(
        req,
        httpx.Response(200, content=b"not json", headers={"content-type": "text/plain"}),
    )


def test_undocumented_response_field_fails() -> None:
    req = request("GET", f"{ENTRY}@latest")
    with pytest.raises(AssertionError, match=r"undocumented field\(s\) \['secret'\]"):
        check_response(req, httpx.Response(200, json={"path": "p", "secret": True}))


def test_responses_without_documented_properties_are_not_restricted() -> None:
    req = request("GET", "/datastores/v1/universes/1/standard-datastores/datastore/entries/entry")
    check_response(req, httpx.Response(200, json={"any": "user value"}))


# -- ContractTransport ------------------------------------------------------------


def emulator(req: httpx.Request) -> httpx.Response:
    """A tiny stand-in backend for the transport tests."""
    if req.url.path.endswith(":flush"):
        return httpx.Response(
            200,
            json={"path": "universes/123/memory-store/operations/op-1", "done": False},
        )
    if req.url.path.endswith("/operations/op-1"):
        body = gzip.compress(json.dumps({"path": "operations/op-1", "done": True}).encode())
        return httpx.Response(
            200,
            content=body,
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )
    return httpx.Response(200, json={"dataStores": [], "nextPageToken": "", "leaked": 1})


def test_contract_transport_sync() -> None:
    transport = ContractTransport(httpx.MockTransport(emulator))
    with httpx.Client(transport=transport, base_url=BASE) as client:
        assert client.post(f"{MEMORY}:flush", params={"scope": "LIVE"}).json()["done"] is False
        with client.stream("GET", f"{MEMORY}/operations/op-1") as streamed:
            assert json.loads(streamed.read()) == {
                "path": "operations/op-1",
                "done": True,
            }
            assert streamed.elapsed.total_seconds() >= 0
        with pytest.raises(AssertionError, match="'prefix' is not documented"):
            client.get(DS, params={"prefix": "x"})
        with pytest.raises(AssertionError, match="leaked"):
            client.get(DS)
    assert transport.checked == [
        "Cloud_FlushMemoryStore",
        "Cloud_GetMemoryStoreFlushOperation",
        "Cloud_ListDataStores",
    ]
    assert len(transport.failures) == 2


async def test_contract_transport_async() -> None:
    transport = ContractTransport(httpx.MockTransport(emulator))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        flushed = await client.post(f"{MEMORY}:flush")
        assert flushed.json()["path"].endswith("op-1")
        polled = await client.get(f"{MEMORY}/operations/op-1")
        assert polled.json()["done"] is True
        with pytest.raises(AssertionError, match="method not documented"):
            await client.delete(f"{MEMORY}:flush")
    assert transport.checked == [
        "Cloud_FlushMemoryStore",
        "Cloud_GetMemoryStoreFlushOperation",
    ]


def test_contract_transport_rejects_mismatched_transport_kind() -> None:
    class SyncOnly(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(204)

    transport = ContractTransport(SyncOnly())
    with pytest.raises(TypeError, match="not an async transport"):
        asyncio.run(transport.handle_async_request(request("GET", DS)))


# -- respx ------------------------------------------------------------------------


def test_respx_side_effect() -> None:
    with respx.mock(base_url=BASE, assert_all_called=True) as mock:
        mock.get(DS).mock(
            side_effect=respx_side_effect(lambda req: httpx.Response(200, json={"dataStores": []}))
        )
        mock.post(f"{DS}:snapshot").mock(
            side_effect=respx_side_effect(httpx.Response(200, json={"newSnapshotTaken": True}))
        )
        with httpx.Client(base_url=BASE) as client:
            assert client.get(DS, params={"maxPageSize": 1}).json() == {"dataStores": []}
            assert client.post(f"{DS}:snapshot", json={}).json()["newSnapshotTaken"] is True
            with pytest.raises(AssertionError, match="undocumented body field"):
                client.post(f"{DS}:snapshot", json={"force": True})


# -- the contract file itself ----------------------------------------------------


def test_contract_contents() -> None:
    ops = operations()
    assert len({op.id for op in ops}) == len(ops) > 100
    assert all(op.path.startswith("/") and op.method.isupper() for op in ops)
    assert not any(
        op.path.startswith("/v1/groups") for op in ops
    )  # groups.roblox.com operations are excluded
    increment = get_operation("Cloud_IncrementDataStoreEntry__Using_Universes_DataStores")
    assert increment.security == ("roblox-api-key",)
    assert increment.stability == "STABLE"
    assert increment.body is not None
    assert increment.body.properties == frozenset({"amount", "users", "attributes"})
    with pytest.raises(AssertionError, match="unknown operation id"):
        get_operation("Cloud_NoSuchThing")


@pytest.mark.skipif(not SPEC_PATH.is_file(), reason=f"OpenAPI spec not available at {SPEC_PATH}")
def test_extract_contract_check_passes() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "tools" / "extract_contract.py"),
            "--check",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# -- the extractor on a small synthetic spec ----------------------------------------


def load_extractor() -> ModuleType:
    """Import tools/extract_contract.py (tools/ is not a package)."""
    path = PROJECT_ROOT / "tools" / "extract_contract.py"
    spec = importlib.util.spec_from_file_location("extract_contract", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve string annotations through sys.modules while the module executes.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TINY_SPEC: dict[str, Any] = {
    "openapi": "3.0.4",
    "servers": [{"url": "https://apis.roblox.com"}],
    "security": [{"roblox-api-key": []}],
    "paths": {
        "/things/{id}:poke": {
            "post": {
                "operationId": "PokeThing",
                "x-roblox-stability": "BETA",
                "security": [{"roblox-api-key": []}, {"roblox-oauth2": ["x"]}],
                "parameters": [
                    {"$ref": "#/components/parameters/Id"},
                    {"name": "Mode", "in": "header", "schema": {"type": "string"}},
                    {
                        "name": "kind",
                        "in": "query",
                        "required": True,
                        "schema": {"allOf": [{"$ref": "#/components/schemas/Kind"}]},
                    },
                ],
                "requestBody": {"$ref": "#/components/requestBodies/Poke"},
                "responses": {
                    "200": {
                        "description": "dropped",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/A"},
                                        {"$ref": "#/components/schemas/B"},
                                    ]
                                }
                            }
                        },
                    },
                    "404": {"description": "not kept"},
                },
            }
        },
        "/things": {
            "get": {"security": [], "responses": {"204": {"description": "empty"}}},
        },
        "/elsewhere": {
            "get": {"servers": [{"url": "https://groups.roblox.com"}], "responses": {}},
        },
    },
    "components": {
        "parameters": {
            "Id": {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
            }
        },
        "requestBodies": {
            "Poke": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Poke"}}}}
        },
        "schemas": {
            "Kind": {
                "type": "string",
                "enum": ["SOFT", "HARD"],
                "description": "dropped",
            },
            "Base": {
                "type": "object",
                "properties": {"base": {"type": "string"}},
                "required": ["base"],
            },
            "Poke": {
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "type": "object",
                "properties": {"force": {"type": "number", "example": 3}},
            },
            "A": {"type": "object", "properties": {"a": {"type": "string"}}},
            "B": {"type": "object", "properties": {"b": {"type": "string"}}},
        },
    },
}


def test_extractor_trims_and_resolves() -> None:
    extractor = load_extractor()
    contract = extractor.build_contract(TINY_SPEC)
    by_path = {op["path"]: op for op in contract["operations"]}
    assert list(by_path) == ["/things", "/things/{id}:poke"]
    assert by_path["/things"] == {
        "id": "GET /things",
        "method": "GET",
        "path": "/things",
        "query": {},
        "headers": [],
        "body": None,
        "responses": {"204": {"content_types": [], "properties": None, "type": None}},
        "security": [],
        "stability": None,
    }
    poke = by_path["/things/{id}:poke"]
    assert poke["id"] == "PokeThing"
    assert poke["query"] == {"kind": {"type": "string", "enum": ["SOFT", "HARD"], "required": True}}
    assert poke["headers"] == ["mode"]
    assert poke["body"] == {
        "content_types": ["application/json"],
        "properties": ["base", "force"],
        "required": ["base"],
        "type": "object",
    }
    assert poke["responses"] == {
        "200": {
            "content_types": ["application/json"],
            "properties": ["a", "b"],
            "type": "object",
        }
    }
    assert poke["security"] == ["roblox-api-key", "roblox-oauth2"]
    assert poke["stability"] == "BETA"
    text = extractor.render(contract)
    assert text.endswith("}\n") and "dropped" not in text and text == extractor.render(contract)


def test_extractor_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extractor = load_extractor()
    spec_file = tmp_path / "openapi.json"
    spec_file.write_text(json.dumps(TINY_SPEC), encoding="utf-8")
    out = tmp_path / "contract.json"
    args = ["--spec", str(spec_file), "--out", str(out)]
    assert extractor.main([*args, "--check"]) == 1
    assert extractor.main(args) == 0
    assert extractor.main([*args, "--check"]) == 0
    out.write_text(out.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert extractor.main([*args, "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
