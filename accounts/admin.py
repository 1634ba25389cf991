from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import LanguageAssignment

User = get_user_model()


class LanguageAssignmentInline(admin.TabularInline):
    model = LanguageAssignment
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, LanguageAssignmentInline]
    list_display = ["username", "full_name", "roles", "languages", "is_active", "last_login"]
    list_filter = ["groups", "language_assignments__language_code", "is_active", "is_staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "language_assignments")

    @admin.display(description=_("name"))
    def full_name(self, user):
        return user.get_full_name() or "—"

    @admin.display(description=_("roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all()) or "—"

    @admin.display(description=_("languages"))
    def languages(self, user):
        return ", ".join(a.language_code for a in user.language_assignments.all()) or "—"
