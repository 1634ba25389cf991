"""XLIFF 1.2: export a saga for a language, edit targets as a CAT tool would, import back."""

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from translate.storage.xliff import xlifffile

from events.models import Event, EventTranslation
from people.models import PersonTranslation
from tests.factories import EventFactory, InvolvementFactory, PersonFactory, SagaFactory, add_text
from tests.translation.helpers import LETTER, edit_source, fresh, set_target
from translations.machinery import TranslationState
from translations.xliff import SAGA_NS, XLIFF_NS, XliffError, export_xliff, import_xliff

pytestmark = pytest.mark.django_db
NS = {"x": XLIFF_NS}


def units(document: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(document)
    return {unit.get("id"): unit for unit in root.iter(f"{{{XLIFF_NS}}}trans-unit")}


HEADLINE = "events.event:openai-2023/altman-fired:headline"


# -- export ------------------------------------------------------------------------


def test_the_export_has_a_unit_per_source_field_with_source_target_and_state(saga):
    document = export_xliff(saga, "en")
    root = ET.fromstring(document)

    file = root.find("x:file", NS)
    assert root.get("version") == "1.2"
    assert (file.get("source-language"), file.get("target-language")) == ("ja", "en")
    assert file.get("original") == "saga_cms/sagas/openai-2023/en"
    assert file.get("datatype") == "plaintext"
    found = units(document)
    assert set(found) == {
        "events.saga:openai-2023:title",
        "events.chapter:openai-2023/friday:heading",
        HEADLINE,
        "events.event:openai-2023/altman-fired:summary",
        LETTER,
    }
    headline = found[HEADLINE]
    assert headline.find("x:source", NS).text == "OpenAI取締役会、アルトマン氏を解任"
    assert headline.find("x:target", NS).text == "OpenAI board fires Altman"
    assert headline.find("x:target", NS).get("state") == "signed-off"
    assert found[LETTER].find("x:target", NS).get("state") == "needs-translation"
    assert headline.get(f"{{{SAGA_NS}}}source-digest")


def test_the_export_into_japanese_holds_the_english_originals(saga):
    found = units(export_xliff(saga, "ja"))

    name = found["people.person:sam-altman:name"]
    assert name.find("x:target", NS).text == "サム・アルトマン"
    assert name.find("x:target", NS).get("state") == "signed-off"
    quote = next(uid for uid in found if uid.startswith("events.citation:"))
    assert found[quote].find("x:source", NS).text == "i loved my time at openai."
    assert found[quote].find("x:target", NS).get("state") == "needs-translation"


def test_a_stale_translation_is_exported_as_needing_translation_with_the_old_source(saga, fired):
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    headline = units(export_xliff(saga, "en"))[HEADLINE]

    assert headline.find("x:target", NS).get("state") == "needs-translation"
    assert headline.get(f"{{{SAGA_NS}}}state") == "stale"
    notes = [note.text for note in headline.findall("x:note", NS)]
    assert any("It was: OpenAI取締役会、アルトマン氏を解任" in note for note in notes)


def test_the_export_opens_in_translate_toolkits_xliff_parser(saga):
    store = xlifffile.parsestring(export_xliff(saga, "en"))

    # translate-toolkit prefixes each id with its file's "original" and \x04.
    parsed = {unit.getid().split("\x04")[-1]: unit for unit in store.units if unit.getid()}
    assert parsed[HEADLINE].source == "OpenAI取締役会、アルトマン氏を解任"
    assert parsed[HEADLINE].target == "OpenAI board fires Altman"
    assert store.gettargetlanguage() == "en"
    assert len(parsed) == 5
    assert parsed[HEADLINE].isapproved()
    assert not parsed[LETTER].isapproved()


def test_the_export_command_writes_the_file(saga, tmp_path):
    output = tmp_path / "openai.en.xlf"

    call_command("export_xliff", "openai-2023", "en", "-o", str(output))

    assert units(output.read_bytes())[HEADLINE] is not None


def test_markup_characters_in_texts_and_labels_survive_the_export(saga, fired):
    tricky = 'R&D <"board"> fires Altman'
    edit_source(fired, headline=tricky, summary="line one\n\tline two")
    EventTranslation.objects.filter(event=fired, language_code="en").update(headline=tricky)
    Event.objects.filter(pk=fired.pk).update(slug='fired-&-"gone"')
    uid = "events.event:openai-2023/fired-%26-%22gone%22:headline"
    document = export_xliff(saga, "en")

    store = xlifffile.parsestring(document)

    parsed = {unit.getid().split("\x04")[-1]: unit for unit in store.units if unit.getid()}
    assert (parsed[uid].source, parsed[uid].target) == (tricky, tricky)
    summary = units(document)[uid.replace(":headline", ":summary")]
    assert summary.find("x:source", NS).text == "line one\n\tline two"
    assert 'openai-2023 / fired-&-"gone"' in {
        g.get("resname") for g in ET.fromstring(document).iter(f"{{{XLIFF_NS}}}group")
    }


def test_the_export_command_writes_to_standard_output(saga, capsys):
    call_command("export_xliff", "openai-2023", "en", "-o", "-")

    assert units(capsys.readouterr().out.encode())[HEADLINE] is not None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["no-such-saga", "en"], "There is no saga"), (["openai-2023", "xx"], "not one of")],
)
def test_the_export_command_names_a_wrong_argument(saga, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_xliff", *arguments)


# -- round trip --------------------------------------------------------------------


def test_export_edit_import_round_trip_puts_the_new_text_in_review(saga, team, tmp_path):
    document = export_xliff(saga, "en")
    document = set_target(document, LETTER, "505 employees sign a letter")
    document = set_target(document, HEADLINE, "OpenAI's board ousts Sam Altman")
    path = tmp_path / "openai-2023.en.xlf"
    path.write_bytes(document)

    call_command("import_xliff", str(path), "--user", "tr-en")

    letter = EventTranslation.objects.get(event__slug="letter", language_code="en")
    assert (letter.headline, letter.status) == ("505 employees sign a letter", "in_review")
    assert (letter.origin, letter.origin_detail) == ("import", "openai-2023.en.xlf")
    assert letter.origin_at is not None
    assert letter.updated_by == team["translator"]
    fired = EventTranslation.objects.get(event__slug="altman-fired", language_code="en")
    assert (fired.headline, fired.status) == ("OpenAI's board ousts Sam Altman", "in_review")
    assert fired.summary.startswith("On November 17")  # untouched units keep their text


def test_the_import_command_without_a_user_imports_for_review_as_the_operator(saga, tmp_path):
    path = tmp_path / "openai-2023.en.xlf"
    path.write_bytes(set_target(export_xliff(saga, "en"), LETTER, "505 employees sign a letter"))

    call_command("import_xliff", str(path))

    letter = EventTranslation.objects.get(event__slug="letter", language_code="en")
    assert (letter.headline, letter.status) == ("505 employees sign a letter", "in_review")
    assert letter.updated_by is None  # no account made the change


def test_importing_an_unchanged_file_writes_nothing(saga, team):
    before = EventTranslation.objects.get(event__slug="altman-fired", language_code="en")

    result = import_xliff(export_xliff(saga, "en"), file_name="x.xlf", user=team["translator"])

    assert result.applied == []
    assert fresh(before).status == "approved"
    assert fresh(before).version == before.version


def test_an_import_never_approves_even_when_the_file_says_final(saga, team):
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter", state="final")

    import_xliff(document, file_name="x.xlf", user=team["reviewer"])

    assert EventTranslation.objects.get(event__slug="letter", language_code="en").status == (
        "in_review"
    )


def test_a_confirmed_stale_translation_is_current_again_after_import(saga, fired, team):
    edit_source(fired, summary="11月17日、取締役会はアルトマンCEOの解任を発表した。")
    document = export_xliff(saga, "en")
    document = set_target(
        document,
        "events.event:openai-2023/altman-fired:summary",
        "On November 17 the board announced that it had fired CEO Sam Altman.",
        state="translated",
    )

    import_xliff(document, file_name="x.xlf", user=team["translator"])

    row = EventTranslation.objects.get(event=fired, language_code="en")
    assert (row.state, row.origin) == (TranslationState.IN_REVIEW, "import")


# -- rejections --------------------------------------------------------------------


def test_a_unit_whose_source_changed_since_export_is_listed_and_not_applied(saga, fired, team):
    document = export_xliff(saga, "en")
    document = set_target(document, HEADLINE, "Board fires Altman on Friday")
    document = set_target(document, LETTER, "505 staff sign")
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    result = import_xliff(document, file_name="x.xlf", user=team["translator"])

    # Unit by unit: only the headline, whose own source changed, is refused, by headline.
    assert [r.unit_id for r in result.refused] == [HEADLINE]
    assert "source text changed since the export" in result.refused[0].reason
    assert (result.refused[0].label, result.refused[0].field) == (
        "OpenAI board fires Altman",
        "headline",
    )
    assert EventTranslation.objects.get(event=fired, language_code="en").headline == (
        "OpenAI board fires Altman"
    )
    assert EventTranslation.objects.get(event__slug="letter", language_code="en").headline == (
        "505 staff sign"
    )


def test_a_translation_changed_since_export_is_not_overwritten(saga, fired, team):
    document = set_target(export_xliff(saga, "en"), HEADLINE, "From the agency")
    row = EventTranslation.objects.get(event=fired, language_code="en")
    row.headline, row.version = "Fixed by the desk meanwhile", row.version + 1
    row.save()

    result = import_xliff(document, file_name="x.xlf", user=team["translator"])

    assert "changed in saga_cms since the export" in result.refused[0].reason
    assert fresh(row).headline == "Fixed by the desk meanwhile"


def test_an_unknown_unit_id_rejects_the_whole_file_naming_it(saga, team):
    document = set_target(export_xliff(saga, "en"), LETTER, "Would be written")
    document = document.replace(
        b'id="events.event:openai-2023/altman-fired:summary"',
        b'id="events.event:openai-2023/no-such-event:summary"',
    )

    with pytest.raises(XliffError) as refusal:
        import_xliff(document, file_name="x.xlf", user=team["translator"])

    assert refusal.value.problems == [
        "Unit “events.event:openai-2023/no-such-event:summary”: no such object."
    ]
    assert not EventTranslation.objects.filter(event__slug="letter", language_code="en").exists()


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (b':headline"', b':dateline"', "is not a text field here"),
        (b'unit id="events.event:', b'unit id="events.eventx:', "there is no kind of object"),
        (b'unit id="events.event:openai-2023/', b'unit id="', "this is not a saga_cms unit id"),
    ],
)
def test_malformed_ids_are_refused_by_name(saga, team, old, new, problem):
    document = export_xliff(saga, "en").replace(old, new, 1)

    with pytest.raises(XliffError) as refusal:
        import_xliff(document, file_name="x.xlf", user=team["translator"])

    assert problem in refusal.value.problems[0]


