"""Two English words the hotline shares with other pages but not their French: each has a context."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "openaef"


def test_the_urgency_of_a_call_has_its_own_context() -> None:
    # "Urgent" for a request is feminine in French; a call's urgency is translated apart.
    models = (TEMPLATES / "hotline/models.py").read_text()
    call = (TEMPLATES / "backoffice/templates/backoffice/hotline/call.html").read_text()
    assert 'URGENT = "urgent", pgettext_lazy("116 000 call urgency", "Urgent")' in models
    assert '{% translate "Urgent" context "116 000 call urgency" %}' in call


def test_the_call_column_and_the_call_button_have_different_contexts() -> None:
    calls = (TEMPLATES / "backoffice/templates/backoffice/hotline/calls.html").read_text()
    portal = (TEMPLATES / "portal/templates/portal/catalogue/hotline.html").read_text()
    assert '{% translate "Call" context "116 000 call" %}' in calls
    assert '{% translate "Call" context "verb: telephone the 116 000 number" %}' in portal
    assert '{% translate "Call" %}' not in calls + portal
