"""The asset API of `User` and `Group` (uploads, versions, archiving, Creator Store
products, quotas, permissions) and `Operation.wait()` on asset operations, in both
twins against the emulator; uploads also over real loopback HTTP on both backends."""

from __future__ import annotations

import asyncio
import importlib
import io
import itertools
import json
import re
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY, LOOPBACK_CLIENTS, close, collect, rejected_before_io, resolve
from tests.contract.checker import ContractTransport

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, AssetArea, Emulator, Fault

USER_ID, GROUP_ID = 287113233, 42  # the owners of the emulator's demo assets
LOGO, CHEST, THEME, BANNER = 17000000001, 17000000002, 17000000003, 17000000004
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
FBX = b"Kaydara FBX Binary  \x00" + bytes(200)
RBXM = b"<roblox!" + bytes(100)


class Capture(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Forwards to the contract-checked emulator and keeps every request with its body."""

    def __init__(self, inner: ContractTransport) -> None:
        self.inner = inner
        self.sent: list[tuple[httpx.Request, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request, request.read()))
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request, await request.aread()))
        return await self.inner.handle_async_request(request)


@pytest.fixture
def capture(contract: ContractTransport) -> Capture:
    return Capture(contract)


@pytest.fixture
async def user(oc: Any, capture: Capture) -> AsyncIterator[Any]:
    handle = oc.User(USER_ID, API_KEY, transport=capture)
    yield handle
    await close(handle)


@pytest.fixture
async def group(oc: Any, capture: Capture) -> AsyncIterator[Any]:
    handle = oc.Group(GROUP_ID, API_KEY, transport=capture)
    yield handle
    await close(handle)


def assets(emulator: Emulator) -> AssetArea:
    return emulator.area(AssetArea)


def parts(content_type: str, body: bytes) -> dict[str, tuple[dict[str, str], bytes]]:
    """A multipart body's parts by name: ``(headers, data)``."""
    boundary = re.search(r"boundary=([^;]+)", content_type)
    assert boundary is not None
    chunks = body.split(b"--" + boundary.group(1).encode())
    assert chunks[0] == b"" and chunks[-1] == b"--\r\n"
    found = {}
    for chunk in chunks[1:-1]:
        head, _, data = chunk[2:-2].partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        name = re.search(r'name="([^"]+)"', headers["Content-Disposition"])
        assert name is not None
        found[name.group(1)] = (headers, data)
    return found


class NoReadAll(io.BytesIO):
    """A file that refuses to be read whole: uploads must stream it."""

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and size >= 0, "the upload read the whole file into memory"
        return super().read(size)


# -- the seeds' snippets (rblx-open-cloud's README and user guide), ids and transport adapted --


async def test_seed_readme_upload_snippet(
    oc: Any, capture: Capture, emulator: Emulator, tmp_path: Path
) -> None:
    (tmp_path / "file.png").write_bytes(PNG)
    # create an User object with your user ID and your api key
    user = oc.User(USER_ID, api_key="api-key-from-step-2", transport=capture)
    # or, create a Group object:
    group = oc.Group(GROUP_ID, api_key="api-key-from-step-2", transport=capture)

    # this example is for uploading a decal (the seed also passes encoding="utf-8",
    # which Python refuses for binary files):
    with (tmp_path / "file.png").open("rb") as file:
        asset = await resolve(
            (await resolve(user.upload_asset(file, oc.AssetType.Decal, "name", "description"))).wait()
        )

    print(asset.id)
    assert isinstance(asset.id, int) and asset.creator is user
    assert assets(emulator).asset(asset.id).versions[0].size == len(PNG)
    with (tmp_path / "file.png").open("rb") as file:
        operation = await resolve(group.upload_asset(file, oc.AssetType.Decal, "name", "description"))
    assert (await resolve(operation.wait())).creator is group
    await close(user)
    await close(group)


async def test_seed_user_guide_upload_snippet(oc: Any, capture: Capture, tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(PNG)
    # Initialize the User object
    user = oc.User(USER_ID, "api-key", transport=capture)

    # Open the image file in binary read mode
    with (tmp_path / "image.png").open("rb") as file:
        # Upload the asset, specifying file, asset type, name, and description
        operation = await resolve(
            user.upload_asset(file, oc.AssetType.Decal, "asset name", "asset description")
        )

        # Wait for the upload operation to complete and get the asset details
        asset = await resolve(operation.wait())
        print(asset)
    assert re.fullmatch(r"<rblxopencloud\.Asset id=\d+ type=AssetType\.Decal>", repr(asset))
    assert (asset.name, asset.description) == ("asset name", "asset description")
    await close(user)


# -- uploads ----------------------------------------------------------------------------


async def test_upload_wire(oc: Any, user: Any, group: Any, capture: Capture) -> None:
    operation = await resolve(user.upload_asset(PNG, "Decal", "Logo", "Our logo", expected_robux_price=10))
    assert operation.path.startswith("/assets/v1/operations/")
    await resolve(group.upload_asset(FBX, oc.AssetType.Model, "Chest", ""))
    (first, first_body), (second, second_body) = capture.sent
    assert (first.method, first.url.path) == ("POST", "/assets/v1/assets")
    assert first.headers["content-length"] == str(len(first_body))
    assert "transfer-encoding" not in first.headers
    sent = parts(first.headers["content-type"], first_body)
    assert json.loads(sent["request"][1]) == {
        "assetType": "Decal",
        "displayName": "Logo",
        "description": "Our logo",
        "creationContext": {"creator": {"userId": USER_ID}, "expectedPrice": 10},
    }
    headers, data = sent["fileContent"]
    assert data == PNG and headers["Content-Type"] == "image/png"
    assert 'filename="upload.png"' in headers["Content-Disposition"]
    sent = parts(second.headers["content-type"], second_body)
    assert json.loads(sent["request"][1])["creationContext"]["creator"] == {"groupId": GROUP_ID}
    assert sent["fileContent"][0]["Content-Type"] == "model/fbx"


@pytest.mark.parametrize(
    ("name", "content", "asset_type", "content_type"),
    [
        ("song.mp3", b"ID3" + bytes(50), "Audio", "audio/mpeg"),
        ("song.OGG", b"anything", "Audio", "audio/ogg"),
        ("song.wav", b"RIFF\0\0\0\0WAVE", "Audio", "audio/wav"),
        ("song.flac", b"fLaC", "Audio", "audio/flac"),
        ("photo.jpg", b"\xff\xd8\xff" + bytes(20), "Image", "image/jpeg"),
        ("photo.bmp", b"BM" + bytes(20), "Decal", "image/bmp"),
        ("photo.tga", bytes(30), "Decal", "image/tga"),
        ("chest.gltf", b"{}", "Model", "model/gltf+json"),
        ("chest.glb", b"glTF" + bytes(20), "Model", "model/gltf-binary"),
        ("chest.rbxmx", b"<roblox version='4'>", "Model", "model/x-rbxm"),
        ("walk.rbxm", RBXM, "Animation", "model/x-rbxm"),
        ("clip.mp4", bytes(4) + b"ftypisom", "Video", "video/mp4"),
        ("clip.mov", bytes(4) + b"ftypqt  ", "Video", "video/mov"),
        ("", b"ID3" + bytes(50), "Audio", "audio/mpeg"),  # no name: told by its first bytes
        ("", bytes(4) + b"ftypqt  ", "Video", "video/mov"),
        ("notes.txt", PNG, "Decal", "image/png"),  # an unknown extension: its first bytes
    ],
)
async def test_upload_content_type_per_format(
    oc: Any,
    user: Any,
    capture: Capture,
    emulator: Emulator,
    name: str,
    content: bytes,
    asset_type: str,
    content_type: str,
) -> None:
    file = io.BytesIO(content)
    if name:
        file.name = f"/some/dir/{name}"
    asset = await resolve((await resolve(user.upload_asset(file, asset_type, "A", ""))).wait())
    request, body = capture.sent[0]
    headers, data = parts(request.headers["content-type"], body)["fileContent"]
    assert (headers["Content-Type"], data) == (content_type, content)
    if name:
        assert f'filename="{name}"' in headers["Content-Disposition"]
    assert asset.type is getattr(oc.AssetType, asset_type)
    assert assets(emulator).asset(asset.id).versions[0].content_type == content_type


async def test_upload_streams_a_seekable_file_from_its_position(
    oc: Any, user: Any, capture: Capture, emulator: Emulator
) -> None:
    file = NoReadAll(b"JUNK" + PNG)
    file.seek(4)
    asset = await resolve((await resolve(user.upload_asset(file, "Decal", "Logo", ""))).wait())
    record = assets(emulator).asset(asset.id)
    assert record.versions[0].size == len(PNG)
    request, body = capture.sent[0]
    assert parts(request.headers["content-type"], body)["fileContent"][1] == PNG


async def test_upload_reads_a_non_seekable_stream(
    oc: Any, user: Any, emulator: Emulator, tmp_path: Path
) -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    asset = await resolve(
        (await resolve(user.upload_asset(io.BufferedReader(Pipe(PNG)), "Decal", "L", ""))).wait()
    )
    assert assets(emulator).asset(asset.id).versions[0].size == len(PNG)


async def test_progress_callback(oc: Any, user: Any, capture: Capture) -> None:
    seen: list[tuple[int, int]] = []
    big = PNG + bytes(700_000)  # several chunks of the file
    await resolve(
        user.upload_asset(big, "Decal", "Big", "", progress=lambda sent, total: seen.append((sent, total)))
    )
    request, body = capture.sent[0]
    total = int(request.headers["content-length"])
    assert total == len(body) > len(big)
    assert len(seen) >= 4
    assert all(t == total for _, t in seen)
    sent = [s for s, _ in seen]
    assert sent == sorted(sent) and sent[-1] == total and sent[0] > 0


async def test_upload_is_never_resent_after_an_unknown_outcome(
    oc: Any, user: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    emulator.inject(Fault(status=503, method="POST", path="^/assets/v1/assets$", apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(user.upload_asset(PNG, "Decal", "Once", ""))
    assert len(emulator.requests) == 1 and sleeps == []
    assert [assets(emulator).asset(i).name for i in assets(emulator).asset_ids()].count("Once") == 1
    emulator.inject(Fault(transport_error="read_timeout", method="POST", path="^/assets/v1/assets$"))
    with pytest.raises(oc.NetworkError):
        await resolve(user.upload_asset(PNG, "Decal", "Twice?", ""))
    assert [assets(emulator).asset(i).name for i in assets(emulator).asset_ids()].count("Twice?") == 1


async def test_upload_rate_limit_is_retried_from_the_start(
    oc: Any, user: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    emulator.inject(Fault(status=429, method="POST", path="^/assets/v1/assets$", retry_after=2))
    seen: list[int] = []
    file = io.BytesIO(b"xx" + PNG)
    file.seek(2)
    operation = await resolve(user.upload_asset(file, "Decal", "L", "", progress=lambda s, t: seen.append(s)))
    asset = await resolve(operation.wait())
    assert sleeps[0] == 2 and len(emulator.requests) >= 2
    assert assets(emulator).asset(asset.id).versions[0].size == len(PNG)  # rewound to its start
    assert seen.count(seen[0]) == 2  # the second attempt counted again from the first chunk


async def test_upload_errors(oc: Any, user: Any, emulator: Emulator) -> None:
    named = io.BytesIO(b"GIF89a not a png")
    named.name = "logo.png"
    with pytest.raises(oc.InvalidFile) as info:  # a .png that is not a PNG
        await resolve(user.upload_asset(named, "Decal", "Logo", ""))
    assert info.value.status_code == 400
    with pytest.raises(oc.ModeratedText):
        await resolve(user.upload_asset(PNG, "Decal", "a badword here", ""))
    with pytest.raises(oc.ModeratedText):
        await resolve(user.upload_asset(PNG, "Decal", "Logo", "BADWORD"))
    assets(emulator).set_upload_limit("Decal", 100)
    with pytest.raises(oc.InvalidFile, match="too large"):
        await resolve(user.upload_asset(PNG, "Decal", "Logo", ""))
    bad_model = io.BytesIO(b"not a model")
    bad_model.name = "x.rbxm"
    with pytest.raises(oc.InvalidFile):
        await resolve(user.upload_asset(bad_model, "Model", "M", ""))
    # The fee is checked in the operation: it fails there, with the operation's error.
    assets(emulator).set_upload_price(25)
    operation = await resolve(
        user.upload_asset(b"ID3" + bytes(9), "Audio", "Song", "", expected_robux_price=10)
    )
    with pytest.raises(oc.HttpException, match="25 Robux") as failed:
        await resolve(operation.wait())
    assert type(failed.value) is oc.HttpException and failed.value.status_code == 400
    done = await resolve(user.upload_asset(b"ID3" + bytes(9), "Audio", "Song", "", expected_robux_price=25))
    assert (await resolve(done.wait())).type is oc.AssetType.Audio
    emulator.inject(Fault(status=403, method="POST", path="^/assets/v1/assets$"))
    with pytest.raises(oc.Forbidden):
        await resolve(user.upload_asset(PNG, "Decal", "L", ""))


def _text_file(tmp_path: Path) -> Any:
    path = tmp_path / "logo.png"
    path.write_bytes(PNG)
    return path.open("r", encoding="latin-1")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"asset_type": oc_type}, ValueError)
        for oc_type in ("Place", "Hat", "Plugin", "MeshPart", "Nope", "Unknown", "ASSET_TYPE_PLACE")
    ]
    + [
        ({"asset_type": 1}, TypeError),
        ({"asset_type": None}, TypeError),
        ({"file": b""}, ValueError),
        ({"file": io.BytesIO(b"")}, ValueError),
        ({"file": "logo.png"}, TypeError),
        ({"file": 42}, TypeError),
        ({"file": io.StringIO("text")}, TypeError),
        ({"file": b"GIF89a......"}, ValueError),  # a format decals do not take
        ({"file": FBX}, ValueError),  # a model file as a decal
        ({"name": ""}, ValueError),
        ({"name": "   "}, ValueError),
        ({"name": "x" * 51}, ValueError),
        ({"name": 5}, TypeError),
        ({"description": "x" * 1001}, ValueError),
        ({"description": None}, TypeError),
        ({"expected_robux_price": -1}, ValueError),
        ({"expected_robux_price": True}, TypeError),
        ({"expected_robux_price": 1.5}, TypeError),
        ({"progress": "print"}, TypeError),
    ],
)
async def test_upload_bad_input_is_refused_before_io(
    user: Any, emulator: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    call = {"file": PNG, "asset_type": "Decal", "name": "Logo", "description": "", **kwargs}
    await rejected_before_io(lambda: user.upload_asset(**call), error, emulator, f"upload_asset({kwargs})")


async def test_text_mode_file_is_refused(user: Any, emulator: Emulator, tmp_path: Path) -> None:
    with _text_file(tmp_path) as handle:
        await rejected_before_io(
            lambda: user.upload_asset(handle, "Decal", "L", ""), TypeError, emulator, "text"
        )


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda u: u.update_asset(CHEST), ValueError),
        (lambda u: u.update_asset(0, name="x"), ValueError),
        (lambda u: u.update_asset("1", name="x"), TypeError),
        (lambda u: u.update_asset(CHEST, name=""), ValueError),
        (lambda u: u.update_asset(CHEST, file=b"????"), ValueError),
        (lambda u: u.update_asset(CHEST, name="x", progress=1), TypeError),
        (lambda u: u.fetch_asset(-1), ValueError),
        (lambda u: u.fetch_asset(None), TypeError),
        (lambda u: u.list_asset_versions(0), ValueError),
        (lambda u: u.list_asset_versions(CHEST, limit=-1), ValueError),
        (lambda u: u.fetch_asset_version(CHEST, 0), ValueError),
        (lambda u: u.fetch_asset_version(CHEST, "1"), TypeError),
        (lambda u: u.rollback_asset(CHEST, 0), ValueError),
        (lambda u: u.archive_asset(True), TypeError),
        (lambda u: u.restore_asset(0), ValueError),
        (lambda u: u.fetch_creator_store_product("Hat", 5), ValueError),
        (lambda u: u.fetch_creator_store_product("Model", 0), ValueError),
        (lambda u: u.fetch_creator_store_product(3, 5), TypeError),
        (lambda u: u.grant_asset_permission(DEMO_UNIVERSE_ID, []), ValueError),
        (lambda u: u.grant_asset_permission(DEMO_UNIVERSE_ID, list(range(1, 102))), ValueError),
        (lambda u: u.grant_asset_permission(DEMO_UNIVERSE_ID, "12"), TypeError),
        (lambda u: u.grant_asset_permission(DEMO_UNIVERSE_ID, [0]), ValueError),
        (lambda u: u.grant_asset_permission(0, [CHEST]), ValueError),
        (lambda u: u.grant_asset_permission(DEMO_UNIVERSE_ID, [CHEST], grant_dependencies=1), TypeError),
        (lambda u: u.list_asset_quotas(quota_type="UPLOADS"), ValueError),
        (lambda u: u.list_asset_quotas(asset_type="Hat"), ValueError),
        (lambda u: u.list_asset_quotas(limit=-2), ValueError),
    ],
)
async def test_bad_input_is_refused_before_io(
    user: Any, emulator: Emulator, call: Any, error: type[Exception]
) -> None:
    await rejected_before_io(lambda: call(user), error, emulator, "asset call")


