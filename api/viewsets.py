"""
The base viewsets of the API: what every resource does the same way.

- Language: ``?lang=``/``Accept-Language`` picked once per request (``languages``); the
  serializers read it from their context.
- Visibility: readers (anonymous, or users without the admin's view permission on the
  model) get ``readers_queryset()`` (published content only), so drafts answer 404.
- Conditional reads and version-checked writes (``conditional``).
- Translation rows: ``/<resource>/<id>/translations/<language>/`` reads and writes one
  row through ``translation_save``, the one place the translation rules live.
- Facts: editors create (POST) and change (PATCH with If-Match) through the app's service.
"""

from contextlib import contextmanager

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.permissions import can_change_facts, can_edit_text, can_review
from api.conditional import (
    PreconditionFailed,
    PreconditionRequired,
    is_not_modified,
    not_modified,
    representation_etag,
    set_validators,
    version_from_if_match,
    wants_creation_only,
)
from api.filtering import NamedFiltersBackend
from api.languages import negotiate_language, validate_language
from core import response_cache
from editorial.content_services import content_save
from translations.machinery import TranslatableModel, language_codes
from translations.services import Provenance, translation_save

SAFE_METHODS = ("GET", "HEAD")
# What an object's address may hold; anything else is a 404 before the database is asked.
SLUG_PATH = r"[-a-zA-Z0-9_]+"
ID_PATH = r"[0-9]+"
ORIGIN_FIELDS = ("origin", "origin_detail", "origin_language", "origin_at")


def newest(*objects):
    """Return the latest ``updated_at`` of ``objects`` and their translation rows (prefetched)."""
    stamps = []
    for obj in objects:
        stamps.append(getattr(obj, "updated_at", None))
        if isinstance(obj, TranslatableModel):
            stamps += [row.updated_at for row in obj.translation_rows()]
    return max(filter(None, stamps), default=None)


@contextmanager
def api_revision(request, comment: str):
    """Record what is saved inside as one revision by the request's user (registered models)."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(comment)
        yield


def add_to_revision(*objects) -> None:
    for obj in objects:
        if reversion.is_registered(type(obj)):
            reversion.add_to_revision(obj)


# The shaped querysets (``ApiViewSet.shape``), by viewset class, action and language: a few
# dozen. Django takes a third of an event's detail answer to build one (its joined texts,
# annotations and prefetches: 6 ms of 18), so each is built once, and each request clones
# it and adds what depends on the request (readers' filter, the filters, the page). They hold
# no rows (a clone is evaluated, never the shape), so they are never stale. (Django's
# prefetch notes on its querysets the first object it fetched for, as a routing hint: the
# objects of the last answer of each shape stay referenced until the next.)
_shapes: dict[tuple, object] = {}


def shaped_queryset(viewset, language: str | None):
    """Return the viewset's ``shape`` of its ``queryset`` for its action and ``language``."""
    key = (type(viewset), viewset.action, language)
    shaped = _shapes.get(key)
    if shaped is None:
        shaped = _shapes[key] = viewset.shape(viewset.queryset.all(), language)
    return shaped


class StoredAnswer(Exception):
    """The response cache holds a current answer to this request: send it."""

    def __init__(self, response):
        super().__init__("stored answer")
        self.response = response


