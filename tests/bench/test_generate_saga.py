"""`manage.py generate_saga`: a deterministic synthetic saga at any scale."""

import hashlib
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.management.commands.generate_saga import Command
from bench.synthetic import generator
from events.models import Chapter, Citation, Event, Involvement, Saga
from people.models import Organization, Person
from sources.models import Source
from tests.factories import EventFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("language_code", "status", "origin", "source_digest", "source_snapshot")


def generate(events=40, seed=1, slug="synthetic", **options):
    call_command("generate_saga", events=events, seed=seed, slug=slug, verbosity=0, **options)
    return Saga.objects.get(slug=slug)


def rows_of(obj):
    """Return an object's text rows as plain data (what readers and translators see)."""
    model = obj.translation_model()
    fields = (*TEXT_FIELDS, *model.translated_fields)
    return sorted(
        ({name: getattr(row, name) for name in fields} for row in obj.translations.all()),
        key=lambda row: row["language_code"],
    )


def at(moment):
    return moment.isoformat() if moment else None


def saga_content(saga) -> dict:
    """Return everything a saga says, keyed by slugs and stable ids (never database ids)."""
    events = Event.objects.filter(saga=saga).prefetch_related(
        "translations", "tags", "involvements__person", "citations__translations"
    )
    prefix = f"{saga.slug}--"
    people = Person.objects.filter(slug__startswith=prefix).prefetch_related(
        "translations", "affiliations__translations", "affiliations__organization"
    )
    return {
        "saga": [saga.time_zone, saga.state, rows_of(saga)],
        "chapters": [
            [c.slug, at(c.start_at), at(c.end_at), rows_of(c)]
            for c in Chapter.objects.filter(saga=saga).prefetch_related("translations")
        ],
        "events": [
            [
                e.slug,
                e.chapter.slug,
                at(e.start_at),
                at(e.end_at),
                e.precision,
                e.is_approximate,
                e.original_language,
                e.state,
                rows_of(e),
                sorted(t.slug for t in e.tags.all()),
                [[i.person.slug, i.role, i.position] for i in e.involvements.all()],
                [
                    [str(c.uid), c.source.slug, c.stance, c.quote, c.locator, c.note, rows_of(c)]
                    for c in e.citations.all()
                ],
            ]
            for e in events.select_related("chapter")
        ],
        "people": [
            [
                p.slug,
                p.original_language,
                rows_of(p),
                [
                    [str(a.uid), a.organization.slug, at(a.start_at), at(a.end_at), rows_of(a)]
                    for a in p.affiliations.all()
                ],
            ]
            for p in people
        ],
        "organisations": [
            [o.slug, o.kind, o.website, rows_of(o)]
            for o in Organization.objects.filter(slug__startswith=prefix).prefetch_related(
                "translations"
            )
        ],
        "sources": list(
            Source.objects.filter(slug__startswith=prefix)
            .order_by("slug")
            .values_list(
                "slug",
                "url",
                "publisher__slug",
                "kind",
                "language",
                "title",
                "author",
                "published_at",
                "archived_url",
                "availability",
            )
        ),
    }


def digest(saga) -> str:
    payload = json.dumps(saga_content(saga), ensure_ascii=False, default=str, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


# ------------------------------------------------------------------------------
# Determinism
# ------------------------------------------------------------------------------


def test_the_same_seed_generates_identical_content_down_to_stable_ids():
    first = digest(generate(seed=7))

    again = digest(generate(seed=7, replace=True))

    assert again == first


def test_a_different_seed_generates_different_content():
    first = digest(generate(seed=7))

    other = digest(generate(seed=8, replace=True))

    assert other != first


def test_two_sagas_from_one_seed_live_side_by_side_with_their_own_people_and_ids():
    generate(slug="first", seed=3)
    generate(slug="second", seed=3)

    assert Event.objects.filter(saga__slug="second").count() == 40
    first_uids = set(Citation.objects.filter(event__saga__slug="first").values_list("uid"))
    second_uids = set(Citation.objects.filter(event__saga__slug="second").values_list("uid"))
    assert not first_uids & second_uids
    assert not Involvement.objects.filter(
        event__saga__slug="second", person__slug__startswith="first--"
    ).exists()


# ------------------------------------------------------------------------------
# Options, errors and atomicity
# ------------------------------------------------------------------------------


def test_the_command_reports_progress_and_what_it_made(capsys):
    call_command("generate_saga", events=30, seed=2)

    output = capsys.readouterr().out
    assert "events 30/30" in output
    assert "Generated saga “synthetic” (seed 2)" in output
    assert "30 events" in output
    assert "60 citations" in output


def test_the_command_explains_its_options():
    help_text = Command().create_parser("manage.py", "generate_saga").format_help()

    for option in ("--events", "--seed", "--slug", "--chapters", "--replace"):
        assert option in help_text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"events": 0}, "the number of events must be at least 1 (got 0)"),
        ({"events": -5}, "at least 1 (got -5)"),
        ({"events": 10, "chapters": 11}, "between 1 and 10 (got 11)"),
        ({"events": 10, "chapters": 0}, "between 1 and 10 (got 0)"),
        ({"slug": "Not A Slug"}, "lower-case letters, digits and single hyphens"),
        ({"slug": "double--hyphen"}, "single hyphens"),
        ({"slug": "x" * 41}, "at most 40 characters"),
    ],
)
def test_bad_options_are_refused_in_one_line_and_nothing_is_written(options, message):
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        call_command("generate_saga", verbosity=0, **options)

    assert "\n" not in str(error.value)
    assert not Saga.objects.exists()
    assert not Person.objects.exists()


def test_an_existing_slug_is_refused_unless_replaced():
    generate(events=20)

    with pytest.raises(CommandError, match="already exists; use --replace"):
        generate(events=30)

    assert Event.objects.filter(saga__slug="synthetic").count() == 20
    generate(events=30, replace=True)
    assert Event.objects.filter(saga__slug="synthetic").count() == 30
    assert Person.objects.filter(slug__startswith="synthetic--").count() == 12


def test_leftover_generated_people_count_as_an_existing_saga():
    generate(events=20)
    Saga.objects.filter(slug="synthetic").delete()

    with pytest.raises(CommandError, match="already exists"):
        generate(events=20)


def test_replace_refuses_to_delete_generated_people_another_saga_uses():
    generate(events=20)
    InvolvementFactory(
        event=EventFactory(slug="real"),
        person=Person.objects.filter(slug__startswith="synthetic--")[0],
    )

    with pytest.raises(CommandError, match="something outside it uses its generated people"):
        generate(events=20, replace=True)

    assert Event.objects.filter(saga__slug="synthetic").count() == 20


def test_a_failure_half_way_writes_nothing(monkeypatch):
    monkeypatch.setattr(generator, "EVENTS_PER_CHUNK", 10)
    original_add_event = generator.SagaWriter.add_event

    def add_event_then_fail(self, batch, index, chapter):
        if index == 25:
            raise RuntimeError("disk full")
        original_add_event(self, batch, index, chapter)

    monkeypatch.setattr(generator.SagaWriter, "add_event", add_event_then_fail)

    with pytest.raises(RuntimeError, match="disk full"):
        generate(events=40)

    assert not Saga.objects.exists()
    assert not Event.objects.exists()
    assert not Person.objects.exists()
    assert not Source.objects.exists()


def test_a_failed_replace_keeps_the_old_saga(monkeypatch):
    generate(events=20)

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator.SagaWriter, "write_events", fail)

    with pytest.raises(RuntimeError, match="disk full"):
        generate(events=30, replace=True)

    assert Event.objects.filter(saga__slug="synthetic").count() == 20
