"""
A newsroom's worth of data, and a snapshot of it that does not depend on how it was stored.

``snapshot()`` reads every row of the backed-up apps field by field (foreign keys by their
natural key), plus what readers are shown of every translatable object in every language,
so two databases with the same snapshot hold the same content.
"""

import datetime as dt
import io
import json
import re

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from PIL import Image as PillowImage

from accounts.models import LanguageAssignment
from events.models import Stance
from images.models import Image
from sources.models import Availability
from tests.factories import (
    AffiliationFactory,
    ChapterFactory,
    CitationFactory,
    EventFactory,
    InvolvementFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    TagFactory,
    add_text,
)
from translations.machinery import TranslatableModel, TranslationStatus, language_codes

CONTENT_APPS = ["events", "people", "sources", "images"]
SNAPSHOT_APPS = [*CONTENT_APPS, "accounts", "auth"]
UTC = dt.UTC


def build_newsroom(django_user_model) -> None:
    """
    Build two sagas with everything a newsroom stores, in both languages and all states.

    Its slugs differ from the shipped fixtures', so both can be in one database.
    """
    call_command("create_editor", username="desk", password="desk-password-1", verbosity=0)
    translator = django_user_model.objects.create_user("translator", password="tr-pass-1")
    translator.groups.add(Group.objects.get_or_create(name="Translators")[0])
    LanguageAssignment.objects.create(user=translator, language_code="en")

    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 6), "navy").save(buffer, "PNG")
    image = Image.objects.create(
        file=ContentFile(buffer.getvalue(), name="board.png"),
        credit="Newsroom",
        original_language="en",
    )
    add_text(image, "en", alt_text="The board room")
    add_text(image, "ja", status=TranslationStatus.IN_REVIEW, alt_text="取締役会の部屋")

    saga = SagaFactory(slug="board-crisis", original_language="ja")
    add_text(saga, "ja", title="OpenAIの5日間", standfirst="解任から復帰まで。")
    add_text(saga, "en", title="OpenAI's five days", standfirst="From firing to return.")
    draft_saga = SagaFactory(slug="next-story", original_language="en", state="draft")
    add_text(draft_saga, "en", status=TranslationStatus.DRAFT, title="Next story")

    friday = ChapterFactory(
        saga=saga, slug="friday", start_at=dt.datetime(2023, 11, 17, tzinfo=UTC)
    )
    add_text(friday, "ja", heading="金曜日：解任")
    add_text(friday, "en", heading="Friday: fired")
    tag = TagFactory(slug="governance", original_language="ja")
    add_text(tag, "ja", name="取締役会")
    add_text(tag, "en", name="board")

    openai = OrganizationFactory(slug="lab", logo=image)
    add_text(openai, "en", name="OpenAI")
    add_text(openai, "ja", name="OpenAI")
    altman = PersonFactory(slug="chief", wikidata_qid="Q7407093", portrait=image)
    add_text(altman, "en", name="Sam Altman", short_bio="Chief executive of OpenAI.")
    add_text(altman, "ja", name="サム・アルトマン")
    murati = PersonFactory(slug="deputy")
    add_text(murati, "en", name="Mira Murati")
    add_text(murati, "ja", status=TranslationStatus.MACHINE, name="ミラ・ムラティ")
    for person, title, start, end in [
        (altman, "chief executive", dt.datetime(2019, 3, 1, tzinfo=UTC), None),
        (murati, "chief technology officer", dt.datetime(2022, 5, 1, tzinfo=UTC), None),
        (
            murati,
            "interim chief executive",
            dt.datetime(2023, 11, 17, 20, 0, tzinfo=UTC),
            dt.datetime(2023, 11, 20, 8, 0, tzinfo=UTC),
        ),
    ]:
        affiliation = AffiliationFactory(
            person=person, organization=openai, start_at=start, end_at=end
        )
        add_text(affiliation, "en", title=title)

    live = SourceFactory(
        slug="blog",
        url="https://lab.example.org/blog/leadership-transition",
        publisher=openai,
        availability=Availability.LIVE,
        availability_checked_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    gone = SourceFactory(
        slug="tweet",
        url="https://social.example.org/chief/status/1",
        kind="social_post",
        availability=Availability.REMOVED,
        check_failures=3,
        check_failing_since=dt.datetime(2024, 1, 1, tzinfo=UTC),
    )
    unknown = SourceFactory(slug="memo", url=None, note="Seen by two reporters.", language="ja")

    fired = EventFactory(
        saga=saga,
        chapter=friday,
        slug="fired",
        start_at=dt.datetime(2023, 11, 17, 20, 23, tzinfo=UTC),
        precision="time",
        image=image,
    )
    fired.tags.add(tag)
    add_text(fired, "ja", headline="アルトマン氏を解任", body="取締役会が**発表**した。")
    add_text(fired, "en", headline="Altman fired", body="The board **announced** it.")
    letter = EventFactory(
        saga=saga,
        slug="letter",
        start_at=dt.datetime(2023, 11, 20, 12, tzinfo=UTC),
        precision="day",
        is_approximate=True,
    )
    add_text(letter, "ja", headline="社員の書簡", display_date="月曜日の朝")
    stale = add_text(letter, "en", headline="Staff letter")
    source_row = letter.translation("ja")
    source_row.summary = "約700人が署名した。"
    source_row.save()
    assert type(stale).objects.get(pk=stale.pk).is_stale
    unpublished = EventFactory(saga=saga, slug="draft-event", state="draft", precision="month")
    add_text(unpublished, "ja", status=TranslationStatus.DRAFT, headline="未確認")

    InvolvementFactory(event=fired, person=altman, role="subject")
    InvolvementFactory(event=fired, person=murati, role="actor", position=1)
    quote = CitationFactory(event=fired, source=live, quote="Sam will depart", locator="para 1")
    add_text(quote, "ja", quote="サムは退任する")
    CitationFactory(event=letter, source=gone, quote="505 signatures", stance=Stance.DISPUTES)
    CitationFactory(event=letter, source=unknown, quote="")


def _ref(obj):
    if obj is None:
        return None
    if hasattr(obj, "natural_key"):
        return list(obj.natural_key())
    return ["pk", obj.pk]


def _value(obj, field):
    if field.is_relation:
        return _ref(getattr(obj, field.name))
    value = field.value_from_object(obj)
    if isinstance(value, dt.datetime):
        # dumpdata's JSON keeps times to the millisecond, as does DjangoJSONEncoder here;
        # cut first, so that 12:00:00.000400 and its restored 12:00:00 compare equal.
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value.name if isinstance(value, models.fields.files.FieldFile) else value


def _row(obj, *, with_pks):
    row = {
        field.name: _value(obj, field)
        for field in obj._meta.concrete_fields
        if with_pks or not field.primary_key
    }
    for field in obj._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            row[field.name] = sorted(_ref(related) for related in getattr(obj, field.name).all())
    return row


def _reader_view(model):
    """What each object reads as in every language, and its translation badges."""
    return {
        json.dumps(_ref(obj)): {
            code: [text.language_code, str(text.status), dict(text.texts)]
            for code in language_codes()
            for text in [obj.localized(code)]
        }
        | {"states": {code: str(state) for code, state in obj.translation_states().items()}}
        for obj in model._default_manager.with_translations()
    }


def snapshot(*, with_pks: bool) -> dict:
    """Return the backed-up content as plain JSON data (to compare across databases)."""
    result = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is Permission:
                continue
            rows = [_row(obj, with_pks=with_pks) for obj in model._default_manager.all()]
            result[model._meta.label] = sorted(
                rows, key=lambda row: json.dumps(row, cls=DjangoJSONEncoder, sort_keys=True)
            )
            if issubclass(model, TranslatableModel):
                result[f"{model._meta.label} as read"] = _reader_view(model)
    return json.loads(json.dumps(result, cls=DjangoJSONEncoder, sort_keys=True))


# What readers see of the newsroom: the timeline, event and person pages in both languages,
# the sources list and a feed.
PUBLIC_PAGES = [
    "/en/sagas/board-crisis/",
    "/ja/sagas/board-crisis/",
    "/en/sagas/board-crisis/fired/",
    "/ja/sagas/board-crisis/fired/",
    "/en/sagas/board-crisis/letter/",
    "/en/people/chief/",
    "/ja/people/deputy/",
    "/en/sources/",
    "/en/sagas/board-crisis/atom.xml",
]
_PER_REQUEST = re.compile(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"')
# dumpdata's JSON keeps times to the millisecond: a page that prints microseconds (the
# event page's article:modified_time) is compared to the millisecond.
_MICROSECONDS = re.compile(r"(T\d\d:\d\d:\d\d\.\d{3})\d{3}")


def render_public_pages(urls=PUBLIC_PAGES) -> dict[str, str]:
    """Return each page as an anonymous reader gets it, less what changes per request."""
    from django.test import Client

    reader, pages = Client(), {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = _PER_REQUEST.sub(r'\1="…"', response.content.decode())
        pages[url] = _MICROSECONDS.sub(r"\1", page)
    return pages
