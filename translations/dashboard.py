"""
The translation dashboard and its work lists, plus the XLIFF download and upload pages.

The dashboard shows, for each saga and each language the user works in, how many of the
saga's objects are approved, in review, draft, machine output, stale and missing; every
number links to the list of those objects, each linking to its side-by-side editor.
The numbers are counted by the database (``translations.states``): one aggregate query per
saga, whatever its size; the lists are one page of a sorted, searched query.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_edit_text
from translations.machinery import TranslationState, language_name
from translations.row_admin import visible_languages
from translations.scope import (
    for_states,
    model_key,
    saga_model,
    saga_querysets,
    translatable_models,
)
from translations.states import DEFAULT_SORT, SORTS, WorkList, state_counts, totals
from translations.xliff import XliffError, export_file_name, stream_xliff
from translations.xliff_jobs import summary, xliff_import_start

STATES = [
    TranslationState.APPROVED,
    TranslationState.IN_REVIEW,
    TranslationState.DRAFT,
    TranslationState.MACHINE,
    TranslationState.STALE,
    TranslationState.MISSING,
]


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
class Segment:
    state: TranslationState
    number: int
    percent: float
    offset: float  # where its bar starts, in percent (an SVG rectangle: no inline style)
    url: str


@dataclass
class LanguageLine:
    language_code: str
    language_name: str
    total: int
    segments: list[Segment]

    @property
    def counts(self) -> list[tuple[TranslationState, int, float, str]]:
        return [(s.state, s.number, s.percent, s.url) for s in self.segments]


def language_line(saga, code: str, counts: dict[str, int]) -> LanguageLine:
    total = sum(counts.get(state.value, 0) for state in STATES)
    url = reverse("translations:worklist", args=[saga.slug, code])
    segments, offset = [], 0.0
    for state in STATES:
        number = counts.get(state.value, 0)
        percent = 100 * number / total if total else 0
        query = urlencode({"state": state.value})
        segments.append(Segment(state, number, percent, offset, f"{url}?{query}"))
        offset += percent
    return LanguageLine(code, language_name(code), total, segments)


SAGAS_PER_PAGE = 10


def dashboard(request):
    languages = visible_languages(request.user)
    # Staff with no role (no language, not an editor) see no saga: not even a draft's title.
    sagas_of = saga_model()._default_manager
    shown = sagas_of.all() if languages else sagas_of.none()
    page = Paginator(shown.order_by("slug"), SAGAS_PER_PAGE).get_page(request.GET.get("page"))
    page_sagas = list(for_states(shown.filter(pk__in=[s.pk for s in page.object_list])))
    sagas = []
    for saga in sorted(page_sagas, key=lambda s: s.slug):
        counts = state_counts(saga, languages)  # one aggregate query per saga
        lines = [language_line(saga, code, totals(counts[code])) for code in languages]
        sagas.append({"saga": saga, "title": saga_title(saga), "lines": lines})
    return TemplateResponse(
        request,
        "admin/translations/dashboard.html",
        _context(
            request,
            gettext("Translations"),
            sagas=sagas,
            states=STATES,
            languages=languages,
            page=page,
        ),
    )


def _admin_url(name: str, *args) -> str | None:
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def work_url(model, item, language_code: str, back: str) -> str | None:
    """Return where to work on an item in a language: its row's editor, or a new row's."""
    rows = model.translation_model()
    opts = rows._meta
    if item.row_pk is not None:
        url = _admin_url(f"{opts.app_label}_{opts.model_name}_change", item.row_pk)
        return url and f"{url}?{urlencode({'next': back})}"
    if item.is_source and model.inline_source_field:
        # The source text lives on the object itself (a citation's quote).
        parent = model._meta
        return _admin_url(f"{parent.app_label}_{parent.model_name}_change", item.object_pk)
    url = _admin_url(f"{opts.app_label}_{opts.model_name}_add")
    query = {rows.parent_field: item.object_pk, "language_code": language_code, "next": back}
    return url and f"{url}?{urlencode(query)}"


ITEMS_PER_PAGE = 50


def worklist(request, saga_slug: str, language_code: str):
    saga = _saga(saga_slug)
    language = _language(request, language_code)
    state = request.GET.get("state", "")
    if state not in TranslationState.values:
        state = ""
    kinds = {model_key(model): model for model in translatable_models()}
    kind = request.GET.get("kind", "")
    if kind not in kinds:
        kind = ""
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    search = request.GET.get("q", "").strip()[:200]

    counts = state_counts(saga, [language])[language]
    by_state = totals(counts, kind)
    # Without a search the length is already counted (``state_counts``): no second pass.
    known = None if search else by_state[state] if state else sum(by_state.values())
    listed = WorkList(
        saga,
        language,
        get_language(),
        count=known,
        state=state,
        kind=kind,
        search=search,
        sort=sort,
    )
    page = Paginator(listed, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    back = request.get_full_path()
    items = []
    for item in page.object_list:
        model = kinds[item.kind]
        items.append(
            {
                "kind": model._meta.verbose_name,
                "label": item.label or gettext("(no text yet)"),
                "state": item.state,
                "url": work_url(model, item, language, back),
                "is_source": item.is_source,
                "object_pk": item.object_pk,
                "model_key": item.kind,
            }
        )

    def link(**changes) -> str:
        query = {"state": state, "kind": kind, "q": search, "sort": sort, **changes}
        return "?" + urlencode({k: v for k, v in query.items() if v and v != DEFAULT_SORT})

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
            page=page,
            state=TranslationState(state) if state else None,
            states=STATES,
            state_links=[
                (choice, by_state.get(choice.value, 0), link(state=choice.value, page=""))
                for choice in STATES
            ],
            all_link=link(state="", page=""),
            all_count=sum(by_state.values()),
            kind=kind,
            kind_links=[
                (key, model._meta.verbose_name_plural, link(kind=key, page=""))
                for key, model in kinds.items()
                if totals(counts, key) and sum(totals(counts, key).values())
            ],
            all_kinds_link=link(kind="", page=""),
            search=search,
            sort=sort,
            sort_links=[
                (name, label, link(sort=name, page=""))
                for name, label in (
                    ("new", gettext("newest first")),
                    ("old", gettext("oldest first")),
                    ("label", gettext("text A–Z")),
                    ("-label", gettext("text Z–A")),
                    ("kind", gettext("kind")),
                    ("state", gettext("state")),
                )
            ],
            page_links=[
                (number, link(page=number))
                for number in page.paginator.get_elided_page_range(page.number)
                if number != page.paginator.ELLIPSIS
            ],
        ),
    )


# ------------------------------------------------------------------------------
# XLIFF download and upload
# ------------------------------------------------------------------------------


def _gzipped(chunks):
    """Compress a stream of bytes as one gzip member, piece by piece."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: with a gzip header
    for chunk in chunks:
        packed = compressor.compress(chunk)
        if packed:
            yield packed
    yield compressor.flush()


