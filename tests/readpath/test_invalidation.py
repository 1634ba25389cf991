"""
Invalidation as narrow as the change (issue 15) and what one answer may cost (finding 5 of
issue 21), through the test client: cached answers cost one query (the versions of what
they show), so a query count tells a cached answer from a rebuilt one.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from core.signals import content_changed
from tests.factories import (
    EventFactory,
    InvolvementFactory,
    PersonFactory,
    SagaFactory,
    add_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def saga_with_event(slug: str, person=None):
    saga = SagaFactory(slug=slug)
    add_text(saga, "en", title=f"The {slug} saga")
    event = EventFactory(saga=saga, slug=f"{slug}-event")
    add_text(event, "en", headline=f"What happened in {slug}")
    if person is not None:
        InvolvementFactory(event=event, person=person)
    return saga, event


@pytest.fixture
def person():
    person = PersonFactory(slug="mira")
    add_text(person, "en", name="Mira Murati")
    return person


@pytest.fixture
def two_sagas(person):
    return saga_with_event("alpha", person), saga_with_event("beta", person)


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_an_edit_in_one_saga_leaves_the_other_sagas_cached_answers_alone(
    client, two_sagas, django_assert_num_queries, django_capture_on_commit_callbacks
):
    (_alpha, alpha_event), (_beta, beta_event) = two_sagas
    beta_urls = [
        "/en/sagas/beta/",
        "/en/sagas/beta/beta-event/",
        f"/api/v1/events/{beta_event.pk}/",
    ]
    for url in ["/en/sagas/alpha/", *beta_urls]:
        client.get(url)

    text = alpha_event.translation("en")
    text.headline = "Alpha, corrected"
    with django_capture_on_commit_callbacks(execute=True):
        text.save()

    for url in beta_urls:
        with django_assert_num_queries(1):  # served as stored: only the versions are read
            assert client.get(url).status_code == 200
    assert "Alpha, corrected" in page(client.get("/en/sagas/alpha/"))


def test_a_persons_rename_reaches_every_saga_that_shows_them(
    client, two_sagas, person, django_capture_on_commit_callbacks
):
    urls = ["/en/sagas/alpha/", "/en/sagas/beta/", "/en/sagas/beta/beta-event/", "/en/people/mira/"]
    for url in urls:
        assert "Mira Murati" in page(client.get(url))

    name = person.translation("en")
    name.name = "Mira Murati (CTO)"
    with django_capture_on_commit_callbacks(execute=True):
        name.save()

    for url in urls:
        assert "Mira Murati (CTO)" in page(client.get(url)), url


@pytest.mark.django_db(transaction=True)
def test_content_changed_is_sent_once_per_transaction_with_the_keys_touched(
    two_sagas, person, django_capture_on_commit_callbacks
):
    (alpha, alpha_event), _beta = two_sagas
    heard = []

    def listen(sender, keys, **kwargs):
        heard.append(keys)

    content_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            text = alpha_event.translation("en")
            text.headline = "Once"
            text.save()
            alpha_event.save()
    finally:
        content_changed.disconnect(listen)

    assert len(heard) == 1
    assert {f"event-{alpha_event.pk}", f"saga-{alpha.pk}", f"person-{person.pk}"} <= heard[0]
    assert not any(key.startswith("saga-") and key != f"saga-{alpha.pk}" for key in heard[0])


def test_every_shareable_answer_names_its_keys_and_staff_answers_are_private(
    client, editor, two_sagas
):
    (alpha, alpha_event), _beta = two_sagas

    timeline = client.get("/en/sagas/alpha/")
    detail = client.get(f"/api/v1/events/{alpha_event.pk}/")
    listing = client.get("/api/v1/events/")
    staff_client = Client()
    staff_client.force_login(editor)
    staff = staff_client.get("/en/sagas/alpha/")

    assert timeline["Surrogate-Key"] == f"all saga-{alpha.pk}"
    assert detail["Surrogate-Key"] == f"all event-{alpha_event.pk} saga-{alpha.pk}"
    assert listing["Surrogate-Key"] == "all sagas"
    assert "Surrogate-Key" not in staff
    assert "private" in staff["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    ["/sitemap.xml", "/sitemap-events.xml", "/en/sagas/alpha/", "/en/people/", "/api/v1/events/"],
)
def test_unknown_query_parameters_neither_build_nor_store_anything(
    client, two_sagas, url, django_assert_num_queries
):
    first = client.get(url)
    stored = len(cache._cache)

    for junk in ("x", "x=1", "utm_source=mail&y=2", "lang_=en&x"):
        address = f"{url}?{junk}"
        with django_assert_num_queries(1):
            again = client.get(address)
        assert again.content == first.content, address

    assert len(cache._cache) == stored


def test_an_answer_larger_than_the_bound_is_served_but_not_stored(
    client, two_sagas, settings, django_assert_max_num_queries
):
    settings.SAGA_ANSWER_MAX_BYTES = 1000
    client.get("/en/sagas/alpha/")

    assert not any(":answer:" in key for key in cache._cache)


def test_the_sitemap_is_an_index_of_pages_of_bounded_size(client, two_sagas, monkeypatch):
    from core.sitemaps import PublicSitemap

    monkeypatch.setattr(PublicSitemap, "limit", 1)

    index = page(client.get("/sitemap.xml"))

    assert "http://testserver/sitemap-events.xml?p=2" in index
    second = page(client.get("/sitemap-events.xml?p=2"))
    assert second.count("<url>") == 1


def test_an_event_moved_to_another_saga_leaves_the_timeline_of_the_saga_it_left(
    client, two_sagas, django_capture_on_commit_callbacks
):
    (alpha, alpha_event), (beta, _beta_event) = two_sagas
    assert "What happened in alpha" in page(client.get("/en/sagas/alpha/"))
    assert "What happened in alpha" not in page(client.get("/en/sagas/beta/"))

    event = type(alpha_event).objects.get(pk=alpha_event.pk)  # read as an editor's form does
    event.saga = beta
    with django_capture_on_commit_callbacks(execute=True):
        event.save()

    assert "What happened in alpha" not in page(client.get("/en/sagas/alpha/"))
    assert "What happened in alpha" in page(client.get("/en/sagas/beta/"))


def test_the_api_list_keeps_each_events_payload_until_what_it_shows_changes(
    client, two_sagas, person, django_capture_on_commit_callbacks
):
    (alpha, alpha_event), _beta = two_sagas
    second = EventFactory(saga=alpha, slug="alpha-second")
    add_text(second, "en", headline="The second thing")
    url = "/api/v1/events/?saga=alpha&lang=en"

    def listed() -> list[tuple[str, str, list]]:
        response = client.get(url)
        assert response.status_code == 200
        return [
            (e["headline"], e["saga"], [i["person"]["name"] for i in e["people"]])
            for e in response.json()["results"]
        ]

    assert listed() == [
        ("What happened in alpha", "alpha", ["Mira Murati"]),
        ("The second thing", "alpha", []),
    ]
    text = second.translation("en")
    text.headline = "The second thing, corrected"
    name = person.translation("en")
    name.name = "Mira Murati (CTO)"
    with django_capture_on_commit_callbacks(execute=True):
        text.save()
        name.save()
    assert listed() == [
        ("What happened in alpha", "alpha", ["Mira Murati (CTO)"]),
        ("The second thing, corrected", "alpha", []),
    ]
    alpha.slug = "alpha-renamed"
    with django_capture_on_commit_callbacks(execute=True):
        alpha.save()
    url = "/api/v1/events/?saga=alpha-renamed&lang=en"
    assert [saga for _headline, saga, _people in listed()] == ["alpha-renamed"] * 2