def test_an_object_of_another_saga_is_refused(saga, team):
    other = EventFactory(saga=SagaFactory(slug="other"), slug="elsewhere")
    add_text(other, "ja", headline="別の話")
    document = export_xliff(saga, "en").replace(
        b"openai-2023/letter:headline", b"other/elsewhere:headline"
    )

    with pytest.raises(XliffError, match="not part of this saga"):
        import_xliff(document, file_name="x.xlf", user=team["translator"])


def test_a_file_for_another_saga_or_language_is_refused(saga, team):
    other = SagaFactory(slug="other")
    document = export_xliff(saga, "en")

    with pytest.raises(XliffError, match="belongs to the saga “openai-2023”, not “other”"):
        import_xliff(document, file_name="x.xlf", user=team["translator"], saga=other)
    with pytest.raises(XliffError, match="translation into “en”, not “ja”"):
        import_xliff(document, file_name="x.xlf", user=team["editor"], language_code="ja")


def test_one_invalid_unit_means_nothing_is_written(saga, team):
    document = export_xliff(saga, "en")
    document = set_target(document, LETTER, "Written only if all is well")
    document = set_target(document, "events.saga:openai-2023:title", "x" * 301)

    with pytest.raises(XliffError) as refusal:
        import_xliff(document, file_name="x.xlf", user=team["translator"])

    assert "events.saga:openai-2023:title" in refusal.value.problems[0]
    assert not EventTranslation.objects.filter(event__slug="letter", language_code="en").exists()


