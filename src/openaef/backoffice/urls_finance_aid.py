"""URLs of the financial help pages (France; full paths under /staff/, ids only)."""

from django.urls import path

from . import views_finance_aid as views

urlpatterns: list = [  # type: ignore[type-arg]
    path("cases/<int:case_pk>/aid/", views.aid_case_list, name="aid_case_list"),
    path("cases/<int:case_pk>/aid/propose/", views.aid_propose, name="aid_propose"),
    path("finance/aid/", views.aid_worklist, name="aid_worklist"),
    path("finance/aid/repayments/", views.aid_repayments_due, name="aid_repayments_due"),
    path("finance/aid/<int:pk>/", views.aid_detail, name="aid_detail"),
    path("finance/aid/<int:pk>/do/<slug:action>/", views.aid_action, name="aid_action"),
    path("finance/aid/<int:pk>/decision.pdf", views.aid_decision_pdf, name="aid_decision_pdf"),
]
