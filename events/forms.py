from django import forms
from django.utils.translation import gettext_lazy as _


class TimelineFilterForm(forms.Form):
    """Narrow a timeline to one person, organisation, tag or chapter (each by slug)."""

    person = forms.ChoiceField(label=_("Person"), required=False)
    organization = forms.ChoiceField(label=_("Organisation"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    chapter = forms.ChoiceField(label=_("Chapter"), required=False)

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
