package io.safetyplane.enforcement.ladder;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A subject's standing: a pure function of the sanctions still in force, so that removing a sanction (an overturned
 * appeal) restores the standing it replaced.
 *
 * @param level        the strictest level in force
 * @param until        when every sanction at that level has ended (the level may then drop to a milder one still in
 *                     force); null for no end: disabled, or suspended pending review, or {@link Level#ACTIVE}
 * @param restrictions scopes restricted at {@code now}, sorted (also listed when a stricter level applies)
 */
public record Standing(Level level, Instant until, Set<String> restrictions) {

    /** Default time a warning keeps a subject {@link Level#WARNED}. */
    public static final Duration DEFAULT_WARNING_PERIOD = Duration.ofDays(30);

    /** Standing levels, mildest first. */
    public enum Level {
        ACTIVE, WARNED, RESTRICTED, SUSPENDED, DISABLED
    }

    public Standing {
        Objects.requireNonNull(level, "level");
        restrictions = Collections.unmodifiableSet(new TreeSet<>(restrictions));
    }

    /** Good standing. */
    public static Standing active() {
        return new Standing(Level.ACTIVE, null, Set.of());
    }

    /**
     * The standing at {@code now}: the strictest level among the sanctions in force (see
     * {@link SanctionRecord#inForce}); a warning is in force for {@code warningPeriod} from its time.
     */
    public static Standing of(Collection<SanctionRecord> sanctions, Instant now, Duration warningPeriod) {
        Objects.requireNonNull(now, "now");
        if (warningPeriod.isNegative() || warningPeriod.isZero()) {
            throw new IllegalArgumentException("warningPeriod must be positive");
        }
        Level level = Level.ACTIVE;
        Instant until = null;
        boolean open = false;
        Set<String> restrictions = new TreeSet<>();
        for (SanctionRecord s : sanctions) {
            if (!s.inForce(now, warningPeriod)) {
                continue;
            }
            if (s.action() == Action.RESTRICT) {
                restrictions.add(s.scope());
            }
            Level l = s.action().level();
            Instant end = s.end(warningPeriod);
            if (l.compareTo(level) > 0) {
                level = l;
                until = end;
                open = end == null;
            } else if (l == level) {
                open |= end == null;
                until = open ? null : until.isAfter(end) ? until : end;
            }
        }
        return new Standing(level, open ? null : until, restrictions);
    }

    /** True when the subject may not use the service at all (suspended or disabled). */
    public boolean blocked() {
        return level.compareTo(Level.SUSPENDED) >= 0;
    }
}
