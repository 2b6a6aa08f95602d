package io.safetyplane.cybertipline.job;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One file of an incident's report.
 *
 * @param fileName the name the file is uploaded and described under (unique within the incident; no quotes,
 *        backslashes or control characters)
 * @param content the bytes as received, read each time the file is uploaded (for example from the evidence vault)
 * @param facts what {@code <fileDetails>} says about the file
 */
public record ReportFile(String fileName, Supplier<byte[]> content, FileFacts facts) {
    /** Stands in for the ids NCMEC has not assigned yet, so that the details can be checked before anything is sent. */
    static final long PLACEHOLDER_REPORT_ID = 1;
    static final String PLACEHOLDER_FILE_ID = "not-yet-uploaded";

    public ReportFile {
        Objects.requireNonNull(fileName, "fileName is required");
        if (fileName.isBlank() || fileName.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '"' || c == '\\')) {
            throw new IllegalArgumentException("fileName must not be blank or contain quotes, backslashes or control characters");
        }
        Objects.requireNonNull(content, "content is required");
        Objects.requireNonNull(facts, "facts is required");
        // FileDetails checks the facts now rather than halfway through filing
        facts.details(PLACEHOLDER_REPORT_ID, PLACEHOLDER_FILE_ID, fileName);
    }

    /** A file whose bytes are already in memory. */
    public static ReportFile of(String fileName, byte[] bytes, FileFacts facts) {
        byte[] copy = Objects.requireNonNull(bytes, "bytes are required").clone();
        return new ReportFile(fileName, copy::clone, facts);
    }
}
