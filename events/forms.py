from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class PlainSelect(forms.Select):
    """
    A <select> of plain (ungrouped) choices written in Python rather than one template per
    option: a large saga offers hundreds of people, and the template renderer would take
    most of the page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Django's optgroups() builds a dict of a dozen keys per option: for 500 options
        # that cost more than the rest of the timeline's form. Choices are plain text
        # (names and slugs), escaped as Django's escape() does.
        wanted, found = self.format_value(value), False
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else option_value
            selected = not found and str(option_value) in wanted
            found |= selected
            options.append(
                f'<option value="{escape(str(option_value))}"'
                f"{' selected' if selected else ''}>{escape(str(label))}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),
        )


class TimelineFilterForm(forms.Form):
    """Narrow a timeline to one person, organisation, tag or chapter (each by slug)."""

    person = forms.ChoiceField(label=_("Person"), required=False, widget=PlainSelect)
    organization = forms.ChoiceField(label=_("Organisation"), required=False, widget=PlainSelect)
    tag = forms.ChoiceField(label=_("Tag"), required=False, widget=PlainSelect)
    chapter = forms.ChoiceField(label=_("Chapter"), required=False, widget=PlainSelect)

    def __init__(self, *args, options: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in options.items():
            self.fields[name].choices = [("", _("All"))] + choices
        for name in [name for name in self.fields if not options.get(name)]:
            del self.fields[name]

    def active_filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False, strip=True)
