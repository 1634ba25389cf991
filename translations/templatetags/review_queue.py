"""The personal queues on the admin home: texts awaiting my review, texts returned to me."""

from django import template

from translations.labels import moment_in_zone, text_label, time_zone_of
from translations.machinery import language_name
from translations.notifications import row_admin_path
from translations.review import awaiting_review, returned_to

register = template.Library()


def _entries(items):
    for item in items:
        row = item.row
        when = item.note.created_at if item.note else row.updated_at
        yield {
            "label": text_label(row.parent),
            "kind": row.parent._meta.verbose_name,
            "language": language_name(row.language_code),
            "url": row_admin_path(row),
            "when": moment_in_zone(when, time_zone_of(row.parent)),
            "who": item.note.author if item.note else row.updated_by,
            "comment": item.note.comment if item.note else "",
        }


@register.inclusion_tag("admin/translations/review_queue.html", takes_context=True)
def review_queue(context):
    user = context["request"].user
    return {
        "awaiting": list(_entries(awaiting_review(user))),
        "returned": list(_entries(returned_to(user))),
    }
