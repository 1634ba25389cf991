"""
Publication on the change form: explicit actions instead of a state drop-down.

The form posts one ``_publication`` action with its button: save (a draft stays a draft, a
published object stays published), submit for review, publish now, schedule (go-live time,
optional expiry), unpublish. Saving the text never depends on publishing: when the publish
guard refuses, everything typed is saved as it stands, the state is left as it was, and the
form comes back saying what publishing still needs. The times the form carries
(``publish_at``, ``unpublish_at``) are applied through the workflow service with the state.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import can_publish
from core.publishing import PublicationState, Publishable
from editorial.display import moment_label

ACTION_FIELD = "_publication"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    css: str = ""


SAVE, REVIEW, PUBLISH, SCHEDULE, UNPUBLISH = "save", "review", "publish", "schedule", "unpublish"
ACTIONS = (SAVE, REVIEW, PUBLISH, SCHEDULE, UNPUBLISH)
# Actions that ask to publish: when the guard refuses them, the rest of the form is saved.
PUBLISHING = (PUBLISH, SCHEDULE)


def posted_action(request) -> str:
    """The publication button pressed (Django's own save buttons count as "save")."""
    action = request.POST.get(ACTION_FIELD, SAVE)
    return action if action in ACTIONS else SAVE


def requested_publication(action: str, *, state, publish_at, unpublish_at):
    """Return the (state, go-live, expiry) ``action`` asks for, given the form's times."""
    if action == REVIEW:
        return PublicationState.IN_REVIEW, publish_at, unpublish_at
    if action == PUBLISH:
        return PublicationState.PUBLISHED, None, unpublish_at
    if action == SCHEDULE:
        return PublicationState.PUBLISHED, publish_at, unpublish_at
    if action == UNPUBLISH:
        return PublicationState.DRAFT, publish_at, unpublish_at
    return state, publish_at, unpublish_at


def check_action_times(form, action: str) -> None:
    """Add the form errors of an action's times: scheduling needs a go-live time to come."""
    if "unpublish_at" not in form.fields:
        return
    now = timezone.now()
    publish_at = form.cleaned_data.get("publish_at")
    unpublish_at = form.cleaned_data.get("unpublish_at")
    if action == SCHEDULE:
        if publish_at is None:
            form.add_error("publish_at", _("Give the go-live time to schedule the publication."))
        elif publish_at <= now:
            form.add_error(
                "publish_at",
                _("This time has passed: choose a later one, or use “Publish now”."),
            )
    goes_public = action in PUBLISHING or (
        action == SAVE and form.instance.state == PublicationState.PUBLISHED
    )
    expiry_passed = unpublish_at is not None and unpublish_at <= now
    if goes_public and expiry_passed and "unpublish_at" in form.changed_data:
        form.add_error(
            "unpublish_at", _("This expiry time has passed: choose a later one or none.")
        )


class PublicationDeskMixin:
    """Mixed into EditorialAdmin: the publication buttons and what they do."""

    def publication_problems(self, obj) -> list[str]:
        """What publishing ``obj`` still needs (the publish guard's reasons); none by default."""
        return []

    def is_publishable(self) -> bool:
        return issubclass(self.model, Publishable)

    # -- The buttons --------------------------------------------------------------------

    def publication_actions(self, request, obj) -> list[Action]:
        """The buttons this user gets on ``obj``'s form (none: Django's own save row)."""
        if not self.is_publishable() or not self.can_change_facts(request):
            return []
        state = obj.state if obj is not None and obj.pk is not None else PublicationState.DRAFT
        published = state == PublicationState.PUBLISHED
        actions = [
            Action(SAVE, _("Save changes") if published else _("Save draft"), "default"),
        ]
        if state == PublicationState.DRAFT:
            actions.append(Action(REVIEW, _("Submit for review")))
        if can_publish(request.user):
            if not (published and obj.is_public() and obj.publish_at is None):
                actions.append(Action(PUBLISH, _("Publish now")))
            actions.append(Action(SCHEDULE, _("Schedule")))
        if state != PublicationState.DRAFT:
            actions.append(Action(UNPUBLISH, _("Unpublish"), "deletelink-like"))
        return actions

    # -- Saving -------------------------------------------------------------------------

    def check_publication_action(self, request, form) -> None:
        """Refuse, on the form, an action this user lacks, and times that cannot work."""
        if not self.is_publishable() or ACTION_FIELD not in request.POST:
            return
        if not self.can_change_facts(request):
            form.add_error(
                None,
                _("You may not change: %(things)s. Nothing was saved.")
                % {"things": gettext_lazy("publication")},
            )
            return
        check_action_times(form, posted_action(request))

    def hold_back_publication(self, request, obj, change, *, current=None) -> None:
        """
        Keep the state and times as they are until the rows are saved (the guard reads them).
        ``current``: the object as it now stands, when the caller has read it already.
        """
        typed_publish_at, typed_unpublish_at = obj.publish_at, obj.unpublish_at
        if change and current is not None:
            obj.state, obj.publish_at, obj.unpublish_at = (
                current.state,
                current.publish_at,
                current.unpublish_at,
            )
        elif change:
            obj.state, obj.publish_at, obj.unpublish_at = (
                type(obj)
                ._default_manager.values_list("state", "publish_at", "unpublish_at")
                .get(pk=obj.pk)
            )
        else:
            obj.state, obj.publish_at, obj.unpublish_at = PublicationState.DRAFT, None, None
        obj.requested_publication = requested_publication(
            posted_action(request),
            state=obj.state,
            publish_at=typed_publish_at,
            unpublish_at=typed_unpublish_at,
        )

    def apply_publication(self, request, obj) -> None:
        """
        Apply the state asked for. When publishing is refused, the saved draft stays and the
        reasons are kept for the message; any other refusal is raised (nothing is saved).
        """
        requested = getattr(obj, "requested_publication", None)
        if requested is None:
            return
        state, publish_at, unpublish_at = requested
        # Cached rows predate this save; the guard must read the saved ones.
        getattr(obj, "_prefetched_objects_cache", {}).clear()
        current = (obj.state, obj.publish_at, obj.unpublish_at)
        if current == requested and state != PublicationState.PUBLISHED:
            return
        try:
            self.set_publication(
                request, obj, state=state, publish_at=publish_at, unpublish_at=unpublish_at
            )
        except (ValidationError, PermissionDenied) as error:
            if posted_action(request) not in PUBLISHING:
                raise
            request.editorial_publication_refused = _messages_of(error)

    # -- After saving -------------------------------------------------------------------

    def response_add(self, request, obj, post_url_continue=None):
        if self.is_publishable() and ACTION_FIELD in request.POST:
            return self._back_to_form(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self.is_publishable() and ACTION_FIELD in request.POST:
            return self._back_to_form(request, obj)
        return super().response_change(request, obj)

    def _back_to_form(self, request, obj):
        """Say what became of the object, and stay on its form."""
        refused = getattr(request, "editorial_publication_refused", None)
        obj.refresh_from_db(fields=["state", "publish_at", "unpublish_at"])
        if refused:
            self.message_user(
                request,
                _("Saved, but not published: %(reasons)s") % {"reasons": " ".join(refused)},
                messages.ERROR,
            )
        else:
            self.message_user(request, self.outcome_message(request, obj), messages.SUCCESS)
            problems = self.publication_problems(obj)
            if problems and obj.state != PublicationState.PUBLISHED:
                self.message_user(
                    request,
                    _("Publishing still needs: %(problems)s.") % {"problems": "; ".join(problems)},
                    messages.WARNING,
                )
        opts = self.opts
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": opts}
        return HttpResponseRedirect(add_preserved_filters(preserved, url))

    def outcome_message(self, request, obj) -> str:
        action = posted_action(request)
        if action == UNPUBLISH:
            return _("Unpublished: it is a draft again and no longer on the public site.")
        if action == REVIEW:
            return _("Saved and submitted for review.")
        if obj.state == PublicationState.PUBLISHED:
            if obj.publish_at and obj.publish_at > timezone.now():
                message = _("Scheduled: it goes live at %(when)s.") % {
                    "when": moment_label(obj.publish_at)
                }
            elif obj.is_public():
                message = _("Saved; it is published.")
            else:
                message = _("Saved; it is published but not public.")
            if obj.unpublish_at and obj.unpublish_at > timezone.now():
                message += " " + _("It leaves the public site at %(when)s.") % {
                    "when": moment_label(obj.unpublish_at)
                }
            return message
        if obj.state == PublicationState.IN_REVIEW:
            return _("Saved; it is in review.")
        return _("Saved as a draft.")


def _messages_of(error) -> list[str]:
    if isinstance(error, ValidationError):
        found = [m for ms in getattr(error, "message_dict", {}).values() for m in ms]
        return found or list(error.messages)
    return [str(error)]
