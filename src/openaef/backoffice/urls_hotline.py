"""The 116 000 console (see hotline)."""

urlpatterns: list = []
