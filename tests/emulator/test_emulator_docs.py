"""docs/emulator.md describes the demo universe as the emulator seeds it."""

from __future__ import annotations

import re
from pathlib import Path

import rblxopencloud
from rblxopencloud.emulator import DEMO_UNIVERSE_ID, Emulator

PAGE = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"


def demo_row(area: str) -> str:
    """The text of the "Demo data" cell of ``area`` in the page's demo universe table."""
    match = re.search(rf"^\| {area} \| (?P<cell>.*) \|$", PAGE.read_text(encoding="utf-8"), re.M)
    assert match, f"docs/emulator.md has no demo data row for {area}"
    return match.group("cell")


def test_demo_data_rows_match_the_seed() -> None:
    with rblxopencloud.Experience(
        DEMO_UNIVERSE_ID, "any-key", transport=Emulator().transport()
    ) as experience:
        secrets = {(secret.id, secret.domain) for secret in experience.list_secrets()}
        assert set(re.findall(r"`(\w+)` \(domain `([^`]*)`\)", demo_row("Secrets"))) == secrets

        products = len(list(experience.list_developer_products()))
        passes = len(list(experience.list_game_passes()))
        assert f"{products} developer products, {passes} game passes" in demo_row("Products")

        experience.fetch_info()
        row = demo_row("Experience")
        assert f'"{experience.name}", owned by user `{experience.owner.id}`' in row
        assert f"root place `{experience.root_place.id}`" in row
