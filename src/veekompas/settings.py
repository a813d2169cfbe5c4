"""Settings: one class, prefix ``VEEKOMPAS_``, defaults that run with no configuration."""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """``VEEKOMPAS_HOST``, ``VEEKOMPAS_PORT``, ``VEEKOMPAS_DATA_DIR``."""

    model_config = SettingsConfigDict(env_prefix="VEEKOMPAS_")

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("data")


def get_settings() -> Settings:
    return Settings()
