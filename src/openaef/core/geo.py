"""Great-circle distances, in Python and as a database expression (SQLite and PostgreSQL)."""

from __future__ import annotations

import math

from django.db.models import ExpressionWrapper, F, FloatField, Func, Value
from django.db.models.functions import ACos, Cos, Least, Radians, Sin

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km_expression(lat: float, lon: float, lat_field: str, lon_field: str) -> Func:
    """Spherical law of cosines on two columns; clamped so rounding never leaves acos' domain."""
    cosine = Sin(Radians(Value(lat))) * Sin(Radians(F(lat_field))) + Cos(Radians(Value(lat))) * Cos(Radians(F(lat_field))) * Cos(
        Radians(F(lon_field)) - Radians(Value(lon))
    )
    clamped = Least(cosine, Value(1.0))
    return ExpressionWrapper(ACos(clamped) * Value(EARTH_RADIUS_KM), output_field=FloatField())
