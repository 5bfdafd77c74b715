"""axe-core (WCAG 2.1 A and AA) on the project pages, with errors shown where a page has a form,
and the signature pad drawn on (JavaScript on)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.directory.models import Office
from openaef.projects import services
from tests.cases.test_case_pages_axe import audit_log_flushable, browse, session_cookie  # noqa: F401
from tests.factories import UserFactory

from .factories import access_for, add_parent, draft, make_case, measure_type, sign_all, validated

pytestmark = pytest.mark.browser


def _evaluating(case, coordinator, head):  # type: ignore[no-untyped-def]
    project = sign_all(validated(case, coordinator, head), coordinator)
    access = access_for(case, coordinator)
    project = services.project_activate(actor=coordinator, access=access, project=project, expected_version=project.version)
    return services.evaluation_start(actor=coordinator, access=access, project=project, expected_version=project.version)


def test_the_project_pages_pass_axe(live_server, lu_pack, audit_log_flushable):  # type: ignore[no-untyped-def]  # noqa: F811
    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    head = UserFactory(full_name="Bob Head", roles=[(Role.OFFICE_HEAD, office)])
    case = make_case(office=office, coordinator=coordinator)
    add_parent(case, first_names="Anna", authority=True)
    project = draft(case, coordinator, "Rétablir des horaires réguliers", "Aller à l'école")
    access = access_for(case, coordinator)
    project = services.project_update(
        actor=coordinator,
        access=access,
        project=project,
        expected_version=project.version,
        summary="Situation",
        language="fr",
        goals=[{"id": None, "domain": "housing", "goal": "Trouver un logement", "indicators": "Bail signé", "target_on": None}],
        planned_measures=[{"id": None, "measure_type": measure_type(), "purpose": "Soutien", "intensity": "1 h"}],
        actions=[{"id": None, "party": "family", "who": "", "action": "Venir", "due_on": None}],
        participants=[{"id": None, "person": case.child, "name": "", "role": "enfant"}],
    )
    for score in (4, 3):
        services.assessment_record(
            actor=coordinator, access=access, assessed_on=timezone.localdate(), scores={"housing": score}, project=project
        )
    signing_case = make_case(office=office, coordinator=coordinator)
    to_sign = validated(signing_case, coordinator, head)
    evaluating_case = make_case(office=office, coordinator=coordinator)
    evaluating = _evaluating(evaluating_case, coordinator, head)
    carla = session_cookie(coordinator)
    args = [case.pk, project.pk]
    revisions = list(project.revisions.order_by("save_number").values_list("pk", flat=True))
    compare = reverse("backoffice:project_compare", args=args) + f"?old={revisions[0]}&new={revisions[-1]}"
    sign = reverse("backoffice:project_sign", args=[signing_case.pk, to_sign.pk])
    visits = [
        (carla, reverse("backoffice:project_detail", args=args), []),
        (carla, reverse("backoffice:project_edit", args=args), []),
        (
            carla,
            reverse("backoffice:project_edit", args=args),
            ["fill:#id_actions-1-who=École", "click:main form button[type=submit]"],
        ),
        (carla, reverse("backoffice:project_assessment", args=args), []),
        (carla, reverse("backoffice:project_revisions", args=args), []),
        (carla, compare, []),
        (carla, reverse("backoffice:project_transition", args=[*args, "close"]), ["click:main form button[type=submit]"]),
        (carla, reverse("backoffice:project_start", args=[signing_case.pk]), []),
        (carla, sign, []),
        (carla, sign, ["click:main form button[type=submit]"]),
        (carla, reverse("backoffice:project_evaluation", args=[evaluating_case.pk, evaluating.pk]), []),
        (carla, reverse("backoffice:project_detail", args=[evaluating_case.pk, evaluating.pk]), []),
    ]
    with ThreadPoolExecutor(max_workers=1) as pool:
        failures = pool.submit(browse, live_server.url, visits).result()
    assert not failures, failures


def test_a_signature_drawn_on_screen_is_recorded(live_server, lu_pack, audit_log_flushable, page):  # type: ignore[no-untyped-def]  # noqa: F811
    from django.conf import settings

    office = Office.objects.get(pack="lu", code="ORE-ESCH")
    coordinator = UserFactory(full_name="Carla Coordinator", roles=[(Role.COORDINATOR, office)])
    head = UserFactory(full_name="Bob Head", roles=[(Role.OFFICE_HEAD, office)])
    case = make_case(office=office, coordinator=coordinator)
    project = validated(case, coordinator, head)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(coordinator), "url": live_server.url}]
    )
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(reverse("backoffice:project_sign", args=[case.pk, project.pk]))
    canvas = page.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    for step in range(1, 10):
        page.mouse.move(box["x"] + 20 + step * 15, box["y"] + 20 + (step % 3) * 10)
    page.mouse.up()
    drawn = page.evaluate("document.getElementById('id_drawing').value")
    assert drawn.startswith("M"), errors
    page.get_by_label("Léa Schmit – Child capable of discernment").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "There is a problem" not in page.content(), page.locator(".govuk-error-summary").inner_text()
    signature = project.signatures.get()
    assert signature.method == "drawn" and signature.drawing.startswith("M") and signature.drawing.count("L") >= 5
    project.refresh_from_db()
    assert project.status == "agreed"
