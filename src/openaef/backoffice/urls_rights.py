"""File-access requests, staff side (see rights)."""

urlpatterns: list = []