def test_creator_type_is_checked(oc: Any) -> None:
    with pytest.raises(ValueError, match="'User' or 'Group'"):
        oc.Creator(1, API_KEY, "Robot")


# -- operations: moderation, backoff, deadline, 429 -------------------------------------


async def test_operation_polls_with_backoff_until_moderation_is_done(oc: Any, sleeps: list[float]) -> None:
    emulator = Emulator(operation_polls=4)
    user = oc.User(USER_ID, API_KEY, transport=ContractTransport(emulator.transport()))
    operation = await resolve(user.upload_asset(PNG, "Decal", "Moderated", ""))
    asset_id = assets(emulator).asset_ids()[-1]
    assert assets(emulator).asset(asset_id).versions[0].moderation == "Reviewing"
    assert not operation.is_done
    asset = await resolve(operation.wait())
    assert asset.moderation_status is oc.ModerationStatus.Approved
    assert assets(emulator).asset(asset_id).versions[0].moderation == "Approved"
    assert len(sleeps) == 3 and sleeps[0] == 1.0
    assert all(later > earlier for earlier, later in itertools.pairwise(sleeps))  # never a tight loop
    assets(emulator).set_moderation_outcome("Rejected")
    rejected = await resolve((await resolve(user.upload_asset(PNG, "Decal", "Logo 2", ""))).wait())
    assert rejected.moderation_status is oc.ModerationStatus.Rejected
    await close(user)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> list[float]:
    """A fake monotonic clock for `Operation.wait` that the (recorded) sleeps advance."""
    now = [1000.0]

    class FakeTime:
        @staticmethod
        def monotonic() -> float:
            return now[0]

    async def asleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    for package in ("rblxopencloud", "rblxopencloudasync"):
        monkeypatch.setattr(f"{package}._operation.time", FakeTime)
    monkeypatch.setattr("rblxopencloudasync._operation.asleep", asleep)
    monkeypatch.setattr("rblxopencloud._operation.sleep", sleep)
    return now