def xliff_export(request, saga_slug: str, language_code: str):
    """The saga's XLIFF file, streamed as it is read (``?gzip=1``: as .xlf.gz)."""
    saga = _saga(saga_slug)
    language = _language(request, language_code)
    name = export_file_name(saga, language)
    chunks = stream_xliff(saga, language)
    if request.GET.get("gzip"):
        response = StreamingHttpResponse(_gzipped(chunks), content_type="application/gzip")
        name += ".gz"
    else:
        response = StreamingHttpResponse(
            chunks, content_type="application/x-xliff+xml; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# An upload may be as large as the saga's own export, and some: a few KB per text object,
# never less than the old fixed limit. Compressed files (.xlf.gz) are unpacked up to it.
MIN_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_BYTES_PER_OBJECT = 6 * 1024


def upload_limit(saga) -> int:
    """The largest XLIFF file accepted for ``saga``, sized from its number of text objects."""
    objects = sum(queryset.count() for _model, queryset in saga_querysets(saga))
    return max(MIN_UPLOAD_BYTES, objects * UPLOAD_BYTES_PER_OBJECT)


class XliffUploadForm(forms.Form):
    language_code = forms.ChoiceField(label=_("translated into"))
    file = forms.FileField(
        label=_("XLIFF file"), help_text=_("An XLIFF 1.2 file exported here (.xlf or .xlf.gz).")
    )

    def __init__(self, *args, languages, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        self.fields["language_code"].choices = [(c, language_name(c)) for c in languages]

    def too_large(self):
        return forms.ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": self.limit // 2**20}
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.limit:
            raise self.too_large()
        data = upload.read()
        if data[:2] == b"\x1f\x8b":  # gzip: unpacked, never beyond the limit
            unpacker = zlib.decompressobj(31)
            try:
                data = unpacker.decompress(data, self.limit + 1)
            except zlib.error as error:
                raise forms.ValidationError(_("The compressed file is damaged.")) from error
            if len(data) > self.limit:
                raise self.too_large()
        self.cleaned_data["data"] = data
        return upload


def xliff_import(request, saga_slug: str):
    saga = _saga(saga_slug)
    languages = [c for c in visible_languages(request.user) if can_edit_text(request.user, c)]
    if not languages:
        raise PermissionDenied(gettext("You may not write text in any language."))
    posted = request.method == "POST"
    form = XliffUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        languages=languages,
        limit=upload_limit(saga) if posted else MIN_UPLOAD_BYTES,
        initial={"language_code": request.GET.get("language")},
    )
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            started = xliff_import_start(
                form.cleaned_data["data"],
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
            if started.job is not None:
                messages.info(
                    request,
                    gettext(
                        "The file is large: it is imported in the background. This page "
                        "shows how far it got and what was imported."
                    ),
                )
                return redirect("admin:jobs_job_change", started.job.pk)
            result = started.result
            line = summary(result)
            if not result.applied:
                # Nothing applied is never a success, whatever the reason.
                messages.warning(request, gettext("Nothing was imported.") + " " + line)
            elif result.refused:
                messages.warning(request, line)
            else:
                messages.success(request, line)
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
