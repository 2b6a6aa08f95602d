package io.safetyplane.cybertipline.fake;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The endpoints of the Reporting API, each under {@code /ispws}. */
public enum Endpoint {
    STATUS("GET", "/status"),
    XSD("GET", "/xsd"),
    SUBMIT("POST", "/submit"),
    UPLOAD("POST", "/upload"),
    FILEINFO("POST", "/fileinfo"),
    FINISH("POST", "/finish"),
    RETRACT("POST", "/retract");

    private final String method;
    private final String path;

    Endpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public String method() {
        return method;
    }

    /** The path below {@code /ispws}, such as {@code /submit}. */
    public String path() {
        return path;
    }

    static Optional<Endpoint> byPath(String path) {
        return Arrays.stream(values()).filter(e -> e.path.equals(path)).findFirst();
    }

    /** The endpoint named as in its path without the slash ({@code submit}), case-insensitive. */
    public static Endpoint byName(String name) {
        return byPath("/" + name.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("unknown endpoint '" + name + "'; one of "
                        + Arrays.toString(Arrays.stream(values()).map(e -> e.path.substring(1)).toArray())));
    }
}
