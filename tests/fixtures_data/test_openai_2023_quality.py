"""The saga's own quality checks (glossary, numbers, links, debris) find nothing in the fixture."""

import pytest
from django.apps import apps

from translations.machinery import Translation
from translations.models import DebrisPhrase
from translations.quality import Glossary, check_translation, debris_entries

pytestmark = pytest.mark.django_db


def translation_rows():
    models = [m for m in apps.get_models() if issubclass(m, Translation)]
    return [row for model in models for row in model.objects.all()]


def test_the_checks_the_admin_runs_report_nothing_on_any_text_of_the_fixture():
    rows = translation_rows()
    glossary = Glossary.load()
    debris = {language: debris_entries(language) for language in ("ja", "en")}

    assert len(rows) > 200
    assert DebrisPhrase.objects.exists(), "the debris list is seeded by a migration"
    assert {row.language_code for row in rows} == {"ja", "en"}
    problems = {
        f"{row._meta.label_lower} {row.parent} [{row.language_code}]": [
            warning.message for warning in warnings
        ]
        for row in rows
        if (warnings := check_translation(row, glossary=glossary, debris=debris[row.language_code]))
    }

    assert not problems, "\n".join(f"{row}: {messages}" for row, messages in problems.items())
