"""
Forms of the editorial admin: what a change form carries so that no edit is lost.

Every editable field also posts the value it had when the page was opened (Django's
``show_hidden_initial``), so the form knows what the editor changed, as opposed to what
someone else changed since; only the former is saved. The form also carries the version it
was opened at, and each text row its own, so that a save made after someone else's is
refused instead of overwriting it.
"""

from __future__ import annotations

import copy
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from accounts.permissions import can_edit_text, can_review
from editorial.constraints import ConstraintsCheckedInPython
from editorial.display import moment_label
from editorial.pickers import find_rows_among_read, hold_chosen


class TokenField(forms.IntegerField):
    """A hidden number the form carries back (a version); never an edit in itself."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


def remember_opened_values(form: forms.BaseForm) -> None:
    """Make every editable field post its value as opened, so ``changed_data`` is the editor's."""
    for field in form.fields.values():
        if isinstance(field, TokenField | forms.FileField) or field.disabled:
            continue
        if isinstance(field.widget, forms.HiddenInput):
            continue
        field.show_hidden_initial = True


def posted_value_differs(form: forms.BaseForm, name: str) -> bool:
    """Whether the request carries a value for ``name`` other than the form's initial one."""
    key = form.add_prefix(name)
    if not any(re.fullmatch(rf"{re.escape(key)}(_\d+)?", posted) for posted in form.data):
        return False
    field = copy.copy(form.fields[name])
    field.disabled = False  # a disabled field never "changes"; the question is what was posted
    value = field.widget.value_from_datadict(form.data, form.files, key)
    return field.has_changed(form.get_initial_for_field(field, name), value)


def say_where_times_are(form: forms.BaseForm, time_zone: str | None) -> None:
    """Name the zone under each date-and-time field (the admin's own note assumes the
    browser's zone, which is not the one times are typed in here)."""
    if not time_zone:
        return
    note = _("Time in %(time_zone)s.") % {"time_zone": time_zone}
    for field in form.fields.values():
        if isinstance(field, forms.SplitDateTimeField):
            field.help_text = f"{field.help_text} {note}".strip()


class EditorialModelForm(ConstraintsCheckedInPython):
    """Base form of every editorial ModelAdmin (``EditorialAdmin.get_form`` binds it)."""

    opened_version = TokenField()
    opened_revision = TokenField()

    # Set by EditorialAdmin.get_form on the class it builds for one request.
    editorial_admin = None
    editorial_request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        remember_opened_values(self)
        hold_chosen(self)
        say_where_times_are(self, getattr(self.editorial_request, "editorial_time_zone", None))
        if not self.is_bound and self.instance.pk is not None:
            self.fields["opened_version"].initial = self.editorial_admin.owner_version(
                self.instance
            )
            self.fields["opened_revision"].initial = self.editorial_admin.latest_version_id(
                self.instance
            )

    def clean(self):
        cleaned_data = super().clean()
        self.editorial_admin.check_submission(self.editorial_request, self)
        return cleaned_data

    def set_token(self, name: str, value) -> None:
        """Carry ``value`` from now on (after a refusal, the form continues from the present)."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = "" if value is None else str(value)


class TranslationRowForm(ConstraintsCheckedInPython):
    """Mixed into a translation inline's form: the row's version travels with it."""

    row_version = TokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["row_version"].initial = self.instance.version
        remember_opened_values(self)


class TranslationRowsFormSet:
    """
    Mixed into a translation inline's formset: rows the user may not touch, and versions.

    Rows in languages the user neither writes nor reviews are shown disabled; posting them
    anyway is refused. A row changed since the page was opened is refused rather than
    overwritten. (What a user may write or approve in a row is the inline form's check.)
    """

    editorial_user = None  # set by RoleAwareTranslationInline.get_formset

    @cached_property
    def empty_form(self):
        """The form a new row is made from: built once (the admin asks for it several times)."""
        return super().empty_form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        find_rows_among_read(self, form)
        row = form.instance
        if row.pk is None or self.may_work_on(row.language_code):
            return
        for name, field in form.fields.items():
            if name not in {"id", self.fk.name, "row_version"}:
                field.disabled = True

    def may_work_on(self, language_code: str) -> bool:
        user = self.editorial_user
        return can_edit_text(user, language_code) or can_review(user, language_code)

    def clean(self):
        super().clean()
        self.conflicts = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            self.refuse_disabled_changes(form)
            if form.has_changed():  # the role rules are checked by the form itself
                self.check_version(form)

    def refuse_disabled_changes(self, form) -> None:
        tampered = [
            name
            for name, field in form.fields.items()
            if field.disabled and posted_value_differs(form, name)
        ]
        if tampered:
            form.add_error(
                None,
                _("You may not change this text (%(language)s); nothing was saved.")
                % {"language": form.instance.language_code},
            )

    def check_version(self, form) -> None:
        row = form.instance
        opened = form.cleaned_data.get("row_version")
        if row.pk is None or opened is None:
            return
        if row.version == opened:
            # As the formset read it in this request: a save made since is refused when the
            # row's version is claimed (``translation_save``).
            return
        current = self.model._default_manager.select_related("updated_by").get(pk=row.pk)
        if current.version == opened:
            return
        self.conflicts.append(current)
        form.add_error(
            None,
            ValidationError(
                conflict_message(current.updated_by, current.updated_at), code=CONFLICT
            ),
        )
        form.data[form.add_prefix("row_version")] = str(current.version)


# The code of the error a refused save carries: the conflict notice says it instead.
CONFLICT = "edit_conflict"


def conflict_message(who, when) -> str:
    """Say who saved what this form was about to overwrite, and when."""
    moment = moment_label(when) if when else "?"
    name = (who.get_full_name() or who.get_username()) if who else _("someone")
    return _(
        "%(who)s saved a change at %(when)s, after you opened this page. Nothing was saved: "
        "your input is still in the form and their change is shown. Save again to keep "
        "your version."
    ) % {"who": name, "when": moment}
