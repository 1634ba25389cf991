"""
Who may see and who may change what: every address of the site, walked as every role.

The addresses come from the site itself (the admin's registry, the API router, the
URLconf), so a model or page added later without a row in the tables below fails here
instead of going unchecked. The roles are real users in the newsroom's groups (see
``newsroom.ROLES``): nobody, an editor, a translator and a reviewer of English, and a
translator of Japanese.

Answers are written as the admin gives them: ``LOGIN`` is its redirect to the log-in page,
``GONE`` its "does not exist" redirect to the index (what a row in a language one does not
work in looks like), and numbers are HTTP statuses.
"""

from __future__ import annotations

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from reversion.models import Version

from events.models import Chapter, Event, EventTranslation, Saga
from jobs.models import Job
from people.models import Organization, Person
from saga_cms.api_urls import router
from sources.models import Source
from tests.admin_forms import form_data
from tests.factories import (
    AffiliationFactory,
    ChapterFactory,
    CitationFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    SagaFactory,
    SourceFactory,
    TagFactory,
)
from tests.scenarios import openai_story
from tests.security.newsroom import (
    ROLES,
    api_client,
    make_image,
    make_users,
    page_client,
    record_revisions,
)
from translations.machinery import Translation

pytestmark = pytest.mark.django_db

LOGIN, GONE = "log-in page", "does-not-exist redirect"
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
# The languages each role writes in: its assignments; editors work in every language.
LANGUAGES = {
    role: {"ja", "en"} if role == "editor" else set((membership or ())[1:])
    for role, membership in ROLES.items()
}


@pytest.fixture
def users():
    """Every role's user (None for anonymous)."""
    return make_users()


@pytest.fixture
def story(users):
    return openai_story()


@pytest.fixture
def world(users, story):
    """The site-test saga with an image, every role's user, and a token and log-in records
    (so the administrator's models have an object to open too)."""
    story.fired.image = make_image(users["editor"])
    story.fired.save()
    make_login_records(users["editor"])
    Job.objects.create(
        kind="events.bulk_state", title="Unpublish: 1 event", created_by=users["editor"]
    )
    return story, users


