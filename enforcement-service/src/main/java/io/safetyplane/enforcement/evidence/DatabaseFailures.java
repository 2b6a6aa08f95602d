package io.safetyplane.enforcement.evidence;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** What a failed database call means for a caller: retry later (an outage), or try again now (a lost race). */
public final class DatabaseFailures {
    /** The tables whose unique keys make preserving and queueing idempotent. */
    private static final Set<String> IDEMPOTENCY_TABLES = Set.of("evidence", "tipline_reports");

    private DatabaseFailures() {
    }

    /**
     * Whether {@code e} says PostgreSQL cannot be reached or is not serving: no connection, a connection closed or timed
     * out, or a server-side connection, shutdown or resource error (SQLSTATE classes 08, 53, 57P).
     */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof SocketException || c instanceof ClosedChannelException
                    || c instanceof ClosedConnectionException || c instanceof TimeoutException) {
                return true;
            }
            if (c instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                    return true;
                }
            }
            String name = c.getClass().getName();
            // Vert.x reports a pool that cannot get a connection in time, and some connection losses, without a type of their own
            if (name.startsWith("io.vertx.") && c.getMessage() != null
                    && (c.getMessage().contains("Timeout") || c.getMessage().contains("Connection refused")
                            || c.getMessage().contains("Connection closed"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} is a unique-key violation on evidence or tipline reports: a concurrent twin won; retry once. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PgException pg && "23505".equals(pg.getSqlState()) && IDEMPOTENCY_TABLES.contains(pg.getTable())) {
                return true;
            }
        }
        return false;
    }
}