def test_a_unit_whose_source_changed_leaves_the_objects_other_units_applied(saga, fired, team):
    summary = HEADLINE.replace("headline", "summary")
    document = set_target(export_xliff(saga, "en"), summary, "The board fired him.")
    document = set_target(document, HEADLINE, "Board fires Altman")
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    result = import_xliff(document, file_name="x.xlf", user=team["translator"])

    assert [r.unit_id for r in result.refused] == [HEADLINE]
    row = EventTranslation.objects.get(event=fired, language_code="en")
    assert (row.headline, row.summary) == ("OpenAI board fires Altman", "The board fired him.")
    assert row.state == TranslationState.STALE  # its headline still awaits the new source


def test_a_translator_cannot_import_into_a_language_not_theirs(saga, team):
    document = export_xliff(saga, "ja")
    quote = next(uid for uid in units(document) if uid.startswith("events.citation:"))
    document = set_target(document, quote, "OpenAIでの日々を愛していた。")

    with pytest.raises(XliffError, match="may not write text in ja"):
        import_xliff(document, file_name="x.xlf", user=team["translator"])


def test_a_dtd_or_entities_are_refused(saga, team):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">&b;</xliff>'
    )

    with pytest.raises(XliffError, match="DTD or entities"):
        import_xliff(bomb, file_name="bomb.xlf", user=team["editor"])


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<xliff", "not well-formed"),
        (
            b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>',
            "not an XLIFF 1.2",
        ),
        (b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"/>', "no <file>"),
    ],
)
def test_files_that_are_not_our_xliff_are_refused_with_the_reason(team, data, problem):
    with pytest.raises(XliffError, match=problem):
        import_xliff(data, file_name="x.xlf", user=team["editor"])