def answer(response) -> int | str:
    """Name a response as the tables do."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return LOGIN
        if location == reverse("admin:index"):
            return GONE
        return f"302 to {location}"
    return response.status_code


def mismatches(cells) -> str:
    """List the cells whose answer differs from the table, one per line."""
    return "\n".join(f"{what}: expected {want}, got {got}" for what, want, got in cells)


# ------------------------------------------------------------------------------
# The admin: every registered model, every view
# ------------------------------------------------------------------------------

# Accounts and log-in records are the site administrator's (a superuser), not the newsroom's.
ADMINISTRATOR_ONLY = {
    "auth.user",
    "auth.group",
    "authtoken.tokenproxy",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
# Content: editors change it; translators and reviewers open it read-only (and its texts).
CONTENT = {
    "events.saga",
    "events.chapter",
    "events.tag",
    "events.event",
    "events.citation",
    "people.person",
    "people.organization",
    "people.affiliation",
    "sources.source",
    "images.image",
    "translation.debrisphrase",  # the machine-translation debris list their warnings cite
}
# Background jobs: everyone on the desk lists the jobs they started and follows their
# progress; editors (jobs.view_job) see everyone's. Workers write jobs, nobody else.
JOBS = {"jobs.job"}
READING_VIEWS = {"changelist", "change", "history", "compare"}
RESTORING_VIEWS = {"revision", "recoverlist", "recover"}
# Images keep their history, but an old revision's files are gone: nothing is restored.
NOT_RESTORABLE = {"images.image"}


def expected_admin(
    role: str, label: str, view: str, row_language: str | None, is_source: bool = False
):
    if role == "anonymous":
        return LOGIN
    if label in ADMINISTRATOR_ONLY:
        return 403
    if label in JOBS:  # the walked job was started by the editor
        if view in ("add", "delete"):
            return 403
        if role == "editor" or view == "changelist":
            return 200
        return GONE  # another's job does not exist for them
    if view in ("presence", "preview"):  # the change form's scripts POST (tests/editorial)
        return 405
    if row_language is not None:  # a translation row, edited in the side-by-side editor
        if view == "add":
            return 404  # rows are added from their object's form, never on their own
        if role == "editor" or view == "changelist":  # the list shows one's own languages
            return 200
        if view == "delete":
            return 403
        if row_language in LANGUAGES[role]:
            return 200
        # The original a translation is made from opens read-only (the inline's link to it
        # is no dead end); another translation does not exist for them.
        return 200 if is_source and view in ("change", "history") else GONE
    if role == "editor":
        return 403 if view in RESTORING_VIEWS and label in NOT_RESTORABLE else 200
    return 200 if view in READING_VIEWS else 403


def admin_addresses():
    """
    Yield (model label, view, row language, whether the row is a source text, url) for every
    view of every registered model.
    """
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        label = opts.label_lower
        objects = sample_objects(model)
        assert objects, f"the walk needs a {label} to open: add one to the world fixture"
        for obj in objects:
            versions = Version.objects.none()
            if reversion.is_registered(model):
                record_revisions(obj)
                versions = Version.objects.get_for_object(obj)
            prefix = f"{opts.app_label}_{opts.model_name}_"
            for pattern in model_admin.get_urls():
                if not (pattern.name or "").startswith(prefix):
                    continue
                view = pattern.name.removeprefix(prefix)
                version = versions.first()
                args = {
                    "changelist": [],
                    "add": [],
                    "recoverlist": [],
                    "preview": [],
                    "recover": [version.pk if version else 0],
                    "revision": [obj.pk, version.pk if version else 0],
                }.get(view, [obj.pk])
                language = getattr(obj, "language_code", None) if is_row(model) else None
                is_source = is_row(model) and obj.is_source
                url = reverse(f"admin:{pattern.name}", args=args)
                yield label, view, language, is_source, url


def is_row(model) -> bool:
    return issubclass(model, Translation)


def sample_objects(model) -> list:
    """One object of ``model``; for a translation model, its first row in each language."""
    objects = model._default_manager.order_by("pk")
    if not is_row(model):
        return list(objects[:1])
    return [row for code in ("en", "ja") if (row := objects.filter(language_code=code).first())]


def make_login_records(user):
    common = {"username": "someone", "ip_address": "127.0.0.1", "http_accept": "", "path_info": "/"}
    AccessAttempt.objects.create(**common, failures_since_start=1, get_data="", post_data="")
    AccessLog.objects.create(**common)
    AccessFailureLog.objects.create(**common)
    Token.objects.get_or_create(user=user)


def test_every_registered_admin_model_is_in_the_tables():
    registered = {model._meta.label_lower for model in admin.site._registry}
    rows = {m._meta.label_lower for m in admin.site._registry if is_row(m)}

    unclassified = registered - ADMINISTRATOR_ONLY - CONTENT - JOBS - rows

    assert unclassified == set(), "say who may see and change these models"
    assert (ADMINISTRATOR_ONLY | CONTENT | JOBS) - registered == set(), "stale rows in the tables"


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_view_answers_each_role_as_the_table_says(world, role):
    story, users = world
    client = page_client(users[role])
    client.raise_request_exception = False
    cells, walked, models = [], 0, set()
    for label, view, language, is_source, url in list(admin_addresses()):
        walked += 1
        models.add(label)
        want = expected_admin(role, label, view, language, is_source)
        got = answer(client.get(url))
        if want != got:
            cells.append((f"GET {url}", want, got))

    assert not cells, mismatches(cells)
    assert models == {m._meta.label_lower for m in admin.site._registry}
    assert walked > 200  # every view of 26 models (translation models in two languages)


@pytest.mark.parametrize("role", ["translator", "reviewer"])
def test_a_translator_or_reviewer_opens_an_image_to_work_on_its_alt_text(world, role):
    story, users = world
    client = page_client(users[role])
    client.raise_request_exception = False

    response = client.get(reverse("admin:images_image_change", args=[story.fired.image_id]))

    assert response.status_code == 200


# The admin's own pages and the translation workflow's, beside the model views.
ADMIN_PAGES = {
    # name: (args, {role: answer}) -- roles not named answer 200
    "admin:index": ([], {}),
    "translations:dashboard": ([], {}),
    "translations:worklist en": (["openai-2023", "en"], {"ja_translator": 404}),
    "translations:worklist ja": (["openai-2023", "ja"], {"translator": 404, "reviewer": 404}),
    "translations:xliff_export en": (["openai-2023", "en"], {"ja_translator": 404}),
    "translations:xliff_export ja": (["openai-2023", "ja"], {"translator": 404, "reviewer": 404}),
    "translations:xliff_import": (["openai-2023"], {}),
}


# Apps whose models translators and reviewers never work on: not in their sidebar.
NOTHING_TO_TRANSLATE = {"sources"}
# Apps every signed-in member of the desk has: their own jobs.
EVERYONES_APPS = {"jobs"}


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_index_and_translation_pages_answer_each_role(world, role):
    story, users = world
    client = page_client(users[role])
    cells = []
    urls = {name: reverse(name.split()[0], args=args) for name, (args, _) in ADMIN_PAGES.items()}
    apps = {m._meta.app_label for m in admin.site._registry}
    for app_label in apps:
        urls[f"app {app_label}"] = reverse("admin:app_list", args=[app_label])
    for name, url in urls.items():
        if role == "anonymous":
            want = LOGIN
        elif name.startswith("app "):
            app = name.removeprefix("app ")
            # Translators' and reviewers' admin lists their tasks: sources have no text.
            listed = role == "editor" or app not in NOTHING_TO_TRANSLATE
            permitted = users[role].has_module_perms(app) or app in EVERYONES_APPS
            want = 200 if permitted and listed else 404
        else:
            want = ADMIN_PAGES[name][1].get(role, 200)
        got = answer(client.get(url))
        if want != got:
            cells.append((f"GET {url}", want, got))

    assert not cells, mismatches(cells)


# ------------------------------------------------------------------------------
# The admin: who can change what (POSTs as the browser sends them)
# ------------------------------------------------------------------------------

EDITABLE_CONTENT = sorted(CONTENT - {"translation.debrisphrase"})


def registered_model(label):
    return next(m for m in admin.site._registry if m._meta.label_lower == label)


# label -> a new object nothing else depends on (what depends on it would block the delete)
DELETABLE = {
    "events.saga": lambda users: SagaFactory(),
    "events.chapter": lambda users: ChapterFactory(),
    "events.tag": lambda users: TagFactory(),
    "events.event": lambda users: EventFactory(),
    "events.citation": lambda users: CitationFactory(),
    "people.person": lambda users: PersonFactory(),
    "people.organization": lambda users: OrganizationFactory(),
    "people.affiliation": lambda users: AffiliationFactory(),
    "sources.source": lambda users: SourceFactory(),
    "images.image": lambda users: make_image(users["editor"]),
}


def test_every_editable_model_has_a_deletable_object():
    assert set(DELETABLE) == set(EDITABLE_CONTENT)


@pytest.mark.parametrize("label", EDITABLE_CONTENT)
@pytest.mark.parametrize("role", SIGNED_IN)
def test_only_editors_delete_content_in_the_admin(users, role, label):
    obj = DELETABLE[label](users)
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])

    response = page_client(users[role]).post(url, {"post": "yes"})

    deleted = not type(obj)._default_manager.filter(pk=obj.pk).exists()
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if role == "editor":
        assert (answer(response), deleted) == (f"302 to {changelist}", True)
    else:
        assert (answer(response), deleted) == (403, False)


@pytest.mark.parametrize("label", EDITABLE_CONTENT)
@pytest.mark.parametrize("role", SIGNED_IN)
def test_only_editors_may_post_a_new_object(users, role, label):
    model = registered_model(label)
    opts = model._meta
    count = model._default_manager.count()

    response = page_client(users[role]).post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), {}
    )

    # An editor's empty form comes back with its errors; anyone else is refused outright.
    assert answer(response) == (200 if role == "editor" else 403)
    assert model._default_manager.count() == count


def event_form_change(data, what):
    """Change one thing in the event form's data, as a browser user would (or forges)."""
    if what == "date":
        data.update({"start_at_0": "2023-11-18", "start_at_1": "09:00:00"})
    elif what == "state":
        data["_publication"] = "unpublish"  # the form's Unpublish button
    else:  # "text en", "text ja", "approve en"
        action, language = what.split()
        prefix = next(
            key.removesuffix("-id")
            for key, value in data.items()
            if key.startswith("translations-")
            and key.endswith("-id")
            and EventTranslation.objects.get(pk=value).language_code == language
        )
        if action == "text":
            data[f"{prefix}-summary"] = "Changed through the matrix."
        else:
            data[f"{prefix}-status"] = "approved"
    return data


