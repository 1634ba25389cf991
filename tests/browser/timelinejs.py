"""Render a saga's interactive timeline in the browser and read what TimelineJS made of it."""

import json
from dataclasses import dataclass
from urllib.request import urlopen

# Ready when TimelineJS has built its slides, or has said why it will not (its messages),
# or our page has given up (its own error).
SETTLED = """() => {
  const timeline = window.sagaTimeline;
  const errors = timeline && timeline.config && timeline.config.messages
    ? timeline.config.messages.errors : [];
  return document.querySelector('.timelinejs-error')
    || (errors && errors.length)
    || (timeline && timeline._loaded && timeline._loaded.storyslider && timeline._loaded.timenav
        && document.querySelectorAll('.tl-storyslider .tl-slide').length > 0);
}"""

READ = """() => {
  const timeline = window.sagaTimeline;
  const config = timeline && timeline.config;
  const message = document.querySelector('.tl-message-full');
  return {
    errors: (config && config.messages) ? config.messages.errors.map(String) : [],
    warnings: (config && config.messages) ? config.messages.warnings.map(String) : [],
    failure: (document.querySelector('.timelinejs-error') || {}).textContent || '',
    shownMessage: message && message.offsetParent !== null ? message.textContent.trim() : '',
    slides: document.querySelectorAll('.tl-storyslider .tl-slide').length,
    markers: document.querySelectorAll('.tl-timemarker').length,
    eras: document.querySelectorAll('.tl-timeera').length,
    language: timeline && timeline.language ? timeline.language.lang : '',
    headlines: Array.from(document.querySelectorAll('.tl-slide .tl-headline'))
      .map((h) => h.textContent.trim()),
  };
}"""


@dataclass
class Rendered:
    errors: list
    warnings: list
    failure: str
    shownMessage: str  # noqa: N815 - as the page reports it
    slides: int
    markers: int
    eras: int
    language: str
    headlines: list


def export(base_url: str, slug: str, language: str) -> dict:
    with urlopen(f"{base_url}/api/v1/sagas/{slug}/timelinejs/?lang={language}") as response:
        return json.load(response)


def render(page, base_url: str, slug: str, language: str) -> Rendered:
    """Open the saga's interactive page and return what TimelineJS rendered."""
    page.goto(f"{base_url}/{language}/sagas/{slug}/interactive/")
    return settled(page, page)


def settled(page, frame) -> Rendered:
    """Wait until TimelineJS in ``frame`` (a page or an iframe) is done; read it."""
    frame.wait_for_function(SETTLED, timeout=30_000)
    page.wait_for_load_state("networkidle")
    return Rendered(**frame.evaluate(READ))
