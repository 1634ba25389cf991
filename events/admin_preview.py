"""
The rendered preview of a text beside its editor, in the public page's own template.

The change form's script posts the text being typed; the answer is the part of the public
page that shows it, from the same template and Markdown filter as the page: an event's
summary and body (``events/includes/event_text.html``), a saga's standfirst
(``events/includes/saga_standfirst.html``). For staff who may open the object only.
"""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from core.languages import language_codes
from core.response_cache import mark_private

PREVIEW_LIMIT = 100_000  # characters of Markdown; an event's body is far shorter


class TextPreviewMixin:
    """For a ModelAdmin whose text rows have a Markdown field the page renders."""

    preview_template: str
    # The field the preview stands beside first, then the others it shows with it.
    preview_fields: tuple[str, ...]

    def preview_url_name(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_preview"

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name=self.preview_url_name()), *super().get_urls()]

    def preview_view(self, request):
        """Answer the HTML of the posted text, as the public page shows it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        language = request.POST.get("language_code", "")
        text = SimpleNamespace(
            **{name: request.POST.get(name, "")[:PREVIEW_LIMIT] for name in self.preview_fields},
            language_code=language if language in language_codes() else "",
        )
        html = render_to_string(self.preview_template, {"text": text}, request)
        return mark_private(HttpResponse(html, content_type="text/html; charset=utf-8"))

    def editorial_context(self, request, context, obj):
        extra = super().editorial_context(request, context, obj)
        field, *others = self.preview_fields
        extra["preview"] = {
            "url": reverse(f"{self.admin_site.name}:{self.preview_url_name()}"),
            "field": field,
            "with": ",".join(others),
        }
        return extra


class EventPreviewMixin(TextPreviewMixin):
    preview_template = "events/includes/event_text.html"
    preview_fields = ("body", "summary")


class SagaPreviewMixin(TextPreviewMixin):
    preview_template = "events/includes/saga_standfirst.html"
    preview_fields = ("standfirst",)