async def test_wait_has_a_deadline(
    oc: Any, user: Any, emulator: Emulator, clock: list[float], sleeps: list[float]
) -> None:
    assets(emulator).set_moderation_polls(10_000)
    operation = await resolve(user.upload_asset(PNG, "Decal", "Slow", ""))
    with pytest.raises(oc.OperationTimeout, match="not done after 60"):
        await resolve(operation.wait())
    assert sum(sleeps) == pytest.approx(60)
    assert max(sleeps) <= 30 and len(sleeps) < 20  # backed off, capped, not a tight loop
    with pytest.raises(TimeoutError):  # OperationTimeout is a TimeoutError
        await resolve(operation.wait(timeout_seconds=5, interval_seconds=2, interval_exponent=2))


async def test_wait_honours_429_while_polling(
    oc: Any, capture: Capture, emulator: Emulator, clock: list[float], sleeps: list[float]
) -> None:
    user = oc.User(USER_ID, API_KEY, transport=capture, max_retries=0)
    assets(emulator).set_moderation_polls(2)
    operation = await resolve(user.upload_asset(PNG, "Decal", "Busy", ""))
    emulator.inject(Fault(status=429, method="GET", path="/assets/v1/operations/", retry_after=7, times=2))
    asset = await resolve(operation.wait())
    assert asset.name == "Busy"
    assert sleeps[:2] == [7, 7]  # the server's hint, not the (shorter) interval
    # Still limited at the deadline: the timeout says so, chained to the 429.
    late = await resolve(user.upload_asset(PNG, "Decal", "Late", ""))
    emulator.inject(Fault(status=429, method="GET", path="/assets/v1/operations/", retry_after=4, times=100))
    with pytest.raises(oc.OperationTimeout, match="rate limited") as info:
        await resolve(late.wait(timeout_seconds=10))
    assert isinstance(info.value.__cause__, oc.RateLimited)
    emulator.clear_faults()
    await close(user)


