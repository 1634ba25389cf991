"""
Concurrent writes on PostgreSQL: of several editors who PATCH the same object with the same
If-Match ETag at the same moment, exactly one wins (200) and every other gets a 412; the
object then holds the winner's change and only it, recorded as exactly one new revision.

SQLite serialises writers on a database-wide lock, so it cannot show the race: these tests
run on PostgreSQL (``DATABASE_URL=postgres://...``) under its default READ COMMITTED.
"""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.db import connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from reversion.models import Version

import editorial.content_services
import events.services
import translations.services
from events.models import Event, EventTranslation
from sources.linkcheck import CheckResult, source_record_check
from sources.models import Availability, Source
from tests.databases import skip_unless_postgresql
from tests.factories import EventFactory, SourceFactory, TagFactory, add_text
from translations.machinery import TranslationStatus
from translations.services import translation_save

WRITERS = 6

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = skip_unless_postgresql(
    "SQLite serialises all writes, so concurrent writers never race: "
    "run with DATABASE_URL=postgres://... to test this",
)


@pytest.fixture
def event():
    event = EventFactory(slug="fired", position=0, is_approximate=False)
    add_text(event, "ja", headline="アルトマン氏解任")
    add_text(event, "en", headline="Altman fired")
    for n in range(WRITERS):
        TagFactory(slug=f"writer-{n}")
    return event


@pytest.fixture
def editors(django_user_model):
    """One token per writer, each an editor of its own (made as the command makes them)."""
    tokens = []
    for n in range(WRITERS):
        call_command("create_editor", username=f"editor-{n}", password="pw-12345", verbosity=0)
        user = django_user_model.objects.get(username=f"editor-{n}")
        tokens.append(Token.objects.create(user=user).key)
    return tokens


@pytest.fixture
def claims_meet(monkeypatch):
    """
    Hold every writer just before it claims the version, until all have got there.

    So each request has read the object and validated its body before any of them writes:
    all of them race for the row, none finds it already changed.
    """

    def patch(*modules, parties=WRITERS):
        barrier = threading.Barrier(parties)
        for module in modules:
            real = module.claim_version

            def claim_when_all_are_ready(*args, real=real, **kwargs):
                barrier.wait(timeout=60)  # a guard against a hang, not a timing assertion
                return real(*args, **kwargs)

            monkeypatch.setattr(module, "claim_version", claim_when_all_are_ready)

    return patch


def in_threads(work, writers=WRITERS):
    """Run ``work(n)`` for every writer at once; return the results in writer order."""
    results = [None] * writers
    start = threading.Barrier(writers)

    def run(n):
        try:
            start.wait(timeout=60)
            results[n] = work(n)
        except Exception as error:  # reported below, where the test can fail on it
            results[n] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors
    return results


