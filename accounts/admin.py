from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts.models import LanguageAssignment

User = get_user_model()


class LanguageAssignmentInline(admin.TabularInline):
    model = LanguageAssignment
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, LanguageAssignmentInline]
