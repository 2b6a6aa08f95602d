package io.safetyplane.enforcement.standing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.safetyplane.enforcement.ladder.Action;
import io.safetyplane.enforcement.ladder.SanctionRecord;
import io.safetyplane.enforcement.ladder.Standing;
import io.safetyplane.enforcement.model.AccountEntity;
import io.safetyplane.enforcement.model.SanctionEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The standing of an account, or of one of a business's end users: the strictest of the sanctions in force against
 * the account itself and against that end user. A pure function of the sanctions not lifted, so lifting one (an
 * overturned appeal) restores the standing.
 */
@ApplicationScoped
public class Standings {

    /** What the gates see. */
    public record Result(Standing standing, boolean known, boolean policyAccepted, List<String> sanctionIds) {
    }

    private final Clock clock;
    private final Duration warningPeriod;
    private final String aupVersion;

    public Standings(Clock clock, io.safetyplane.enforcement.config.EnforcementConfig config) {
        this.clock = clock;
        this.warningPeriod = config.warningPeriod();
        this.aupVersion = config.aupVersion();
    }

    /** Call inside a Hibernate Reactive session. */
    public Uni<Result> of(String tenantId, String accountId, String endUserId) {
        Instant now = clock.instant();
        String endUser = endUserId == null ? "" : endUserId;
        return SanctionEntity.<SanctionEntity>list("tenantId = ?1 and accountId = ?2 and (endUserId = '' or endUserId = ?3) and liftedAt is null",
                tenantId, accountId, endUser)
                .flatMap(sanctions -> AccountEntity.<AccountEntity>findById(new AccountEntity.Key(tenantId, accountId)).map(account -> {
                    List<SanctionRecord> records = new ArrayList<>();
                    List<SanctionEntity> inForce = new ArrayList<>();
                    for (SanctionEntity s : sanctions) {
                        Action action = Action.valueOf(s.action.toUpperCase(java.util.Locale.ROOT));
                        SanctionRecord r = new SanctionRecord(action, null, s.startsAt, s.endsAt);
                        records.add(r);
                        if (Standing.of(List.of(r), now, warningPeriod).level() != Standing.Level.ACTIVE) {
                            inForce.add(s);
                        }
                    }
                    inForce.sort(Comparator.comparing((SanctionEntity s) -> Action.valueOf(s.action.toUpperCase(java.util.Locale.ROOT)))
                            .reversed());
                    // only an acceptance of the current policy counts: a new version must be accepted anew
                    boolean accepted = account != null && account.aupAcceptedAt != null && account.adultAttested
                            && aupVersion.equals(account.aupVersion);
                    return new Result(Standing.of(records, now, warningPeriod), account != null || !sanctions.isEmpty(), accepted,
                            inForce.stream().map(s -> s.id.toString()).toList());
                }));
    }
}
