"""The side-by-side editor: what translators see, the statuses their role allows, safe saves."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from events.models import EventTranslation
from tests.factories import EventFactory, add_text
from tests.translation.helpers import edit_source, fresh
from translations.machinery import TranslationState

pytestmark = pytest.mark.django_db


def edit_url(row):
    return reverse("admin:events_eventtranslation_change", args=[row.pk])


def add_url(event, language):
    return (
        reverse("admin:events_eventtranslation_add") + f"?event={event.pk}&language_code={language}"
    )


def post_data(row, **changes):
    """The editor form as the browser submits it, from the row as stored."""
    data = {
        "version": row.version,
        "status": row.status,
        "origin": row.origin,
        "origin_detail": row.origin_detail,
        "origin_language": row.origin_language,
        **{name: getattr(row, name) for name in row.translated_fields},
    }
    data.update(changes)
    return data


@pytest.fixture
def english(fired):
    return EventTranslation.objects.get(event=fired, language_code="en")


# -- what each role sees -----------------------------------------------------------


def test_the_editor_shows_each_field_beside_its_source_text(as_user, english):
    page = as_user("translator").get(edit_url(english)).content.decode()

    assert "Source (Japanese)" in page
    assert "OpenAI取締役会、アルトマン氏を解任" in page
    assert 'lang="ja"' in page
    assert "OpenAI board fires Altman" in page


def test_a_stale_translation_shows_what_changed_in_the_source(as_user, fired, english):
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    page = as_user("translator").get(edit_url(english)).content.decode()

    assert "changed since this translation was made" in page
    assert "OpenAI取締役会、<ins>金曜日に</ins>アルトマン氏を解任" in page


def test_the_editor_shows_quality_warnings_and_provenance(as_user, english):
    english.summary = "Firing CEO Sam Altman was fired."
    english.origin, english.origin_detail = "machine", "DeepL"
    english.save()

    page = as_user("translator").get(edit_url(english)).content.decode()

    assert "the number 11" in page
    assert "machine translation (DeepL)" in page


def test_translators_list_only_rows_in_their_languages(as_user, english):
    page = as_user("translator").get(reverse("admin:events_eventtranslation_changelist"))

    languages = {row.language_code for row in page.context["cl"].result_list}
    assert languages == {"en"}


def test_a_row_in_another_language_does_not_exist_for_a_translator(as_user, fired):
    # (The original is the exception: it opens read-only, see test_desk_for_text_workers.)
    english = EventTranslation.objects.get(event=fired, language_code="en")

    response = as_user("ja_translator").get(edit_url(english))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_a_translator_cannot_start_a_text_in_a_language_not_assigned_to_them(as_user, saga):
    event = EventFactory(saga=saga)
    add_text(event, "ja", headline="見出し")

    response = as_user("translator").post(add_url(event, "ja"), {"headline": "x"})

    assert response.status_code == 403
    assert not EventTranslation.objects.filter(event=event, language_code="ja", headline="x")


def test_a_translator_starts_a_missing_translation_from_the_source(as_user, saga):
    event = EventFactory(saga=saga)
    add_text(event, "ja", headline="従業員505人が署名")
    client = as_user("translator")

    page = client.get(add_url(event, "en")).content.decode()
    response = client.post(
        add_url(event, "en"),
        {"headline": "505 staff sign a letter", "status": "draft", "origin": "human"},
    )

    assert "従業員505人が署名" in page
    assert response.status_code == 302
    row = EventTranslation.objects.get(event=event, language_code="en")
    assert (row.headline, row.status, row.state) == ("505 staff sign a letter", "draft", "draft")


# -- statuses by role --------------------------------------------------------------

TRANSITIONS = [
    # role, from, to, allowed
    ("translator", "machine", "draft", True),
    ("translator", "draft", "in_review", True),
    ("translator", "in_review", "draft", True),
    ("translator", "draft", "machine", True),
    ("translator", "in_review", "approved", False),
    ("reviewer", "in_review", "approved", True),
    ("reviewer", "approved", "in_review", True),
    ("reviewer", "machine", "approved", True),
    ("editor", "draft", "approved", True),
    ("ja_translator", "draft", "in_review", False),
]


@pytest.mark.parametrize(("role", "before", "after", "allowed"), TRANSITIONS)
def test_status_moves_by_role(as_user, english, role, before, after, allowed):
    english.status = before
    english.save()

    response = as_user(role).post(edit_url(english), post_data(english, status=after))

    row = fresh(english)
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert row.status == after
    else:
        assert response.status_code in {200, 302}  # the form again, or no such row
        assert row.status == before


def test_the_form_offers_only_the_statuses_the_role_allows(as_user, english):
    translator_choices = as_user("translator").get(edit_url(english)).context["form"]
    reviewer_choices = as_user("reviewer").get(edit_url(english)).context["form"]

    assert "approved" not in dict(translator_choices.fields["status"].choices) or (
        english.status == "approved"
    )
    assert "approved" in dict(reviewer_choices.fields["status"].choices)


def test_approving_records_who_and_when(as_user, team, english):
    english.status = "in_review"
    english.save()

    as_user("reviewer").post(edit_url(english), post_data(english, status="approved"))

    row = fresh(english)
    assert row.reviewed_by == team["reviewer"]
    assert row.reviewed_at is not None


def test_a_translator_changing_an_approved_text_sends_it_back_to_review(as_user, english):
    response = as_user("translator").post(
        edit_url(english), post_data(english, headline="OpenAI's board fires Altman")
    )

    assert response.status_code == 302
    row = fresh(english)
    assert (row.headline, row.status) == ("OpenAI's board fires Altman", "in_review")


def test_a_reviewer_changing_an_approved_text_keeps_it_approved(as_user, english):
    as_user("reviewer").post(edit_url(english), post_data(english, headline="Board fires Altman"))

    assert fresh(english).status == "approved"


def test_a_reviewer_cannot_reach_a_row_in_another_language(as_user, fired, make_user, client):
    reviewer = make_user("rv-both", "Reviewers", "en")
    japanese = EventTranslation.objects.get(event=fired, language_code="ja")
    client.force_login(reviewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    response = client.post(edit_url(japanese), post_data(japanese, headline="改ざん"))

    # The original opens read-only (the link from the translation is no dead end).
    assert response.status_code == 200
    assert fresh(japanese).headline != "改ざん"
    assert response.context["editable"] is False


# -- safe saves --------------------------------------------------------------------


def test_a_save_from_an_older_version_is_refused_and_the_input_kept(as_user, team, english):
    opened = post_data(english, headline="My version")
    english.headline = "Their version"
    english.version = 2
    english.save()

    response = as_user("translator").post(edit_url(english), opened)

    page = response.content.decode()
    assert response.status_code == 200
    assert "after you started editing" in page
    assert "My version" in page
    assert fresh(english).headline == "Their version"


def test_each_save_moves_the_version_on(as_user, english):
    as_user("translator").post(edit_url(english), post_data(english, headline="One"))
    as_user("translator").post(edit_url(english), post_data(fresh(english), headline="Two"))

    row = fresh(english)
    assert (row.headline, row.version) == ("Two", 3)


def test_a_save_is_a_revision_of_the_object_with_a_comment(as_user, fired, english, revisions):
    as_user("translator").post(edit_url(english), post_data(english, headline="Board ousts Altman"))

    version = Version.objects.get_for_object(fired).first()
    assert version is not None
    assert "Text in English: Headline; status: in review." in version.revision.comment
    assert version.revision.user.username == "tr-en"
    assert LogEntry.objects.filter(object_id=str(english.pk)).exists()


def test_an_empty_required_text_is_refused_with_the_field_named(as_user, english):
    response = as_user("translator").post(edit_url(english), post_data(english, headline=""))

    assert response.status_code == 200
    assert "headline" in response.context["form"].errors
    assert fresh(english).headline == "OpenAI board fires Altman"


# -- provenance --------------------------------------------------------------------


def test_machine_output_must_name_its_engine(as_user, english):
    response = as_user("translator").post(
        edit_url(english), post_data(english, origin="machine", origin_detail="")
    )

    assert response.context["form"].errors["origin_detail"] == [
        "Name the engine that produced this text."
    ]


def test_a_text_translated_via_another_language_records_it(as_user, english, settings):
    settings.LANGUAGES = [("ja", "Japanese"), ("en", "English"), ("de", "German")]

    as_user("editor").post(
        edit_url(english),
        post_data(english, origin="pivot", origin_language="de", origin_detail="agency"),
    )

    row = fresh(english)
    assert row.provenance()["via"] == "de"
    assert row.provenance_label() == "translated via another language (agency, via German)"
    assert row.origin_at is not None


# -- minor changes -----------------------------------------------------------------


def test_an_editor_fixes_a_typo_in_the_source_as_a_minor_change(as_user, fired, english, revisions):
    japanese = EventTranslation.objects.get(event=fired, language_code="ja")
    data = post_data(japanese, headline="OpenAI取締役会、アルトマン氏を解任。", minor_change="on")

    response = as_user("editor").post(edit_url(japanese), data)

    assert response.status_code == 302
    assert fresh(english).state == TranslationState.APPROVED
    assert "Minor change" in Version.objects.get_for_object(fired).first().revision.comment


def test_a_source_change_that_is_not_minor_makes_translations_stale(as_user, fired, english):
    japanese = EventTranslation.objects.get(event=fired, language_code="ja")

    as_user("editor").post(edit_url(japanese), post_data(japanese, headline="別の見出し"))

    assert fresh(english).state == TranslationState.STALE


def test_only_editors_are_offered_the_minor_change(as_user, fired):
    japanese = EventTranslation.objects.get(event=fired, language_code="ja")

    translator_form = as_user("ja_translator").get(edit_url(japanese)).context["form"]

    assert "minor_change" not in translator_form.fields


def test_a_minor_change_keeps_already_stale_translations_stale(as_user, fired, english):
    edit_source(fired, headline="大きな変更")
    japanese = EventTranslation.objects.get(event=fired, language_code="ja")

    as_user("editor").post(
        edit_url(japanese), post_data(japanese, headline="大きな変更。", minor_change="on")
    )

    assert fresh(english).state == TranslationState.STALE
