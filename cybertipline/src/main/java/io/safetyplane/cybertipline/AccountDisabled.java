package io.safetyplane.cybertipline;

import java.time.Instant;

/**
 * The enforcement action on the reported account: {@code accountTemporarilyDisabled} or
 * {@code accountPermanentlyDisabled} (value {@code true}) with the attributes {@code disabledDate},
 * {@code userNotified} and {@code userNotifiedDate} (required when the user was notified, absent otherwise).
 */
public record AccountDisabled(boolean permanently, Instant disabledDate, boolean userNotified, Instant userNotifiedDate) {
    public AccountDisabled {
        Require.present(disabledDate, "account disabled/@disabledDate");
        if (userNotified && userNotifiedDate == null) {
            throw new IllegalArgumentException("account disabled/@userNotifiedDate is required when the user was notified");
        }
        if (!userNotified && userNotifiedDate != null) {
            throw new IllegalArgumentException("account disabled/@userNotifiedDate given but userNotified is false");
        }
    }
}
