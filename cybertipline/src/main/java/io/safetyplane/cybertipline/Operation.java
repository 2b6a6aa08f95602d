package io.safetyplane.cybertipline;

/** The Reporting API's calls, relative to the base URL. */
public enum Operation {
    STATUS("/status"), SUBMIT("/submit"), UPLOAD("/upload"), FILE_INFO("/fileinfo"), FINISH("/finish"), RETRACT("/retract");

    private final String path;

    Operation(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
