"""Keeps the table of each user's sessions in step with sign-ins and sign-outs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .sessions import session_finished, session_started


def on_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_started(request, user)


def on_logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_finished(request.session.session_key)
