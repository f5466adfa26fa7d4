"""What a stakeholders database looks like from outside, for readers that must not load SQLAlchemy."""

SQLITE_MAGIC = b"SQLite format 3\x00"
# The newest migration's revision; tests/store checks it matches db/migrations.
SCHEMA_HEAD = "0006"
# Tables every stakeholders database has had since its first schema: a file with
# other tables and not these is another program's.
OUR_TABLES = {"alembic_version", "stakeholder"}
