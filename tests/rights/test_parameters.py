from __future__ import annotations

from openaef.rights.parameters import rights_rules


def test_the_luxembourg_pack_gives_the_deadline_and_its_extension_with_their_sources():
    rules = rights_rules("lu")

    assert rules.response_due == "months:1"
    assert rules.extension == "months:2"
    assert "12(3)" in rules.response_due_reference
    assert "12(3)" in rules.extension_reference
