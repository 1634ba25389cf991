"""
The endpoints the benchmark measures: one small table to adjust when routes change.

An endpoint is found by URL name (``reverse``, in the endpoint's language) or by a path
template. Placeholders come from the saga under test: ``{saga}`` is its slug, ``{event}``
and ``{event_id}`` the slug and id of a published event in the middle of its timeline.
A URL that does not resolve is reported as missing, never as a failed run.
"""

from dataclasses import dataclass

BASELINE = "baseline"


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    url_name: str = ""
    kwargs: tuple[tuple[str, str], ...] = ()
    path: str = ""
    language: str = "ja"


ENDPOINTS = (
    Endpoint(BASELINE, "baseline (constant 2 KB JSON)", url_name="bench-baseline"),
    Endpoint("timeline", "timeline page", url_name="events:saga", kwargs=(("slug", "{saga}"),)),
    Endpoint(
        "event",
        "event page",
        url_name="events:event",
        kwargs=(("saga_slug", "{saga}"), ("slug", "{event}")),
    ),
    Endpoint("api_list", "API: list of 50 events", path="/api/v1/events/?saga={saga}&page_size=50"),
    Endpoint("api_detail", "API: event detail", path="/api/v1/events/{event_id}/"),
    Endpoint("timelinejs", "API: TimelineJS export", path="/api/v1/sagas/{saga}/timelinejs/"),
)
ENDPOINTS_BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}
