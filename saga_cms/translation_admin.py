"""Admin pieces shared by every translatable model: the translation inline and its save rule."""

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saga_cms.translation import language_codes


class TranslationInline(admin.StackedInline):
    """One stacked block per language, holding the text fields and their review metadata."""

    extra = 0
    min_num = 0
    readonly_fields = ("translation_state", "reviewed_by", "reviewed_at")
    review_fields = ("status", "translation_state", "reviewed_by", "reviewed_at")
    origin_fields = ("origin", "origin_detail", "origin_language", "origin_at")

    def get_max_num(self, request, obj=None, **kwargs):
        return len(language_codes())

    def get_fieldsets(self, request, obj=None):
        model = self.model
        return [
            (None, {"fields": ("language_code", *model.translated_fields)}),
            (_("Review"), {"fields": self.review_fields}),
            (_("Origin"), {"fields": self.origin_fields, "classes": ["collapse"]}),
        ]

    @admin.display(description=_("state"))
    def translation_state(self, row):
        if not row.pk:
            return "—"
        return row.state.label


class TranslatableAdmin(admin.ModelAdmin):
    """
    ModelAdmin for translatable objects.

    After the inlines are saved, every translation whose text changed is marked as made
    from the source text as it now stands (so it is not stale); source rows never are.
    """

    @admin.display(description=_("text"))
    def localized_label(self, obj):
        label_field = obj.translation_model().translated_fields[0]
        text = obj.localized(get_language(), public=False)
        return text.texts.get(label_field) or str(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if not getattr(formset.model, "parent_field", None):
                continue
            changed_text = {
                inline_form.instance.pk
                for inline_form in formset.forms
                if inline_form.instance.pk
                and set(inline_form.changed_data) & set(formset.model.translated_fields)
            }
            for row in formset.model.objects.filter(pk__in=changed_text):
                if not row.is_source:
                    row.record_source()
                    row.save(update_fields=["source_digest", "source_snapshot"])