def test_operation_errors_map_to_upload_errors(oc: Any) -> None:
    """How an upload's error (its answer's, or its failed operation's) becomes an exception."""
    mapping = _upload_error()
    assert type(mapping({"code": 400, "message": '"InvalidImage"'})) is oc.InvalidFile
    assert type(mapping({"code": 400, "message": "AssetDescription is moderated."})) is oc.ModeratedText
    assert type(mapping({"code": 500, "message": "Internal error"})) is oc.HttpException
    assert mapping({"code": 500, "message": "Internal error"}).status_code == 500
    assert type(mapping("The file is corrupt")) is oc.InvalidFile


def _upload_error() -> Any:
    return importlib.import_module("rblxopencloudasync._shared.creator").upload_error


# -- assets, versions, archive ----------------------------------------------------------


async def test_fetch_asset_every_id_an_int_every_time_a_datetime(oc: Any, user: Any, group: Any) -> None:
    chest = await resolve(user.fetch_asset(CHEST))
    assert (chest.id, chest.name, chest.description) == (CHEST, "Treasure Chest", "A chest with a lid.")
    assert chest.type is oc.AssetType.Model  # sent as ASSET_TYPE_MODEL
    assert chest.moderation_status is oc.ModerationStatus.Approved  # MODERATION_STATE_APPROVED
    assert (
        chest.revision_id == 12 and chest.revision_time is not None and chest.revision_time.tzinfo is not None
    )
    assert chest.creator is user and not chest.is_archived and chest.icon_asset_id is None
    theme = await resolve(user.fetch_asset(THEME))  # a group's asset, read with a user's key
    assert isinstance(theme.creator, oc.Group) and theme.creator.id == GROUP_ID
    assert theme.creator._client is user._client  # the same pool
    assert (await resolve(group.fetch_asset(THEME))).creator is group
    # The operation's answer sends ids as strings and short enum names.
    uploaded = await resolve((await resolve(group.upload_asset(PNG, "Decal", "Banner", ""))).wait())
    assert isinstance(uploaded.id, int) and uploaded.revision_id == 1 and uploaded.creator is group


