"""The desk's form renderer writes out Django's commonest form templates to the byte."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.safestring import mark_safe

from editorial.rendering import DESK_RENDERER, WRITTEN_OUT

TEMPLATES = DjangoTemplates()


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="h")
    quoted = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>'}))
    hidden = forms.IntegerField(widget=forms.HiddenInput, show_hidden_initial=True)
    number = forms.DecimalField(required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "autofocus": True}))
    at = forms.TimeField(widget=forms.TimeInput(attrs={"data-x": False, "data-n": 3}))
    mail = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    flag = forms.BooleanField(required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    menu = forms.ChoiceField(
        choices=[("", "—"), ("a", "A & a"), (3, 3), ("s", mark_safe("<b>s</b>"))]
    )
    groups = forms.ChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


VALUES = [
    {},
    {
        "text": "<script>&",
        "quoted": mark_safe("<i>kept</i>"),
        "hidden": 7,
        "number": Decimal("1.50"),
        "when": dt.date(2023, 11, 17),
        "at": dt.time(9, 5),
        "mail": "a@b.c",
        "url": "https://x.test/?a=1&b=2",
        "secret": "s\"'",
        "flag": True,
        "body": "line\n<two>",
        "menu": 3,
        "groups": "y",
        "several": ["a", "b"],
    },
]


@pytest.mark.parametrize("initial", VALUES)
@pytest.mark.parametrize("bound", [False, True])
def test_every_written_out_widget_renders_as_its_template(initial, bound):
    data = dict(initial) if bound else None

    def rendered(renderer):
        form = EveryWidget(data=data, initial=initial, renderer=renderer)
        if bound:
            form.is_valid()
        return [
            (str(field), field.label_tag(), str(field.errors), field.as_hidden()) for field in form
        ]

    assert rendered(DESK_RENDERER) == rendered(TEMPLATES)


def test_labels_without_a_tag_and_error_lists_render_as_their_templates():
    for context in [
        {"use_tag": False, "label": "<a>", "attrs": {}, "tag": "label"},
        {
            "use_tag": True,
            "label": mark_safe("<b>x</b>"),
            "attrs": {"for": "id_x"},
            "tag": "legend",
        },
    ]:
        name = "django/forms/label.html"
        assert DESK_RENDERER.render(name, context) == TEMPLATES.render(name, context)
    for errors in [ErrorList(), ErrorList(["<wrong>"], error_class="nonfield")]:
        for name in ["django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"]:
            context = errors.get_context()
            assert DESK_RENDERER.render(name, context) == TEMPLATES.render(name, context)


def test_only_djangos_own_templates_are_written_out():
    assert all(name.startswith("django/forms/") for name in WRITTEN_OUT)
    for name in WRITTEN_OUT:
        origin = DESK_RENDERER.get_template(name).origin.name
        assert "/django/forms/templates/django/forms/" in origin, origin
