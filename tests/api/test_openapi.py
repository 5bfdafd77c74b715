from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_the_openapi_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/directory/services" in document["paths"]


@pytest.mark.django_db
def test_the_api_documentation_loads_its_scripts_from_our_own_origin(client):
    import re

    html = client.get("/api/docs").content.decode()
    sources = re.findall(r'<script[^>]* src="([^"]+)"', html)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/static/") for source in sources), sources
