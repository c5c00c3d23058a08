"""OAuth2 apps ("Sign in with Roblox") in both twins, against the emulator's OAuth2 area."""

from __future__ import annotations

import base64
import hashlib
import logging
import sys
import traceback
from datetime import datetime, timedelta, timezone
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from tests.conftest import close, collect, rejected_before_io, resolve
from tests.contract.checker import ContractTransport

from rblxopencloudasync._shared import oauth2 as shared
from rblxopencloudasync.emulator import (
    DEMO_OAUTH2_CLIENT_ID,
    DEMO_OAUTH2_CLIENT_SECRET,
    DEMO_OAUTH2_REDIRECT_URI,
    DEMO_UNIVERSE_ID,
    Emulator,
    Fault,
    MessagingArea,
    OAuth2Area,
)

USER_ID = 287113233
REDIRECT = DEMO_OAUTH2_REDIRECT_URI
VERIFIER_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def make_app(oc: ModuleType, transport: Any, **options: Any) -> Any:
    return oc.OAuth2App(
        DEMO_OAUTH2_CLIENT_ID, DEMO_OAUTH2_CLIENT_SECRET, REDIRECT, transport=transport, **options
    )


def browse(transport: Any, method: str, url: str, **form: str) -> httpx.Response:
    """One request of the user's browser."""
    with httpx.Client(transport=transport, base_url="https://apis.roblox.com") as browser:
        return browser.request(method, url, data=form or None)


def visit(transport: Any, uri: str) -> dict[str, str]:
    """Follow an authorization URI as the user's browser: the consent page approves
    at once and redirects; returns the redirect's query (``code``, ``state``)."""
    with httpx.Client(transport=transport) as browser:
        answer = browser.get(uri)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


async def sign_in(
    app: Any,
    transport: Any,
    scope: Any = ("openid", "profile"),
    *,
    pkce: bool = True,
    state: str | None = None,
) -> Any:
    """The whole sign-in: URI, consent, exchange. Returns the `AccessToken`."""
    verifier = app.generate_code_verifier() if pkce else None
    uri = app.generate_uri(list(scope), state=state, code_verifier=verifier)
    code = visit(transport, uri)["code"]
    return await resolve(app.exchange_code(code, code_verifier=verifier))


@pytest.fixture
async def app(oc: ModuleType, contract: ContractTransport) -> Any:
    made = make_app(oc, contract)
    yield made
    await close(made)


# -- the full flow ------------------------------------------------------------------


@pytest.mark.parametrize("pkce", [True, False], ids=["pkce", "secret-only"])
async def test_full_login_flow(
    oc: Any, app: Any, contract: ContractTransport, emulator: Emulator, pkce: bool
) -> None:
    verifier = app.generate_code_verifier() if pkce else None
    uri = app.generate_uri(["openid", "profile"], state="csrf-123", code_verifier=verifier)
    query = parse_qs(urlsplit(uri).query)
    assert uri.startswith("https://apis.roblox.com/oauth/v1/authorize?")
    assert query["client_id"] == [str(DEMO_OAUTH2_CLIENT_ID)] and query["response_type"] == ["code"]
    assert query["scope"] == ["openid profile"] and query["state"] == ["csrf-123"] and "nonce" in query
    assert ("code_challenge" in query) is pkce
    if pkce:
        assert query["code_challenge_method"] == ["S256"]
        assert query["code_challenge"] == [shared.code_challenge(verifier)]

    redirect = visit(contract, uri)
    assert redirect["state"] == "csrf-123"
    access = await resolve(app.exchange_code(redirect["code"], code_verifier=verifier))
    assert isinstance(access, oc.AccessToken) and isinstance(access, oc.PartialAccessToken)
    assert access.app is app and access.scope == ["openid", "profile"]
    assert access.expires_at.tzinfo is not None
    remaining = access.expires_at - datetime.now(timezone.utc)
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    assert isinstance(access.user, oc.User) and access.user.id == USER_ID
    assert access.user.username == "demo_user" and access.user.display_name == "Demo User"
    assert access.user.headshot_uri.startswith("https://")

    me = await resolve(access.fetch_userinfo())
    assert isinstance(me, oc.User) and me.id == USER_ID and me.username == "demo_user"

    resources = await resolve(access.fetch_resources())
    assert isinstance(resources, oc.Resources)
    assert [type(e) for e in resources.experiences] == [oc.Experience]
    assert [e.id for e in resources.experiences] == [DEMO_UNIVERSE_ID]
    assert resources.experiences[0].owner == oc.User(USER_ID, "k")
    assert [(type(a), a.id) for a in resources.accounts] == [(oc.User, USER_ID)]

    # Act as the user: the handles send the access token.
    await resolve(resources.experiences[0].publish_message("exampletopic", "exampledata"))
    assert [m.message for m in emulator.area(MessagingArea).published(DEMO_UNIVERSE_ID)] == ["exampledata"]
    assert emulator.requests[-1].headers["authorization"] == "***"
    items = await collect(access.user.list_inventory(limit=2))
    assert len(items) == 2

    info = await resolve(access.fetch_token_info())
    assert isinstance(info, oc.AccessTokenInfo) and info.active
    assert (info.client_id, info.user_id, info.scope) == (
        DEMO_OAUTH2_CLIENT_ID,
        USER_ID,
        ["openid", "profile"],
    )
    assert info.expires_at > info.issued_at and info.id

    refreshed = await resolve(app.refresh_token(access.refresh_token))
    assert refreshed.token != access.token and refreshed.refresh_token != access.refresh_token
    assert refreshed.user is not None and refreshed.user.id == USER_ID
    with pytest.raises(oc.InvalidCode):  # a refresh token is single-use
        await resolve(app.refresh_token(access.refresh_token))

    await resolve(refreshed.revoke())
    assert not (await resolve(refreshed.fetch_token_info())).active
    with pytest.raises(oc.Forbidden) as denied:
        await resolve(resources.experiences[0].publish_message("exampletopic", "again"))
    assert denied.value.status_code == 401
    with pytest.raises(oc.InvalidCode):
        await resolve(app.refresh_token(refreshed.refresh_token))