class ApiViewSet(viewsets.GenericViewSet):
    """Language negotiation, reader visibility and conditional responses."""

    allows_all_languages = True
    filter_backends = [NamedFiltersBackend]
    # The object whose version and timestamps validate the response, when there is one.
    validator_object = None
    # The object the answer shows (a detail or one of its actions) and the content keys
    # (core.signals) an answer listing many objects depends on.
    answer_object = None
    list_answer_keys: tuple[str, ...] = ()
    # An anonymous read on its way through the response cache (core.response_cache).
    answer_lookup = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language, self.all_languages = negotiate_language(
            request, allow_all=self.allows_all_languages
        )
        translation.activate(self.language)
        # Filters read these from the request, serializers from their context.
        request.api_context = {
            "language": self.language,
            "all_languages": self.all_languages,
            "public": not self.is_staff_reader,
        }
        renderer = request.accepted_renderer.format
        # Only JSON is shared: the browsable API's page carries the visitor's own CSRF token
        # (in its forms and cookie), which must never be handed to the next visitor.
        if self.is_shareable_read(request) and renderer == "json":
            # What the answer depends on besides the URL: its language and all_languages.
            variant = f"api:{self.language}:{int(self.all_languages)}:{renderer}"
            lookup = response_cache.begin(request, params=self.query_parameters(), variant=variant)
            if lookup.answer is not None:
                raise StoredAnswer(lookup.answer)
            self.answer_lookup = lookup

    def query_parameters(self) -> tuple[str, ...]:
        """The query parameters this resource reads; the response cache ignores the others."""
        names = {"lang", "format"}
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        paginator = self.paginator
        if paginator is not None:
            names |= {paginator.page_query_param, paginator.page_size_query_param}
        return tuple(sorted(name for name in names if name))

    def answer_keys(self) -> tuple[str, ...]:
        """The content keys the answer shows: its object's, or the list's."""
        if self.answer_object is not None:
            return self.object_answer_keys(self.answer_object)
        return self.list_answer_keys

    def object_answer_keys(self, obj) -> tuple[str, ...]:
        raise NotImplementedError

    def handle_exception(self, exc):
        if isinstance(exc, StoredAnswer):
            return exc.response
        return super().handle_exception(exc)

    @cached_property
    def is_staff_reader(self) -> bool:
        """Whether the user may see drafts: the admin's view permission on the model."""
        user = self.request.user
        meta = self.queryset.model._meta
        return bool(
            user.is_authenticated and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
        )

    def readers_queryset(self, queryset):
        """Return what readers may see of ``queryset`` (subclasses: published only)."""
        return queryset

    def shape(self, queryset, language: str | None):
        """
        Return ``queryset`` prefetching what the payload shows (all languages if None).

        Built once per process for each viewset, action and language (``get_queryset``):
        the shape may depend on nothing else.
        """
        return queryset.for_language(language) if language else queryset.with_translations()

    def get_queryset(self):
        every_language = getattr(self, "all_languages", False) or self.action == "translation"
        language = None if every_language else getattr(self, "language", settings.LANGUAGE_CODE)
        queryset = shaped_queryset(self, language).all()
        if not self.is_staff_reader:
            queryset = self.readers_queryset(queryset)
        return queryset

    def get_serializer_context(self):
        defaults = {"language": settings.LANGUAGE_CODE, "all_languages": False, "public": True}
        return {
            **super().get_serializer_context(),
            **getattr(self.request, "api_context", defaults),
        }

    def filter_queryset(self, queryset):
        # On an object's address, filters can only turn it into a 404 (or a bad parameter
        # into a 400): with none named in the query string, building the FilterSet (a form,
        # every filter) would change nothing, so it is skipped.
        if self.detail and not self.names_a_filter():
            return queryset
        return super().filter_queryset(queryset)

    def names_a_filter(self) -> bool:
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is None:
            return False
        return any(name in self.request.query_params for name in filterset_class.base_filters)

    def get_object(self):
        obj = super().get_object()
        self.validator_object = self.answer_object = obj
        return obj

    def last_modified(self, obj):
        """Return when ``obj`` or its text last changed (subclasses add embedded objects)."""
        return newest(obj)

    # Anonymous reads are shared like public pages (core.response_cache): kept per address,
    # language and the versions of what they show, so a cached answer is never stale.
    def is_shareable_read(self, request) -> bool:
        return request.method in SAFE_METHODS and not request.user.is_authenticated

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "from_response_cache", False):
            return response
        if not 200 <= response.status_code < 300 or response.status_code == 204:
            return response
        self.describe_representation(response)
        response.render()
        obj = self.validator_object
        etag = representation_etag(response.content, getattr(obj, "version", None))
        last_modified = self.last_modified(obj) if obj is not None else None
        set_validators(response, etag=etag, last_modified=last_modified)
        if self.answer_lookup is not None and response.status_code == 200:
            response_cache.depends_on(request, *self.answer_keys())
            return response_cache.finish(request, self.answer_lookup, response)
        if request.method in SAFE_METHODS and is_not_modified(request, etag, last_modified):
            return not_modified(response)
        return response

    def describe_representation(self, response) -> None:
        """Say which language the response is in, and who may cache it for how long."""
        if getattr(self, "language", None):
            every = getattr(self, "all_languages", False)
            response["Content-Language"] = ", ".join(language_codes()) if every else self.language
        patch_vary_headers(response, ["Accept-Language", "Authorization", "Cookie"])
        browsable = getattr(self.request, "accepted_renderer", None) is not None and (
            self.request.accepted_renderer.format != "json"
        )
        if self.request.user.is_authenticated or browsable:
            # The browsable API sets the visitor's own CSRF cookie: for them only.
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.SAGA_API_CACHE_SECONDS)

    def expected_version(self) -> int:
        """Return the version the client's ``If-Match`` says it edited (428/412 otherwise)."""
        return version_from_if_match(self.request.headers.get("If-Match"))


class ReadOnlyApiViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    pass


def provenance_from(data: dict, row) -> Provenance | None:
    """Return the provenance a write gives (fields left out keep the row's), or None."""
    if not any(name in data for name in ORIGIN_FIELDS):
        return None
    return Provenance(
        origin=data.get("origin", row.origin),
        detail=data.get("origin_detail", row.origin_detail),
        via=data.get("origin_language", row.origin_language),
        at=data.get("origin_at", row.origin_at),
    )


