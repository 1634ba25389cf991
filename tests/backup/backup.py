"""
A snapshot of a database's content that does not depend on how it was stored (the data
itself: ``tests.scenarios.newsroom``).

``snapshot()`` reads every row of the backed-up apps field by field (foreign keys by their
natural key), plus what readers are shown of every translatable object in every language,
so two databases with the same snapshot hold the same content.
"""

import datetime as dt
import json
import re

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from translations.machinery import TranslatableModel, language_codes

CONTENT_APPS = ["events", "people", "sources", "images"]
SNAPSHOT_APPS = [*CONTENT_APPS, "accounts", "auth"]
UTC = dt.UTC


def _ref(obj):
    if obj is None:
        return None
    if hasattr(obj, "natural_key"):
        return list(obj.natural_key())
    return ["pk", obj.pk]


def _value(obj, field):
    if field.is_relation:
        return _ref(getattr(obj, field.name))
    value = field.value_from_object(obj)
    if isinstance(value, dt.datetime):
        # dumpdata's JSON keeps times to the millisecond, as does DjangoJSONEncoder here;
        # cut first, so that 12:00:00.000400 and its restored 12:00:00 compare equal.
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value.name if isinstance(value, models.fields.files.FieldFile) else value


def _row(obj, *, with_pks):
    row = {
        field.name: _value(obj, field)
        for field in obj._meta.concrete_fields
        if with_pks or not field.primary_key
    }
    for field in obj._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            row[field.name] = sorted(_ref(related) for related in getattr(obj, field.name).all())
    return row


def _reader_view(model):
    """What each object reads as in every language, and its translation badges."""
    return {
        json.dumps(_ref(obj)): {
            code: [text.language_code, str(text.status), dict(text.texts)]
            for code in language_codes()
            for text in [obj.localized(code)]
        }
        | {"states": {code: str(state) for code, state in obj.translation_states().items()}}
        for obj in model._default_manager.with_translations()
    }


def snapshot(*, with_pks: bool) -> dict:
    """Return the backed-up content as plain JSON data (to compare across databases)."""
    result = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model is Permission:
                continue
            rows = [_row(obj, with_pks=with_pks) for obj in model._default_manager.all()]
            result[model._meta.label] = sorted(
                rows, key=lambda row: json.dumps(row, cls=DjangoJSONEncoder, sort_keys=True)
            )
            if issubclass(model, TranslatableModel):
                result[f"{model._meta.label} as read"] = _reader_view(model)
    return json.loads(json.dumps(result, cls=DjangoJSONEncoder, sort_keys=True))


# What readers see of the newsroom: the timeline, event and person pages in both languages,
# the sources list and a feed.
PUBLIC_PAGES = [
    "/en/sagas/board-crisis/",
    "/ja/sagas/board-crisis/",
    "/en/sagas/board-crisis/fired/",
    "/ja/sagas/board-crisis/fired/",
    "/en/sagas/board-crisis/letter/",
    "/en/people/chief/",
    "/ja/people/deputy/",
    "/en/sources/",
    "/en/sagas/board-crisis/atom.xml",
]
_PER_REQUEST = re.compile(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"')
# dumpdata's JSON keeps times to the millisecond: a page that prints microseconds (the
# event page's article:modified_time) is compared to the millisecond.
_MICROSECONDS = re.compile(r"(T\d\d:\d\d:\d\d\.\d{3})\d{3}")


def render_public_pages(urls=PUBLIC_PAGES) -> dict[str, str]:
    """Return each page as an anonymous reader gets it, less what changes per request."""
    from django.test import Client

    reader, pages = Client(), {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = _PER_REQUEST.sub(r'\1="…"', response.content.decode())
        pages[url] = _MICROSECONDS.sub(r"\1", page)
    return pages
