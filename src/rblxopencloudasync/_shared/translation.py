"""Argument checks of the translation API: the language codes Roblox translates."""

from __future__ import annotations

from typing import Any

__all__ = ["SUPPORTED_LANGUAGE_CODES", "check_language_code"]

SUPPORTED_LANGUAGE_CODES: frozenset[str] = frozenset(
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
"""The IETF BCP-47 codes `translate_text` accepts (lower-case, as Roblox documents them)."""


def check_language_code(code: Any, what: str) -> str:
    if not isinstance(code, str):
        raise TypeError(f"{what} must be a str, got {type(code).__name__}")
    if code not in SUPPORTED_LANGUAGE_CODES:
        supported = ", ".join(sorted(SUPPORTED_LANGUAGE_CODES))
        raise ValueError(f"{what} {code!r} is not supported; use one of: {supported}")
    return code
