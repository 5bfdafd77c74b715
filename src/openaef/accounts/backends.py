"""Signing in by e-mail and password, without Django's permission tables.

OpenAEF's permissions are all django-rules predicates (accounts/rules.py and each app's
rules.py). Django's ModelBackend would also read the user's and groups' model permissions
(two queries per page that checks a permission it does not hold, such as the menu's) to grant
nothing: this backend authenticates exactly as ModelBackend does and grants no permission.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