async def test_fetch_asset_errors(oc: Any, user: Any, emulator: Emulator) -> None:
    with pytest.raises(oc.NotFound):
        await resolve(user.fetch_asset(99))
    with pytest.raises(oc.NotFound) as info:
        await resolve(user.fetch_asset_version(CHEST, 99))
    assert info.value.message == "Asset version not found."
    with pytest.raises(oc.NotFound):
        await resolve(user.archive_asset(99))
    emulator.inject(Fault(status=403, path=f"/assets/v1/assets/{CHEST}"))
    with pytest.raises(oc.Forbidden):
        await resolve(user.fetch_asset(CHEST))


async def test_list_versions_across_pages(oc: Any, user: Any, emulator: Emulator) -> None:
    many = assets(emulator).add_asset("Model", "Many", ("userId", USER_ID), versions=120)
    versions = await collect(user.list_asset_versions(many))
    assert [v.version_number for v in versions] == list(range(120, 0, -1))
    listed = [r for r in emulator.requests if r.path.endswith("/versions")]
    assert len(listed) == 3 and dict(listed[0].query)["maxPageSize"] == "50"
    assert "pageToken" in dict(listed[1].query)
    first = versions[0]
    assert (first.asset_id, first.creator, first.published) == (many, user, False)
    assert first.moderation_status is oc.ModerationStatus.Approved
    assert repr(first) == f"<rblxopencloud.AssetVersion asset_id={many} version_number=120>"
    assert len(await collect(user.list_asset_versions(many, limit=5))) == 5
    asset = await resolve(user.fetch_asset(many))
    assert [v.version_number for v in await collect(asset.list_versions(limit=3))] == [120, 119, 118]


