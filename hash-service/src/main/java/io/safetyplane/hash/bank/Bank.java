package io.safetyplane.hash.bank;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.safetyplane.contracts.hash.v1.BankConfig;

/**
 * A named hash list and what a match in it means. Immutable; a change is a new {@code Bank} on
 * the bank-changes topic.
 *
 * @param pdqThreshold largest Hamming distance that counts as a PDQ match (0 to {@value #MAX_PDQ_THRESHOLD})
 * @param qualityFloor PDQ query hashes of lower quality are not matched against this bank
 */
public record Bank(String name, String source, String category, int pdqThreshold, int qualityFloor, boolean enabled,
        BankAction action, String description, Instant createdAt, Instant updatedAt) {

    public static final int DEFAULT_PDQ_THRESHOLD = 31;
    public static final int DEFAULT_QUALITY_FLOOR = 50;
    public static final int MAX_PDQ_THRESHOLD = 63;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** Everything wrong with this bank's settings; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        if (source == null || !WORD.matcher(source).matches()) {
            problems.add("source must be a lowercase word such as ncmec, iwf, thorn or internal");
        }
        if (category == null || !WORD.matcher(category).matches()) {
            problems.add("category must be a lowercase word such as csam or ncii");
        }
        if (pdqThreshold < 0 || pdqThreshold > MAX_PDQ_THRESHOLD) {
            problems.add("pdqThreshold must be between 0 and " + MAX_PDQ_THRESHOLD);
        }
        if (qualityFloor < 0 || qualityFloor > 100) {
            problems.add("qualityFloor must be between 0 and 100");
        }
        if (action == null) {
            problems.add("action must be one of review, block, block_and_report");
        }
        if (description != null && description.length() > 1000) {
            problems.add("description must be at most 1000 characters");
        }
        return problems;
    }

    public BankConfig toProto() {
        return BankConfig.newBuilder()
                .setName(name)
                .setSource(source)
                .setCategory(category)
                .setPdqThreshold(pdqThreshold)
                .setQualityFloor(qualityFloor)
                .setEnabled(enabled)
                .setAction(action.wireName())
                .setDescription(description == null ? "" : description)
                .setCreatedAtMillis(createdAt.toEpochMilli())
                .setUpdatedAtMillis(updatedAt.toEpochMilli())
                .build();
    }

    /** Reads a bank from the topic; unknown actions read as REVIEW so that nothing silently blocks less. */
    public static Bank fromProto(BankConfig c) {
        return new Bank(c.getName(), c.getSource(), c.getCategory(), c.getPdqThreshold(), c.getQualityFloor(),
                c.getEnabled(), BankAction.parse(c.getAction()).orElse(BankAction.REVIEW),
                c.getDescription().isEmpty() ? null : c.getDescription(),
                Instant.ofEpochMilli(c.getCreatedAtMillis()), Instant.ofEpochMilli(c.getUpdatedAtMillis()));
    }
}
