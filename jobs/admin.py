"""
The jobs in the admin: a list, and a page per job with its progress, refreshed while it runs.

Everyone on the desk sees the jobs they started; whoever holds ``jobs.view_job`` (the
Editors role) sees everyone's. Jobs are read only: workers write them.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from jobs import live
from jobs.models import Job, JobState

REFRESH_SECONDS = 2


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["state"]
    list_select_related = ["created_by"]
    search_fields = ["title"]
    show_full_result_count = False

    @admin.display(description=_("progress"))
    def progress(self, job):
        if job.state == JobState.SUCCEEDED:
            return "100%"
        job = live.latest(job)  # a cache read for a running job only
        return f"{job.percent}% ({job.done}/{job.total})"

    def sees_all(self, request) -> bool:
        return request.user.has_perm("jobs.view_job")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if self.sees_all(request) else queryset.filter(created_by=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or self.sees_all(request) or obj.created_by_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        if job is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        job = live.latest(job)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": job.title,
            "job": job,
            "refresh": None if job.is_finished else REFRESH_SECONDS,
        }
        return TemplateResponse(request, "admin/jobs/job/progress.html", context)
