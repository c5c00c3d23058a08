"""The secrets store (list, public key, create, update, delete) against the emulator, in both twins."""

from __future__ import annotations

import base64
import logging
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from nacl import encoding, public
from tests.conftest import API_KEY, collect, rejected_before_io, resolve

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator._secrets import SecretArea

U = DEMO_UNIVERSE_ID
SECRETS = f"/cloud/v2/universes/{U}/secrets"


def area(emulator: Emulator) -> SecretArea:
    found: SecretArea = emulator.area(SecretArea)
    return found


def calls(emulator: Emulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in emulator.requests]


def seal(public_key: bytes, plain: bytes) -> bytes:
    """What a user encrypting by hand does (the seed's example)."""
    box = public.SealedBox(public.PublicKey(public_key, encoding.Base64Encoder()))
    return base64.b64encode(box.encrypt(plain))


# -- public key -----------------------------------------------------------------------


async def test_fetch_public_key(experience: Any, emulator: Emulator) -> None:
    key_id, key = await resolve(experience.fetch_secrets_public_key())
    assert isinstance(key_id, str) and isinstance(key, bytes)
    assert (key_id, key.decode()) == area(emulator).public_key(U)
    assert len(base64.b64decode(key)) == 32
    assert experience._secrets_public_key == (key_id, key)


async def test_manual_encryption_with_key_id(experience: Any, emulator: Emulator) -> None:
    key_id, key = await resolve(experience.fetch_secrets_public_key())
    created = await resolve(experience.create_secret("manual", seal(key, b"by hand"), key_id=key_id))
    assert created.id == "manual"
    assert area(emulator).secret_value(U, "manual") == b"by hand"
    sent = emulator.requests[-1].json
    assert sent["key_id"] == key_id
    # str ciphertext works too, for update
    await resolve(experience.update_secret("manual", seal(key, b"again").decode(), key_id=key_id))
    assert area(emulator).secret_value(U, "manual") == b"again"


# -- create -----------------------------------------------------------------------------


async def test_create_encrypts_plain_text(oc: Any, experience: Any, emulator: Emulator) -> None:
    created = await resolve(experience.create_secret("discord_token", "hunter2 – ünïcode"))
    assert isinstance(created, oc.Secret)
    assert created.id == "discord_token"
    assert created.domain == "*"
    assert isinstance(created.created_at, datetime) and created.created_at.tzinfo is not None
    assert created.updated_at == created.created_at
    assert created.experience is experience
    assert area(emulator).secret_value(U, "discord_token") == "hunter2 – ünïcode".encode()
    assert calls(emulator) == [f"GET {SECRETS}/public-key", f"POST {SECRETS}"]
    sent = emulator.requests[-1].json
    assert set(sent) == {"id", "secret", "key_id", "domain"}
    assert sent["key_id"] == area(emulator).public_key(U)[0]
    assert "hunter2" not in sent["secret"]


async def test_public_key_is_cached(experience: Any, emulator: Emulator) -> None:
    await resolve(experience.create_secret("a", "1"))
    await resolve(experience.create_secret("b", "2"))
    await resolve(experience.update_secret("a", "3"))
    assert calls(emulator).count(f"GET {SECRETS}/public-key") == 1
    assert area(emulator).secret_value(U, "a") == b"3"


async def test_create_binary_secret_and_domains(experience: Any, emulator: Emulator) -> None:
    raw = bytes(range(256)) * 4  # 1,024 bytes, not UTF-8
    private = await resolve(experience.create_secret("private_key", raw, domain=""))
    assert private.domain == ""
    assert area(emulator).secret_value(U, "private_key") == raw
    scoped = await resolve(experience.create_secret("_api", "x" * 1024, domain="*.example.com"))
    assert scoped.domain == "*.example.com"
    listed = {s.id: s.domain for s in await collect(experience.list_secrets())}
    assert listed["private_key"] == "" and listed["_api"] == "*.example.com"


async def test_create_duplicate_is_conflict(oc: Any, experience: Any) -> None:
    await resolve(experience.create_secret("dup", "one"))
    with pytest.raises(oc.Conflict) as caught:
        await resolve(experience.create_secret("dup", "two"))
    assert caught.value.status_code == 409
    assert caught.value.error_code == "Conflict"
    assert "dup" in caught.value.message


async def test_create_beyond_500_is_rejected(oc: Any, experience: Any, emulator: Emulator) -> None:
    for index in range(499):  # plus the seeded one
        area(emulator).add_secret(U, f"s{index}", "v")
    with pytest.raises(oc.HttpException) as caught:
        await resolve(experience.create_secret("one_too_many", "v"))
    assert caught.value.status_code == 400
    assert "500" in caught.value.message


