"""
The translation dashboard and its work lists, plus the XLIFF download and upload pages.

The dashboard shows, for each saga and each language the user works in, how many of the
saga's objects are approved, in review, draft, machine output, stale and missing; every
number links to the list of those objects, each linking to its side-by-side editor.
Queries are a constant number per saga (two per translatable model), whatever its size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_edit_text
from translations.machinery import TranslatableModel, TranslationState, language_name
from translations.row_admin import visible_languages
from translations.scope import for_states, saga_model, saga_querysets
from translations.xliff import XliffError, export_file_name, export_xliff, import_xliff

STATES = [
    TranslationState.APPROVED,
    TranslationState.IN_REVIEW,
    TranslationState.DRAFT,
    TranslationState.MACHINE,
    TranslationState.STALE,
    TranslationState.MISSING,
]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def saga_members(saga) -> list[TranslatableModel]:
    """Return every translatable object of ``saga``, ready for ``translation_state``."""
    return [obj for _model, queryset in saga_querysets(saga) for obj in for_states(queryset)]


def state_counts(members, language_code: str) -> dict[TranslationState, int]:
    counts = Counter(obj.translation_state(language_code) for obj in members)
    return {state: counts[state] for state in STATES}


def saga_title(saga) -> str:
    text = saga.localized(get_language(), public=False)
    first_field = saga.translation_model().translated_fields[0]
    return text.texts.get(first_field) or str(saga)


def _context(request, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, **extra}


def _saga(slug: str):
    return get_object_or_404(saga_model()._default_manager.all(), slug=slug)


def _language(request, language_code: str) -> str:
    if language_code not in visible_languages(request.user):
        raise Http404(gettext("You do not work in this language."))
    return language_code


# ------------------------------------------------------------------------------
# Dashboard and work list
# ------------------------------------------------------------------------------


@dataclass
class LanguageLine:
    language_code: str
    language_name: str
    total: int
    counts: list[tuple[TranslationState, int, float, str]]  # state, count, percent, url


def dashboard(request):
    languages = visible_languages(request.user)
    sagas = []
    for saga in for_states(saga_model()._default_manager.all()):
        members = saga_members(saga)
        lines = []
        for code in languages:
            counts = state_counts(members, code)
            url = reverse("translations:worklist", args=[saga.slug, code])
            lines.append(
                LanguageLine(
                    code,
                    language_name(code),
                    len(members),
                    [
                        (
                            state,
                            number,
                            100 * number / len(members) if members else 0,
                            f"{url}?{urlencode({'state': state.value})}",
                        )
                        for state, number in counts.items()
                    ],
                )
            )
        sagas.append({"saga": saga, "title": saga_title(saga), "lines": lines})
    return TemplateResponse(
        request,
        "admin/translations/dashboard.html",
        _context(request, gettext("Translations"), sagas=sagas, states=STATES, languages=languages),
    )


def _admin_url(name: str, *args) -> str | None:
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def work_url(obj, language_code: str, back: str) -> str | None:
    """Return where to work on ``obj`` in a language: its row's editor, or a new row's."""
    model = obj.translation_model()
    opts = model._meta
    row = obj.translation(language_code)
    if row is not None:
        url = _admin_url(f"{opts.app_label}_{opts.model_name}_change", row.pk)
        return url and f"{url}?{urlencode({'next': back})}"
    if language_code == obj.original_language:
        # The source text lives on the object itself (a citation's quote).
        parent = obj._meta
        return _admin_url(f"{parent.app_label}_{parent.model_name}_change", obj.pk)
    url = _admin_url(f"{opts.app_label}_{opts.model_name}_add")
    query = {model.parent_field: obj.pk, "language_code": language_code, "next": back}
    return url and f"{url}?{urlencode(query)}"


def worklist(request, saga_slug: str, language_code: str):
    saga = _saga(saga_slug)
    language = _language(request, language_code)
    state = request.GET.get("state", "")
    if state and state not in TranslationState.values:
        state = ""
    back = request.get_full_path()
    items = []
    for obj in saga_members(saga):
        current = obj.translation_state(language)
        if state and current != state:
            continue
        text = obj.localized(get_language(), public=False)
        first_field = obj.translation_model().translated_fields[0]
        items.append(
            {
                "kind": obj._meta.verbose_name,
                "label": text.texts.get(first_field) or str(obj),
                "key": str(obj),
                "state": current,
                "url": work_url(obj, language, back),
                "is_source": obj.original_language == language,
            }
        )
    title = gettext("%(saga)s in %(language)s") % {
        "saga": saga_title(saga),
        "language": language_name(language),
    }
    return TemplateResponse(
        request,
        "admin/translations/worklist.html",
        _context(
            request,
            title,
            saga=saga,
            language_code=language,
            items=items,
            state=TranslationState(state) if state else None,
            states=STATES,
        ),
    )


# ------------------------------------------------------------------------------
# XLIFF download and upload
# ------------------------------------------------------------------------------


def xliff_export(request, saga_slug: str, language_code: str):
    saga = _saga(saga_slug)
    language = _language(request, language_code)
    response = HttpResponse(
        export_xliff(saga, language), content_type="application/x-xliff+xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_file_name(saga, language)}"'
    return response


class XliffUploadForm(forms.Form):
    language_code = forms.ChoiceField(label=_("translated into"))
    file = forms.FileField(label=_("XLIFF file"), help_text=_("An XLIFF 1.2 file exported here."))

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language_code"].choices = [(c, language_name(c)) for c in languages]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload


def xliff_import(request, saga_slug: str):
    saga = _saga(saga_slug)
    languages = [c for c in visible_languages(request.user) if can_edit_text(request.user, c)]
    if not languages:
        raise PermissionDenied(gettext("You may not write text in any language."))
    form = XliffUploadForm(
        request.POST or None,
        request.FILES or None,
        languages=languages,
        initial={"language_code": request.GET.get("language")},
    )
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_xliff(
                upload.read(),
                file_name=upload.name,
                user=request.user,
                saga=saga,
                language_code=form.cleaned_data["language_code"],
            )
        except XliffError as error:
            form.add_error("file", gettext("Nothing was imported."))
            for problem in error.problems:
                form.add_error("file", problem)
        else:
            messages.success(
                request,
                gettext(
                    "%(applied)s object(s) imported for review, %(unchanged)s unchanged, "
                    "%(refused)s unit(s) not applied."
                )
                % {
                    "applied": len(result.applied),
                    "unchanged": result.unchanged,
                    "refused": len(result.refused),
                },
            )
    return TemplateResponse(
        request,
        "admin/translations/xliff_import.html",
        _context(
            request,
            gettext("Upload a translated XLIFF file for “%(saga)s”") % {"saga": saga_title(saga)},
            saga=saga,
            form=form,
            result=result,
        ),
    )
