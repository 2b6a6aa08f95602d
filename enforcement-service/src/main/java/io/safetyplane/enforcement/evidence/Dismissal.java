package io.safetyplane.enforcement.evidence;

import java.time.Instant;
import java.util.Objects;

/**
 * Evidence that will not be reported (a reviewer found the hash match false, or the report was abandoned and
 * retracted): the hold from detection ends at {@code at}.
 */
public record Dismissal(String by, Instant at, String reason) {

    public Dismissal {
        Preservation.requireText(by, "by");
        Objects.requireNonNull(at, "at");
        Preservation.requireText(reason, "reason");
    }
}
