"""Build admin add/change POST data the way the browser would submit it."""

import re

from django.test import Client

# An input has no closing tag: matching one's "inner" text (as for a select or textarea)
# searched to the end of the page for each input, which took 118 ms for a change form.
_FIELD = re.compile(r"<(input)\b([^>]*)>|<(select|textarea)\b([^>]*)>(.*?)</\3>", re.S)
_ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def form_data(client: Client, url: str) -> dict:
    """Return the initial values of every named field in the admin form at ``url``."""
    return form_data_in(client.get(url).content.decode())


def form_data_in(html: str) -> dict:
    """
    Return what a browser would submit from the form fields in ``html``: a name given by
    several fields (the hidden initials of a multiple choice) has the list of their values.
    """
    data = {}

    def add(name, value):
        if name not in data:
            data[name] = value
        elif isinstance(data[name], list):
            data[name].append(value)
        else:
            data[name] = [data[name], value]

    for input_tag, input_attributes, tag, tag_attributes, inner in _FIELD.findall(html):
        tag, attributes = (input_tag, input_attributes) if input_tag else (tag, tag_attributes)
        attrs = dict(_ATTR.findall(attributes))
        name = attrs.get("name")
        if not name or name in {"csrfmiddlewaretoken"} or "__prefix__" in name:
            continue
        if "disabled" in attrs:  # browsers never submit disabled controls
            continue
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                continue
            if kind == "checkbox":
                if "checked" in attributes:
                    add(name, attrs.get("value", "on"))
                continue
            add(name, attrs.get("value", ""))
        elif tag == "textarea":
            data[name] = inner.strip("\n")
        else:
            selected = re.findall(r'<option value="([^"]*)"[^>]*selected', inner or "")
            if "multiple" in attributes:
                if selected:
                    data[name] = selected
            else:
                data[name] = selected[0] if selected else ""
    return data
