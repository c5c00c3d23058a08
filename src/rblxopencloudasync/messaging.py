"""Experience API area: messaging, notifications, servers, subscriptions, translation and speech."""

from __future__ import annotations

from typing import Any

from ._operation import Operation
from ._resource import ExperienceMixin
from ._shared.checks import check_bool, check_finite, check_int, check_name
from ._shared.fields import ResponseShapeError, as_object, opt_object, req_object, req_str
from ._shared.paths import api_path, path_id
from ._shared.subscription_models import Subscription
from .creator import Asset
from .place import Place

__all__ = ["SUPPORTED_LANGUAGE_CODES", "MessagingMixin"]

_MAX_TOPIC_CHARS = 80
_MAX_MESSAGE_CHARS = 1024
_MAX_LAUNCH_DATA_BYTES = 200
_MIN_BLEED_MINUTES, _MAX_BLEED_MINUTES = 1, 60
_USER_MENTION_PREFIX = "userid_"  # stands for "userId-", which a keyword argument cannot spell

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


class MessagingMixin(ExperienceMixin):
    """`Experience` methods for messaging, notifications, servers, subscriptions, translation and speech."""

    async def publish_message(self, topic: str, data: str) -> None:
        """Publish a message to the experience's live game servers (``MessagingService``).

        Only servers that are running receive the message; Studio sessions don't.
        A publish is never retried after a server error or timeout, since a repeat
        could deliver the message twice.

        Args:
            topic: The topic to publish on (1 to 80 characters).
            data: The message, at most 1,024 characters. Open Cloud only carries
                strings: serialise other data yourself (e.g. with ``json.dumps``).

        Raises:
            TypeError: ``topic`` or ``data`` is not a str.
            ValueError: ``topic`` is empty or either value is too long.
            Forbidden: The API key lacks ``universe-messaging-service:publish``.
            RateLimited: Too many messages were published.
        """
        check_name(topic, "topic", max_length=_MAX_TOPIC_CHARS)
        if not isinstance(data, str):
            raise TypeError(
                f"data must be a str (serialise other values yourself), got {type(data).__name__}"
            )
        if len(data) > _MAX_MESSAGE_CHARS:
            raise ValueError(f"data must be at most {_MAX_MESSAGE_CHARS} characters, got {len(data)}")
        await self._client.request(
            "POST",
            api_path("/cloud/v2/universes/{}:publishMessage", self.id),
            json={"topic": topic, "message": data},
            idempotent=False,
        )

    async def send_notification(
        self,
        user_id: int,
        message_id: str,
        launch_data: str | None = None,
        analytics_category: str | None = None,
        **message_variables: str | int,
    ) -> None:
        """Send an experience notification to a user.

        The notification is never re-sent after a server error or timeout, since a
        repeat could notify the user twice.

        Args:
            user_id: The user to notify.
            message_id: The ID of the notification string, from the Creator Dashboard.
            launch_data: Data handed to the experience if the user joins from the
                notification (at most 200 bytes as UTF-8).
            analytics_category: A category to group the notification's analytics under.
            **message_variables: Values for the string's parameters, each a str or an
                int. A user mention ``{userId-<key>}`` is passed as ``userid_<key>``
                with the user's ID (an int) as its value, and sent as ``userId-<key>``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``user_id`` is below 1, ``message_id`` is empty or
                ``launch_data`` is too long.
            Forbidden: The API key lacks ``user.user-notification:write``.
        """
        check_int(user_id, "user_id", minimum=1)
        check_name(message_id, "message_id", max_length=None)
        parameters: dict[str, dict[str, Any]] = {}
        for name, value in message_variables.items():
            if name.startswith(_USER_MENTION_PREFIX):
                key = name.removeprefix(_USER_MENTION_PREFIX)
                if not key:
                    raise ValueError(f"message variable {name!r} needs a key after {_USER_MENTION_PREFIX!r}")
                mentioned = check_int(value, f"message variable {name!r} (a user ID)", minimum=1)
                parameters[f"userId-{key}"] = {"int64Value": mentioned}
            elif isinstance(value, str):
                parameters[name] = {"stringValue": value}
            elif isinstance(value, int) and not isinstance(value, bool):
                parameters[name] = {"int64Value": check_int(value, f"message variable {name!r}")}
            else:
                raise TypeError(
                    f"message variable {name!r} must be a str or an int, got {type(value).__name__}"
                )
        payload: dict[str, Any] = {"type": "MOMENT", "messageId": message_id}
        if parameters:
            payload["parameters"] = parameters
        if launch_data is not None:
            if not isinstance(launch_data, str):
                raise TypeError(f"launch_data must be a str, got {type(launch_data).__name__}")
            size = len(launch_data.encode("utf-8"))
            if size > _MAX_LAUNCH_DATA_BYTES:
                raise ValueError(f"launch_data must be at most {_MAX_LAUNCH_DATA_BYTES} bytes, got {size}")
            payload["joinExperience"] = {"launchData": launch_data}
        if analytics_category is not None:
            if not isinstance(analytics_category, str):
                raise TypeError(f"analytics_category must be a str, got {type(analytics_category).__name__}")
            payload["analyticsData"] = {"category": analytics_category}
        await self._client.request(
            "POST",
            api_path("/cloud/v2/users/{}/notifications", user_id),
            json={"source": {"universe": f"universes/{self.id}"}, "payload": payload},
            idempotent=False,
        )

    async def restart_servers(
        self,
        place_ids: list[int | str | Place] | None = None,
        exclude_latest_version: bool = False,
        bleed_servers_minutes: int | None = None,
    ) -> None:
        """Shut down the experience's game servers, like "Restart Servers" on the Creator Dashboard.

        Requires ``universe:write``. Never retried after a server error or timeout.

        Example:
            Restart every out-of-date server, giving players 30 minutes to leave:

            ```python
            experience.restart_servers(exclude_latest_version=True, bleed_servers_minutes=30)
            ```

        Args:
            place_ids: Only restart servers of these places (IDs or `Place` objects);
                ``None`` restarts servers of every place.
            exclude_latest_version: Keep servers that already run the latest
                published version. The default restarts every server.
            bleed_servers_minutes: Shut servers down gracefully over this many minutes
                (1 to 60): matchmaking to them stops and players get time to leave.
                ``None`` shuts them down at once.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``place_ids`` is empty or has an ID below 1, a `Place` of
                another experience, or ``bleed_servers_minutes`` is out of range.
            Forbidden: The API key lacks ``universe:write``.
        """
        body: dict[str, Any] = {}
        if place_ids is not None:
            body["placeIds"] = self._place_ids(place_ids)
        body["closeAllVersions"] = not check_bool(exclude_latest_version, "exclude_latest_version")
        if bleed_servers_minutes is not None:
            minutes = check_int(
                bleed_servers_minutes,
                "bleed_servers_minutes",
                minimum=_MIN_BLEED_MINUTES,
                maximum=_MAX_BLEED_MINUTES,
            )
            body["bleedOffServers"] = True
            body["bleedOffDurationMinutes"] = minutes
        await self._client.request(
            "POST", api_path("/cloud/v2/universes/{}:restartServers", self.id), json=body, idempotent=False
        )

    def _place_ids(self, place_ids: Any) -> list[int]:
        if isinstance(place_ids, (str, bytes)) or not isinstance(place_ids, (list, tuple)):
            raise TypeError("place_ids must be a list of place IDs or Place objects")
        if not place_ids:
            raise ValueError("place_ids must not be empty (use None for every place)")
        result: list[int] = []
        for place in place_ids:
            if isinstance(place, Place):
                if place.experience.id != self.id:
                    raise ValueError(f"place {place.id} belongs to another experience")
                place_id = place.id
            elif isinstance(place, str):
                if not place.isascii() or not place.isdigit():
                    raise ValueError(f"place ID {place!r} is not a number")
                place_id = int(place)
            else:
                place_id = place
            result.append(check_int(place_id, "place ID", minimum=1))
        return result

    async def fetch_subscription(self, product_id: str, user_id: int) -> Subscription:
        """Fetch a user's subscription to one of the experience's subscription products.

        An API key needs ``universe:write`` to read any user's subscription (the
        ``universe.subscription-product.subscription:read`` scope of an OAuth2 app
        only reads the authorizing user's own).

        Args:
            product_id: The subscription product's ID (shown as ``EXP-...`` on the
                Creator Dashboard).
            user_id: The subscriber's user ID, which is also the subscription's ID.

        Returns:
            The `Subscription`.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``product_id`` is empty or ``user_id`` is below 1.
            NotFound: The user never subscribed to the product, or the product doesn't exist.
            Forbidden: The API key lacks the scope.
        """
        check_name(product_id, "product_id", max_length=None)
        check_int(user_id, "user_id", minimum=1)
        result: Subscription = await self._client.request_json(
            "GET",
            api_path(
                "/cloud/v2/universes/{}/subscription-products/{}/subscriptions/{}",
                self.id,
                product_id,
                user_id,
            ),
            params={"view": "FULL"},
            parse=lambda body: Subscription(as_object(body)),
        )
        return result

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
            body["sourceLanguageCode"] = _language_code(source_language_code, "source_language_code")
        if target_language_codes is not None:
            if isinstance(target_language_codes, str) or not isinstance(target_language_codes, (list, tuple)):
                raise TypeError("target_language_codes must be a list of language codes")
            targets: list[str] = []
            for raw in target_language_codes:
                code = _language_code(raw, "target language code")
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

    async def generate_speech_asset(
        self, text: str, voice_id: str = "1", pitch: float = 0.0, speed: float = 1.0
    ) -> Operation[Asset]:
        """Generate a text-to-speech audio asset (English only).

        Needs ``universe:write``, ``asset:read`` and ``asset:write``; each call
        counts against a monthly quota. Never retried after a server error or timeout.

        Example:
            ```python
            operation = experience.generate_speech_asset("Hello World!", voice_id="1")
            asset = operation.wait()
            print(asset)  # <rblxopencloud.Asset id=113523671173037 type=AssetType.Audio>
            ```

        Args:
            text: The text to speak.
            voice_id: The voice to use; the IDs are listed in the Creator Documentation.
            pitch: The pitch adjustment of the voice.
            speed: The speed adjustment of the voice.

        Returns:
            An `Operation` resolving to the new audio `Asset`. Only the asset's ID
            and type are known from this call; fetch the asset for the rest.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``text`` or ``voice_id`` is empty, or ``pitch``/``speed`` is not
                finite (``speed`` must also be positive).
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        if not text.strip():
            raise ValueError("text must not be empty")
        check_name(voice_id, "voice_id", max_length=None)
        pitch = float(check_finite(pitch, "pitch"))
        speed = float(check_finite(speed, "speed"))
        if speed <= 0:
            raise ValueError(f"speed must be positive, got {speed}")
        client = self._client

        def parse(response: dict[str, Any]) -> Asset:
            data = dict(response)
            data.setdefault("assetType", "Audio")  # speech assets are always audio
            return Asset._from_wire(data, client)

        def started(reply: Any) -> Operation[Asset]:
            data = as_object(reply)
            # The answer names the operation "operations/{id}"; it is polled under /assets/v1.
            operation_id = path_id(req_str(data, "path"), "operations")
            if operation_id is None:
                raise ResponseShapeError("the answer's 'path' names no operation")
            return Operation(client, api_path("/assets/v1/operations/{}", operation_id), parse, initial=data)

        result: Operation[Asset] = await client.request_json(
            "POST",
            api_path("/cloud/v2/universes/{}:generateSpeechAsset", self.id),
            json={"text": text, "speechStyle": {"voiceId": voice_id, "pitch": pitch, "speed": speed}},
            idempotent=False,
            parse=started,
        )
        return result


def _language_code(code: Any, what: str) -> str:
    if not isinstance(code, str):
        raise TypeError(f"{what} must be a str, got {type(code).__name__}")
    if code not in SUPPORTED_LANGUAGE_CODES:
        supported = ", ".join(sorted(SUPPORTED_LANGUAGE_CODES))
        raise ValueError(f"{what} {code!r} is not supported; use one of: {supported}")
    return code
