"""Who may reach the notification pages: every professional, for their own notifications only
(``notifications.selectors.get_notification_for`` answers "not found" for anyone else's)."""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_professional

rules.add_perm("notifications.view_own", is_professional)
rules.add_perm("notifications.change_own_settings", is_professional)
