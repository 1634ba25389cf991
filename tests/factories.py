"""factory_boy factories: each builds the smallest valid object, with approved source text."""

import datetime as dt

import factory
from django.utils import timezone

from core.publishing import PublicationState
from events.models import (
    Chapter,
    ChapterTranslation,
    Citation,
    CitationTranslation,
    Event,
    EventTranslation,
    Involvement,
    Saga,
    SagaTranslation,
    Tag,
    TagTranslation,
)
from people.models import (
    Affiliation,
    AffiliationTranslation,
    Organization,
    OrganizationTranslation,
    Person,
    PersonTranslation,
)
from sources.models import Source
from translations.machinery import TranslationStatus

APPROVED = TranslationStatus.APPROVED


class SagaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Saga

    slug = factory.Sequence(lambda n: f"saga-{n}")
    time_zone = "America/Los_Angeles"
    original_language = "ja"
    state = PublicationState.PUBLISHED


class SagaTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SagaTranslation

    saga = factory.SubFactory(SagaFactory)
    language_code = "ja"
    title = factory.Sequence(lambda n: f"物語{n}")
    status = APPROVED


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    saga = factory.SubFactory(SagaFactory)
    slug = factory.Sequence(lambda n: f"chapter-{n}")
    start_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2023, 11, 17)))


class ChapterTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChapterTranslation

    chapter = factory.SubFactory(ChapterFactory)
    language_code = "ja"
    heading = factory.Sequence(lambda n: f"第{n}章")
    status = APPROVED


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    slug = factory.Sequence(lambda n: f"tag-{n}")
    original_language = "ja"


class TagTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TagTranslation

    tag = factory.SubFactory(TagFactory)
    language_code = "ja"
    name = factory.Sequence(lambda n: f"タグ{n}")
    status = APPROVED


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    saga = factory.SubFactory(SagaFactory)
    slug = factory.Sequence(lambda n: f"event-{n}")
    start_at = factory.LazyFunction(lambda: dt.datetime(2023, 11, 17, 20, 0, tzinfo=dt.UTC))
    precision = "time"
    original_language = "ja"
    state = PublicationState.PUBLISHED


class EventTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventTranslation

    event = factory.SubFactory(EventFactory)
    language_code = "ja"
    headline = factory.Sequence(lambda n: f"出来事{n}")
    status = APPROVED


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    original_language = "en"


class PersonTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonTranslation

    person = factory.SubFactory(PersonFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Person {n}")
    status = APPROVED


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"org-{n}")
    original_language = "en"


class OrganizationTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationTranslation

    organization = factory.SubFactory(OrganizationFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Organisation {n}")
    status = APPROVED


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)


class AffiliationTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffiliationTranslation

    affiliation = factory.SubFactory(AffiliationFactory)
    language_code = "en"
    title = "chief executive"
    status = APPROVED


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = "subject"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    kind = "article"
    language = "en"
    title = factory.Sequence(lambda n: f"Report {n}")


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    event = factory.SubFactory(EventFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "We are so back."


class CitationTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitationTranslation

    citation = factory.SubFactory(CitationFactory)
    language_code = "ja"
    quote = "戻ってきた。"
    status = APPROVED


def add_text(obj, language_code, status=APPROVED, **texts):
    """Give ``obj`` a text row in ``language_code``, made from its current source text."""
    row = obj.translation_model()(
        **{obj.translation_model().parent_field: obj},
        language_code=language_code,
        status=status,
        **texts,
    )
    row.record_source()
    row.save()
    if hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache.pop("translations", None)
    return row
