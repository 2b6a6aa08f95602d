package io.safetyplane.enforcement.sanction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.safetyplane.enforcement.ladder.Category;
import io.safetyplane.enforcement.ladder.Strike;
import io.safetyplane.enforcement.ladder.Target;
import io.safetyplane.enforcement.model.StrikeEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The active strikes of some targets (for example those of one batch of violations), read with one query and kept
 * current as sanctions are imposed, so that a batch's later violations of one target count the strikes of its earlier
 * ones. Active: not removed (by a lift) and not expired at the time given; both readers below ask the same.
 */
public final class ActiveStrikes {
    private static final String ACTIVE_SQL = "select tenant_id, account_id, end_user_id, category, weight, at, expires_at from strikes"
            + " where account_id = any($1) and removed_at is null and (expires_at is null or expires_at > $2)";

    private final Map<Target, List<Strike>> byTarget = new HashMap<>();

    private ActiveStrikes() {
    }

    /** Call inside the caller's Hibernate transaction. */
    public static Uni<ActiveStrikes> of(Collection<Target> targets, Instant now) {
        List<String> accounts = accounts(targets);
        ActiveStrikes strikes = new ActiveStrikes();
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(strikes);
        }
        return StrikeEntity.<StrikeEntity>list("accountId in ?1 and removedAt is null and (expiresAt is null or expiresAt > ?2)", accounts, now)
                .map(rows -> {
                    rows.forEach(s -> strikes.add(s.tenantId, s.accountId, s.endUserId, s.category, s.weight, s.at, s.expiresAt));
                    return strikes;
                });
    }

    /** The same, read in the transaction of {@code conn} (the violations intake, which writes without Hibernate). */
    public static Uni<ActiveStrikes> of(SqlConnection conn, Collection<Target> targets, Instant now) {
        List<String> accounts = accounts(targets);
        ActiveStrikes strikes = new ActiveStrikes();
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(strikes);
        }
        return conn.preparedQuery(ACTIVE_SQL).execute(Tuple.of(accounts.toArray(String[]::new), now.atOffset(ZoneOffset.UTC))).map(rows -> {
            for (Row r : rows) {
                strikes.add(r.getString("tenant_id"), r.getString("account_id"), r.getString("end_user_id"), r.getString("category"),
                        r.getInteger("weight"), r.getOffsetDateTime("at").toInstant(), instant(r, "expires_at"));
            }
            return strikes;
        });
    }

    /** The target's strikes not expired at {@code now}. */
    public List<Strike> of(Target target, Instant now) {
        return byTarget.getOrDefault(target, List.of()).stream().filter(s -> s.expiresAt() == null || now.isBefore(s.expiresAt())).toList();
    }

    public void add(Target target, Strike strike) {
        byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(strike);
    }

    private void add(String tenantId, String accountId, String endUserId, String category, int weight, Instant at, Instant expiresAt) {
        add(Target.of(tenantId, accountId, endUserId), new Strike(Category.find(category).orElseThrow(), weight, at, expiresAt));
    }

    private static List<String> accounts(Collection<Target> targets) {
        return targets.stream().map(Target::accountId).distinct().toList();
    }

    private static Instant instant(Row r, String column) {
        return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant();
    }
}
