"""Experience API area: text translation (``universes:translateText``)."""

from __future__ import annotations

from typing import Any

from ._resource import ExperienceResource
from ._shared.fields import as_object, opt_object, req_object, req_str
from ._shared.paths import api_path
from ._shared.translation import check_language_code

__all__ = ["TranslationMixin"]


class TranslationMixin(ExperienceResource):
    """`Experience` methods for translating text."""

    async def translate_text(
        self,
        text: str,
        target_language_codes: list[str] | None = None,
        source_language_code: str | None = None,
    ) -> tuple[str, dict[str, str]]:
        """Translate text into other languages.

        Supported language codes: English (``en-us``), French (``fr-fr``),
        Vietnamese (``vi-vn``), Thai (``th-th``), Turkish (``tr-tr``), Russian
        (``ru-ru``), Spanish (``es-es``), Portuguese (``pt-br``), Korean
        (``ko-kr``), Japanese (``ja-jp``), Chinese Simplified (``zh-cn``), Chinese
        Traditional (``zh-tw``), German (``de-de``), Polish (``pl-pl``), Italian
        (``it-it``) and Indonesian (``id-id``). Requires ``universe:write``.

        Args:
            text: The text to translate.
            target_language_codes: The codes to translate into. ``None`` (or an
                empty list) translates nothing and only detects the source language.
            source_language_code: The code of the text's language; ``None`` lets
                Roblox detect it.

        Returns:
            ``(source_language_code, translations)``: the given or detected source
            language, and a dict from each target code to the translated text.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``text`` is empty or a language code is not supported.
        """
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
        wants_translations = "targetLanguageCodes" in body

        def parse(reply: Any) -> tuple[str, dict[str, str]]:
            data = as_object(reply)
            source = req_str(data, "sourceLanguageCode")
            # An empty map is left out of cloud v2 answers, but one was asked for.
            translations = (
                req_object(data, "translations")
                if wants_translations
                else opt_object(data, "translations") or {}
            )
            return source, {code: req_str(translations, code) for code in translations}

        result: tuple[str, dict[str, str]] = await self._client.request_json(
            "POST",
            api_path("/cloud/v2/universes/{}:translateText", self.id),
            json=body,
            idempotent=True,
            parse=parse,
        )
        return result