async def test_revoke_refresh_token_ends_the_grant(oc: Any, app: Any, contract: ContractTransport) -> None:
    access = await sign_in(app, contract)
    await resolve(access.revoke_refresh_token())
    assert not (await resolve(access.fetch_token_info())).active
    with pytest.raises(oc.InvalidCode):
        await resolve(app.refresh_token(access.refresh_token))
    await resolve(app.revoke_token(access.refresh_token))  # revoking again is harmless


async def test_stored_access_token_string(oc: Any, app: Any, contract: ContractTransport) -> None:
    access = await sign_in(app, contract)
    partial = app.from_access_token_string(str(access.token))
    assert type(partial) is oc.PartialAccessToken and partial.token == access.token
    assert (await resolve(partial.fetch_userinfo())).id == USER_ID
    assert (await resolve(partial.fetch_token_info())).user_id == USER_ID
    await resolve(partial.revoke())
    with pytest.raises(oc.Forbidden):
        await resolve(partial.fetch_userinfo())


async def test_without_openid_there_is_no_user(oc: Any, app: Any, contract: ContractTransport) -> None:
    access = await sign_in(app, contract, scope=["universe-messaging-service:publish"])
    assert access.user is None and access.scope == ["universe-messaging-service:publish"]
    with pytest.raises(oc.Forbidden):
        await resolve(access.fetch_userinfo())
    uri = app.generate_uri("universe-messaging-service:publish", generate_code=False)
    assert "nonce" not in uri and "response_type=none" in uri
    assert "code" not in visit(contract, uri)


async def test_bearer_calls_outside_the_grant_are_forbidden(
    oc: Any, app: Any, contract: ContractTransport, emulator: Emulator
) -> None:
    emulator.area(OAuth2Area).set_consent(USER_ID, universe_ids=[], include_user=False)
    access = await sign_in(app, contract)
    resources = await resolve(access.fetch_resources())
    assert resources.experiences == [] and resources.accounts == []
    experience = oc.Experience(DEMO_UNIVERSE_ID, "unused", transport=contract)
    bound = type(experience)._bind(access._client, DEMO_UNIVERSE_ID)
    with pytest.raises(oc.Forbidden) as denied:
        await resolve(bound.publish_message("topic", "hi"))
    assert denied.value.status_code == 403 and denied.value.error_code == "PERMISSION_DENIED"
    with pytest.raises(oc.Forbidden):
        await collect(access.user.list_inventory())
    assert emulator.area(MessagingArea).published(DEMO_UNIVERSE_ID) == []
    await close(experience)


# -- codes ----------------------------------------------------------------------------


