"""
The rendered preview of an event's text beside its editor, in the public page's own template.

The change form's script posts the summary and body being typed; the answer is the part of
the event page that shows them (``events/includes/event_text.html``, the same template and
Markdown filter as the page), for staff who may open the event only.
"""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.http import require_POST

from core.languages import language_codes
from core.response_cache import mark_private

PREVIEW_LIMIT = 100_000  # characters of Markdown; an event's body is far shorter


class EventPreviewMixin:
    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="events_event_preview"), *super().get_urls()]

    def preview_view(self, request):
        """Answer the HTML of the posted summary and body, as the event page shows them."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        language = request.POST.get("language_code", "")
        text = SimpleNamespace(
            summary=request.POST.get("summary", "")[:PREVIEW_LIMIT],
            body=request.POST.get("body", "")[:PREVIEW_LIMIT],
            language_code=language if language in language_codes() else "",
        )
        html = render_to_string("events/includes/event_text.html", {"text": text}, request)
        return mark_private(HttpResponse(html, content_type="text/html; charset=utf-8"))