def event_snapshot(event):
    event = Event.objects.get(pk=event.pk)
    texts = {t.language_code: (t.summary, t.status) for t in event.translations.all()}
    return event.start_at, event.state, texts


# what -> the roles whose save goes through; everyone else is refused and nothing changes.
EVENT_FORM_CHANGES = {
    "date": {"editor"},
    "state": {"editor"},
    "text en": {"editor", "translator", "reviewer"},
    "text ja": {"editor", "ja_translator"},
    "approve en": {"editor", "reviewer"},
}


@pytest.mark.parametrize("what", EVENT_FORM_CHANGES)
@pytest.mark.parametrize("role", SIGNED_IN)
def test_who_may_change_what_in_an_events_form(users, story, role, what):
    event = story.fired
    english = event.translation("en")
    english.status = "in_review"
    english.save()
    client = page_client(users[role])
    url = reverse("admin:events_event_change", args=[event.pk])
    # Each role posts the form it was given, with what it may not edit forged in.
    data = event_form_change(form_data(client, url), what)
    before = event_snapshot(event)

    response = client.post(url, data)

    allowed = role in EVENT_FORM_CHANGES[what]
    # A publication button keeps the editor on the form; Django's Save goes to the list.
    back_to = "change" if what == "state" else "changelist"
    args = [event.pk] if what == "state" else []
    assert answer(response) == (
        f"302 to {reverse(f'admin:events_event_{back_to}', args=args)}" if allowed else 200
    ), response.content.decode()[:3000]
    assert (event_snapshot(event) != before) == allowed


