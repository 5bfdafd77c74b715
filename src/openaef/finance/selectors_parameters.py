"""Reads for the parameters pages: the pack in use, one parameter or scale by its dotted name,
and who added the values that came from the database (one query, whatever the number of
parameters). Parameters are rules, not personal data: no access log entry."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from openaef.core.models import ParameterValue
from openaef.core.packs import get_pack
from openaef.core.parameters import parameter_tree
from openaef.core.parameters_tree import Node, Scale


def pack_in_use() -> str:
    return str(settings.OPENAEF_PACK)


def pack_name(code: str) -> dict[str, str] | str:
    """The pack's name per language (``|tr``), or its code for a pack without ``pack.yaml``."""
    try:
        return get_pack(code).config.get("name") or code
    except ImproperlyConfigured:
        return code


def get_node(pack: str, name: str) -> Node:
    """A parameter or a scale by its dotted name (a bracket's part has no page of its own)."""
    node = parameter_tree(pack).get(name)
    if node is None:
        raise Http404
    return node


def component_names(node: Node) -> list[str]:
    """The names the database may hold values under for ``node``."""
    if isinstance(node, Scale):
        return [leaf.name for leaf in node.components()]
    return [node.name]


def added_values(ids: Iterable[int | None]) -> dict[int, ParameterValue]:
    """The database rows behind the values shown, with who added them (one query, none if none)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = ParameterValue.objects.filter(pk__in=wanted).select_related("created_by").order_by("pk")
    return {row.pk: row for row in rows}


def get_added_value(pack: str, node: Node, pk: int) -> ParameterValue:
    row = ParameterValue.objects.filter(pack=pack, pk=pk, name__in=component_names(node)).first()
    if row is None:
        raise Http404
    return row