async def test_codes_are_single_use(oc: Any, app: Any, contract: ContractTransport) -> None:
    verifier = app.generate_code_verifier()
    code = visit(contract, app.generate_uri(["openid"], code_verifier=verifier))["code"]
    first = await resolve(app.exchange_code(code, code_verifier=verifier))
    with pytest.raises(oc.InvalidCode) as reused:
        await resolve(app.exchange_code(code, code_verifier=verifier))
    assert reused.value.status_code == 400 and reused.value.error_code == "invalid_grant"
    assert "already used" in str(reused.value)
    # A replayed code revokes what it issued.
    assert not (await resolve(first.fetch_token_info())).active
    with pytest.raises(oc.InvalidCode):
        await resolve(app.exchange_code("no-such-code"))


async def test_pkce_verifier_must_match(oc: Any, app: Any, contract: ContractTransport) -> None:
    verifier = app.generate_code_verifier(43)
    code = visit(contract, app.generate_uri(["openid"], code_verifier=verifier))["code"]
    with pytest.raises(oc.InvalidCode):
        await resolve(app.exchange_code(code, code_verifier=app.generate_code_verifier()))
    code = visit(contract, app.generate_uri(["openid"], code_verifier=verifier))["code"]
    with pytest.raises(oc.InvalidCode):
        await resolve(app.exchange_code(code))  # the challenge needs its verifier


async def test_codes_expire_after_a_minute(oc: Any) -> None:
    now = [datetime.now(timezone.utc)]
    emulator = Emulator(clock=lambda: now[0])
    app = make_app(oc, ContractTransport(emulator.transport()))
    code = visit(emulator.transport(), app.generate_uri(["profile"]))["code"]
    now[0] += timedelta(seconds=61)
    with pytest.raises(oc.InvalidCode) as expired:
        await resolve(app.exchange_code(code))
    assert "expired" in str(expired.value)
    await close(app)


async def test_wrong_client_secret_is_forbidden(oc: Any, contract: ContractTransport) -> None:
    app = oc.OAuth2App(DEMO_OAUTH2_CLIENT_ID, "not-the-secret", REDIRECT, transport=contract)
    code = visit(contract, app.generate_uri(["profile"]))["code"]
    with pytest.raises(oc.Forbidden) as denied:
        await resolve(app.exchange_code(code))
    assert denied.value.status_code == 401 and denied.value.error_code == "invalid_client"
    await close(app)


async def test_apps_are_registered_with_the_emulator(
    oc: Any, emulator: Emulator, contract: ContractTransport
) -> None:
    emulator.add_oauth_app(42, "s3cret", ["http://localhost:5000/callback"])
    app = oc.OAuth2App(42, "s3cret", "http://localhost:5000/callback", transport=contract)
    access = await sign_in(app, contract)
    assert access.user.id == USER_ID
    other = oc.OAuth2App(42, "s3cret", "http://localhost:5000/elsewhere", transport=contract)
    assert browse(contract, "GET", other.generate_uri(["openid"])).status_code == 400  # unregistered redirect
    await close(app)
    await close(other)


async def test_consent_page_when_not_approved_at_once(emulator: Emulator) -> None:
    area = emulator.area(OAuth2Area)
    area.auto_approve = False
    import rblxopencloud

    app = make_app(rblxopencloud, emulator.transport())
    uri = app.generate_uri(["openid"], state="s")
    page = browse(emulator.transport(), "GET", uri)
    assert page.status_code == 200 and "<form" in page.text and "Allow" in page.text
    fields = {name: values[0] for name, values in parse_qs(urlsplit(uri).query).items()}
    allowed = browse(emulator.transport(), "POST", "/oauth/v1/authorize", **fields)
    assert allowed.status_code == 302 and "code=" in allowed.headers["location"]
    assert area.auto_approve is False
    app.close()


# -- id tokens ------------------------------------------------------------------------

FORGERIES = {
    "other-key": "signature does not verify",
    "unknown-kid": "not among Roblox's signing keys",
    "other-client": "another client",
    "expired": "expired",
    "unsigned": "unsigned",
    "hs256": "not ES256",
    "wrong-nonce": "nonce",
    "wrong-issuer": "issued by",
    "not-a-jwt": "not a JSON Web Token",
}


@pytest.mark.parametrize("variant", list(FORGERIES))
async def test_untrustworthy_id_tokens_are_rejected(
    oc: Any, app: Any, contract: ContractTransport, emulator: Emulator, variant: str
) -> None:
    await sign_in(app, contract)  # the app knows Roblox's keys
    emulator.area(OAuth2Area).forge_id_token(variant)
    with pytest.raises(oc.InvalidIdToken) as rejected:
        await sign_in(app, contract)
    assert FORGERIES[variant] in str(rejected.value)
    assert isinstance(rejected.value, oc.BaseException)
    assert rejected.value.__context__ is None  # nothing chains to frames holding the token


