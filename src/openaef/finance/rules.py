"""Who may reach the money pages (django-rules autodiscovery imports this module).

Finance officers work nationally: they assess contributions, keep tariffs, validate providers'
statements, prepare payment runs, invoice parents and record what they pay; they see money, not
journal notes. Coordinators and office heads see the contribution and the financial help of the
cases they may see (decided object by object through ``cases.selectors.get_case_for``) and propose
financial help. Provider staff send their own provider's monthly statements. The parameters (dated
amounts and rates with their legal references) are kept by administrators and read by finance.
"""

from __future__ import annotations

import rules

from openaef.accounts.rules import is_administrator, is_coordinator, is_finance_officer, is_office_head, is_provider_staff

_AGENCY = is_coordinator | is_office_head

_PERMISSIONS = {
    # The finance workspace: assessments, tariffs, statements, payment runs, invoices, arrears, aid.
    "finance.view_finance": is_finance_officer,
    "finance.change_finance": is_finance_officer,
    # A case's money, read from the case: the contribution in force, invoices, financial help.
    "finance.view_case_money": _AGENCY | is_finance_officer,
    "finance.propose_aid": _AGENCY,
    # Providers' monthly statements, from the provider's portal.
    "finance.submit_statement": is_provider_staff,
    # Dated parameters: read by finance and administrators, added to by administrators.
    "core.view_parameters": is_administrator | is_finance_officer,
    "core.add_parameter_value": is_administrator,
}

for _perm, _predicate in _PERMISSIONS.items():
    if not rules.perm_exists(_perm):
        rules.add_perm(_perm, _predicate)
