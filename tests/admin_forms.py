"""Build admin add/change POST data the way the browser would submit it."""

import re

from django.test import Client

_FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>(?:(.*?)</\1>)?", re.S)
_ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def form_data(client: Client, url: str) -> dict:
    """Return the initial values of every named field in the admin form at ``url``."""
    return form_data_in(client.get(url).content.decode())


def form_data_in(html: str) -> dict:
    """Return what a browser would submit from the form fields in ``html``."""
    data = {}
    for tag, attributes, inner in _FIELD.findall(html):
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
                    data[name] = "on"
                continue
            data[name] = attrs.get("value", "")
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