async def test_a_nonce_is_accepted_once(oc: Any, app: Any, contract: ContractTransport) -> None:
    uri = app.generate_uri(["openid"])
    first, second = visit(contract, uri)["code"], visit(contract, uri)["code"]
    await resolve(app.exchange_code(first))
    with pytest.raises(oc.InvalidIdToken, match="already used"):
        await resolve(app.exchange_code(second))


def test_nonces_are_bound_to_the_app_the_verifier_and_time() -> None:
    verifier, now = "v" * 43, 1_700_000_000.0
    nonce = shared.make_nonce("secret", verifier, now)
    assert shared.nonce_problem("secret", nonce, verifier, now + 5) is None
    assert "code_verifier" in shared.nonce_problem("secret", nonce, "w" * 43, now)
    assert "code_verifier" in shared.nonce_problem("secret", nonce, None, now)
    assert shared.nonce_problem("other-secret", nonce, verifier, now) is not None
    assert "older" in shared.nonce_problem("secret", nonce, verifier, now + 3600)
    assert "future" in shared.nonce_problem("secret", nonce, verifier, now - 3600)
    assert shared.nonce_problem("secret", "abc", verifier, now) is not None
    assert shared.nonce_problem("secret", 5, verifier, now) is not None


async def test_signing_keys_are_cached_and_refetched_on_a_new_kid(
    oc: Any, app: Any, contract: ContractTransport, emulator: Emulator
) -> None:
    area = emulator.area(OAuth2Area)
    await sign_in(app, contract)
    await sign_in(app, contract)
    assert area.certs_fetches == 1
    area.rotate_signing_key()  # Roblox rotated its keys: one more fetch, then cached again
    await sign_in(app, contract)
    await sign_in(app, contract)
    assert area.certs_fetches == 2
    area.forge_id_token("unknown-kid")  # an unknown kid is looked up once, not in a loop
    with pytest.raises(oc.InvalidIdToken):
        await sign_in(app, contract)
    assert area.certs_fetches == 3


async def test_certs_cache_lifetime(oc: Any, contract: ContractTransport, emulator: Emulator) -> None:
    app = make_app(oc, contract)
    uncached = oc.OAuth2App(
        DEMO_OAUTH2_CLIENT_ID,
        DEMO_OAUTH2_CLIENT_SECRET,
        REDIRECT,
        openid_certs_cache_seconds=0,
        transport=contract,
    )
    assert uncached.openid_certs_cache_seconds == 0 and app.openid_certs_cache_seconds == 3600
    await sign_in(uncached, contract)
    await sign_in(uncached, contract)
    assert emulator.area(OAuth2Area).certs_fetches == 2
    await close(app)
    await close(uncached)


