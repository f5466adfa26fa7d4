"""The first frame's SQL (db/first_frame_sql.py) is the rules' statement, compiled: not a restatement.

db/first_figures.py and db/first_page.py run it with the sqlite3 module before SQLAlchemy is imported.
If a rule changed in db/surprise_statement.py (or an event's audience in stakeholders/events.py) and
the checked-in text did not, the dashboard's first frame would show one answer and the store's read
another a second later: this test fails first, and says how to refresh it.
"""

import ast
from pathlib import Path

from db import first_frame_sql
from stakeholders.rules.generate_sql import TARGET, module_text


def test_the_checked_in_sql_is_what_the_rules_compile_to() -> None:
    assert TARGET == Path(first_frame_sql.__file__).resolve()
    assert TARGET.read_text() == module_text(), (
        "db/first_frame_sql.py is out of date with the rules: run `python -m stakeholders.rules.generate_sql`"
    )


def test_the_generated_sql_binds_only_the_run_parameters() -> None:
    # The constants (statuses, reason bits) are written in; what changes per run is bound by name.
    assert ":plan_id" in first_frame_sql.FIGURES_SQL and ":event_id" in first_frame_sql.FIGURES_SQL
    assert "'held'" in first_frame_sql.FIGURES_SQL and "'resistant'" in first_frame_sql.FIGURES_SQL
    assert "param_" not in first_frame_sql.FIGURES_SQL + first_frame_sql.BRIEFINGS_SQL


def test_the_generated_module_is_plain_strings() -> None:
    # Importable before SQLAlchemy: no imports at all.
    tree = ast.parse(TARGET.read_text())
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
