"""Text the store cannot hold is refused where it enters, with a 422, on every backend alike.

PostgreSQL refuses NUL characters in text, and no database takes a lone UTF-16 surrogate (what a JSON
``"\\ud800"`` decodes to); SQLite would store the first and choke on the second. No number, URL, note
or list name legitimately contains either, so they are refused at the edge: in the URL (path and
query) by an app-wide dependency, in console forms by the console router's dependency, and in JSON
bodies by the input models (``StorableInput``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator
from starlette.requests import Request

from ringfence.errors import ConfigError

__all__ = ["StorableInput", "refuse_unstorable_form", "refuse_unstorable_url", "storable"]

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def storable(text: str) -> bool:
    """No NUL, and encodable as UTF-8 (no lone surrogates)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refuse(where: str) -> ConfigError:
    return ConfigError(f"{where} contains a NUL character or text that is not valid Unicode")


async def refuse_unstorable_url(request: Request) -> None:
    """App-wide and on the event loop (microseconds: two substring tests on most requests)."""
    scope = request.scope
    if "\x00" in scope["path"] or b"%00" in scope["query_string"] or not storable(scope["path"]):
        raise _refuse("the URL")
    if b"%" in scope["query_string"]:
        for value in request.query_params.values():
            if not storable(value):
                raise _refuse("the query")


async def refuse_unstorable_form(request: Request) -> None:
    """Console forms: the form is parsed once (cached by the request) and every field checked."""
    if request.method != "POST" or not request.headers.get("content-type", "").startswith(_FORMS):
        return
    form = await request.form()
    for name, value in form.multi_items():
        if isinstance(value, str) and not storable(value):
            raise _refuse(f"form field {name!r}")


class StorableInput(BaseModel):
    """Base of JSON input models whose text goes to the store."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        texts = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(t, str) and not storable(t) for t in texts):
            raise ValueError("contains a NUL character or text that is not valid Unicode")
        return value
