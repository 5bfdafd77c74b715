"""One's own notifications: the list, opening one, marking them read, and the e-mail settings.

A notification is always reached through ``get_notification_for``: anyone else's is "not
found". Opening one follows its link only when it is a path on this site.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.core.access import require_permission
from openaef.notifications.selectors import email_kinds, get_notification_for, local_url, notifications_page, unread_count
from openaef.notifications.services import notification_mark_read, notification_settings_save
from openaef.notifications.services import notification_open as open_notification
from openaef.notifications.templatetags.notifications import remember_unread
from openaef.notifications.texts import notification_text

from .forms_notifications import NotificationSettingsForm


@require_permission("notifications.view_own")
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notifications_page(request.user, cursor=request.GET.get("cursor") or None)
    unread = unread_count(request.user)
    remember_unread(request, unread)
    context = {
        "page": page,
        "rows": [{"notification": n, "text": notification_text(n), "has_link": bool(local_url(n.url))} for n in page.items],
        "unread": unread,
        "nav_section": "notifications",
    }
    return render(request, "backoffice/notifications/list.html", context)


@require_permission("notifications.view_own")
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for(request.user, pk)
    target = open_notification(actor=request.user, notification=notification)
    return redirect(target or "backoffice:notification_list")


@require_permission("notifications.view_own")
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    if notification_mark_read(actor=request.user):
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("backoffice:notification_list")


@require_permission("notifications.change_own_settings")
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            notification_settings_save(actor=request.user, by_email=form.choices_by_email())
            messages.success(request, _("Your notification settings were saved."))
            return redirect("backoffice:notification_settings")
    else:
        form = NotificationSettingsForm(initial={"by_email": sorted(email_kinds(request.user))})
    context = {
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": "notifications",
    }
    return render(request, "backoffice/notifications/settings.html", context)
