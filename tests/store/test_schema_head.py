"""The fast open paths (db/store.py, db/first_page.py) trust db/schema.py SCHEMA_HEAD: it must name the newest migration."""

from db.migrate import head_revision
from db.store import SCHEMA_HEAD


def test_schema_head_constant_matches_the_migrations() -> None:
    assert SCHEMA_HEAD == head_revision(), "update db/schema.py SCHEMA_HEAD when adding a migration"
