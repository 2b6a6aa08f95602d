package io.safetyplane.enforcement.sanction;

import java.time.Instant;
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

/**
 * The active strikes of some targets (for example those of one batch of violations), read with one query and kept
 * current as sanctions are imposed, so that a batch's later violations of one target count the strikes of its earlier
 * ones.
 */
public final class ActiveStrikes {
    private final Map<Target, List<Strike>> byTarget = new HashMap<>();

    private ActiveStrikes() {
    }

    /** Call inside the batch's transaction. */
    public static Uni<ActiveStrikes> of(Collection<Target> targets, Instant now) {
        List<String> accounts = targets.stream().map(Target::accountId).distinct().toList();
        ActiveStrikes strikes = new ActiveStrikes();
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(strikes);
        }
        return StrikeEntity.<StrikeEntity>list("accountId in ?1 and removedAt is null and (expiresAt is null or expiresAt > ?2)", accounts, now)
                .map(rows -> {
                    for (StrikeEntity s : rows) {
                        Target t = new Target(s.endUserId.isEmpty() ? Target.Kind.ACCOUNT : Target.Kind.END_USER, s.tenantId, s.accountId,
                                s.endUserId);
                        strikes.add(t, new Strike(Category.find(s.category).orElseThrow(), s.weight, s.at, s.expiresAt));
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
}
