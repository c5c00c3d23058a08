"""Places: fetch_info, update, upload_place_file, get_asset and fetch_asset."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import API_KEY, close, resolve

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator._places import PlaceArea

PLACE_PATH = f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}/places/1818$"
VERSIONS_PATH = f"/universes/v1/{DEMO_UNIVERSE_ID}/places/1818/versions"
BINARY_FILE = b"<roblox!\x89\xff\r\n\x1a\n\x00\x00" + bytes(range(256)) * 40
XML_FILE = b'<roblox xmlns:xmime="http://www.w3.org/2005/05/xmlmime" version="4"></roblox>'


class NoReadAll(io.BytesIO):
    """A file that fails if read whole: proves the upload is streamed in chunks."""

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and size >= 0, "the upload read the whole file at once"
        return super().read(size)


class Pipe(io.RawIOBase):
    """A readable, non-seekable binary stream (like a pipe or socket)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


# -- fetch_info / update --------------------------------------------------------


async def test_fetch_info(oc: Any, experience: Any) -> None:
    place = experience.get_place(1819)
    result = await resolve(place.fetch_info())
    assert result is place
    assert place.name == "Training Grounds"
    assert place.description == "A second place of the demo experience."
    assert place.server_size == 10
    assert place.is_root_place is False
    assert place.is_universe_runtime_creation is False
    assert place.created_at is not None and place.created_at.tzinfo is not None
    assert place.updated_at is not None
    root = await resolve(experience.get_place(1818).fetch_info())
    assert root.is_root_place is True


async def test_fetch_info_not_found(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_place(999).fetch_info())


async def test_fetch_info_place_of_other_universe_is_not_found(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    emulator.area(PlaceArea).add_universe(555, root_place_id=777)
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_place(777).fetch_info())


async def test_update(oc: Any, experience: Any, emulator: Emulator) -> None:
    place = experience.get_place(1818)
    result = await resolve(place.update(name="Renamed", server_size=30))
    assert result is place
    sent = emulator.requests[-1]
    assert sent.method == "PATCH"
    assert dict(sent.query) == {"updateMask": "displayName,serverSize"}
    assert sent.json == {"displayName": "Renamed", "serverSize": 30}
    assert (place.name, place.server_size) == ("Renamed", 30)
    assert place.description == "The demo experience of the Open Cloud emulator."
    # the root place's name is the experience's name
    await resolve(experience.fetch_info())
    assert experience.name == "Renamed"
    await resolve(place.update(description=""))
    assert emulator.requests[-1].json == {"description": ""}
    assert place.description == ""


async def test_update_partial_response(oc: Any, experience: Any, emulator: Emulator) -> None:
    place = await resolve(experience.get_place(1818).fetch_info())
    emulator.inject(Fault(status=200, method="PATCH", path=PLACE_PATH, body={"serverSize": 12}))
    await resolve(place.update(server_size=12))
    assert place.server_size == 12
    assert place.name == "Open Cloud Demo"  # not in the mask nor the answer: kept


@pytest.mark.parametrize(
    ("status", "error"), [(409, "Conflict"), (403, "Forbidden"), (404, "NotFound"), (400, "HttpException")]
)
async def test_update_error_mapping(
    oc: Any, experience: Any, emulator: Emulator, status: int, error: str
) -> None:
    emulator.inject(Fault(status=status, method="PATCH", path=PLACE_PATH))
    with pytest.raises(getattr(oc, error)) as info:
        await resolve(experience.get_place(1818).update(name="x"))
    assert info.value.status_code == status


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, ValueError),
        ({"name": 5}, TypeError),
        ({"name": ""}, ValueError),
        ({"name": "   "}, ValueError),
        ({"description": b"x"}, TypeError),
        ({"description": "d" * 1001}, ValueError),
        ({"server_size": 0}, ValueError),
        ({"server_size": True}, TypeError),
        ({"server_size": "10"}, TypeError),
        ({"server_size": 2**31}, ValueError),
    ],
)
async def test_update_validates_before_io(
    oc: Any, experience: Any, emulator: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.get_place(1818).update(**kwargs))
    assert not emulator.requests


