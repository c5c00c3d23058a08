"""Argument checks, request body and answer reading of the translation API (``universes:translateText``)."""

from __future__ import annotations

from typing import Any

from .fields import as_object, opt_object, req_object, req_str

__all__ = ["SUPPORTED_LANGUAGE_CODES", "check_language_code", "translate_body", "translation_result"]

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


def translate_body(text: Any, target_language_codes: Any, source_language_code: Any) -> dict[str, Any]:
    """The ``:translateText`` body, once every argument is checked (repeated targets are sent once)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text:
        raise ValueError("text must not be empty")
    body: dict[str, Any] = {"text": text}
    if source_language_code is not None:
        body["sourceLanguageCode"] = check_language_code(source_language_code, "source_language_code")
    if target_language_codes is not None:
        if isinstance(target_language_codes, str) or not isinstance(target_language_codes, (list, tuple)):
            raise TypeError("target_language_codes must be a list of language codes")
        targets: list[str] = []
        for raw in target_language_codes:
            code = check_language_code(raw, "target language code")
            if code not in targets:
                targets.append(code)
        if targets:
            body["targetLanguageCodes"] = targets
    return body


def translation_result(reply: Any, body: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """``(source_language_code, translations)`` from the answer to the request ``body``."""
    data = as_object(reply)
    source = req_str(data, "sourceLanguageCode")
    # An empty map is left out of cloud v2 answers, but one was asked for.
    translations = (
        req_object(data, "translations")
        if "targetLanguageCodes" in body
        else opt_object(data, "translations") or {}
    )
    return source, {code: req_str(translations, code) for code in translations}