async def test_missing_pyjwt_names_the_extra(
    oc: Any, app: Any, contract: ContractTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in(app, contract)  # the emulator made its keys while PyJWT was there
    uri = app.generate_uri(["openid"])
    code = visit(contract, uri)["code"]
    monkeypatch.setitem(sys.modules, "jwt", None)
    with pytest.raises(ImportError, match=r"rblx-open-cloud\[oauth2\]"):
        await resolve(app.exchange_code(code))


# -- retries ----------------------------------------------------------------------------


@pytest.mark.parametrize("call", ["exchange", "refresh", "revoke"])
async def test_token_writes_are_never_resent_after_a_lost_answer(
    oc: Any, app: Any, contract: ContractTransport, emulator: Emulator, call: str
) -> None:
    access = await sign_in(app, contract)
    code = visit(contract, app.generate_uri(["openid"]))["code"]
    path = "/oauth/v1/token/revoke" if call == "revoke" else "/oauth/v1/token$"
    emulator.inject(Fault(transport_error="read_timeout", method="POST", path=path))
    before = len(emulator.requests)
    with pytest.raises(oc.NetworkError):
        if call == "exchange":
            await resolve(app.exchange_code(code))
        elif call == "refresh":
            await resolve(app.refresh_token(access.refresh_token))
        else:
            await resolve(app.revoke_token(access.refresh_token))
    assert len(emulator.requests) == before + 1


async def test_reads_are_retried(oc: Any, app: Any, contract: ContractTransport, emulator: Emulator) -> None:
    access = await sign_in(app, contract)
    emulator.inject(Fault(status=503, path="/oauth/v1/token/introspect"))
    assert (await resolve(access.fetch_token_info())).active


# -- hygiene ----------------------------------------------------------------------------

SECRET = "client-secret-do-not-print-8c1d"


def _sdk_locals(error: BaseException) -> list[str]:
    """The reprs of every local variable of the SDK's frames in the traceback of
    ``error`` and of the exceptions chained to it."""
    texts = []
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        for frame, _ in traceback.walk_tb(current.__traceback__):
            module = frame.f_globals.get("__name__", "")
            if module.startswith("rblxopencloud") and ".emulator" not in module:
                texts += [f"{name}={value!r}" for name, value in frame.f_locals.items()]
        pending += [current.__cause__, current.__context__]
    return texts


async def test_secrets_never_show(oc: Any, emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.add_oauth_app(77, SECRET, [REDIRECT])
    transport = ContractTransport(emulator.transport())
    app = oc.OAuth2App(77, SECRET, REDIRECT, transport=transport)
    verifier = app.generate_code_verifier()
    uri = app.generate_uri(["openid", "profile"], code_verifier=verifier)
    code = visit(transport, uri)["code"]
    access = await resolve(app.exchange_code(code, code_verifier=verifier))
    resources = await resolve(access.fetch_resources())
    info = await resolve(access.fetch_token_info())
    secrets = [SECRET, verifier, code, access.token, access.refresh_token]
    secrets.append(base64.b64encode(f"77:{SECRET}".encode()).decode())
    texts = [
        repr(app),
        str(app),
        repr(vars(app)),
        repr(access),
        repr(vars(access)),
        repr(resources),
        repr(info),
    ]
    texts += [repr(vars(access.user)), repr(app._client), repr(access._client), repr(verifier)]

    errors: list[BaseException] = []

    async def failing(call: Any) -> None:
        try:
            await resolve(call())
        except oc.BaseException as error:
            errors.append(error)
        else:
            raise AssertionError("expected an SDK error")

    await failing(lambda: app.exchange_code(code, code_verifier=verifier))  # reused: InvalidCode
    code2 = visit(transport, app.generate_uri(["openid"]))["code"]
    emulator.area(OAuth2Area).forge_id_token("other-key")
    await failing(lambda: app.exchange_code(code2))  # InvalidIdToken
    emulator.inject(Fault(transport_error="read_timeout", path="/oauth/v1/token$"))
    await failing(lambda: app.refresh_token(access.refresh_token))  # NetworkError
    body = {"access_token": access.token, "refresh_token": access.refresh_token, "token_type": "mac"}
    emulator.inject(Fault(status=200, body=body, path="/oauth/v1/token$"))
    await failing(lambda: app.refresh_token(access.refresh_token))  # UnexpectedResponse
    await failing(lambda: app.refresh_token("nope"))  # InvalidCode
    emulator.inject(Fault(status=500, times=3, path="/oauth/v1/token/revoke"))
    await failing(lambda: app.revoke_token(access.refresh_token))  # ServerError
    assert {type(e).__name__ for e in errors} >= {"InvalidCode", "InvalidIdToken", "UnexpectedResponse"}
    for error in errors:
        texts += [str(error), repr(error), repr(vars(error)), *_sdk_locals(error)]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(r) for r in emulator.requests]
    assert caplog.records
    for text in texts:
        for secret in secrets:
            assert secret not in text, text
    await close(app)


# -- arguments ---------------------------------------------------------------------------


def test_code_verifiers_follow_rfc_7636(oc: Any) -> None:
    app = oc.OAuth2App(1, "s", REDIRECT)
    for length in (43, 64, 128, None):
        verifier = app.generate_code_verifier(length)
        assert len(verifier) == (length or 128) and set(verifier) <= VERIFIER_CHARS
    assert len(app.generate_code_verifier()) == 128
    assert app.generate_code_verifier() != app.generate_code_verifier()
    verifier = app.generate_code_verifier()
    digest = hashlib.sha256(str(verifier).encode("ascii")).digest()
    assert shared.code_challenge(verifier) == base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def test_bad_input_is_rejected_before_any_request(oc: Any, emulator: Emulator) -> None:
    app = make_app(oc, emulator.transport())
    cases: list[tuple[Any, type[Exception]]] = [
        (lambda: oc.OAuth2App(0, "s", REDIRECT), ValueError),
        (lambda: oc.OAuth2App(True, "s", REDIRECT), TypeError),
        (lambda: oc.OAuth2App(1, "", REDIRECT), ValueError),
        (lambda: oc.OAuth2App(1, None, REDIRECT), TypeError),
        (lambda: oc.OAuth2App(1, "s", "/relative"), ValueError),
        (lambda: oc.OAuth2App(1, "s", "https://x.example/#frag"), ValueError),
        (lambda: oc.OAuth2App(1, "s", REDIRECT, openid_certs_cache_seconds=-1), ValueError),
        (lambda: app.generate_code_verifier(42), ValueError),
        (lambda: app.generate_code_verifier(129), ValueError),
        (lambda: app.generate_code_verifier("64"), TypeError),
        (lambda: app.generate_uri([]), ValueError),
        (lambda: app.generate_uri(""), ValueError),
        (lambda: app.generate_uri([1]), TypeError),
        (lambda: app.generate_uri(["open id"]), ValueError),
        (lambda: app.generate_uri(None), TypeError),
        (lambda: app.generate_uri(["openid"], state=5), TypeError),
        (lambda: app.generate_uri(["openid"], generate_code=1), TypeError),
        (lambda: app.generate_uri(["openid"], code_verifier="short"), ValueError),
        (lambda: app.generate_uri(["openid"], code_verifier="x" * 42 + "!"), ValueError),
        (lambda: app.exchange_code(123), TypeError),
        (lambda: app.exchange_code(""), ValueError),
        (lambda: app.exchange_code("code", code_verifier="a b" * 20), ValueError),
        (lambda: app.refresh_token(None), TypeError),
        (lambda: app.refresh_token("two words"), ValueError),
        (lambda: app.revoke_token(b"token"), TypeError),
        (lambda: app.from_access_token_string(""), ValueError),
    ]
    for index, (call, error) in enumerate(cases):
        await rejected_before_io(call, error, emulator, f"case {index}")
    await close(app)


async def test_the_app_is_an_entry_point(oc: Any, contract: ContractTransport) -> None:
    app = make_app(oc, contract)
    copy = app.with_options(max_retries=0)
    assert copy.id == app.id and copy._client.policy.max_retries == 0
    assert (await sign_in(copy, contract)).user.id == USER_ID
    if oc.__name__ == "rblxopencloudasync":
        async with app as entered:
            assert entered is app
    else:
        with app as entered:
            assert entered is app
    await close(app)


# -- the seeds' snippets (guides/oauth2.md of the package we replace) ---------------------


async def test_seed_snippets(oc: Any, contract: ContractTransport, emulator: Emulator) -> None:
    # from rblxopencloud import OAuth2App; the client ID of the emulator's demo app, its transport
    rblxapp = oc.OAuth2App(
        DEMO_OAUTH2_CLIENT_ID, "your-client-secret", "https://example.com/redirect", transport=contract
    )

    # Flask login route: the redirect target
    login_target = rblxapp.generate_uri(["openid", "profile"])
    assert login_target.startswith("https://apis.roblox.com/oauth/v1/authorize?")
    # Flask redirect route: request.args.get('code')
    access = await resolve(rblxapp.exchange_code(visit(contract, login_target)["code"]))

    # Access user profile data
    assert (access.user.id, access.user.username) == (USER_ID, "demo_user")
    assert access.user.headshot_uri

    # List the user's inventory and group memberships with the access token
    for item in (await collect(access.user.list_inventory()))[:3]:
        assert item.id
    memberships = await collect(access.user.list_groups())
    assert memberships and all(isinstance(m, oc.GroupMember) and m.id == USER_ID for m in memberships)

    # Fetch authorized resources, then publish to authorized experiences
    resources = await resolve(access.fetch_resources())
    assert resources.experiences and resources.accounts
    for experience in resources.experiences:
        await resolve(experience.publish_message("exampletopic", "exampledata"))
    assert emulator.area(MessagingArea).published(DEMO_UNIVERSE_ID, "exampletopic")

    # PKCE: generate the URI, then exchange the code with the verifier
    code_verifier = rblxapp.generate_code_verifier()
    uri = rblxapp.generate_uri(["openid", "profile"], code_verifier=code_verifier)
    access = await resolve(rblxapp.exchange_code(visit(contract, uri)["code"], code_verifier=code_verifier))

    # Refresh with the stored refresh token, then revoke
    access = await resolve(rblxapp.refresh_token(access.refresh_token))
    await resolve(access.revoke())
    assert not (await resolve(access.fetch_token_info())).active
    await close(rblxapp)
