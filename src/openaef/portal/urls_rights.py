"""File-access requests, public side (see rights)."""

urlpatterns: list = []
