"""{% load notifications %}{% unread_notifications as n %}: the signed-in user's unread count.

A tag rather than a context processor so that the header works without a settings change; it
costs one COUNT on the ``notification_inbox`` index, once per request however often it is used.
"""

from __future__ import annotations

from typing import Any

from django import template

from openaef.notifications.selectors import unread_count

register = template.Library()

_CACHE_ATTRIBUTE = "_openaef_unread_notifications"


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    if request is None:
        return unread_count(user)
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = unread_count(user)
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return int(cached)


def remember_unread(request: Any, count: int) -> None:
    """Lets a view that counted already (the dashboard) spare the header its query."""
    setattr(request, _CACHE_ATTRIBUTE, count)
