"""
Over 600 lines on purpose: the one base every content admin shares, its rules kept together.

What every content ModelAdmin of the newsroom shares.

- Roles, enforced on the server: someone who may not change an object's facts (a translator,
  a reviewer) gets its change form with every fact read-only and only the text rows of their
  languages editable; posting anything else is refused and changes nothing.
- Revisions: each save is one django-reversion revision of the object and the rows following
  it; deleting records one first, so every deleted object can be recovered.
- No lost edits: a save made after someone else's is refused, naming them, with the editor's
  input kept and the other change shown; only what the editor changed is ever written.
- Publication goes through the workflow services and their publish guard, from explicit
  buttons (editorial/publication.py): a refused publication still saves the draft.
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import reversion
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import _get_options as reversion_options

from accounts.permissions import can_change_facts, can_work_on_texts, languages_of
from core.concurrency import StaleEdit, claim_version
from core.freshness import keys_remembered, touch_objects
from core.publishing import Publishable
from editorial.display import moment_label
from editorial.forms import (
    CONFLICT,
    EditorialModelForm,
    TranslationRowForm,
    TranslationRowsFormSet,
    conflict_message,
)
from editorial.history import RevisionHistoryMixin
from editorial.pickers import PickerLabelsMixin
from editorial.presence import PresenceAdminMixin
from editorial.publication import PublicationDeskMixin
from editorial.revisions import object_cluster, object_versions, revert_object
from translations.machinery import Translation
from translations.row_admin import TranslationInline


class SaveRefused(Exception):
    """A rule found broken while saving: nothing is saved and the form is shown again."""

    def __init__(self, messages, *, field: str | None = None, conflict=None):
        super().__init__("; ".join(map(str, messages)))
        self.messages, self.field, self.conflict = list(messages), field, conflict

    @classmethod
    def from_error(cls, error: ValidationError | PermissionDenied, *, field=None):
        if isinstance(error, ValidationError):
            messages = [m for ms in getattr(error, "message_dict", {}).values() for m in ms]
            return cls(messages or error.messages, field=field)
        return cls([str(error)], field=field)


@dataclass(frozen=True)
class EditConflict:
    """Someone saved after the editor opened the page: who, when, and what they saw first."""

    who: object
    when: object
    opened_revision: int | None


def _compose(mixin, base, name_suffix):
    return type(f"{base.__name__}{name_suffix}", (mixin, base), {})


class RoleAwareTranslationInline(TranslationInline):
    """The translation inline, with each row's version and the per-language rights."""

    # The texts side by side, the original first, review and origin folded away.
    template = "admin/editorial/edit_inline/text_rows.html"

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("form", _compose(TranslationRowForm, self.form, "WithVersion"))
        kwargs.setdefault("formset", _compose(TranslationRowsFormSet, self.formset, "ByRole"))
        formset = super().get_formset(request, obj, **kwargs)
        formset.editorial_user = request.user
        return formset

    def get_queryset(self, request):
        # The original-language text first: the translations are read against it.
        model = self.model
        parent_model = model._meta.get_field(model.parent_field).related_model
        original = F(f"{model.parent_field}__{parent_model.original_language_path}")
        is_translation = Case(When(language_code=original, then=Value(0)), default=Value(1))
        return super().get_queryset(request).order_by(is_translation, "language_code")

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        # The row's version is a hidden field; inline templates render fieldsets only.
        return [(name, {**options, "fields": (*options["fields"], "row_version")}), *others]


