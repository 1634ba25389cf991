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
        turn = item.note or item.submission  # returned: the reviewer; awaiting: the translator
        when = turn.created_at if turn else row.updated_at
        yield {
            "label": text_label(row.parent),
            "kind": row.parent._meta.verbose_name,
            "language": language_name(row.language_code),
            "url": row_admin_path(row),
            "when": moment_in_zone(when, time_zone_of(row.parent)),
            "who": _name(turn.author if turn else row.updated_by),
            "comment": item.note.comment if item.note else "",
        }


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@register.inclusion_tag("admin/translations/review_queue.html", takes_context=True)
def review_queue(context):
    user = context["request"].user
    return {
        "awaiting": list(_entries(awaiting_review(user))),
        "returned": list(_entries(returned_to(user))),
    }
