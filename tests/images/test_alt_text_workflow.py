"""
Alt text goes through the translation workflow like any other text of a saga: the
dashboard counts it, the work list leads to its editor, XLIFF carries it out and back,
staleness follows its original, and the quality checks read it.
"""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from people.models import Organization, Person
from tests.translation.helpers import fresh, set_target
from translations.machinery import TranslationState
from translations.services import translation_save
from translations.xliff import SAGA_NS, XLIFF_NS, unit_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return editor_client


def dashboard_line(client, language: str) -> tuple[int, dict[str, int]]:
    """Return the number of the saga's objects and their count per state in ``language``."""
    response = client.get(reverse("translations:dashboard"))
    (line,) = [
        line
        for entry in response.context["sagas"]
        if entry["saga"].slug == "openai-2023"
        for line in entry["lines"]
        if line.language_code == language
    ]
    return line.total, {state.value: number for state, number, _percent, _url in line.counts}


def difference(before: dict, after: dict) -> dict:
    return {state: after[state] - before[state] for state in after if after[state] != before[state]}


def detach_images():
    Person.objects.update(portrait=None)
    Organization.objects.update(logo=None)
    Event.objects.update(image=None)


def test_the_dashboard_counts_each_image_of_the_saga_by_its_alt_text(desk, illustrated):
    with_images = {code: dashboard_line(desk, code) for code in ("ja", "en")}
    detach_images()
    without = {code: dashboard_line(desk, code) for code in ("ja", "en")}

    assert with_images["ja"][0] - without["ja"][0] == 3
    # Japanese: the portrait's alt text is approved, the event image's a draft, the
    # logo's missing.
    assert difference(without["ja"][1], with_images["ja"][1]) == {
        "approved": 1,
        "draft": 1,
        "missing": 1,
    }
    assert difference(without["en"][1], with_images["en"][1]) == {"approved": 3}  # originals


def test_the_work_list_leads_to_the_editor_of_a_missing_alt_text(desk, illustrated):
    logo = illustrated.logo

    listing = desk.get(
        reverse("translations:worklist", args=["openai-2023", "ja"]) + "?state=missing"
    )

    (item,) = [item for item in listing.context["items"] if item["label"] == "The OpenAI logo"]
    assert str(item["kind"]) == "image"
    assert item["url"].startswith(reverse("admin:images_imagetranslation_add"))
    assert f"image={logo.pk}" in item["url"] and "language_code=ja" in item["url"]
    editor = desk.get(item["url"])
    assert editor.status_code == 200
    assert "The OpenAI logo" in editor.content.decode()  # the source, beside the new text


def units(path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    return {unit.get("id"): unit for unit in root.iter(f"{{{XLIFF_NS}}}trans-unit")}


def export(tmp_path, language="ja"):
    path = tmp_path / f"openai.{language}.xlf"
    call_command("export_xliff", "openai-2023", language, output=str(path), stdout=io.StringIO())
    return path


def test_alt_texts_and_captions_are_exported_then_imported_for_review(illustrated, tmp_path):
    logo, portrait, event_image = illustrated.logo, illustrated.portrait, illustrated.event_image
    path = export(tmp_path)

    found = units(path)
    logo_unit = found[unit_id(logo, "alt_text")]
    assert logo_unit.find(f"{{{XLIFF_NS}}}source").text == "The OpenAI logo"
    assert logo_unit.find(f"{{{XLIFF_NS}}}target").get("state") == "needs-translation"
    assert logo_unit.get("maxwidth") == "500"
    portrait_unit = found[unit_id(portrait, "alt_text")]
    assert portrait_unit.find(f"{{{XLIFF_NS}}}target").text == "笑顔のサム・アルトマン"
    assert portrait_unit.get("approved") == "yes"
    caption = found[unit_id(event_image, "caption")]
    assert caption.find(f"{{{XLIFF_NS}}}source").text == "OpenAI's headquarters in San Francisco"

    path.write_bytes(set_target(path.read_bytes(), unit_id(logo, "alt_text"), "OpenAI のロゴ"))
    out = io.StringIO()
    call_command("import_xliff", str(path), stdout=out, stderr=io.StringIO())

    assert "1 object(s) imported for review" in out.getvalue()
    row = logo.translation_model().objects.get(image=logo, language_code="ja")
    assert (row.alt_text, row.state, row.origin) == ("OpenAI のロゴ", "in_review", "import")
    assert row.origin_detail == path.name


def test_a_changed_original_alt_text_makes_its_translation_stale_everywhere(
    desk, editor, illustrated, tmp_path
):
    portrait = illustrated.portrait
    before = dashboard_line(desk, "ja")[1]

    translation_save(
        row=portrait.translation("en"), user=editor, texts={"alt_text": "Sam Altman on stage"}
    )

    assert difference(before, dashboard_line(desk, "ja")[1]) == {"approved": -1, "stale": 1}
    unit = units(export(tmp_path))[unit_id(portrait, "alt_text")]
    assert unit.get(f"{{{SAGA_NS}}}state") == TranslationState.STALE
    assert unit.find(f"{{{XLIFF_NS}}}target").get("state") == "needs-translation"
    notes = [note.text for note in unit.findall(f"{{{XLIFF_NS}}}note")]
    assert any("It was: Sam Altman, smiling" in note for note in notes)


def test_the_editor_runs_the_quality_checks_on_an_alt_text(desk, editor, illustrated):
    row = illustrated.portrait.translation("ja")
    translation_save(row=row, user=editor, texts={"alt_text": "笑顔の男性"})

    page = desk.get(reverse("admin:images_imagetranslation_change", args=[row.pk]))

    html = page.content.decode()
    assert "the source names “Sam Altman”" in html
    assert "サム・アルトマン" in html
    assert fresh(row).alt_text == "笑顔の男性"
