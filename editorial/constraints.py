"""
A model's check constraints, checked on a form without a query each.

Django checks each ``CheckConstraint`` of an object a form validates with a query (and a
savepoint around it): three queries per constraint per object, on every POST of a change
form and of each of its text rows. The conditions our models use compare an object's own
fields (``end_at >= start_at``, a language code's shape), so ``validate_constraints`` here
evaluates such a condition on the object in Python, with SQL's rules (a comparison with NULL
is unknown, and an unknown condition passes, as it does in the database), and raises the
same error as Django would. A condition it cannot evaluate (another lookup, an expression) is
checked by Django's own query, as before.
"""

from __future__ import annotations

import functools
import operator
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from django.db.models.constants import LOOKUP_SEP

COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "regex": lambda value, pattern: re.search(pattern, value) is not None,
}


class NotInPython(Exception):
    """The condition uses something only the database evaluates."""


def validate_constraints(instance, exclude=None, *, stored=None) -> None:
    """
    ``Model.validate_constraints``, with the check constraints evaluated in Python. With
    ``stored`` (the stored object's values, attname -> value), a unique constraint on values
    all as stored is not asked again: the stored row holds them.
    """
    exclude = set(exclude or ())
    errors: dict = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            if stored and _holds_as_stored(constraint, instance, stored):
                continue
            try:
                if not _checked_in_python(constraint, instance, exclude):
                    constraint.validate(model_class, instance, exclude=exclude)
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _holds_as_stored(constraint, instance, stored: dict) -> bool:
    """Whether ``constraint`` is a plain unique constraint on fields all as stored."""
    if not isinstance(constraint, UniqueConstraint) or not constraint.fields:
        return False
    if constraint.condition is not None or constraint.expressions:
        return False
    attnames = [instance._meta.get_field(name).attname for name in constraint.fields]
    return all(name in stored and getattr(instance, name) == stored[name] for name in attnames)


def _checked_in_python(constraint, instance, exclude) -> bool:
    """Check ``constraint`` on ``instance`` in Python; False if only the database can."""
    if not isinstance(constraint, CheckConstraint) or not isinstance(constraint.condition, Q):
        return False
    try:
        verdict = _evaluate(constraint.condition, instance, exclude)
    except NotInPython:
        return False
    except _Excluded:
        return True  # Django skips a constraint on an excluded field (FieldError)
    if verdict is False:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )
    return True


class _Excluded(Exception):
    pass


def _evaluate(condition: Q, instance, exclude):
    """True, False or None (unknown, as SQL's NULL), by SQL's three-valued logic."""
    values = []
    for child in condition.children:
        if isinstance(child, Q):
            values.append(_evaluate(child, instance, exclude))
        else:
            values.append(_lookup(*child, instance=instance, exclude=exclude))
    if condition.connector == Q.AND:
        verdict = False if False in values else (None if None in values else True)
    else:
        verdict = True if True in values else (None if None in values else False)
    if condition.negated:
        verdict = None if verdict is None else not verdict
    return verdict


def _lookup(path: str, value, *, instance, exclude):
    name, _, lookup = path.partition(LOOKUP_SEP)
    lookup = lookup or "exact"
    if LOOKUP_SEP in lookup or (lookup not in COMPARISONS and lookup != "isnull"):
        raise NotInPython
    left = _field_value(name, instance, exclude)
    if lookup == "isnull":
        if not isinstance(value, bool):
            raise NotInPython
        return (left is None) == value
    if isinstance(value, F):
        value = _field_value(value.name, instance, exclude)
    elif value is None or hasattr(value, "resolve_expression"):
        raise NotInPython  # ``= None`` is ``IS NULL`` to Django; expressions are SQL's
    if left is None or value is None:
        return None
    try:
        return COMPARISONS[lookup](left, value)
    except TypeError as error:  # values the database would convert first
        raise NotInPython from error


def _field_value(name: str, instance, exclude):
    try:
        field = instance._meta.get_field(name)
    except Exception as error:
        raise NotInPython from error
    if not field.concrete or field.is_relation or LOOKUP_SEP in name:
        raise NotInPython
    if field.name in exclude:
        raise _Excluded
    return getattr(instance, field.attname)


class ConstraintsCheckedInPython(forms.ModelForm):
    """
    A model form whose object's validation repeats no query the form has made: its check
    constraints are evaluated in Python (``editorial.constraints``), and a foreign key chosen
    in a menu or picker is not looked up again (its form field found it in its queryset,
    ``limit_choices_to`` included). Unique constraints are checked on every field, unless an
    existing object keeps the values it is stored with (the stored row holds them already).
    """

    def _post_clean(self):
        instance = self.instance
        found = {
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.ModelChoiceField)
            and not isinstance(field, forms.ModelMultipleChoiceField)
            and getattr(self, "cleaned_data", {}).get(name) is not None
        }

        def clean_fields(exclude=None):
            type(instance).clean_fields(instance, exclude={*(exclude or ()), *found})

        stored = None
        if instance.pk is not None and not instance._state.adding:
            stored = {
                f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
            }
        instance.clean_fields = clean_fields
        instance.validate_constraints = functools.partial(
            validate_constraints, instance, stored=stored
        )
        try:
            super()._post_clean()
        finally:
            del instance.validate_constraints, instance.clean_fields
