"""Labels for the compact change form's parts (editorial/templates' inline layouts)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from translations.machinery import language_name
from translations.row_admin import state_badge

register = template.Library()


@register.filter
def text_row_heading(row) -> str:
    """“日本語 (original) [approved]”: a text block's language, role and state."""
    language = language_name(row.language_code)
    if row.is_source:
        language = _("%(language)s (original)") % {"language": language}
    return format_html("{} {}", language, state_badge(row.state))