# what -> (row language, roles allowed)
ROW_EDITOR_CHANGES = {
    "text en": ("en", {"editor", "translator", "reviewer"}),
    "text ja": ("ja", {"editor", "ja_translator"}),
    "approve en": ("en", {"editor", "reviewer"}),
}


@pytest.mark.parametrize("what", ROW_EDITOR_CHANGES)
@pytest.mark.parametrize("role", SIGNED_IN)
def test_who_may_change_what_in_the_side_by_side_editor(users, story, role, what):
    language, allowed_roles = ROW_EDITOR_CHANGES[what]
    row = story.letter.translation(language)
    row.status = "in_review"
    row.save()
    url = reverse("admin:events_eventtranslation_change", args=[row.pk])
    client = page_client(users[role])
    # The form as this role gets it; one who cannot open it forges the editor's.
    data = form_data(client, url) or form_data(page_client(users["editor"]), url)
    if what.startswith("approve"):
        data["status"] = "approved"
    else:
        data["summary"] = "Changed in the editor."
    before = EventTranslation.objects.values_list("summary", "status").get(pk=row.pk)

    response = client.post(url, data)

    after = EventTranslation.objects.values_list("summary", "status").get(pk=row.pk)
    allowed = role in allowed_roles
    assert (after != before) == allowed, answer(response)
    if not allowed:
        assert answer(response) in {200, 403, GONE}


# ------------------------------------------------------------------------------
# The public pages
# ------------------------------------------------------------------------------