class EditorialAdmin(
    PublicationDeskMixin, PresenceAdminMixin, PickerLabelsMixin, RevisionHistoryMixin, VersionAdmin
):
    """Base of the content ModelAdmins; combine with TranslatableAdmin for translatable models."""

    form = EditorialModelForm
    change_form_template = "admin/editorial/change_form.html"
    change_list_template = "admin/editorial/change_list.html"
    revision_form_template = "admin/editorial/revision_form.html"
    recover_form_template = "admin/editorial/recover_form.html"
    recover_list_template = "admin/editorial/recover_list.html"
    history_latest_first = True
    # False where an old revision cannot be brought back (see ImageAdmin): then history and
    # diffs are shown, but nothing is reverted or recovered.
    revisions_restorable = True
    # For a part of another object (a citation of its event): that object's field. Its
    # version then guards edits of the part too, and its history shows them.
    owner_field: str | None = None
    # Whether translators and reviewers find this model in the sidebar and on the admin home:
    # only where their work starts (sagas, events); the rest stays reachable by its links.
    listed_for_text_work = False
    # One sentence under the list's and the form's title saying what these objects are
    # (where two kinds are easily confused: source documents and event citations).
    model_help = None

    class Media:
        css = {"all": ["saga_cms/admin/editorial.css"]}
        js = [
            "saga_cms/admin/desk-unsaved.js",
            "saga_cms/admin/desk-presence.js",
            "saga_cms/admin/desk-preview.js",
            "saga_cms/admin/desk-layout.js",
        ]

    # -- Hooks for the content admins ---------------------------------------------------

    def version_owner(self, obj):
        """Return the object whose version guards edits of ``obj`` (itself, or its owner)."""
        if self.owner_field is not None:
            owner_id = getattr(obj, obj._meta.get_field(self.owner_field).attname)
            return getattr(obj, self.owner_field) if owner_id is not None else None
        return obj if any(f.name == "version" for f in obj._meta.concrete_fields) else None

    def time_zone_for(self, request, object_id) -> str | None:
        """Return the zone the form's times are typed in (default: the server's)."""
        return None

    def set_publication(self, request, obj, *, state, publish_at, unpublish_at):
        """Move ``obj`` to a publication state and schedule through its workflow service."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define set_publication().")

    def save_object(self, request, obj, form, change):
        """Write the object itself (after the checks of save_model); a service may do it."""
        super().save_model(request, obj, form, change)

    def picker_queryset(self, queryset):
        """Load what ``picker_label`` reads (texts, for the name or headline) with the page."""
        if hasattr(self.model, "translation_model"):
            return queryset.prefetch_related("translations")
        return queryset

    # -- Roles ----------------------------------------------------------------------------

    def can_change_facts(self, request) -> bool:
        return can_change_facts(request.user, self.model)

    def has_translation_inlines(self) -> bool:
        return any(issubclass(inline.model, Translation) for inline in self.inlines)

    def has_module_permission(self, request):
        if not (self.listed_for_text_work or self.can_change_facts(request)):
            return False
        return super().has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        # Translators and reviewers may open an object to work on its texts; the form then
        # holds nothing else they can change (get_readonly_fields, the inlines' own rights).
        if super().has_change_permission(request, obj):
            return True
        return self.has_translation_inlines() and can_work_on_texts(request.user)

    def fact_fields(self, request, obj=None) -> list[str]:
        if not (self.fields or self.fieldsets):
            raise ImproperlyConfigured(f"{type(self).__name__} must declare its fields.")
        return flatten_fieldsets(super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.can_change_facts(request):
            return readonly
        return readonly + [name for name in self.fact_fields(request, obj) if name not in readonly]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not issubclass(form, EditorialModelForm):
            raise ImproperlyConfigured(f"{type(self).__name__}.form must be an EditorialModelForm.")
        form.editorial_admin, form.editorial_request = self, request
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        # Django's, with one copy of the posted data for all the inlines of a save attempt
        # (Django copies it for each): each formset's rows have keys of their own (prefixed).
        kwargs = {"instance": obj, "prefix": prefix, "queryset": inline.get_queryset(request)}
        if request.method == "POST":
            if getattr(request, "editorial_formsets_data", None) is None:
                request.editorial_formsets_data = request.POST.copy()
            kwargs |= {
                "data": request.editorial_formsets_data,
                "files": request.FILES,
                "save_as_new": "_saveasnew" in request.POST,
            }
        read_only = request.method == "POST" and not inline.has_change_permission(request, obj)
        if read_only and self._posts_rows(request, inline, prefix, obj):
            request.editorial_forbidden = [
                *getattr(request, "editorial_forbidden", []),
                str(inline.verbose_name_plural or inline.model._meta.verbose_name_plural),
            ]
        return kwargs

    def _posts_rows(self, request, inline, prefix, obj) -> bool:
        """Whether the request tries to change rows of an inline that is read-only here."""
        fk_name = inline.get_formset(request, obj).fk.name
        allowed = {"id", fk_name}
        for key in request.POST:
            parts = key.split("-")
            row_field = len(parts) == 3 and parts[0] == prefix and parts[1].isdigit()
            if row_field and parts[2] not in allowed:
                return True
        total = request.POST.get(f"{prefix}-TOTAL_FORMS", "0")
        initial = request.POST.get(f"{prefix}-INITIAL_FORMS", "0")
        return total.isdigit() and initial.isdigit() and int(total) > int(initial)

    # -- Checks made while validating the form --------------------------------------------

    def check_submission(self, request, form) -> None:
        """Refuse, on the form, whatever this user may not submit, and stale versions."""
        refusal = getattr(request, "editorial_refusal", None)
        if refusal is not None:
            field = refusal.field if refusal.field in form.fields else None
            for message in refusal.messages:
                form.add_error(field, message)
        forbidden_fields = [
            self._field_label(name)
            for name in self.fact_fields(request, form.instance)
            if name not in form.fields and self._is_posted(form, name)
        ]
        forbidden = forbidden_fields + getattr(request, "editorial_forbidden", [])
        if forbidden:
            form.add_error(
                None,
                _("You may not change: %(things)s. Nothing was saved.")
                % {"things": ", ".join(forbidden)},
            )
        self.check_publication_action(request, form)
        if form.instance.pk is not None and self.can_change_facts(request):
            self._check_version(request, form)

    def _field_label(self, name) -> str:
        try:
            return str(self.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    @staticmethod
    def _is_posted(form, name) -> bool:
        return any(key == name or key.startswith(f"{name}_") for key in form.data)

    def _check_version(self, request, form) -> None:
        owner = self.version_owner(form.instance)
        opened = form.cleaned_data.get("opened_version")
        if owner is None or owner.pk is None or opened is None:
            return
        if owner is form.instance:  # read by this request (``get_object``), not yet changed
            current = owner
        else:
            current = type(owner)._default_manager.select_related("updated_by").get(pk=owner.pk)
        if current.version == opened:
            return
        self.note_conflict(request, form, current.updated_by, current.updated_at)
        refusal = getattr(request, "editorial_refusal", None)
        if refusal is None or refusal.conflict is None:  # else its message is already there
            form.add_error(
                None,
                ValidationError(
                    conflict_message(current.updated_by, current.updated_at), code=CONFLICT
                ),
            )
        form.set_token("opened_version", current.version)

    def note_conflict(self, request, form, who, when) -> None:
        if getattr(request, "editorial_conflict", None) is None:
            request.editorial_conflict = EditConflict(
                who, when, form.cleaned_data.get("opened_revision")
            )
        form.set_token("opened_revision", self.latest_version_id(form.instance))

    def owner_version(self, obj) -> int | None:
        owner = self.version_owner(obj)
        return owner.version if owner is not None and owner.pk is not None else None

    def latest_version_id(self, obj) -> int | None:
        return object_versions(type(obj), obj.pk).values_list("pk", flat=True).first()

    # -- Saving -----------------------------------------------------------------------------

    # VersionAdmin opens one revision around a whole view. Here a revision is opened around
    # each save attempt (a refused one is rolled back with everything it wrote) and around
    # each object a bulk action changes (so reverting one never reverts the others).

    @contextmanager
    def create_revision(self, request):
        """
        One save attempt's revision. When the object's revision follows every row its form
        saves, it is written once, at the end (``add_to_revision``), not again at each row's
        save; and the content keys the attempt's writes touch are worked out once.
        """
        manually = self.revision_follows_inlines()
        request.editorial_formsets_data = None  # the attempt's own copy (get_formset_kwargs)
        with reversion.create_revision(manage_manually=manually), keys_remembered():
            reversion.set_user(request.user)
            yield

    def revision_follows_inlines(self) -> bool:
        """Whether the object's revision follows the rows of every inline of its form."""
        followed, unseen = set(), [self.model]
        while unseen:
            model = unseen.pop()
            if model in followed or not reversion.is_registered(model):
                continue
            followed.add(model)
            follow = reversion_options(model).follow
            unseen += [model._meta.get_field(name).related_model for name in follow]
        return self.model in followed and all(inline.model in followed for inline in self.inlines)

    def add_to_revision(self, request, obj) -> None:
        """Add ``obj``, with the rows it follows as they now stand, to the save's revision."""
        reversion.add_to_revision(obj)
        if self.owner_field is not None and self.version_owner(obj) is not None:
            reversion.add_to_revision(self.version_owner(obj))  # its owner's history shows it

    def add_view(self, request, form_url="", extra_context=None):
        return admin.ModelAdmin.add_view(self, request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin.ModelAdmin.change_view(self, request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        can_recover = self.has_add_permission(request) and self.can_restore(request)
        context = {
            "can_recover": can_recover,
            "model_help": self.model_help,
            **(extra_context or {}),
        }
        return admin.ModelAdmin.changelist_view(self, request, context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = request.editorial_time_zone = self.time_zone_for(request, object_id)
        with timezone.override(zone) if zone else nullcontext():
            self.restore_live_state(request)
            if request.method == "POST" and object_id is not None:
                self.record_baseline(object_id)
            try:
                with self.create_revision(request):
                    response = super().changeform_view(request, object_id, form_url, extra_context)
            except SaveRefused as refusal:
                # Everything attempted was rolled back; show the form again with the reason.
                request.editorial_refusal = refusal
                if refusal.conflict is not None:
                    request.editorial_conflict = refusal.conflict
                with self.create_revision(request):
                    response = super().changeform_view(request, object_id, form_url, extra_context)
            template = getattr(request, "editorial_form_template", None)
            if template and getattr(response, "status_code", None) == 200:
                response.template_name = template
            if hasattr(response, "render"):
                response.render()  # inside the zone: the form shows local times
            return response

    def save_model(self, request, obj, form, change):
        if change and not self.can_change_facts(request):
            return  # their form holds no facts: only their text rows are saved
        self._claim_owner_version(request, obj, form, change)
        # The object as it stands now that the claim has locked it (the owner's version).
        current = type(obj)._default_manager.get(pk=obj.pk) if change else None
        if change:
            self._keep_what_others_changed(obj, form, current)
        if isinstance(obj, Publishable):
            # Applied after the rows are saved, through the workflow service: the publish
            # guard must see the citations and texts this same form adds.
            self.hold_back_publication(request, obj, change, current=current)
        self.save_object(request, obj, form, change)

    def _keep_what_others_changed(self, obj, form, current) -> None:
        """Write only the fields this editor changed; the rest stay as they are now."""
        for name in form.fields:
            if name in form.changed_data:
                continue
            try:
                model_field = obj._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field (the version tokens)
                continue
            if model_field.concrete and not model_field.many_to_many:
                setattr(obj, model_field.attname, getattr(current, model_field.attname))

    def _claim_owner_version(self, request, obj, form, change) -> None:
        owner = self.version_owner(obj)
        if owner is None or owner.pk is None:
            return
        opened = form.cleaned_data.get("opened_version") if change else None
        if opened is None:
            opened = type(owner)._default_manager.values_list("version", flat=True).get(pk=owner.pk)
        try:
            claim_version(owner, expected_version=opened, user=request.user)
        except StaleEdit as stale:
            raise self._conflict_refusal(stale, form) from stale

    @staticmethod
    def _conflict_refusal(stale: StaleEdit, form) -> SaveRefused:
        if stale.current is None:  # deleted meanwhile: nothing to compare with
            return SaveRefused([str(stale)])
        who, when = stale.current.updated_by, stale.current.updated_at
        return SaveRefused(
            [ValidationError(conflict_message(who, when), code=CONFLICT)],
            conflict=EditConflict(who, when, form.cleaned_data.get("opened_revision")),
        )

    def save_related(self, request, form, formsets, change):
        if change:
            untouched = {f.name for f in self.model._meta.many_to_many} - set(form.changed_data)
            for name in untouched:
                form.cleaned_data.pop(name, None)  # keep what others set meanwhile
        super().save_related(request, form, formsets, change)
        obj = form.instance
        try:
            self.apply_publication(request, obj)
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused.from_error(error) from error
        if reversion.is_active():
            self.add_to_revision(request, obj)

    def save_formset(self, request, form, formset, change):
        # Text rows are saved by TranslatableAdmin through translation_save (its role rules,
        # each row's version); what it refuses while saving is refused for the whole form.
        try:
            super().save_formset(request, form, formset, change)
        except StaleEdit as stale:
            raise self._conflict_refusal(stale, form) from stale
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused.from_error(error) from error

    # -- Deleting and recovering ------------------------------------------------------------

    def delete_model(self, request, obj):
        self.name_in_messages(request, obj)  # while its texts, which name it, still exist
        self._record_before_deleting(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._record_before_deleting(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _record_before_deleting(self, request, objects) -> None:
        # A revision of the object as it was, with its rows, is what "recover" restores.
        if not self.revisions_restorable:
            return
        for obj in objects:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Deleted."))
                reversion.add_to_revision(obj)

    def record_baseline(self, object_id) -> None:
        """
        Before the first recorded change of an object (created by an import, a fixture or
        a script), record it as it is, so its history, diffs and the edit-conflict notice
        have a starting point.
        """
        if not str(object_id).isdigit() or object_versions(self.model, object_id).exists():
            return
        obj = self.model._default_manager.filter(pk=object_id).first()
        if obj is None:
            return
        with reversion.create_revision():
            reversion.set_comment(_("As it was before its first recorded change."))
            reversion.add_to_revision(obj)

    def restore_live_state(self, request) -> None:
        """
        After a revert, keep versions moving forward and the publication state as it is.

        A revert writes old rows back, old version numbers included; a form opened before
        would then look current. The reverted object keeps its live version (the save moves
        it on), every other reverted row moves one past its live version, and the publication
        state is not reverted: it changes through the workflow only.
        """
        for model, pk, values in getattr(request, "editorial_live_state", None) or []:
            model._default_manager.filter(pk=pk).update(**values)
            obj = model._default_manager.filter(pk=pk).first()
            if obj is not None:
                touch_objects(obj)  # update() sends no signal
        request.editorial_live_state = None

    def can_restore(self, request) -> bool:
        return self.revisions_restorable and self.can_change_facts(request)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.can_restore(request):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_model(self.model), pk=version_id, object_id=unquote(object_id)
        )
        title = _("Revert to this version")
        return self._restore_form(request, version, self.revision_form_template, title)

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.can_restore(request) and self.has_add_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        title = _("Recover a deleted item")
        return self._restore_form(request, version, self.recover_form_template, title)

    def _restore_form(self, request, version, template, title):
        """
        Show (GET) or save (POST) the change form of the object as it was in ``version``.

        The object and its rows are restored inside a transaction that is kept only when the
        form is saved; showing the form, or refusing it, changes nothing.
        """
        request.editorial_form_template = template
        request.editorial_live_state = list(_live_state(version))
        request.editorial_restored_from = version
        object_id = quote(version.object_id)
        try:
            with transaction.atomic(using=version.db):
                revert_object(version)
                response = self.changeform_view(request, object_id, request.path, {"title": title})
                if not (request.method == "POST" and response.status_code == 302):
                    raise _ShowOnly(response)
        except _ShowOnly as shown:
            return shown.response
        except (RevertError, models.ProtectedError, IntegrityError) as error:
            messages.error(
                request, _("This version cannot be restored: %(reason)s") % {"reason": error}
            )
            return redirect(f"{self.admin_site.name}:{self._changelist_url_name()}")
        return response

    def response_add(self, request, obj, post_url_continue=None):
        self.name_in_messages(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def name_in_messages(self, request, obj) -> None:
        """Have this request's messages name ``obj`` by its headline, not its slug."""
        names = getattr(request, "editorial_names", None) or {}
        names[str(obj)] = self._label(obj)
        request.editorial_names = names

    def message_user(self, request, message, *args, **kwargs):
        # Django names the object by str() (a slug); the desk names it by its headline.
        for slug, label in (getattr(request, "editorial_names", None) or {}).items():
            if label and label != slug:
                replaced = str(message).replace(escape(slug), escape(label))
                message = mark_safe(replaced) if isinstance(message, SafeString) else replaced
        return super().message_user(request, message, *args, **kwargs)

    def response_change(self, request, obj):
        self.name_in_messages(request, obj)
        restored = getattr(request, "editorial_restored_from", None)
        if restored is None or "_popup" in request.POST:
            return super().response_change(request, obj)
        # A revert or recovery lands on the object it brought back, saying what it did.
        messages.success(
            request,
            _("“%(object)s” is back as it was saved at %(when)s.")
            % {"object": self._label(obj), "when": self._restored_at(request, restored)},
        )
        opts = self.model._meta
        return redirect(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", quote(obj.pk)
        )

    def _restored_at(self, request, version) -> str:
        zone = self.time_zone_for(request, version.object_id)
        with timezone.override(zone) if zone else nullcontext():
            return moment_label(version.revision.date_created)

    def recoverlist_view(self, request, extra_context=None):
        if not self.can_restore(request):
            raise PermissionDenied
        deleted = list(
            self._reversion_order_version_queryset(
                request, Version.objects.get_deleted(self.model).select_related("revision")
            )
        )
        for version in deleted:
            version.saved_at = self._restored_at(request, version)
        return super().recoverlist_view(request, {**(extra_context or {}), "deleted": deleted})

    def _changelist_url_name(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_changelist"

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        restored = getattr(request, "editorial_restored_from", None)
        if restored is not None and reversion.is_active():
            reversion.set_comment(
                _("Restored the version saved at %(when)s.")
                % {"when": moment_label(restored.revision.date_created)}
            )
        return entry

    # -- Viewing on the public site ---------------------------------------------------------

    def get_view_on_site_url(self, obj=None):
        """Link straight to the public page, or nowhere while it has no URL (never a 500)."""
        if obj is None or not self.view_on_site or not hasattr(obj, "get_absolute_url"):
            return None
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.editorial_context(request, context, obj))
        if context.get("edit_conflict"):
            _say_conflict_once(context)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editorial_context(self, request, context, obj) -> dict:
        conflict = getattr(request, "editorial_conflict", None)
        if conflict is None:
            conflict = self._row_conflict(request, context)
        languages = None
        if not self.can_change_facts(request) and obj is not None:
            languages = sorted(languages_of(request.user))
        context = {
            "is_public_now": obj.is_public() if isinstance(obj, Publishable) else True,
            "edit_conflict": conflict,
            "edit_conflict_when": moment_label(conflict.when) if conflict and conflict.when else "",
            "edit_conflict_changes": self.conflict_changes(conflict, obj),
            "text_only_languages": languages,
            "can_change_facts": self.can_change_facts(request),
            "model_help": self.model_help,
            # The form takes the page's width (texts side by side); breadcrumbs lead back.
            "is_nav_sidebar_enabled": False,
            "last_change": self._last_change(obj),
            "publication_actions": self.publication_actions(request, obj),
            **self.presence_context(request, obj),
        }
        if obj is not None and obj.pk is not None:
            context["desk_label"] = self._label(obj)  # breadcrumbs: the headline, not the slug
            if hasattr(self, "localized_label"):
                context["subtitle"] = self.localized_label(obj)
        return context

    def _last_change(self, obj):
        owner = self.version_owner(obj) if obj is not None and obj.pk is not None else None
        if owner is None or owner.pk is None:
            return None
        when = moment_label(owner.updated_at) if owner.updated_at else ""
        return {"who": owner.updated_by, "when": when, "version": owner.version}

    @staticmethod
    def _row_conflict(request, context):
        for inline in context.get("inline_admin_formsets", []):
            conflicts = getattr(inline.formset, "conflicts", None)
            if conflicts:
                current = conflicts[0]
                form = context["adminform"].form if "adminform" in context else None
                opened = getattr(form, "cleaned_data", {}).get("opened_revision")
                return EditConflict(current.updated_by, current.updated_at, opened)
        return None


def _say_conflict_once(context) -> None:
    """
    The conflict notice says who saved what and when; the same news as a form error above it
    would print it twice. Other errors stay, and so does "please correct" when there are any.
    """
    conflict = context["edit_conflict"]
    context["edit_conflict_message"] = conflict_message(conflict.who, conflict.when)
    forms = [context["adminform"].form] if "adminform" in context else []
    formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
    forms += [form for formset in formsets for form in formset.forms]
    for form in forms:
        errors = form._errors.get(NON_FIELD_ERRORS) if form._errors else None
        if errors:
            kept = [e for e in errors.as_data() if e.code != CONFLICT]
            if kept:
                form._errors[NON_FIELD_ERRORS] = form.error_class(kept, error_class="nonfield")
            else:
                del form._errors[NON_FIELD_ERRORS]
    context["errors"] = helpers.AdminErrorList(context["adminform"].form, formsets)


class _ShowOnly(Exception):
    """Roll the restored version back: it was only shown (or its save was refused)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def _live_state(version: Version):
    """Yield (model, pk, values to restore) for the versioned rows of ``version``'s object."""
    root = (version._model, version.object_id)
    for stored in object_cluster(version):
        model = stored._model
        if model is None or not any(f.name == "version" for f in model._meta.concrete_fields):
            continue
        is_root = (model, stored.object_id) == root
        fields = ["version"]
        if is_root and issubclass(model, Publishable):
            fields += ["state", "publish_at", "unpublish_at"]
        live = model._default_manager.filter(pk=stored.object_id).values(*fields).first()
        if live is None:
            continue
        yield model, stored.object_id, (live if is_root else {"version": live["version"] + 1})
