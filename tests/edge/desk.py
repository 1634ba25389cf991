"""What the edge tests do on a site over HTTP (``tests.http_client``): read, retitle."""

import json
import time

from tests.admin_forms import form_data_in
from tests.http_client import HttpClient, get


def api_events(base: str, saga: str) -> list[dict]:
    """The saga's published events, as the public API lists them."""
    answer = get(f"{base}/api/v1/events/?saga={saga}&page_size=100")
    assert answer.status == 200, answer.body[:500]
    return json.loads(answer.body)["results"]


def retitle_event(editor: HttpClient, event_id: int, language: str, headline: str) -> float:
    """Give the event a new headline in ``language``; return when the save was answered."""
    path = f"/admin/events/event/{event_id}/change/"
    fields = form_data_in(editor.get(path).body)
    prefix = next(
        name.removesuffix("-language_code")
        for name, value in fields.items()
        if name.startswith("translations-")
        and name.endswith("-language_code")
        and value == language
    )
    editor.change(path, {f"{prefix}-headline": headline})
    return time.monotonic()
