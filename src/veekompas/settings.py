"""Settings: one class, prefix ``VEEKOMPAS_``, defaults that run with no configuration."""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """``VEEKOMPAS_HOST``/``VEEKOMPAS_PORT`` of ``veekompas serve``; ``VEEKOMPAS_DATA_DIR`` holds
    the embedded SQLite database unless ``VEEKOMPAS_DATABASE_URL`` names another database
    (e.g. ``postgresql+psycopg://user@host:5432/veekompas``). A web login lasts
    ``VEEKOMPAS_SESSION_HOURS``; set ``VEEKOMPAS_SECURE_COOKIES=true`` behind HTTPS.

    An API token (``veekompas users token``) is valid ``VEEKOMPAS_API_TOKEN_DAYS`` days unless
    ``--days`` says otherwise.

    Logins: after ``VEEKOMPAS_LOGIN_FAILURES_PER_USER`` failed logins of one username, or
    ``VEEKOMPAS_LOGIN_FAILURES_PER_ADDRESS`` from one client address, within
    ``VEEKOMPAS_LOGIN_WINDOW_MINUTES``, further logins get 429 until the window has passed; at most
    ``VEEKOMPAS_LOGIN_PARALLEL_CHECKS`` password checks (argon2, 64 MiB each) run at once.

    ``VEEKOMPAS_OPEN_DATA_MIN_FARMS``
    is the open data's threshold [farms]: a figure resting on fewer farms is not published.
    ``VEEKOMPAS_OPEN_DATA_GROUP_MIN_FARMS`` is its group threshold [farms]: in an area with fewer
    farms no published figure may show all farms in one sector or one intent (1 switches it off).

    ``VEEKOMPAS_MAX_CONCURRENT_REQUESTS`` reading and as many writing requests run in the web
    app at once (the others wait without holding a thread or database connection); the database
    pool and the worker threads are sized from it (``web/plumbing/admission.py``).

    ``VEEKOMPAS_STIKSTOFVRACHT_THRESHOLD_MOL_PER_YEAR`` is the buy-out threshold of a farm's
    stikstofvracht [mol N/yr]; default 2,500 (Lbv-plus, Stcrt. 2023, 15029).

    Bounded input: an import file holds at most ``VEEKOMPAS_IMPORT_MAX_RECORDS`` records (farm,
    housing, animal and crop rows; counted while the file is read) and at most
    ``VEEKOMPAS_IMPORT_MAX_BYTES`` bytes (CLI file, web upload); an XLSX at most
    ``VEEKOMPAS_IMPORT_MAX_UNPACKED_BYTES`` once unzipped; a GeoPackage is read for at most
    ``VEEKOMPAS_GPKG_READ_SECONDS``. A request body is at most ``VEEKOMPAS_MAX_BODY_BYTES``
    (JSON API and forms) or ``VEEKOMPAS_MAX_SCAN_BODY_BYTES`` (an omgevingsscan with its maps);
    an import upload at most the import size plus the form around it.

    Regions: ``/regio`` and the open data show Regio Foodvalley unless ``?regio=`` names another
    region (``veekompas/geodata/regions.csv``, every province, and a deployment's own regions in
    ``<VEEKOMPAS_DATA_DIR>/regions.csv``). Farms outside the chosen region but within
    ``VEEKOMPAS_REGION_SURROUNDINGS_M`` [m] of its outline are its omgeving (default 5,000)."""

    model_config = SettingsConfigDict(env_prefix="VEEKOMPAS_")

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    database_url: str | None = None
    session_hours: float = 12.0
    secure_cookies: bool = False
    api_token_days: int = Field(default=90, ge=1, le=3650)
    login_failures_per_user: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=20, ge=1)
    login_window_minutes: float = Field(default=15.0, gt=0)
    login_parallel_checks: int = Field(default=2, ge=1)
    open_data_min_farms: int = Field(default=5, ge=1)
    open_data_group_min_farms: int = Field(default=10, ge=1)
    stikstofvracht_threshold_mol_per_year: float = Field(default=2500.0, ge=0)
    basemap: Literal["pdok", "none"] = "pdok"
    max_concurrent_requests: int = Field(default=4, ge=1, le=100)
    import_max_records: int = Field(default=100_000, ge=1)
    import_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    import_max_unpacked_bytes: int = Field(default=256 * 1024 * 1024, ge=1)
    gpkg_read_seconds: float = Field(default=10.0, gt=0)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    max_scan_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1)
    region_surroundings_m: float = Field(default=5000.0, ge=0, le=50_000)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'veekompas.db').resolve()}"


def get_settings() -> Settings:
    return Settings()
