"""The translation area: ``universes:translateText`` as a deterministic fake translation.

``"Hello"`` to ``fr-fr`` becomes ``"[fr-fr] Hello"``, so tests can predict
every answer; the area keeps no data.
"""

from __future__ import annotations

import re
from typing import Any

from ._area import Area, Request, Route, check_fields, parse_universe_id, required_str
from ._errors import invalid

__all__ = ["TranslationArea"]

_FAKE_TRANSLATION = re.compile(r"\[([a-z]{2}-[a-z]{2})\] (.*)", re.DOTALL)

LANGUAGE_CODES = frozenset(
    {
        "en-us",
        "fr-fr",
        "vi-vn",
        "th-th",
        "tr-tr",
        "ru-ru",
        "es-es",
        "pt-br",
        "ko-kr",
        "ja-jp",
        "zh-cn",
        "zh-tw",
        "de-de",
        "pl-pl",
        "it-it",
        "id-id",
    }
)


class TranslationArea(Area):
    """Text translation: a fake that marks the text with the target language."""

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["cloud", "v2", "universes", u, ":translateText"]:
                return Route(lambda r: self.translate_text(r, u), needs_body=True)
        return None

    # -- handlers ----------------------------------------------------------------

    def translate_text(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}:translateText``: a deterministic fake translation.

        ``"Hello"`` to ``fr-fr`` becomes ``"[fr-fr] Hello"``; the source language is
        detected from such a prefix, else taken to be ``en-us``.
        """
        parse_universe_id(u)
        body = request.payload
        check_fields(body, frozenset({"text", "sourceLanguageCode", "targetLanguageCodes"}))
        text = required_str(body, "text")
        if not text:
            raise invalid("text must not be empty.")
        fake = _FAKE_TRANSLATION.fullmatch(text)
        original = fake.group(2) if fake and fake.group(1) in LANGUAGE_CODES else text
        source = body.get("sourceLanguageCode")
        if source is None:
            source = fake.group(1) if fake and fake.group(1) in LANGUAGE_CODES else "en-us"
        _check_language(source, "sourceLanguageCode")
        targets = body.get("targetLanguageCodes", [])
        if not isinstance(targets, list):
            raise invalid("targetLanguageCodes must be a list of language codes.")
        translations: dict[str, str] = {}
        for target in targets:
            _check_language(target, "targetLanguageCodes")
            translations[target] = text if target == source else f"[{target}] {original}"
        return {"sourceLanguageCode": source, "translations": translations}


def _check_language(code: Any, what: str) -> None:
    if not isinstance(code, str) or code not in LANGUAGE_CODES:
        raise invalid(f"{what}: unsupported language code {code!r}.")