async def test_versions_listed_as_a_bare_array(oc: Any) -> None:
    """The spec documents the listing as a bare array; such an answer is one page."""
    body = [
        {"path": f"assets/5/versions/{n}", "moderationResult": {"moderationState": "Approved"}}
        for n in (2, 1)
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    user = oc.User(USER_ID, API_KEY, transport=httpx.MockTransport(answer))
    versions = await collect(user.list_asset_versions(5))
    assert [(v.asset_id, v.version_number) for v in versions] == [(5, 2), (5, 1)]
    await close(user)


async def test_fetch_version_and_rollback(oc: Any, user: Any, emulator: Emulator) -> None:
    version = await resolve(user.fetch_asset_version(CHEST, 3))
    assert (version.asset_id, version.version_number, version.creator) == (CHEST, 3, user)
    new = await resolve(user.rollback_asset(CHEST, 3))
    assert (new.asset_id, new.version_number) == (CHEST, 13)
    record = assets(emulator).asset(CHEST)
    assert record.versions[-1].sha256 == record.versions[2].sha256
    asset = await resolve(user.fetch_asset(CHEST))
    assert (await resolve(asset.fetch_version(13))).version_number == 13
    assert (await resolve(asset.rollback(1))).version_number == 14
    with pytest.raises(oc.NotFound):
        await resolve(user.rollback_asset(CHEST, 99))


async def test_rollback_is_not_resent(oc: Any, user: Any, emulator: Emulator, sleeps: list[float]) -> None:
    emulator.inject(Fault(status=503, method="POST", path="versions:rollback", apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(user.rollback_asset(CHEST, 1))
    assert len(assets(emulator).asset(CHEST).versions) == 13  # one new version, not two


async def test_archive_and_restore(oc: Any, user: Any, emulator: Emulator, sleeps: list[float]) -> None:
    archived = await resolve(user.archive_asset(LOGO))
    assert archived.is_archived and archived.creator is user and assets(emulator).asset(LOGO).archived
    asset = await resolve(user.restore_asset(LOGO))
    assert not asset.is_archived
    assert await resolve(asset.archive()) is asset and asset.is_archived
    # Archiving again changes nothing, so a lost answer is retried.
    emulator.inject(Fault(status=503, method="POST", path=":archive", apply_then_fail=True))
    assert (await resolve(user.archive_asset(LOGO))).is_archived
    assert len(sleeps) == 1
    assert await resolve(asset.restore()) is asset and not asset.is_archived
    assert not assets(emulator).asset(LOGO).archived


async def test_update_asset(
    oc: Any, user: Any, capture: Capture, emulator: Emulator, sleeps: list[float]
) -> None:
    updated = await resolve(
        (await resolve(user.update_asset(CHEST, name="Big Chest", description=""))).wait()
    )
    assert (updated.name, updated.description) == ("Big Chest", "")
    request, body = capture.sent[0]
    assert (request.method, request.url.params["updateMask"]) == ("PATCH", "displayName,description")
    assert json.loads(parts(request.headers["content-type"], body)["request"][1]) == {
        "assetId": CHEST,
        "displayName": "Big Chest",
        "description": "",
        "creationContext": {"expectedPrice": 0},
    }
    # A new version of a model's content.
    file = io.BytesIO(RBXM)
    file.name = "chest.rbxm"
    operation = await resolve(user.update_asset(CHEST, file))
    assert (await resolve(operation.wait())).revision_id == 13
    assert "updateMask" not in capture.sent[-2][0].url.params
    assert assets(emulator).asset(CHEST).versions[-1].size == len(RBXM)
    # Only models take new content.
    with pytest.raises(oc.HttpException, match="cannot be updated"):
        await resolve(user.update_asset(LOGO, PNG))
    # Renaming again changes nothing: retried after a lost answer; a new file is not.
    emulator.inject(Fault(status=503, method="PATCH", apply_then_fail=True))
    await resolve(user.update_asset(CHEST, name="Chest"))
    assert len(sleeps) == 1
    emulator.inject(Fault(status=503, method="PATCH", apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(user.update_asset(CHEST, RBXM))
    assert len(assets(emulator).asset(CHEST).versions) == 14


async def test_update_answered_with_the_asset_itself(oc: Any) -> None:
    """A metadata-only update may answer with the asset rather than an operation."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"assetId": "5", "displayName": "New", "assetType": "Model"})

    user = oc.User(USER_ID, API_KEY, transport=httpx.MockTransport(answer))
    operation = await resolve(user.update_asset(5, name="New"))
    assert operation.is_done and (await resolve(operation.wait())).name == "New"
    await close(user)


# -- Creator Store products -------------------------------------------------------------


async def test_creator_store_products(oc: Any, user: Any, group: Any, emulator: Emulator) -> None:
    product = await resolve(group.fetch_creator_store_product(oc.AssetType.Audio, THEME))
    assert (product.asset_id, product.asset_type) == (THEME, oc.AssetType.Audio)
    assert product.creator is group and product.published and product.purchasable
    assert product.base_price == oc.Money("USD", 4.99) and product.purchase_price == 4.99
    assert product.restrictions == []
    assert (
        emulator.requests[-1].path
        == f"/cloud/v2/creator-store-products/CreatorMarketplaceAsset-Audio-{THEME}"
    )
    logo = await resolve(user.fetch_creator_store_product("Decal", LOGO))
    assert logo.restrictions == [oc.ProductRestriction.ItemRestricted] and not logo.purchasable
    assert logo.base_price == 0 and logo.creator is user
    fetched = await resolve(logo.fetch_asset())
    assert fetched.id == LOGO and fetched.creator is user
    chest = await resolve(user.fetch_asset(CHEST))
    assert (await resolve(chest.fetch_creator_store_product())).asset_type is oc.AssetType.Model
    with pytest.warns(DeprecationWarning, match="fetch_creator_store_product"):
        misspelt = await resolve(chest.fetch_creator_store_prodcut())
    assert misspelt.asset_id == CHEST
    with pytest.raises(oc.NotFound):
        await resolve(user.fetch_creator_store_product("Model", LOGO))  # the logo is a decal
    with pytest.raises(oc.NotFound):
        await resolve(user.fetch_creator_store_product("Plugin", 12345))


def test_money(oc: Any) -> None:
    price = oc.Money("USD", 4.99)
    assert price.to_scientific_notation() == {"significand": 499, "exponent": -2}
    assert oc.Money("USD", 0).to_scientific_notation() == {"significand": 0, "exponent": 0}
    assert oc.Money("USD", 1200).to_scientific_notation() == {"significand": 12, "exponent": 2}
    assert price < 5 and price > oc.Money("USD", 1) and price <= 4.99 and price >= 4.99
    assert price != oc.Money("EUR", 4.99)
    with pytest.raises(ValueError, match="cannot compare"):
        assert price < oc.Money("EUR", 5)
    with pytest.raises(TypeError):
        oc.Money("USD", "4.99")
    assert repr(price) == "<rblxopencloud.Money currency='USD' quantity=4.99>"
    assert oc.Money is importlib.import_module("rblxopencloudasync").Money


# -- quotas and permissions -------------------------------------------------------------


async def test_asset_quotas(oc: Any, user: Any, emulator: Emulator) -> None:
    quotas = await collect(user.list_asset_quotas())
    assert len(quotas) == 12
    audio = quotas[0]
    assert (audio.quota_type, audio.asset_type, audio.usage, audio.capacity, audio.period) == (
        "RATE_LIMIT_UPLOAD",
        oc.AssetType.Audio,
        3,
        100,
        "MONTH",
    )
    assert audio.remaining == 97 and audio.usage_reset_time is not None
    await resolve(user.upload_asset(b"ID3" + bytes(9), "Audio", "Song", ""))  # an upload counts
    [audio] = await collect(user.list_asset_quotas(asset_type="Audio", quota_type="RATE_LIMIT_UPLOAD"))
    assert audio.usage == 4
    assert dict(emulator.requests[-1].query)["filter"] == "quotaType == RateLimitUpload && assetType == Audio"
    stores = await collect(user.list_asset_quotas(quota_type="RATE_LIMIT_CREATOR_STORE_DISTRIBUTE", limit=2))
    assert len(stores) == 2 and {q.quota_type for q in stores} == {"RATE_LIMIT_CREATOR_STORE_DISTRIBUTE"}
    [mesh] = await collect(user.list_asset_quotas(asset_type=oc.AssetType.MeshPart))
    assert mesh.asset_type is oc.AssetType.MeshPart


def test_quota_pages_in_the_emulator() -> None:
    emulator = Emulator()
    client = httpx.Client(
        transport=ContractTransport(emulator.transport()), base_url="https://apis.roblox.com"
    )
    seen, token = [], None
    while True:
        params = {"maxPageSize": "5", **({"pageToken": token} if token else {})}
        page = client.get(
            f"/cloud/v2/users/{USER_ID}/asset-quotas", params=params, headers={"x-api-key": "k"}
        ).json()
        seen.append(len(page["assetQuotas"]))
        token = page.get("nextPageToken")
        if not token:
            break
    assert seen == [5, 5, 2]
    bad = client.get(
        f"/cloud/v2/users/{USER_ID}/asset-quotas", params={"filter": "size == 3"}, headers={"x-api-key": "k"}
    )
    assert bad.status_code == 400
    client.close()


async def test_grant_asset_permission(
    oc: Any, user: Any, experience: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    plugin = assets(emulator).add_asset("Plugin", "Tool", ("userId", USER_ID))
    result = await resolve(
        user.grant_asset_permission(experience, [CHEST, LOGO, 99, plugin], grant_dependencies=True)
    )
    assert result.granted_asset_ids == [CHEST, LOGO]
    assert result.failed_asset_ids == {99: "AssetNotFound", plugin: "AssetTypeNotEnabled"}
    assert assets(emulator).asset(CHEST).granted_universes == {DEMO_UNIVERSE_ID}
    assert emulator.requests[-1].json == {
        "subjectType": "Universe",
        "subjectId": str(DEMO_UNIVERSE_ID),
        "action": "Use",
        "requests": [{"assetId": a, "grantToDependencies": True} for a in (CHEST, LOGO, 99, plugin)],
    }
    theme = await resolve(user.fetch_asset(THEME))
    emulator.inject(Fault(status=503, method="PATCH", path="permissions", apply_then_fail=True))
    # Granting twice is harmless, so a lost answer is retried.
    assert (await resolve(theme.grant_permission(555))).granted_asset_ids == [THEME]
    assert len(sleeps) == 1 and assets(emulator).asset(THEME).granted_universes == {555}
    body = {"error": {"code": "CannotManageAsset", "message": "You cannot manage this asset."}}
    emulator.inject(Fault(status=403, method="PATCH", path="permissions", body=body))
    with pytest.raises(oc.Forbidden) as info:
        await resolve(user.grant_asset_permission(DEMO_UNIVERSE_ID, [CHEST]))
    assert (info.value.error_code, info.value.message) == (
        "CannotManageAsset",
        "You cannot manage this asset.",
    )


# -- the emulator's strict wire checks ----------------------------------------------------


def _post(emulator: Emulator, files: dict[str, Any], data: dict[str, str]) -> httpx.Response:
    with httpx.Client(transport=emulator.transport(), base_url="https://apis.roblox.com") as client:
        return client.post("/assets/v1/assets", files=files, data=data, headers={"x-api-key": "k"})


def _request(**fields: Any) -> str:
    body = {
        "assetType": "Decal",
        "displayName": "n",
        "description": "",
        "creationContext": {"creator": {"userId": "1"}},
        **fields,
    }
    return json.dumps({k: v for k, v in body.items() if v is not None})


@pytest.mark.parametrize(
    ("files", "data", "message"),
    [
        ({"fileContent": ("a.png", PNG, "image/gif")}, {"request": _request()}, "Unsupported content type"),
        (
            {"fileContent": ("a.png", PNG, "image/png")},
            {"request": _request(assetType="Hat")},
            "Unsupported asset type",
        ),
        (
            {"fileContent": ("a.png", PNG, "image/png")},
            {"request": _request(extra=1)},
            "Unknown field 'extra'",
        ),
        ({"fileContent": ("a.png", PNG, "image/png")}, {"request": "{"}, "not valid JSON"),
        (
            {"fileContent": ("a.png", PNG, "image/png")},
            {"request": _request(), "other": "x"},
            "Unknown form field",
        ),
        ({"request": (None, _request())}, {}, "'fileContent' is required"),
        ({"fileContent": ("a.png", b"", "image/png")}, {"request": _request()}, "empty"),
        (
            {"fileContent": ("a.png", PNG, "image/png")},
            {"request": _request(creationContext={"creator": {"userId": 1, "groupId": 2}})},
            "exactly one",
        ),
        (
            {"fileContent": ("a.png", PNG, "image/png")},
            {"request": _request(displayName="x" * 51)},
            "at most 50",
        ),
    ],
)
def test_emulator_checks_uploads(files: dict[str, Any], data: dict[str, str], message: str) -> None:
    answer = _post(Emulator(), files, data)
    assert answer.status_code == 400
    assert answer.json()["code"] == 400 and message in answer.json()["message"]


# -- over real loopback HTTP, on both backends ------------------------------------------


@pytest.mark.parametrize(("package", "backend"), LOOPBACK_CLIENTS)
def test_upload_over_loopback(
    live_server: tuple[str, Emulator], package: str, backend: str, tmp_path: Path
) -> None:
    url, emulator = live_server
    path = tmp_path / "theme.ogg"
    path.write_bytes(b"OggS" + bytes(range(256)) * 3000)  # several chunks
    module = importlib.import_module(package)
    seen: list[tuple[int, int]] = []

    async def main() -> Any:
        user = module.User(USER_ID, API_KEY, base_url=url, http_backend=backend)
        try:
            with path.open("rb") as file:
                operation = await resolve(
                    user.upload_asset(file, "Audio", "Theme", "", progress=lambda s, t: seen.append((s, t)))
                )
            return await resolve(operation.wait())
        finally:
            await close(user)

    before = len(emulator.requests)
    asset = asyncio.run(main())
    upload = list(emulator.requests)[before]
    assert upload.method == "POST" and upload.path == "/assets/v1/assets"
    assert "transfer-encoding" not in upload.headers
    assert seen[-1] == (int(upload.headers["content-length"]),) * 2
    record = emulator.area(AssetArea).asset(asset.id)
    assert (record.versions[0].size, record.versions[0].content_type) == (path.stat().st_size, "audio/ogg")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert asset.type.name == "Audio"


# -- memory: a 200 MB upload is streamed ----------------------------------------------------


class Drain(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Reads each request body chunk by chunk without keeping it, then answers a done upload."""

    def __init__(self) -> None:
        self.received = 0
        self.headers: httpx.Headers | None = None

    def _answer(self, request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("POST", "/assets/v1/assets")
        self.headers = request.headers
        body = {"path": "operations/x", "done": True, "response": {"assetId": "9", "assetType": "Video"}}
        return httpx.Response(200, json=body)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async for chunk in request.stream:  # type: ignore[union-attr]
            self.received += len(chunk)
        return self._answer(request)


async def test_a_200_mb_upload_takes_constant_memory(oc: Any, tmp_path: Path) -> None:
    import tracemalloc

    size = 200 * 1024 * 1024
    path = tmp_path / "trailer.mp4"
    with path.open("wb") as file:
        file.write(bytes(4) + b"ftypisom")
        file.truncate(size)  # sparse: no 200 MB written to the disk
    drain = Drain()
    user = oc.User(USER_ID, API_KEY, transport=drain)
    tracemalloc.start()
    try:
        with path.open("rb") as file:
            operation = await resolve(user.upload_asset(file, "Video", "Trailer", ""))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        await close(user)
    assert operation.is_done
    assert drain.headers is not None and int(drain.headers["content-length"]) == drain.received > size
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB while sending 200 MiB"
