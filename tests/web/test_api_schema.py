"""Schemathesis against the OpenAPI schema: generated requests (valid and invalid) to every
operation, as admin and as a farmer, must never give a 5xx or an undocumented status code,
content type or body shape."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from registry_setup import build_registry
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from veekompas.settings import Settings
from veekompas.web.app import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


_DB = Path(tempfile.mkdtemp(prefix="veekompas-schemathesis-")) / "registry.db"
TOKENS = build_registry(_DB)
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(database_url=f"sqlite:///{_DB}"))
)
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@schema.parametrize()
@FUZZ
def test_as_admin_no_server_errors_and_only_documented_answers(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKENS['admin']}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_as_farmer_no_server_errors_and_only_documented_answers(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKENS['boer']}"}, checks=CHECKS)
