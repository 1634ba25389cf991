"""The side-by-side widget: the source text (or what changed in it) beside the field."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from translations.machinery import language_name


class SourceBesideWidget(forms.Widget):
    """
    Wrap a text widget so that it renders next to the source text it translates.

    ``changes`` is the word diff of the source since the translation was made (for a stale
    translation); when given it is shown instead of the plain source text.
    """

    # An app template: the default form renderer does not read the project's DIRS.
    template_name = "saga_cms/widgets/source_beside.html"

    def __init__(self, widget, *, source_text: str, source_language: str, changes=None):
        self.widget = widget
        self.source_text = source_text
        self.source_language = source_language
        self.changes = changes
        super().__init__(attrs=widget.attrs)

    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        clone.widget = copy.deepcopy(self.widget, memo)
        memo[id(self)] = clone
        return clone

    @property
    def is_hidden(self):
        return self.widget.is_hidden

    @property
    def media(self):
        return self.widget.media + forms.Media(css={"all": ["saga_cms/translations.css"]})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["rendered_widget"] = self.widget.render(name, value, attrs)
        context["source_text"] = self.source_text
        context["source_language"] = self.source_language
        context["source_language_name"] = language_name(self.source_language)
        context["changes"] = self.changes
        return context

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return self.widget.id_for_label(id_)


def put_sources_beside(form, *, source: dict[str, str] | None, language: str, changes=None):
    """Wrap each text field of ``form`` that has a source text in a ``SourceBesideWidget``."""
    changes = changes or {}
    for name, text in (source or {}).items():
        if name in form.fields and (text.strip() or name in changes):
            form.fields[name].widget = SourceBesideWidget(
                form.fields[name].widget,
                source_text=text,
                source_language=language,
                changes=changes.get(name),
            )


def minor_change_field():
    return forms.BooleanField(
        label=_("Minor change"),
        required=False,
        help_text=_(
            "A typo fixed in the source text: keep its translations current instead of "
            "marking them for an update. Recorded in the history."
        ),
    )
