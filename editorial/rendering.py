"""
The desk's form renderer: Django's own form templates, with the commonest ones written out.

An event's change form renders some 300 widgets, labels and (empty) error lists, each
through the template engine: about a third of the page's CPU, for markup as simple as
``<input type="text" name="slug" value="..." id="id_slug">``. ``DeskFormRenderer`` renders
those templates (Django's input widgets, menus, text areas, labels and empty error lists)
in Python, to the byte, and every other template, or any context those functions do not
expect, through the templates as before. ``tests/editorial/test_form_rendering.py``
renders each written-out template both ways.

Django's templates come first for a renderer of this kind (``django/forms/templates`` before
the apps' directories), so the markup written out here is always the markup Django's
templates would make.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# The widgets whose template is only ``{% include "django/forms/widgets/input.html" %}``.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "input",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
OPTION = f"{WIDGETS}select_option.html"

# What the templates render ``{{ value }}`` with: autoescaped, localized (as a form
# renderer's template context is).
_CONTEXT = Context(autoescape=True)


class NotWrittenOut(Exception):
    """A context the written-out markup does not cover: the template renders it."""


def _shown(value) -> str:
    """``{{ value }}``."""
    if callable(value):
        raise NotWrittenOut  # the template would call it
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    if callable(value):
        raise NotWrittenOut
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        text = ""
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs) -> str:
    """``django/forms/widgets/attrs.html`` (and ``django/forms/attrs.html``, the same)."""
    if not isinstance(attrs, dict) or "items" in attrs:
        raise NotWrittenOut
    html = []
    for name, value in attrs.items():
        if value is not False:
            html.append(f" {_shown(name)}")
            if value is not True:
                html.append(f'="{_formatted(value)}"')
    return "".join(html)


def _input(widget) -> str:
    """``django/forms/widgets/input.html``."""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _option(option) -> str:
    """``django/forms/widgets/select_option.html``."""
    if option.get("template_name") != OPTION:
        raise NotWrittenOut
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(widget) -> str:
    """``django/forms/widgets/select.html``."""
    html = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            html.append(f"\n  {_option(option)}")
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>\n")
    return "".join(html)


def _textarea(widget) -> str:
    """``django/forms/widgets/textarea.html``."""
    value = widget["value"]
    text = _shown(value) if value else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>\n'
    )


def _label(context) -> str:
    """``django/forms/label.html``."""
    if not context["use_tag"]:
        return _shown(context["label"])
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_shown(context['label'])}</{tag}>\n"


def _no_errors(context) -> str:
    """``django/forms/errors/list/default.html`` and ``ul.html``, for no errors."""
    if context["errors"]:
        raise NotWrittenOut
    return ""


WRITTEN_OUT = {
    **dict.fromkeys(INPUTS, lambda context: _input(context["widget"])),
    f"{WIDGETS}select.html": lambda context: _select(context["widget"]),
    f"{WIDGETS}textarea.html": lambda context: _textarea(context["widget"]),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _no_errors,
    "django/forms/errors/list/ul.html": _no_errors,
}


class DeskFormRenderer(DjangoTemplates):
    """Django's form templates, the commonest written out (see the module's docstring)."""

    def render(self, template_name, context, request=None):
        written_out = WRITTEN_OUT.get(template_name)
        if written_out is not None:
            try:
                return written_out(context).strip()
            except (NotWrittenOut, KeyError, TypeError, ValueError):
                pass
        return super().render(template_name, context, request)


# One for every form (a renderer builds its template engine once).
DESK_RENDERER = DeskFormRenderer()