# URL name -> (kwargs, answer to readers); signed-in staff get the same unless noted.
PUBLIC_PAGES = {
    "home": ({}, 302),
    "robots": ({}, 200),
    "sitemap": ({}, 200),
    "sitemap-section": ({"section": "events"}, 200),
    "events:index": ({}, 200),
    "events:search": ({}, 200),
    "events:saga": ({"slug": "openai-2023"}, 200),
    "events:feed": ({"slug": "openai-2023"}, 200),
    "events:interactive": ({"slug": "openai-2023"}, 200),
    "events:embed": ({"slug": "openai-2023"}, 200),
    "events:event": ({"saga_slug": "openai-2023", "slug": "altman-fired"}, 200),
    "people:list": ({}, 200),
    "people:person": ({"slug": "sam-altman"}, 200),
    "people:organization": ({"slug": "openai"}, 200),
    "sources:list": ({}, 200),
    "sources:detail": ({"slug": "openai-announcement"}, 200),
}
# Unpublished pages: 404 to readers; staff who may preview (every newsroom role) see them.
UNPUBLISHED_PAGES = {
    "draft event": ("events:event", {"saga_slug": "openai-2023", "slug": "draft-event"}),
    "scheduled event": ("events:event", {"saga_slug": "openai-2023", "slug": "scheduled-event"}),
}


