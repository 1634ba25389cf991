"""The XLIFF desk at scale: streamed (and gzipped) downloads, uploads sized from the saga,
results that name texts by headline and never call "nothing applied" a success."""

import gzip
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from translate.storage.xliff import xlifffile

from events.models import EventTranslation
from tests.translation.helpers import LETTER, edit_source, set_target
from translations import dashboard
from translations.xliff import export_xliff

pytestmark = pytest.mark.django_db

HEADLINE = "events.event:openai-2023/altman-fired:headline"


def upload(client, name, data):
    return client.post(
        reverse("translations:xliff_import", args=["openai-2023"]),
        {"language_code": "en", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_the_export_is_streamed_and_downloadable_gzipped(translator, saga):
    url = reverse("translations:xliff_export", args=["openai-2023", "en"])
    plain = translator.get(url)
    packed = translator.get(url + "?gzip=1")

    assert plain.streaming and packed.streaming
    assert packed["Content-Disposition"] == 'attachment; filename="openai-2023.en.xlf.gz"'
    document = gzip.decompress(b"".join(packed.streaming_content))
    undated = re.compile(rb' date="[^"]+"')  # the export's time, seconds apart
    assert undated.sub(b"", document) == undated.sub(b"", b"".join(plain.streaming_content))
    store = xlifffile.parsestring(document)  # a real XLIFF parser reads it
    assert any(unit.getid().endswith(HEADLINE) for unit in store.units)


def test_a_gzipped_file_goes_back_in(translator, saga):
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")

    response = upload(translator, "back.xlf.gz", gzip.compress(document))

    assert "1 object(s) imported for review" in response.content.decode()
    row = EventTranslation.objects.get(event__slug="letter", language_code="en")
    assert row.headline == "Staff letter"


def test_refused_units_are_named_by_headline_and_nothing_applied_is_no_success(
    translator, saga, fired
):
    document = set_target(export_xliff(saga, "en"), HEADLINE, "Board fires Altman")
    edit_source(fired, headline="OpenAI取締役会、金曜日にアルトマン氏を解任")

    response = upload(translator, "back.xlf", document)

    page = response.content.decode()
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["warning"]
    assert "Nothing was imported." in page
    assert "“OpenAI board fires Altman” · Headline: its source text changed" in page
    assert HEADLINE not in page  # named by headline, not by id


def test_the_upload_limit_is_sized_from_the_saga(translator, saga, monkeypatch):
    monkeypatch.setattr(dashboard, "MIN_UPLOAD_BYTES", 1024)
    monkeypatch.setattr(dashboard, "UPLOAD_BYTES_PER_OBJECT", 10)
    document = set_target(export_xliff(saga, "en"), LETTER, "Staff letter")
    assert dashboard.upload_limit(saga) == 1024  # 6 objects × 10 bytes: the minimum

    response = upload(translator, "back.xlf", document)
    assert "The file is larger than" in response.content.decode()
    assert not EventTranslation.objects.filter(event__slug="letter", language_code="en").exists()

    monkeypatch.setattr(dashboard, "UPLOAD_BYTES_PER_OBJECT", len(document))
    response = upload(translator, "back.xlf.gz", gzip.compress(document))
    assert "1 object(s) imported for review" in response.content.decode()
