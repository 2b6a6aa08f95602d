package io.safetyplane.cybertipline.job;

import java.util.Objects;

/**
 * One file of the open report: uploaded as {@code fileId}, and whether its {@code /fileinfo} was acknowledged.
 *
 * @param state {@code UPLOADED} or {@code FILE_INFO_SENT}
 */
public record FileProgress(String fileName, String fileId, State state) {
    public enum State {
        UPLOADED, FILE_INFO_SENT
    }

    public FileProgress {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(state, "state");
    }
}