async def test_create_is_not_retried_on_server_error(oc: Any, experience: Any, emulator: Emulator) -> None:
    await resolve(experience.fetch_secrets_public_key())
    emulator.inject(Fault(status=503, method="POST", path="/secrets$", apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(experience.create_secret("once", "v"))
    assert calls(emulator).count(f"POST {SECRETS}") == 1
    assert area(emulator).secret_value(U, "once") == b"v"


# -- update -----------------------------------------------------------------------------


async def test_update_secret(oc: Any, experience: Any, emulator: Emulator) -> None:
    await resolve(experience.create_secret("token", "old", domain="api.example.com"))
    updated = await resolve(experience.update_secret("token", "new"))
    assert isinstance(updated, oc.Secret)
    assert updated.id == "token"
    assert updated.domain is None  # not changed, and the API does not say
    assert updated.updated_at is not None
    assert "domain" not in emulator.requests[-1].json
    assert area(emulator).secret_value(U, "token") == b"new"
    [listed] = [s for s in await collect(experience.list_secrets()) if s.id == "token"]
    assert listed.domain == "api.example.com"
    moved = await resolve(experience.update_secret("token", "newer", domain="*"))
    assert moved.domain == "*"
    assert emulator.requests[-1].json["domain"] == "*"


async def test_update_missing_is_not_found(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound) as caught:
        await resolve(experience.update_secret("nothing_here", "v"))
    assert caught.value.status_code == 404
    assert caught.value.error_code == "Not Found"


async def test_secret_object_update_and_delete(oc: Any, experience: Any, emulator: Emulator) -> None:
    created = await resolve(experience.create_secret("obj", "v1"))
    first_update = created.updated_at
    emulator_area = area(emulator)
    same = await resolve(created.update("v2", domain="*.roblox.com"))
    assert same is created
    assert created.domain == "*.roblox.com"
    assert created.updated_at is not None and created.updated_at >= first_update
    assert created.created_at is not None
    assert emulator_area.secret_value(U, "obj") == b"v2"
    await resolve(created.update("v3"))
    assert created.domain == "*.roblox.com"
    assert emulator_area.secret_value(U, "obj") == b"v3"
    assert await resolve(created.delete()) is None
    with pytest.raises(KeyError):
        emulator_area.secret_value(U, "obj")
    with pytest.raises(oc.NotFound):
        await resolve(created.delete())


# -- delete -----------------------------------------------------------------------------


async def test_delete_secret(oc: Any, experience: Any, emulator: Emulator) -> None:
    await resolve(experience.create_secret("gone", "v"))
    assert await resolve(experience.delete_secret("gone")) is None
    assert "gone" not in [s.id for s in await collect(experience.list_secrets())]
    with pytest.raises(oc.NotFound):
        await resolve(experience.delete_secret("gone"))
    with pytest.raises(oc.NotFound):
        await resolve(experience.update_secret("gone", "v"))


# -- list ---------------------------------------------------------------------------------


async def test_list_seeded_secret(oc: Any, experience: Any) -> None:
    [seeded] = await collect(experience.list_secrets())
    assert isinstance(seeded, oc.Secret)
    assert seeded.id == "example_api_key"
    assert seeded.domain == "*.example.com"
    assert seeded.created_at is not None and seeded.updated_at is not None
    assert seeded.experience is experience
    assert repr(seeded) == "<rblxopencloud.Secret id='example_api_key' domain='*.example.com'>"


async def test_list_pages_through_everything(experience: Any, emulator: Emulator) -> None:
    # The helper bypasses the 500 limit so that listing needs several 500-item pages.
    for index in range(1100):
        area(emulator).add_secret(U, f"k{index:04d}", "v")
    ids = [s.id for s in await collect(experience.list_secrets())]
    assert ids == sorted([f"k{i:04d}" for i in range(1100)] + ["example_api_key"])
    pages = [r for r in emulator.requests if r.path == SECRETS]
    assert len(pages) == 3
    assert [dict(r.query).get("limit") for r in pages] == ["500", "500", "500"]
    assert "cursor" not in dict(pages[0].query) and "cursor" in dict(pages[1].query)


async def test_list_limit(experience: Any, emulator: Emulator) -> None:
    for index in range(20):
        area(emulator).add_secret(U, f"k{index:02d}", "v")
    got = await collect(experience.list_secrets(limit=3))
    assert [s.id for s in got] == ["example_api_key", "k00", "k01"]
    assert [dict(r.query) for r in emulator.requests] == [{"limit": "3"}]
    assert await collect(experience.list_secrets(limit=0)) == []


async def test_list_forbidden(oc: Any, experience: Any, emulator: Emulator) -> None:
    body = {"type": "about:blank", "title": "Forbidden", "status": "403", "detail": "Missing scope."}
    emulator.inject(Fault(status=403, method="GET", path="/secrets$", body=body))
    with pytest.raises(oc.Forbidden) as caught:
        await collect(experience.list_secrets())
    assert caught.value.status_code == 403
    assert caught.value.error_code == "Forbidden"
    assert caught.value.message == "Missing scope."


async def test_public_key_forbidden(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path="/public-key$"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.create_secret("s", "v"))
    assert calls(emulator) == [f"GET {SECRETS}/public-key"]


# -- key rotation and the cache -----------------------------------------------------------------


async def test_rotated_key_is_refetched_once(experience: Any, emulator: Emulator) -> None:
    await resolve(experience.create_secret("before", "v"))
    new_key_id = area(emulator).rotate_key(U)
    emulator.requests.clear()
    await resolve(experience.create_secret("after", "rotated"))
    assert calls(emulator) == [f"POST {SECRETS}", f"GET {SECRETS}/public-key", f"POST {SECRETS}"]
    assert emulator.requests[-1].json["key_id"] == new_key_id
    assert area(emulator).secret_value(U, "after") == b"rotated"
    assert experience._secrets_public_key[0] == new_key_id
    # update takes the same path
    area(emulator).rotate_key(U)
    emulator.requests.clear()
    await resolve(experience.update_secret("before", "changed"))
    assert calls(emulator) == [
        f"PATCH {SECRETS}/before",
        f"GET {SECRETS}/public-key",
        f"PATCH {SECRETS}/before",
    ]
    assert area(emulator).secret_value(U, "before") == b"changed"


async def test_unrelated_400_is_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    await resolve(experience.fetch_secrets_public_key())
    body = {"type": "about:blank", "title": "Bad Request", "status": "400", "detail": "Something else."}
    emulator.inject(Fault(status=400, method="POST", path="/secrets$", body=body))
    emulator.requests.clear()
    with pytest.raises(oc.HttpException) as caught:
        await resolve(experience.create_secret("s", "v"))
    assert caught.value.status_code == 400 and caught.value.message == "Something else."
    # the key was checked again, was the same, so the write is not repeated
    assert calls(emulator) == [f"POST {SECRETS}", f"GET {SECRETS}/public-key"]


async def test_fresh_key_is_not_refetched_on_400(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=400, method="POST", path="/secrets$"))
    with pytest.raises(oc.HttpException):
        await resolve(experience.create_secret("s", "v"))
    assert calls(emulator) == [f"GET {SECRETS}/public-key", f"POST {SECRETS}"]


async def test_manual_stale_key_is_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    key_id, key = await resolve(experience.fetch_secrets_public_key())
    area(emulator).rotate_key(U)
    emulator.requests.clear()
    with pytest.raises(oc.HttpException) as caught:
        await resolve(experience.create_secret("s", seal(key, b"v"), key_id=key_id))
    assert caught.value.status_code == 400
    assert calls(emulator) == [f"POST {SECRETS}"]


async def test_fetch_public_key_refreshes_the_cache(experience: Any, emulator: Emulator) -> None:
    await resolve(experience.fetch_secrets_public_key())
    new_key_id = area(emulator).rotate_key(U)
    key_id, _ = await resolve(experience.fetch_secrets_public_key())
    assert key_id == new_key_id
    emulator.requests.clear()
    await resolve(experience.create_secret("s", "v"))
    assert calls(emulator) == [f"POST {SECRETS}"]


# -- validation before any request ------------------------------------------------------------------

BAD_CALLS: list[tuple[str, Callable[[Any], Any], type[Exception]]] = [
    ("id starts with digit", lambda e: e.create_secret("1abc", "v"), ValueError),
    ("empty id", lambda e: e.create_secret("", "v"), ValueError),
    ("id with dash", lambda e: e.create_secret("a-b", "v"), ValueError),
    ("id too long", lambda e: e.create_secret("a" * 65, "v"), ValueError),
    ("id not str", lambda e: e.create_secret(5, "v"), TypeError),
    ("id newline", lambda e: e.create_secret("abc\n", "v"), ValueError),
    ("secret not str", lambda e: e.create_secret("a", 5), TypeError),
    ("secret none", lambda e: e.create_secret("a", None), TypeError),
    ("secret empty", lambda e: e.create_secret("a", ""), ValueError),
    ("secret too long", lambda e: e.create_secret("a", "x" * 1025), ValueError),
    ("bytes too long", lambda e: e.create_secret("a", b"x" * 1025), ValueError),
    ("domain with scheme", lambda e: e.create_secret("a", "v", domain="https://x.com"), ValueError),
    ("domain with space", lambda e: e.create_secret("a", "v", domain="a b.com"), ValueError),
    ("domain inner wildcard", lambda e: e.create_secret("a", "v", domain="a.*.com"), ValueError),
    ("domain none on create", lambda e: e.create_secret("a", "v", domain=None), TypeError),
    ("domain not str", lambda e: e.update_secret("a", "v", domain=1), TypeError),
    ("key_id not str", lambda e: e.create_secret("a", "dg==", key_id=1), TypeError),
    ("key_id empty", lambda e: e.create_secret("a", "QUJD" * 20, key_id=""), ValueError),
    ("sealed not base64", lambda e: e.create_secret("a", "not base64!", key_id="k"), ValueError),
    ("sealed too short", lambda e: e.create_secret("a", base64.b64encode(b"x" * 10), key_id="k"), ValueError),
    ("sealed not ascii", lambda e: e.create_secret("a", "é".encode() * 40, key_id="k"), ValueError),
    ("update bad id", lambda e: e.update_secret("no spaces", "v"), ValueError),
    ("delete bad id", lambda e: e.delete_secret("../x"), ValueError),
    ("delete id not str", lambda e: e.delete_secret(None), TypeError),
    ("negative limit", lambda e: e.list_secrets(limit=-1), ValueError),
    ("limit not int", lambda e: e.list_secrets(limit="5"), TypeError),
]


@pytest.mark.parametrize(("name", "call", "error"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_input_fails_before_io(
    experience: Any, emulator: Emulator, name: str, call: Callable[[Any], Any], error: type[Exception]
) -> None:
    await rejected_before_io(lambda: call(experience), error, emulator, name)


async def test_longest_valid_inputs(experience: Any, emulator: Emulator) -> None:
    secret_id = "A" + "_9" * 31 + "z"
    assert len(secret_id) == 64
    await resolve(experience.create_secret(secret_id, "é" * 1024, domain="*"))
    assert area(emulator).secret_value(U, secret_id) == ("é" * 1024).encode()


# -- the plain text is never shown ----------------------------------------------------------------------

PLAIN = "PLAIN-TEXT-never-shown-7c1d9e"


async def test_plain_text_never_appears(
    oc: Any, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    exp = oc.Experience(U, API_KEY, transport=emulator.transport())
    texts: list[str] = []
    created = await resolve(exp.create_secret("hidden", PLAIN))
    texts += [repr(created), str(created), repr(vars(created))]
    for call in (
        lambda: exp.create_secret("hidden", PLAIN),  # 409
        lambda: exp.create_secret("bad-id", PLAIN),
        lambda: exp.create_secret("ok", PLAIN * 100),
        lambda: exp.create_secret("ok", PLAIN, key_id="k"),
        lambda: exp.update_secret("missing", PLAIN),
    ):
        with pytest.raises(Exception) as caught:
            await resolve(call())
        texts += [str(caught.value), repr(caught.value), repr(getattr(caught.value, "body", None))]
    emulator.inject(Fault(status=503, times=5))
    with pytest.raises(oc.ServerError) as failed:
        await resolve(exp.update_secret("hidden", PLAIN))
    texts += [str(failed.value), repr(failed.value), repr(vars(failed.value))]
    listed = await collect(exp.list_secrets())
    texts += [repr(listed), repr(exp), repr(exp.list_secrets())]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(r) for r in emulator.requests]
    assert caplog.records
    assert area(emulator).secret_value(U, "hidden") == PLAIN.encode()
    for text in texts:
        assert PLAIN not in text
        assert "PLAIN-TEXT" not in text
    assert not hasattr(created, "secret")
    await resolve(exp.aclose() if hasattr(exp, "aclose") else exp.close())


def test_nacl_is_imported_lazily() -> None:
    code = (
        "import sys, rblxopencloud, rblxopencloudasync;"
        "rblxopencloud.Experience; rblxopencloudasync.Experience;"
        "import rblxopencloud.secret, rblxopencloudasync.secret;"
        "print('nacl' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
