from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class PlainSelect(forms.Select):
    """
    A <select> written in Python rather than one template per option: a large saga offers
    hundreds of people, and the template renderer would take most of the page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", label)
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
                for label in [option["label"]]
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
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
