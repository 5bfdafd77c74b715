"""Where a signed-in user's sessions are, how long they may last, and ending them.

Each sign-in records its session key (``UserSession``) so that every session of a user can be
ended at once, whatever the session store. Times are kept in the session itself as Unix
seconds: when it started, when it was last used and when the user last proved who they are.
"""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from .models import User, UserSession

LOGIN_AT = "openaef_login_at"
LAST_SEEN = "openaef_last_seen"
REAUTHENTICATED_AT = "openaef_reauthenticated_at"
ENDED = "openaef_session_ended"  # read once by the login page: why the previous session ended

# Writing the last-activity time on every request would save the session on every request:
# once a minute is precise enough for an idle timeout counted in minutes.
LAST_SEEN_RESOLUTION_SECONDS = 60


def now() -> int:
    return int(time.time())


def session_store(session_key: str | None = None) -> SessionBase:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def session_started(request: HttpRequest, user: User) -> None:
    """On sign-in: stamp the session and remember its key."""
    moment = now()
    request.session[LOGIN_AT] = moment
    request.session[LAST_SEEN] = moment
    key = request.session.session_key
    if key:
        UserSession.objects.update_or_create(session_key=key, defaults={"user": user})


def session_finished(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end(user: User, *, keep_session_key: str | None = None) -> int:
    """Deletes every session ``user`` signed in with (but ``keep_session_key``); how many."""
    tracked = UserSession.objects.filter(user=user)
    if keep_session_key:
        tracked = tracked.exclude(session_key=keep_session_key)
    keys = list(tracked.values_list("session_key", flat=True))
    store = session_store()
    for key in keys:
        store.delete(key)
    tracked.delete()
    return len(keys)


def expiry_reason(session: SessionBase, *, at: int | None = None) -> str | None:
    """'idle' or 'absolute' when the signed-in session has run out, None while it is valid."""
    moment = now() if at is None else at
    login_at = _int(session.get(LOGIN_AT))
    last_seen = _int(session.get(LAST_SEEN))
    if login_at is None or last_seen is None:
        return "absolute"  # a session signed in without our stamps is not trusted
    if moment - login_at >= settings.OPENAEF_SESSION_MAX_AGE_SECONDS:
        return "absolute"
    if moment - last_seen >= settings.OPENAEF_SESSION_IDLE_SECONDS:
        return "idle"
    return None


def touch(session: SessionBase, *, at: int | None = None) -> None:
    moment = now() if at is None else at
    last_seen = _int(session.get(LAST_SEEN)) or 0
    if moment - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
        session[LAST_SEEN] = moment


def mark_reauthenticated(session: SessionBase) -> None:
    session[REAUTHENTICATED_AT] = now()


def recently_authenticated(session: SessionBase) -> bool:
    """True when the user typed their password and a current code in the last few minutes."""
    at = _int(session.get(REAUTHENTICATED_AT))
    return at is not None and now() - at < settings.OPENAEF_REAUTHENTICATION_SECONDS


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
