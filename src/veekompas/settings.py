"""Settings: one class, prefix ``VEEKOMPAS_``, defaults that run with no configuration."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """``VEEKOMPAS_HOST``, ``VEEKOMPAS_PORT`` of ``veekompas serve`` (and ``make run``)."""

    model_config = SettingsConfigDict(env_prefix="VEEKOMPAS_")

    host: str = "127.0.0.1"
    port: int = 8000


def get_settings() -> Settings:
    return Settings()
