"""Providers' billing (included under /staff/ with an empty prefix, namespace backoffice).

Finance: providers and their tariffs, the account each is paid to, statements to validate.
The providers' portal: the organisation's monthly statements. Ids and nothing else in paths.
"""

from django.urls import path

from . import views_finance_billing as finance
from . import views_finance_billing_portal as portal

urlpatterns: list = [  # type: ignore[type-arg]
    path("finance/providers/", finance.billing_provider_list, name="billing_provider_list"),
    path("finance/providers/<int:provider_pk>/tariffs/", finance.billing_tariffs, name="billing_tariffs"),
    path("finance/providers/<int:provider_pk>/tariffs/new/", finance.billing_tariff_add, name="billing_tariff_add"),
    path("finance/providers/<int:provider_pk>/account/", finance.billing_payee_account, name="billing_payee_account"),
    path("finance/tariffs/<int:pk>/remove/", finance.billing_tariff_remove, name="billing_tariff_remove"),
    path("finance/statements/", finance.billing_statement_list, name="billing_statement_list"),
    path("finance/statements/<int:pk>/", finance.billing_statement_detail, name="billing_statement_detail"),
    path("finance/statements/<int:pk>/validate/", finance.billing_statement_validate, name="billing_statement_validate"),
    path("finance/statements/<int:pk>/return/", finance.billing_statement_return, name="billing_statement_return"),
    path("provider/statements/", portal.billing_portal_statements, name="billing_portal_statements"),
    path("provider/statements/prepare/", portal.billing_portal_prepare, name="billing_portal_prepare"),
    path("provider/statements/<int:pk>/", portal.billing_portal_statement, name="billing_portal_statement"),
    path("provider/statements/<int:pk>/send/", portal.billing_portal_submit, name="billing_portal_submit"),
]
