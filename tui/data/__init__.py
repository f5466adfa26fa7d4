"""What the screens show, read from a session: plain dataclasses, no Textual.

Every function here runs inside a thread worker; the screens only render
what comes back, so the UI thread never waits on the database.
"""
