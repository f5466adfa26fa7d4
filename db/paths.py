"""Where the databases live by default (the user data directory), without loading SQLAlchemy."""

from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "stakeholders"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "stakeholders.db"


def demo_database_path() -> Path:
    return data_dir() / "demo.db"