def public_url_names() -> set[str]:
    """Every named URL of the site outside the admin, the API and the translation desk."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"admin", "api", "translations"}:
                    continue
                inner = f"{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_public_url_is_in_the_table():
    assert public_url_names() == set(PUBLIC_PAGES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_public_page_answers_each_role(world, role, language):
    story, users = world
    client = page_client(users[role])
    cells = []
    pages = {name: (name, kwargs, want) for name, (kwargs, want) in PUBLIC_PAGES.items()}
    for what, (name, kwargs) in UNPUBLISHED_PAGES.items():
        pages[what] = (name, kwargs, 404 if role == "anonymous" else 200)
    for what, (name, kwargs, want) in pages.items():
        with_language = name.split(":")[0] in {"events", "people", "sources"}
        with translation.override(language if with_language else None):
            url = reverse(name, kwargs=kwargs)
        got = client.get(url).status_code
        if want != got:
            cells.append((f"{what} GET {url}", want, got))
    assert not cells, mismatches(cells)


# ------------------------------------------------------------------------------
# The API: reading
# ------------------------------------------------------------------------------


def api_objects(story) -> dict:
    """The published object each router resource is read through."""
    return {
        Saga: story.saga,
        Chapter: story.saga.chapters.get(slug="friday"),
        Event: story.fired,
        Person: story.altman,
        Organization: story.openai,
        Source: Source.objects.get(slug="openai-announcement"),
    }


def test_every_api_resource_is_in_the_table(world):
    story, _ = world
    assert {viewset.queryset.model for _, viewset, _ in router.registry} == set(api_objects(story))


def api_addresses(story):
    """Yield (what, url, reader's answer) for every resource's list, detail and texts."""
    objects = api_objects(story)
    for prefix, viewset, basename in router.registry:
        obj = objects[viewset.queryset.model]
        key = getattr(obj, viewset.lookup_field if viewset.lookup_field != "pk" else "pk")
        yield f"{prefix} list", reverse(f"api:{basename}-list"), 200
        yield f"{prefix} detail", reverse(f"api:{basename}-detail", args=[key]), 200
        if hasattr(viewset, "translation"):
            for language in ("ja", "en"):
                url = reverse(f"api:{basename}-translation", args=[key, language])
                yield f"{prefix} text {language}", url, 200 if obj.translation(language) else 404
        if hasattr(viewset, "timelinejs"):
            yield f"{prefix} timelinejs", reverse(f"api:{basename}-timelinejs", args=[key]), 200
    draft = story.draft
    yield "draft event", reverse("api:event-detail", args=[draft.pk]), 404
    yield "draft event's text", reverse("api:event-translation", args=[draft.pk, "ja"]), 404
    unapproved = reverse("api:event-translation", args=[draft.pk, "en"])
    yield "draft event's unapproved text", unapproved, 404
    for name in ("api:api-root", "api:schema", "api:docs", "api:redoc"):
        yield name, reverse(name), 200


@pytest.mark.parametrize("role", ROLES)
def test_every_api_address_answers_each_role(world, role):
    story, users = world
    client = api_client(users[role])
    cells = []
    for what, url, reader_answer in api_addresses(story):
        # Every newsroom role may view content in the admin, so reads drafts in the API too.
        want = 200 if role != "anonymous" and reader_answer == 404 else reader_answer
        got = client.get(url).status_code
        if want != got:
            cells.append((f"{what} GET {url}", want, got))

    assert not cells, mismatches(cells)


def test_anonymous_clients_write_nothing_anywhere_in_the_api(world):
    story, _ = world
    client = api_client(None)
    cells = []
    for what, url, _ in api_addresses(story):
        is_resource = not what.startswith("api:")
        for method in ("post", "put", "patch", "delete"):
            got = getattr(client, method)(url, {}, format="json", HTTP_IF_MATCH='"1"')
            want = {401} if is_resource else {401, 403, 405}
            if got.status_code not in want:
                cells.append((f"{what} {method.upper()} {url}", want, got.status_code))

    assert not cells, mismatches(cells)


# ------------------------------------------------------------------------------
# The API: who can change what
# ------------------------------------------------------------------------------


def event_url(story):
    return reverse("api:event-detail", args=[story.fired.pk])


def text_url(story, language):
    return reverse("api:event-translation", args=[story.fired.pk, language])


# what -> (method, url, payload, {role: status}); anonymous always 401.
def api_writes(story):
    editor_only = {"editor": None, "translator": 403, "reviewer": 403, "ja_translator": 403}
    return {
        "change an event's dates": (
            "patch",
            event_url(story),
            {"start_at": "2023-11-18T09:00:00Z"},
            {**editor_only, "editor": 200},
        ),
        "unpublish an event": (
            "patch",
            event_url(story),
            {"state": "draft"},
            {**editor_only, "editor": 200},
        ),
        "write the English text": (
            "patch",
            text_url(story, "en"),
            {"summary": "Changed through the API."},
            {"editor": 200, "translator": 200, "reviewer": 200, "ja_translator": 403},
        ),
        "write the Japanese text": (
            "patch",
            text_url(story, "ja"),
            {"summary": "API で変更。"},
            {"editor": 200, "translator": 403, "reviewer": 403, "ja_translator": 200},
        ),
        "approve the English text": (
            "patch",
            text_url(story, "en"),
            {"status": "approved"},
            {"editor": 200, "translator": 403, "reviewer": 200, "ja_translator": 403},
        ),
        "approve the Japanese text": (
            "patch",
            text_url(story, "ja"),
            {"status": "approved"},
            {"editor": 200, "translator": 403, "reviewer": 403, "ja_translator": 403},
        ),
        "change a person's facts": (
            "patch",
            reverse("api:person-detail", args=["sam-altman"]),
            {"wikidata_qid": "Q1"},
            {**editor_only, "editor": 200},
        ),
        "change a source": (
            "patch",
            reverse("api:source-detail", args=["openai-announcement"]),
            {"title": "Renamed"},
            {**editor_only, "editor": 200},
        ),
        "add an event": (
            "post",
            reverse("api:event-list"),
            {
                "saga": "openai-2023",
                "slug": "new",
                "start_at": "2023-11-18T10:00:00Z",
                "original_language": "ja",
            },
            {**editor_only, "editor": 201},
        ),
        "delete an event": ("delete", event_url(story), None, {**editor_only, "editor": 204}),
    }


WRITES = [
    "change an event's dates",
    "unpublish an event",
    "write the English text",
    "write the Japanese text",
    "approve the English text",
    "approve the Japanese text",
    "change a person's facts",
    "change a source",
    "add an event",
    "delete an event",
]


@pytest.mark.parametrize("what", WRITES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_what_through_the_api(users, story, role, what):
    for language in ("en", "ja"):
        text = story.fired.translation(language)
        text.status = "in_review"
        text.save()
    assert set(api_writes(story)) == set(WRITES)
    method, url, payload, answers = api_writes(story)[what]
    editor = api_client(users["editor"])
    before = editor.get(url)
    headers = {} if method == "post" else {"HTTP_IF_MATCH": before["ETag"]}

    response = getattr(api_client(users[role]), method)(url, payload, format="json", **headers)

    assert response.status_code == (401 if role == "anonymous" else answers[role])
    if response.status_code >= 400:  # refused: nothing changed
        assert editor.get(url).content == before.content
