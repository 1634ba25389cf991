from dataclasses import dataclass

import pytest


@pytest.fixture
def stored_files():
    """Return a function listing every file in media storage, as storage names."""
    from django.core.files.storage import default_storage

    from images.management.commands.delete_orphan_image_files import walk

    def list_files() -> set[str]:
        try:
            return set(walk(default_storage, "images"))
        except FileNotFoundError:  # a local folder never written to
            return set()

    return list_files


@pytest.fixture
def make_image(editor):
    """Return a function storing an upload as a new image with English alt text."""
    from images.services import image_create
    from tests.images.pictures import jpeg_upload

    def make(upload=None, **fields):
        fields = {
            "original_language": "en",
            "alt_text": "Two coloured halves",
            "status": "approved",
            **fields,
        }
        return image_create(upload=upload or jpeg_upload(), user=editor, **fields)

    return make


@dataclass
class Illustrated:
    """The site tests' saga with a portrait, a logo and an event image."""

    story: object
    portrait: object  # Sam Altman's; alt text in English and Japanese
    logo: object  # OpenAI's, a transparent PNG; alt text in English only
    event_image: object  # the firing's; a caption, alt text in English and a Japanese draft


@pytest.fixture
def illustrated(make_image) -> Illustrated:
    from events.models import Event
    from people.models import Organization, Person
    from tests.factories import add_text
    from tests.images.pictures import jpeg_upload, tagged_png, upload
    from tests.scenarios import openai_story

    story = openai_story()
    portrait = make_image(
        jpeg_upload(size=(600, 800)),
        alt_text="Sam Altman, smiling",
        credit="Jane Doe",
        licence="CC BY 4.0",
    )
    add_text(portrait, "ja", alt_text="笑顔のサム・アルトマン")
    logo = make_image(
        upload(tagged_png(size=(400, 200), transparent=True), "logo.png", "image/png"),
        alt_text="The OpenAI logo",
        licence="Trademark of OpenAI",
    )
    event_image = make_image(
        jpeg_upload(size=(1400, 700)),
        alt_text="The OpenAI offices",
        caption="OpenAI's headquarters in San Francisco",
        credit="Newsroom photo desk",
        licence="All rights reserved",
    )
    add_text(event_image, "ja", status="draft", alt_text="下書きの代替テキスト")
    Person.objects.filter(pk=story.altman.pk).update(portrait=portrait)
    Organization.objects.filter(pk=story.openai.pk).update(logo=logo)
    Event.objects.filter(pk=story.fired.pk).update(image=event_image)
    return Illustrated(story, portrait, logo, event_image)
