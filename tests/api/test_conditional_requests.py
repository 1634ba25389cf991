"""ETag and Last-Modified with 304s on reads; If-Match on writes (428 without, 412 stale)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.http import parse_http_date

from core.freshness import touch_objects
from events.models import Event
from people.models import AffiliationTranslation, PersonTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def fired(saga):
    return Event.objects.get(saga=saga, slug="fired")


def url_of(event, **query):
    base = reverse("api:event-detail", args=[event.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_read_carries_an_etag_and_last_modified_and_a_repeat_gets_304(anonymous, fired):
    first = anonymous.get(url_of(fired))

    assert first["ETag"].startswith(f'"{fired.version}-')
    assert "Last-Modified" in first
    again = anonymous.get(url_of(fired), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = anonymous.get(url_of(fired), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_lists_and_the_timeline_carry_etags_too(anonymous, saga):
    for url in [
        reverse("api:event-list"),
        reverse("api:saga-timelinejs", args=[saga.slug]),
        reverse("api:person-list"),
    ]:
        first = anonymous.get(url)
        assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url


def test_each_language_is_its_own_representation(anonymous, fired):
    japanese = anonymous.get(url_of(fired, lang="ja"))

    english = anonymous.get(url_of(fired, lang="en"), HTTP_IF_NONE_MATCH=japanese["ETag"])

    assert english.status_code == 200
    assert english["ETag"] != japanese["ETag"]


def test_a_change_to_an_embedded_person_changes_the_etag(
    anonymous, fired, django_capture_on_commit_callbacks
):
    first = anonymous.get(url_of(fired, lang="en"))
    name = PersonTranslation.objects.get(person__slug="mira-murati", language_code="en")
    name.name = "Mira Murati (CTO)"
    with django_capture_on_commit_callbacks(execute=True):  # the commit retires cached reads
        name.save()

    again = anonymous.get(url_of(fired, lang="en"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again.json()["people"][0]["person"]["name"] == "Mira Murati (CTO)"


def test_a_write_without_if_match_is_a_428(editor_api, fired):
    response = editor_api.patch(url_of(fired), {"position": 3}, format="json")

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_if_match_star_names_no_version_and_is_a_428(editor_api, fired):
    response = editor_api.patch(url_of(fired), {"position": 3}, format="json", HTTP_IF_MATCH="*")

    assert response.status_code == 428


def test_a_write_with_the_current_etag_succeeds_and_returns_the_new_one(editor_api, fired):
    etag = editor_api.get(url_of(fired))["ETag"]

    response = editor_api.patch(url_of(fired), {"position": 3}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response.json()["position"] == 3
    assert response["ETag"].startswith(f'"{fired.version + 1}-')


def test_a_write_from_a_stale_etag_is_a_412_and_changes_nothing(editor_api, make_client, fired):
    etag = editor_api.get(url_of(fired))["ETag"]
    colleague = make_client("colleague", "Editors")
    colleague.patch(url_of(fired), {"position": 5}, format="json", HTTP_IF_MATCH=etag)

    response = editor_api.patch(
        url_of(fired, lang="en"), {"position": 3}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 412
    assert "colleague saved this" in response.json()["detail"]
    fired.refresh_from_db()
    assert fired.position == 5


def test_an_etag_read_in_another_language_is_good_for_writing(editor_api, fired):
    etag = editor_api.get(url_of(fired, lang="en"))["ETag"]

    response = editor_api.patch(
        url_of(fired, lang="ja"), {"position": 2}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200


def test_a_foreign_etag_is_a_412(editor_api, fired):
    response = editor_api.patch(
        url_of(fired), {"position": 3}, format="json", HTTP_IF_MATCH='"abc"'
    )

    assert response.status_code == 412


def test_a_translation_row_has_its_own_version(editor_api, translator_api, fired):
    url = reverse("api:event-translation", args=[fired.pk, "en"])
    etag = translator_api.get(url)["ETag"]
    first = translator_api.patch(url, {"headline": "Altman out"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200

    again = translator_api.patch(
        url, {"headline": "Altman ousted"}, format="json", HTTP_IF_MATCH=etag
    )

    assert again.status_code == 412


def test_creating_a_text_needs_if_none_match_star_and_fails_if_it_exists(editor_api, saga):
    back = Event.objects.get(slug="return")
    url = reverse("api:event-translation", args=[back.pk, "en"])

    assert editor_api.patch(url, {"headline": "Back"}, format="json").status_code == 404
    assert editor_api.put(url, {"headline": "Back"}, format="json").status_code == 428
    created = editor_api.put(url, {"headline": "Back"}, format="json", HTTP_IF_NONE_MATCH="*")
    assert created.status_code == 201
    assert created.json()["version"] == 1
    again = editor_api.put(url, {"headline": "Back"}, format="json", HTTP_IF_NONE_MATCH="*")
    assert again.status_code == 412


def test_last_modified_follows_the_texts_of_embedded_objects(anonymous, fired):
    first = anonymous.get(url_of(fired, lang="en"))
    later = parse_http_date(first["Last-Modified"]) + 60
    role = fired.involvements.get().person.affiliations.last()
    AffiliationTranslation.objects.filter(affiliation=role).update(
        title="interim CEO", updated_at=dt.datetime.fromtimestamp(later, tz=dt.UTC)
    )
    touch_objects(role)  # what saving it would do; update() sends no signal

    again = anonymous.get(url_of(fired, lang="en"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 200
    assert parse_http_date(again["Last-Modified"]) == later


def test_anonymous_reads_are_shared_until_the_content_changes(
    anonymous, editor_api, fired, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = url_of(fired, lang="en")
    first = anonymous.get(url)

    with django_assert_num_queries(1):  # the versions of what the answer shows
        again = anonymous.get(url)
    assert (again.content, again["ETag"]) == (first.content, first["ETag"])
    assert again["Content-Language"] == "en"
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    name = PersonTranslation.objects.get(person__slug="mira-murati", language_code="en")
    name.name = "Mira Murati (CTO)"
    with django_capture_on_commit_callbacks(execute=True):
        name.save()

    assert anonymous.get(url).json()["people"][0]["person"]["name"] == "Mira Murati (CTO)"


def test_signed_in_readers_are_never_answered_from_the_shared_copy(anonymous, editor_api, fired):
    url = url_of(fired, lang="en")
    anonymous.get(url)

    staff = editor_api.get(url)

    assert staff.json()["start_at"] is not None  # the exact instant: staff only
    assert "private" in staff["Cache-Control"]
