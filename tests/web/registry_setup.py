"""Names of the registry test setup (see conftest.py): farms, users and their roles."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

PASSWORD = "kalveren-in-de-vallei"
# farm A and C in Ede, B in Barneveld
FARM_A, FARM_B, FARM_C = "100001", "100002", "100003"
USERS = {
    "admin": {"role": "admin"},
    "regio": {"role": "regio"},
    "gemeente": {"role": "gemeente", "municipality": "Ede"},
    "adviseur": {"role": "adviseur"},
    "boer": {"role": "boer", "farm_ubn": FARM_A},
    "publiek": {"role": "publiek"},
}


@dataclass
class RegistryApp:
    client: TestClient
    tokens: dict[str, str]
    url: str

    def as_(self, role: str | None) -> dict[str, str]:
        """Headers of a request by the user of ``role`` (None: anonymous)."""
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