class TranslationRowsMixin:
    """
    ``GET/PUT/PATCH <resource>/<id>/translations/<language>/``: one translation row.

    Readers may read an approved row. Writing needs the right to write or review text in
    that language (403 otherwise); the rules of what each role may do with text and status
    are ``translation_save``'s. PATCH and PUT of an existing row need ``If-Match``; PUT
    creates a missing row when sent with ``If-None-Match: *``.
    """

    translation_serializer_class = None

    def get_serializer_class(self):
        if self.action == "translation":
            return self.translation_serializer_class
        return super().get_serializer_class()

    @action(
        detail=True,
        methods=["get", "put", "patch"],
        url_path=r"translations/(?P<language>[^/.]+)",
        url_name="translation",
    )
    def translation(self, request, language, **kwargs):
        """
        One text of this object, in one language, with its review status and provenance.

        Readers may read an approved text. Writing needs the right to write (translators,
        in their languages) or review (reviewers, in theirs) text in that language, else
        403; approving takes a reviewer or an editor. PATCH and PUT of an existing text need
        If-Match; PUT with If-None-Match: * creates a missing one.
        """
        language = validate_language(language, allow_all=False, parameter="language")
        parent = self.get_object()
        row = parent.translation(language)
        if request.method in SAFE_METHODS:
            if row is not None and not self.is_staff_reader:
                row = row.for_readers()
            if row is None:
                raise NotFound(_("There is no text in this language."))
            self.validator_object = row
            return Response(self.get_serializer(row).data)
        return self.write_translation(parent, row, language)

    def write_translation(self, parent, row, language):
        request, user = self.request, self.request.user
        if not (can_edit_text(user, language) or can_review(user, language)):
            raise PermissionDenied(
                _("You may not write text in %(language)s.") % {"language": language}
            )
        creating_only = wants_creation_only(request)
        creating = row is None
        missing = _(
            "There is no text in this language yet: create it with PUT and the header "
            "If-None-Match: *."
        )
        if creating and request.method != "PUT":
            raise NotFound(missing)
        if creating:
            model = parent.translation_model()
            row = model(**{model.parent_field: parent, "language_code": language})
        serializer = self.get_serializer(row, data=request.data, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        # Preconditions are looked at once the body is known to be good: a bad body is a 400
        # whatever the ETag, and a client fixes it before re-reading anything.
        if creating and not creating_only:
            raise PreconditionRequired(missing)
        if not creating and creating_only:
            raise PreconditionFailed(_("There already is a text in this language."))
        expected = None if creating else self.expected_version()
        data = serializer.validated_data
        texts = {name: data[name] for name in row.translated_fields if name in data}
        if request.method == "PUT":
            texts = {name: texts.get(name, "") for name in row.translated_fields}
        comment = _("Text in %(language)s saved through the API.") % {"language": language}
        with api_revision(request, comment):
            row = translation_save(
                row=row,
                user=user,
                texts=texts,
                status=data.get("status"),
                provenance=provenance_from(data, row),
                minor_change=data.get("minor_change", False),
                expected_version=expected,
            )
            add_to_revision(parent, row)
        self.validator_object = row
        answer = status.HTTP_201_CREATED if creating else status.HTTP_200_OK
        return Response(self.get_serializer(row).data, status=answer)


class FactsWriteMixin:
    """
    POST (create) and PATCH (change, with If-Match) for editors.

    Subclasses set ``write_serializer_class``; objects with more than plain facts (events,
    sagas) override ``save_facts`` to call their app's service. The services enforce the
    rules; ``check_editor`` only answers 403 before a missing If-Match is reported.
    """

    write_serializer_class = None

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def check_editor(self):
        if not can_change_facts(self.request.user, self.queryset.model):
            raise PermissionDenied(_("Only editors change this."))

    def create(self, request, *args, **kwargs):
        self.check_editor()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api_revision(request, _("Created through the API.")):
            obj = self.save_facts(None, serializer.validated_data, expected_version=None)
        return self.respond_with(obj, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check_editor()
        serializer = self.get_serializer(obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        expected = self.expected_version()
        with api_revision(request, _("Changed through the API.")):
            obj = self.save_facts(obj, serializer.validated_data, expected_version=expected)
        return self.respond_with(obj, status.HTTP_200_OK)

    def save_facts(self, obj, data, *, expected_version):
        return content_save(
            obj=obj or self.queryset.model(),
            user=self.request.user,
            changes=data,
            expected_version=expected_version,
        )

    def respond_with(self, obj, answer):
        """Answer with the object as a GET would show it now (and its new ETag)."""
        obj = self.get_queryset().get(pk=obj.pk)
        self.validator_object = obj
        serializer = self.serializer_class(obj, context=self.get_serializer_context())
        return Response(serializer.data, status=answer)
