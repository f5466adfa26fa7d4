"""The hand-written reference for `surprises`: one SQL query, run with the sqlite3 module.

It computes the surprised set of §3.2 for a planned event (its live audience:
people and tags, archived excluded): each audience member whose latest held
briefing on the plan before the event's start is missing (`never-briefed`)
or on an older version (`outdated-version`). It is what a person would write
by hand for that one question, with none of the rule's other work (at-risk
reasons, planned calls, ordering, objects).

It is written the way someone who knows SQLite would write it for this data:
the plan's touchpoints first (CROSS JOIN fixes the join order; `+` keeps the
audience test out of the attendee index), so it needs no statistics. The
first, naive form (a LEFT JOIN on the window) took minutes on this data:
SQLite found no index for the join.
"""

import sqlite3

SURPRISED_SQL = """
WITH audience(id) AS MATERIALIZED (
    SELECT s.id FROM stakeholder AS s
     WHERE s.archived_at IS NULL AND s.id IN (
           SELECT ea.stakeholder_id FROM event_audience AS ea
            WHERE ea.event_id = :event AND ea.frozen = 0 AND ea.stakeholder_id IS NOT NULL
           UNION
           SELECT st.stakeholder_id FROM stakeholder_tag AS st
             JOIN event_audience AS ea ON ea.tag_id = st.tag_id
            WHERE ea.event_id = :event AND ea.frozen = 0)
),
briefing AS MATERIALIZED (
    SELECT ta.stakeholder_id AS id, t.version,
           row_number() OVER (PARTITION BY ta.stakeholder_id
                              ORDER BY t.occurred_at DESC, t.version DESC, t.id DESC) AS latest
      FROM touchpoint AS t CROSS JOIN touchpoint_attendee AS ta ON ta.touchpoint_id = t.id
     WHERE t.plan_id = :plan AND t.status = 'held' AND t.version IS NOT NULL
       AND t.occurred_at < :starts_at AND +ta.stakeholder_id IN (SELECT id FROM audience)
)
SELECT id, 'never-briefed' FROM audience WHERE id NOT IN (SELECT id FROM briefing)
UNION ALL
SELECT id, 'outdated-version' FROM briefing WHERE latest = 1 AND version < :version
"""


def connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def event_parameters(conn: sqlite3.Connection, event_id: int) -> dict[str, object]:
    plan, version, starts_at = conn.execute(
        "SELECT plan_id, version, starts_at FROM event WHERE id = ?", (event_id,)).fetchone()
    return {"event": event_id, "plan": plan, "version": version, "starts_at": starts_at}


def surprised(conn: sqlite3.Connection, event_id: int) -> dict[int, str]:
    """{stakeholder id: reason} of the event's surprised audience members."""
    return dict(conn.execute(SURPRISED_SQL, event_parameters(conn, event_id)).fetchall())
