"""Code written for rblx-open-cloud keeps working: the 1.x data store names warn and
call the new methods, and the old README's quickstart runs against the emulator."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, resolve
from tests.contract.checker import ContractTransport

import rblxopencloud
import rblxopencloudasync
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, MessagingArea

ROOT = Path(__file__).resolve().parent.parent
ALIASES = {
    "DataStore.get": "get_entry",
    "DataStore.set": "set_entry",
    "DataStore.increment": "increment_entry",
    "DataStore.remove": "remove_entry",
    "Experience.list_data_store": "list_datastores",
}


def deprecated(old: str, new: str) -> Any:
    """Expect one DeprecationWarning naming the old and the new method."""
    cls = old.split(".")[0]
    return pytest.warns(DeprecationWarning, match=rf"{re.escape(old)}\(\) .* {re.escape(cls)}\.{new}\(\)")


async def test_datastore_aliases_warn_and_call_the_new_methods(oc: Any, emulator: Emulator) -> None:
    transport = ContractTransport(emulator.transport())
    experience = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=transport)
    store = experience.get_datastore("Migrated")
    with deprecated("DataStore.set", "set_entry"):
        version = await resolve(store.set("k", 68, users=[287113233], metadata={"key": "value"}))
    assert isinstance(version, oc.EntryVersion)
    with deprecated("DataStore.get", "get_entry"):
        value, info = await resolve(store.get("k"))
    assert value == 68 and info.users == [287113233] and info.metadata == {"key": "value"}
    with deprecated("DataStore.increment", "increment_entry"):
        value, info = await resolve(store.increment("k", 1, users=info.users, metadata=info.metadata))
    assert value == 69 and info.metadata == {"key": "value"}
    with deprecated("DataStore.remove", "remove_entry"):
        await resolve(store.remove("k"))
    with pytest.raises(oc.NotFound):
        await resolve(store.get_entry("k"))
    with deprecated("Experience.list_data_store", "list_datastores"):
        listing = experience.list_data_store(prefix="Mig")
    assert [ds.name for ds in await collect(listing)] == ["Migrated"]
    assert transport.failures == []
    await close(experience)


async def test_aliases_check_arguments_like_the_new_methods(oc: Any, emulator: Emulator) -> None:
    experience = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=emulator.transport())
    store = experience.get_datastore("Migrated")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(TypeError):
            await resolve(store.increment("k", "one"))
        with pytest.raises(TypeError):
            await resolve(store.set("k"))  # the value is required
    assert len(emulator.requests) == 0
    await close(experience)


def test_aliases_are_not_public_names() -> None:
    for package in (rblxopencloud, rblxopencloudasync):
        for old in ALIASES:
            cls_name, name = old.split(".")
            assert name not in package.__all__
            cls = getattr(package, cls_name)
            assert getattr(cls, name).target.__name__ == ALIASES[old]  # the class attribute: the alias
    reference = "\n".join(page.read_text(encoding="utf-8") for page in (ROOT / "docs" / "reference").glob("*.md"))
    for old in ALIASES:
        assert f"rblxopencloud.{old}\n" not in reference
        assert f".{old.split('.')[1]}(" not in reference


async def test_seed_readme_quickstart(oc: Any, emulator: Emulator, tmp_path: Path) -> None:
    """The rblx-open-cloud README quickstart (data stores, messaging, an asset upload), ids and
    transport adapted."""
    png_file = tmp_path / "file.png"
    png_file.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    # create an Experience object with your experience ID and your api key
    experience = oc.Experience(DEMO_UNIVERSE_ID, api_key="api-key-from-step-2", transport=emulator.transport())

    # get the data store, using the data store name and scope (defaults to global)
    datastore = experience.get_data_store("data-store-name", scope="global")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        # sets the key 'key-name' to 68 and provides users and metadata
        await resolve(datastore.set("key-name", 68, users=[287113233], metadata={"key": "value"}))

        # get the value with the key 'number'
        value, info = await resolve(datastore.get("key-name"))
        print(value, info)

        # increments the key 'key-name' by 1 and ensures to keep the old users and metadata
        value, info = await resolve(datastore.increment("key-name", 1, users=info.users, metadata=info.metadata))
        print(value, info)

        # deletes the key
        await resolve(datastore.remove("key-name"))
    assert [type(w.message) for w in caught] == [DeprecationWarning] * 4
    assert value == 69 and info.users == [287113233]

    # publish a message with the topic 'topic-name'
    await resolve(experience.publish_message("topic-name", "Hello World!"))
    published = emulator.area(MessagingArea).published(DEMO_UNIVERSE_ID, "topic-name")
    assert [message.message for message in published] == ["Hello World!"]
    await close(experience)

    # create an User object with your user ID and your api key
    user = oc.User(287113233, api_key="api-key-from-step-2", transport=emulator.transport())
    # or, create a Group object:
    group = oc.Group(42, api_key="api-key-from-step-2", transport=emulator.transport())

    # this example is for uploading a decal (the README's open() also passes encoding=,
    # which Python refuses for a binary file):
    with png_file.open("rb") as file:
        asset = await resolve((await resolve(user.upload_asset(file, oc.AssetType.Decal, "name", "description"))).wait())

    print(asset.id)
    assert asset.type == oc.AssetType.Decal and asset.creator == user
    await close(user)
    await close(group)