# -- upload_place_file ------------------------------------------------------------


async def test_upload_bytes_saved_and_published(oc: Any, experience: Any, emulator: Emulator) -> None:
    place = experience.get_place(1818)
    assert await resolve(place.upload_place_file(BINARY_FILE)) == 2
    assert await resolve(place.upload_place_file(XML_FILE, publish=True)) == 3
    first, second = emulator.requests
    assert (first.method, first.path, first.query) == ("POST", VERSIONS_PATH, [("versionType", "Saved")])
    assert first.headers["content-type"] == "application/octet-stream"
    assert second.query == [("versionType", "Published")]
    assert second.headers["content-type"] == "application/xml"
    versions = emulator.area(PlaceArea).place_versions(1818)
    assert [(v.version_number, v.published, v.size) for v in versions] == [
        (2, False, len(BINARY_FILE)),
        (3, True, len(XML_FILE)),
    ]


async def test_upload_streams_a_seekable_file_from_its_position(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    file = NoReadAll(b"JUNK" + BINARY_FILE)
    file.seek(4)
    assert await resolve(experience.get_place(1818).upload_place_file(file, publish=True)) == 2
    assert emulator.requests[0].headers["content-length"] == str(len(BINARY_FILE))
    [version] = emulator.area(PlaceArea).place_versions(1818)
    assert (version.size, version.published, version.content_type) == (
        len(BINARY_FILE),
        True,
        "application/octet-stream",
    )


async def test_upload_real_files_detects_type(
    oc: Any, experience: Any, emulator: Emulator, tmp_path: Path
) -> None:
    xml_path = tmp_path / "level.rbxlx"
    xml_path.write_bytes(b'\xef\xbb\xbf<?xml version="1.0"?>\n' + XML_FILE)
    binary_path = tmp_path / "level.rbxl"
    binary_path.write_bytes(BINARY_FILE)
    place = experience.get_place(1819)
    with xml_path.open("rb") as handle:
        assert await resolve(place.upload_place_file(handle)) == 2
    with binary_path.open("rb") as handle:
        assert await resolve(place.upload_place_file(handle)) == 3
    types = [v.content_type for v in emulator.area(PlaceArea).place_versions(1819)]
    assert types == ["application/xml", "application/octet-stream"]


async def test_upload_non_seekable_stream_is_read(oc: Any, experience: Any, emulator: Emulator) -> None:
    pipe = io.BufferedReader(Pipe(XML_FILE))
    assert await resolve(experience.get_place(1818).upload_place_file(pipe)) == 2
    assert emulator.area(PlaceArea).place_versions(1818)[0].size == len(XML_FILE)


async def test_upload_is_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=503, method="POST", path=VERSIONS_PATH, apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(experience.get_place(1818).upload_place_file(BINARY_FILE))
    assert len(emulator.requests) == 1
    assert len(emulator.area(PlaceArea).place_versions(1818)) == 1  # applied once, never repeated


async def test_upload_rate_limit_is_retried(
    oc: Any, experience: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    emulator.inject(Fault(status=429, method="POST", path=VERSIONS_PATH, retry_after=1))
    file = io.BytesIO(BINARY_FILE)
    assert await resolve(experience.get_place(1818).upload_place_file(file)) == 2
    assert len(emulator.requests) == 2
    assert sleeps == [1]
    assert emulator.area(PlaceArea).place_versions(1818)[0].size == len(BINARY_FILE)  # rewound


async def test_upload_error_mapping(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.area(PlaceArea).add_universe(555, root_place_id=777)
    with pytest.raises(oc.Conflict):  # the place belongs to another universe
        await resolve(experience.get_place(777).upload_place_file(BINARY_FILE))
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_place(999).upload_place_file(BINARY_FILE))
    with pytest.raises(oc.HttpException) as info:  # not a place file
        await resolve(experience.get_place(1818).upload_place_file(b"hello world"))
    assert info.value.status_code == 400
    emulator.inject(Fault(status=403, method="POST", path=VERSIONS_PATH))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.get_place(1818).upload_place_file(BINARY_FILE))
    assert emulator.area(PlaceArea).place_versions(1818) == []


@pytest.mark.parametrize(
    ("make_file", "kwargs", "error"),
    [
        (lambda path: b"", {}, ValueError),
        (lambda path: io.BytesIO(b""), {}, ValueError),
        (lambda path: b"\0" * (10 * 1024 * 1024 + 1), {}, ValueError),
        (lambda path: "not bytes", {}, TypeError),
        (lambda path: 42, {}, TypeError),
        (lambda path: io.StringIO("<roblox></roblox>"), {}, TypeError),
        (lambda path: BINARY_FILE, {"publish": "yes"}, TypeError),
    ],
)
async def test_upload_validates_before_io(
    oc: Any,
    experience: Any,
    emulator: Emulator,
    make_file: Any,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        await resolve(experience.get_place(1818).upload_place_file(make_file(None), **kwargs))
    assert not emulator.requests


async def test_upload_text_mode_file_is_rejected(
    oc: Any, experience: Any, emulator: Emulator, tmp_path: Path
) -> None:
    path = tmp_path / "level.rbxlx"
    path.write_bytes(XML_FILE)
    with path.open("r") as handle, pytest.raises(TypeError, match="binary"):
        await resolve(experience.get_place(1818).upload_place_file(handle))
    assert not emulator.requests


# -- assets -------------------------------------------------------------------------


async def test_get_asset_makes_no_request(oc: Any, experience: Any, emulator: Emulator) -> None:
    place = experience.get_place(1818)
    asset = place.get_asset()
    assert isinstance(asset, oc.Asset)
    assert (asset.id, asset.type) == (1818, oc.AssetType.Place)
    assert asset.creator is None  # the experience was not fetched
    assert (asset.name, asset.description) == (None, None)  # the place was not fetched
    assert asset.revision_id is None and asset.revision_time is None
    assert asset.moderation_status is oc.ModerationStatus.Unknown
    assert not emulator.requests
    await resolve(experience.fetch_info())
    await resolve(place.fetch_info())
    requests = len(emulator.requests)
    asset = place.get_asset()
    assert len(emulator.requests) == requests
    assert asset.name == "Open Cloud Demo"
    assert asset.description == "The demo experience of the Open Cloud emulator."
    assert isinstance(asset.creator, oc.User) and asset.creator.id == 287113233


async def test_fetch_asset_fetches_experience_first(oc: Any, experience: Any, emulator: Emulator) -> None:
    asset = await resolve(experience.get_place(1819).fetch_asset())
    assert [request.path for request in emulator.requests] == [
        f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}",
        "/assets/v1/assets/1819",
    ]
    assert experience.name == "Open Cloud Demo"  # filled on the way
    assert (asset.id, asset.type, asset.name) == (1819, oc.AssetType.Place, "Training Grounds")
    assert asset.moderation_status is oc.ModerationStatus.Approved
    assert asset.revision_id == 1
    assert asset.revision_time is not None
    assert isinstance(asset.creator, oc.User) and asset.creator.id == 287113233
    await resolve(experience.get_place(1819).fetch_asset())
    assert len(emulator.requests) == 3  # the experience is fetched once


async def test_fetch_asset_group_owned(oc: Any, emulator: Emulator, contract: Any) -> None:
    emulator.area(PlaceArea).add_universe(555, root_place_id=777, owner="groups/42")
    experience = oc.Experience(555, API_KEY, transport=contract)
    try:
        asset = await resolve(experience.get_place(777).fetch_asset())
        assert isinstance(asset.creator, oc.Group) and asset.creator.id == 42
    finally:
        await close(experience)


async def test_fetch_asset_errors(oc: Any, experience: Any, emulator: Emulator) -> None:
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_place(999).fetch_asset())
    emulator.inject(Fault(status=403, method="GET", path="/assets/v1/assets/1818"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.get_place(1818).fetch_asset())
