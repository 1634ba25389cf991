"""
A date-and-time field whose time may stay empty: for dates known to the day, month or year.

Whether the time is needed depends on another field (the precision), so the field only
accepts an empty time (as the start of the day, in the form's zone) and says so through
``time_left_empty``; the form decides whether that is allowed.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OptionalTimeDateTimeField(forms.SplitDateTimeField):
    default_error_messages = {
        "required": _("Enter the date."),
        "incomplete": _("Enter the date; the time may stay empty unless it is known."),
        "invalid_date": _("This date is not valid: write it as YYYY-MM-DD."),
        "invalid_time": _("This time is not valid: write it as HH:MM, or leave it empty."),
    }

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.fields[0].required = self.required
        self.fields[1].required = False

    def compress(self, data_list):
        if not data_list or data_list[0] in self.empty_values:
            if data_list and data_list[1] not in self.empty_values:
                raise ValidationError(self.error_messages["incomplete"], code="incomplete")
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        day, time = data_list
        local = datetime.datetime.combine(day, time or datetime.time())
        return timezone.make_aware(local) if timezone.is_naive(local) else local

    @staticmethod
    def time_left_empty(form: forms.BaseForm, name: str) -> bool:
        """Whether ``form`` posted a date for ``name`` without its time."""
        day = form.data.get(form.add_prefix(f"{name}_0"), "")
        time = form.data.get(form.add_prefix(f"{name}_1"), "")
        return bool(str(day).strip()) and not str(time).strip()
