"""
A date-and-time field whose time may stay empty: for dates known to the day, month or year.

Whether the time is needed depends on another field (the precision), so the field only
accepts an empty time (as the start of the day, in the form's zone) and says so through
``time_left_empty``; the form decides whether that is allowed. The date may be typed to the
month (``2023-11``) or the year (``2023``) too: the form shows a coarse date that way.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DatePrecision

COARSE_DATE_FORMATS = ("%Y-%m", "%Y")
SHOWN_AT_PRECISION = {
    DatePrecision.YEAR: "%Y",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.DAY: "%Y-%m-%d",
}


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
        self.fields[0].input_formats = [*self.fields[0].input_formats, *COARSE_DATE_FORMATS]
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


def shown_at_precision(moment, precision) -> list | None:
    """
    Return the [date, time] a form shows for ``moment`` known to ``precision``: below the
    time of day, the date to that precision (“2023-11” for a month) and no time.
    """
    shape = SHOWN_AT_PRECISION.get(precision)
    if moment is None or shape is None:
        return None
    return [timezone.localtime(moment).strftime(shape), None]


def same_at_precision(first, second, precision) -> bool:
    """Whether two moments read the same to ``precision`` (in the current zone)."""
    shape = SHOWN_AT_PRECISION.get(precision)
    if first is None or second is None or shape is None:
        return False
    return timezone.localtime(first).strftime(shape) == timezone.localtime(second).strftime(shape)
