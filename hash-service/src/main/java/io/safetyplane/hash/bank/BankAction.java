package io.safetyplane.hash.bank;

import java.util.Locale;
import java.util.Optional;

import io.safetyplane.contracts.hash.v1.MatchAction;

/** What the platform must do with content that matches a bank. Ordered from mildest to strongest. */
public enum BankAction {
    REVIEW,
    BLOCK,
    /** Block, preserve evidence and report (to NCMEC's CyberTipline for CSAM). Such a bank is a reporting bank. */
    BLOCK_AND_REPORT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean reporting() {
        return this == BLOCK_AND_REPORT;
    }

    public MatchAction toProto() {
        return switch (this) {
            case REVIEW -> MatchAction.MATCH_ACTION_REVIEW;
            case BLOCK -> MatchAction.MATCH_ACTION_BLOCK;
            case BLOCK_AND_REPORT -> MatchAction.MATCH_ACTION_BLOCK_AND_REPORT;
        };
    }

    public static Optional<BankAction> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (BankAction a : values()) {
            if (a.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
