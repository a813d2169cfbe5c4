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

    ``VEEKOMPAS_OPEN_DATA_MIN_FARMS``
    is the open data's threshold [farms]: a figure resting on fewer farms is not published.

    ``VEEKOMPAS_STIKSTOFVRACHT_THRESHOLD_MOL_PER_YEAR`` is the buy-out threshold of a farm's
    stikstofvracht [mol N/yr]; default 2,500 (Lbv-plus, Stcrt. 2023, 15029).

    Bounded input: an import file holds at most ``VEEKOMPAS_IMPORT_MAX_RECORDS`` records (farm,
    housing, animal and crop rows; counted while the file is read) and at most
    ``VEEKOMPAS_IMPORT_MAX_BYTES`` bytes (CLI file, web upload); an XLSX at most
    ``VEEKOMPAS_IMPORT_MAX_UNPACKED_BYTES`` once unzipped; a GeoPackage is read for at most
    ``VEEKOMPAS_GPKG_READ_SECONDS``. A request body is at most ``VEEKOMPAS_MAX_BODY_BYTES``
    (JSON API and forms) or ``VEEKOMPAS_MAX_SCAN_BODY_BYTES`` (an omgevingsscan with its maps);
    an import upload at most the import size plus the form around it."""

    model_config = SettingsConfigDict(env_prefix="VEEKOMPAS_")

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")
    database_url: str | None = None
    session_hours: float = 12.0
    secure_cookies: bool = False
    open_data_min_farms: int = Field(default=5, ge=1)
    stikstofvracht_threshold_mol_per_year: float = Field(default=2500.0, ge=0)
    basemap: Literal["pdok", "none"] = "pdok"
    import_max_records: int = Field(default=100_000, ge=1)
    import_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    import_max_unpacked_bytes: int = Field(default=256 * 1024 * 1024, ge=1)
    gpkg_read_seconds: float = Field(default=10.0, gt=0)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    max_scan_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'veekompas.db').resolve()}"


def get_settings() -> Settings:
    return Settings()