def client_for(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def change_of(n):
    """Writer ``n``'s change: several fields, each of which shows who wrote it."""
    return {
        "position": 100 + n,
        "start_at": f"2023-11-17T20:{n:02}:00Z",
        "is_approximate": n % 2 == 1,
        "tags": [f"writer-{n}"],
    }


def revisions(obj):
    return Version.objects.get_for_object(obj).count()


@postgresql_only
def test_one_of_several_simultaneous_patches_wins_and_the_others_get_412(
    event, editors, claims_meet
):
    claims_meet(editorial.content_services)
    url = f"/api/v1/events/{event.pk}/?lang=en"
    etag = client_for(editors[0]).get(url)["ETag"]
    versions_before = revisions(event)

    responses = in_threads(
        lambda n: client_for(editors[n]).patch(url, change_of(n), format="json", HTTP_IF_MATCH=etag)
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [412] * (WRITERS - 1), [r.content[:200] for r in responses]
    winner = next(n for n, r in enumerate(responses) if r.status_code == 200)
    stored = Event.objects.get(pk=event.pk)
    assert stored.version == event.version + 1
    assert stored.updated_by.username == f"editor-{winner}"
    assert {
        "position": stored.position,
        "start_at": stored.start_at.isoformat().replace("+00:00", "Z"),
        "is_approximate": stored.is_approximate,
        "tags": [tag.slug for tag in stored.tags.all()],
    } == change_of(winner)
    assert revisions(event) == versions_before + 1
    assert responses[winner].json()["position"] == 100 + winner
    for loser in (r for r in responses if r.status_code == 412):
        assert "editor-" in loser.json()["detail"]  # names who saved in between


@postgresql_only
def test_one_of_several_simultaneous_text_patches_wins_and_the_others_get_412(
    event, editors, claims_meet
):
    claims_meet(translations.services)
    url = f"/api/v1/events/{event.pk}/translations/en/"
    etag = client_for(editors[0]).get(url)["ETag"]
    row = EventTranslation.objects.get(event=event, language_code="en")

    responses = in_threads(
        lambda n: client_for(editors[n]).patch(
            url,
            {"headline": f"Altman fired ({n})", "summary": f"Told by writer {n}."},
            format="json",
            HTTP_IF_MATCH=etag,
        )
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [412] * (WRITERS - 1), [r.content[:200] for r in responses]
    winner = next(n for n, r in enumerate(responses) if r.status_code == 200)
    stored = EventTranslation.objects.get(pk=row.pk)
    assert (stored.headline, stored.summary) == (
        f"Altman fired ({winner})",
        f"Told by writer {winner}.",
    )
    assert stored.version == row.version + 1


@postgresql_only
def test_simultaneous_patches_over_http_to_a_live_server_leave_one_winner(
    live_server, event, editors
):
    """The whole stack, a request per thread on its own server thread and connection."""
    url = f"{live_server.url}/api/v1/events/{event.pk}/?lang=en"
    etag = client_for(editors[0]).get(url.removeprefix(live_server.url))["ETag"]

    def patch(n):
        request = urllib.request.Request(
            url,
            method="PATCH",
            data=json.dumps(change_of(n)).encode(),
            headers={
                "Authorization": f"Token {editors[n]}",
                "Content-Type": "application/json",
                "If-Match": etag,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as refusal:
            return refusal.code

    statuses = in_threads(patch)

    assert sorted(statuses) == [200] + [412] * (WRITERS - 1)
    winner = statuses.index(200)
    stored = Event.objects.get(pk=event.pk)
    assert (stored.position, [tag.slug for tag in stored.tags.all()]) == (
        100 + winner,
        [f"writer-{winner}"],
    )
    assert stored.version == event.version + 1


def test_a_link_check_recorded_while_an_editor_saves_the_source_is_kept(editors, monkeypatch):
    """
    A link check writes availability without a new version (it is not an edit), so an
    editor's PATCH that read the source just before must not save the old availability back.
    """
    source = SourceFactory(slug="verge-report", title="Sam Altman fired")
    url = f"/api/v1/sources/{source.slug}/"
    etag = client_for(editors[0]).get(url)["ETag"]
    real_claim = editorial.content_services.claim_version

    def link_check_lands_first(obj, **kwargs):
        # Between the request's read of the source and its claim: the check's own
        # transaction (a savepoint here, on this thread's connection) commits its UPDATE.
        source_record_check(source_id=obj.pk, result=CheckResult.from_status(410))
        return real_claim(obj, **kwargs)

    monkeypatch.setattr(editorial.content_services, "claim_version", link_check_lands_first)

    response = client_for(editors[0]).patch(
        url, {"title": "Sam Altman is out"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200, response.content
    stored = Source.objects.get(pk=source.pk)
    assert (stored.title, stored.availability) == ("Sam Altman is out", Availability.REMOVED)
    assert response.json()["availability"] == Availability.REMOVED


@postgresql_only
def test_a_delete_and_a_patch_from_the_same_version_leave_one_winner(event, editors, claims_meet):
    claims_meet(editorial.content_services, events.services, parties=2)
    url = f"/api/v1/events/{event.pk}/?lang=en"
    etag = client_for(editors[0]).get(url)["ETag"]

    deleted, patched = in_threads(
        lambda n: (
            client_for(editors[0]).delete(url, HTTP_IF_MATCH=etag)
            if n == 0
            else client_for(editors[1]).patch(url, change_of(1), format="json", HTTP_IF_MATCH=etag)
        ),
        writers=2,
    )

    stored = Event.objects.filter(pk=event.pk).first()
    if deleted.status_code == 204:
        assert (patched.status_code, stored) == (412, None)
    else:
        assert (deleted.status_code, patched.status_code) == (412, 200)
        assert stored.position == change_of(1)["position"]


def test_a_patch_of_an_event_deleted_after_it_was_read_is_a_412(editors, monkeypatch):
    """The delete lands between the request's read and its claim: 412, not a server error."""
    event = EventFactory(slug="fired")
    url = f"/api/v1/events/{event.pk}/?lang=en"
    etag = client_for(editors[0]).get(url)["ETag"]
    real_claim = editorial.content_services.claim_version

    def deleted_first(obj, **kwargs):
        Event.objects.filter(pk=obj.pk).delete()  # as a colleague's delete, committed
        return real_claim(obj, **kwargs)

    monkeypatch.setattr(editorial.content_services, "claim_version", deleted_first)

    response = client_for(editors[1]).patch(url, {"position": 3}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert "deleted" in response.json()["detail"]


def test_a_minor_source_change_saved_while_a_reviewer_approves_keeps_the_translation_current(
    editors, monkeypatch, django_user_model
):
    """
    A minor change of the source moves its translations' source digest without a new
    version (they stay current): a review that read the translation just before must not
    save the old digest back and make it look stale.
    """
    event = EventFactory(slug="fired")
    add_text(event, "ja", headline="アルトマン氏解任")
    add_text(event, "en", headline="Altman fired", status=TranslationStatus.IN_REVIEW)
    url = f"/api/v1/events/{event.pk}/translations/en/"
    etag = client_for(editors[0]).get(url)["ETag"]
    real_claim = translations.services.claim_version

    def minor_change_lands_first(row, **kwargs):
        if row.language_code == "en":
            source = EventTranslation.objects.get(event=event, language_code="ja")
            translation_save(
                row=source,
                user=django_user_model.objects.get(username="editor-0"),
                texts={"headline": "アルトマン氏、解任"},
                minor_change=True,
            )
        return real_claim(row, **kwargs)

    monkeypatch.setattr(translations.services, "claim_version", minor_change_lands_first)

    response = client_for(editors[1]).patch(
        url, {"status": "approved"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200, response.content
    stored = EventTranslation.objects.get(event=event, language_code="en")
    assert stored.status == TranslationStatus.APPROVED
    assert not stored.is_stale