def test_the_import_command_fails_with_one_line_naming_the_unit(saga, team, tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_bytes(export_xliff(saga, "en").replace(b"openai-2023/letter:", b"openai-2023/nope:"))

    with pytest.raises(CommandError) as failure:
        call_command("import_xliff", str(path), "--user", "tr-en")

    assert str(failure.value) == (
        "Nothing imported from bad.xlf: Unit “events.event:openai-2023/nope:headline”: "
        "no such object."
    )


def test_the_import_command_needs_a_known_user(saga, tmp_path):
    path = tmp_path / "x.xlf"
    path.write_bytes(export_xliff(saga, "en"))

    with pytest.raises(CommandError, match="no active user “ghost”"):
        call_command("import_xliff", str(path), "--user", "ghost")


# -- in the admin ------------------------------------------------------------------


def test_the_admin_downloads_and_uploads_the_same_files(client, saga, team):
    client.force_login(team["translator"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    download = client.get(reverse("translations:xliff_export", args=["openai-2023", "en"]))
    assert download["Content-Disposition"] == 'attachment; filename="openai-2023.en.xlf"'
    document = set_target(b"".join(download.streaming_content), LETTER, "Staff letter")

    response = client.post(
        reverse("translations:xliff_import", args=["openai-2023"]),
        {"language_code": "en", "file": SimpleUploadedFile("back.xlf", document)},
    )

    assert response.status_code == 200
    assert "1 object(s) imported for review" in response.content.decode()
    row = EventTranslation.objects.get(event__slug="letter", language_code="en")
    assert (row.headline, row.origin_detail) == ("Staff letter", "back.xlf")


def test_the_admin_upload_shows_the_same_errors_and_writes_nothing(client, saga, team):
    client.force_login(team["translator"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter").replace(
        b"openai-2023/altman-fired:summary", b"openai-2023/nope:summary"
    )

    response = client.post(
        reverse("translations:xliff_import", args=["openai-2023"]),
        {"language_code": "en", "file": SimpleUploadedFile("bad.xlf", document)},
    )

    page = response.content.decode()
    assert "Nothing was imported." in page
    assert "Unit “events.event:openai-2023/nope:summary”: no such object." in page
    assert not EventTranslation.objects.filter(event__slug="letter", language_code="en").exists()


def test_a_translator_cannot_download_a_language_not_theirs(client, saga, team):
    client.force_login(team["translator"])

    response = client.get(reverse("translations:xliff_export", args=["openai-2023", "ja"]))

    assert response.status_code == 404


def test_people_names_round_trip_into_japanese(saga, team, make_user):
    shear = PersonFactory(slug="emmett-shear", original_language="en")
    add_text(shear, "en", name="Emmett Shear")
    InvolvementFactory(event=Event.objects.get(slug="letter"), person=shear)
    translator = make_user("tr-ja2", "Translators", "ja")
    document = set_target(
        export_xliff(saga, "ja"), "people.person:emmett-shear:name", "エメット・シア"
    )

    import_xliff(document, file_name="names.ja.xlf", user=translator)

    row = PersonTranslation.objects.get(person=shear, language_code="ja")
    assert (row.name, row.status) == ("エメット・シア", "in_review")


def test_only_the_fields_whose_source_changed_are_marked_for_translation(saga, fired):
    edit_source(fired, summary="11月17日、取締役会はアルトマンCEOの解任を発表した。")

    found = units(export_xliff(saga, "en"))

    summary = found["events.event:openai-2023/altman-fired:summary"]
    assert summary.find("x:target", NS).get("state") == "needs-translation"
    assert found[HEADLINE].find("x:target", NS).get("state") == "signed-off"


def test_updating_another_field_of_a_stale_translation_leaves_it_stale(saga, fired, team):
    edit_source(fired, summary="11月17日、取締役会はアルトマンCEOの解任を発表した。")
    document = set_target(export_xliff(saga, "en"), HEADLINE, "OpenAI board ousts Altman")

    import_xliff(document, file_name="x.xlf", user=team["translator"])

    row = EventTranslation.objects.get(event=fired, language_code="en")
    assert row.headline == "OpenAI board ousts Altman"
    assert row.state == TranslationState.STALE  # the changed summary still needs its update


def test_export_queries_do_not_grow_with_the_saga(saga, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as small:
        export_xliff(saga, "en")
    for number in range(12):
        event = EventFactory(saga=saga, slug=f"more-{number}")
        add_text(event, "ja", headline=f"出来事{number}")

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert export_xliff(saga, "en").count(b"<trans-unit ") == 5 + 12


def test_the_saga_lists_actions_download_and_upload_xliff(as_user, saga):
    changelist = reverse("admin:events_saga_changelist")
    chosen = {"_selected_action": [saga.pk], "index": "0"}

    translator = as_user("translator").post(changelist, {**chosen, "action": "download_xliff"})
    assert translator.status_code == 302
    assert translator.url == reverse("translations:xliff_export", args=["openai-2023", "en"])

    desk = as_user("editor")
    choice = desk.post(changelist, {**chosen, "action": "download_xliff"}).content.decode()
    assert reverse("translations:xliff_export", args=["openai-2023", "ja"]) in choice
    upload = desk.post(changelist, {**chosen, "action": "upload_xliff"})
    assert upload.url == reverse("translations:xliff_import", args=["openai-2023"])


def test_a_file_edited_and_saved_by_translate_toolkit_imports(saga, team):
    store = xlifffile.parsestring(export_xliff(saga, "en"))
    unit = next(u for u in store.units if u.getid().endswith(LETTER))
    unit.target = "505 staff sign a letter"
    unit.markapproved(True)

    result = import_xliff(bytes(store), file_name="ttk.xlf", user=team["translator"])

    assert result.applied == ["events.event:openai-2023/letter"]
    row = EventTranslation.objects.get(event__slug="letter", language_code="en")
    assert (row.headline, row.status) == ("505 staff sign a letter", "in_review")
