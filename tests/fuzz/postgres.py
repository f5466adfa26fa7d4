"""The fuzz oracle on PostgreSQL, for the commands that write: same cases, a server database per batch.

Each batch gets its own database, created from a template that holds the
demo story (`CREATE DATABASE … TEMPLATE …`, a file copy on the server). The
oracle is the SQLite one without `integrity_check` (the server keeps its own
pages): exit 0/1/2, one line on failure, no traceback, and a failed command
changes no row.
"""

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from click.testing import CliRunner

from tests.fuzz.cases import Case
from tests.fuzz.harness import BASE_ENV, UNSET, Tally, _inside, judge_output, workspace


def _admin(admin_url: str) -> sa.Engine:
    return sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _url(admin_url: str, name: str) -> str:
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@contextmanager
def template_database(admin_url: str) -> Iterator[str]:
    """A database holding the demo story, dropped afterwards; yields its name."""
    from stakeholders.cli import main

    name = f"stakeholders_fuzz_template_{os.getpid()}"
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        result = CliRunner().invoke(main, ["--db", _url(admin_url, name), "demo"], env=BASE_ENV)
        assert result.exit_code == 0, result.output
        yield name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def digest(engine: sa.Engine) -> str:
    h = hashlib.sha256()
    with engine.connect() as conn:
        names = sorted(sa.inspect(conn).get_table_names())
        for name in names:
            h.update(name.encode())
            for row in sorted(repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{name}"')):
                h.update(row.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def run_batch(cases: list[Case], tally: Tally, admin_url: str, template: str, number: int) -> None:
    from stakeholders.cli import main

    name = f"stakeholders_fuzz_{os.getpid()}_{number}"
    admin = _admin(admin_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = _url(admin_url, name)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with workspace() as folder, _inside(folder):
            runner = CliRunner()
            for case in cases:
                before = digest(engine)
                env: dict[str, str | None] = {var: None for var in UNSET}
                env.update(BASE_ENV)
                env.update(case.env)
                env["XDG_DATA_HOME"] = str(folder / "xdg")
                result = runner.invoke(main, ["--db", url, *case.argv], env=env, input="")
                escaped = result.exception if not isinstance(result.exception, SystemExit) else None
                shown = judge_output(tally, case, result.exit_code, result.stdout, result.stderr, escaped)
                if (result.exit_code != 0 or case.read_only) and digest(engine) != before:
                    tally.partial_writes += 1
                    tally.failures.append(f"partial write (PostgreSQL): {shown}")
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
