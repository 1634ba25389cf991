"""
Django's PostgreSQL backend, with a health check that costs no round trip when the
connection has nothing to say.

With ``CONN_HEALTH_CHECKS``, Django asks a kept connection ``SELECT 1`` before the first
query of every request, so that one the database closed (a restart, a failover, an idle
timeout) is replaced instead of failing the request. That doubled the round trips of a
cached read, which asks the database one query. A server that ends a session says so
before it closes the socket (an ``ErrorResponse``, then end of file), and an idle session
is sent nothing else unasked: an idle connection whose socket has nothing to read is
usable, and only one with something to read is asked ``SELECT 1`` as before. What this
does not see, and the query would have: a server whose machine died without closing the
connection. The request's query then fails as it would have without checks.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._idle_with_nothing_to_read()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _idle_with_nothing_to_read(self) -> bool:
        pgconn = self.connection.pgconn
        if pgconn.status != pq.ConnStatus.OK:
            return False
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN)
        return not poller.poll(0)
