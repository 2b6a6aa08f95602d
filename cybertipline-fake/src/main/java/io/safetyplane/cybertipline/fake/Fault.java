package io.safetyplane.cybertipline.fake;

import java.time.Duration;
import java.util.Objects;

/** A failure the fake plays instead of (or on top of) the normal answer to one call. */
public sealed interface Fault {

    /** HTTP 200 whose body carries {@code code}, like the real service; the call has no effect. */
    static Fault responseCode(int code) {
        return new ResponseCode(code);
    }

    /** A bare HTTP status such as 502 or 503 from the edge, without a CyberTipline body; the call has no effect. */
    static Fault httpStatus(int status) {
        return new HttpStatus(status);
    }

    /**
     * The call takes effect, but its answer is held back for {@code delay} (or until the fake closes), longer than the
     * client waits: the client times out without knowing that, for example, its report was filed.
     */
    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    /** The connection closes without an answer, after the request was read; the call has no effect. */
    static Fault dropConnection() {
        return new DropConnection();
    }

    record ResponseCode(int code) implements Fault {
        public ResponseCode {
            if (code == 0) {
                throw new IllegalArgumentException("response code 0 is success, not a fault");
            }
        }
    }

    record HttpStatus(int status) implements Fault {
        public HttpStatus {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an HTTP fault status is 4xx or 5xx, not " + status);
            }
        }
    }

    record Delay(Duration delay) implements Fault {
        public Delay {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("a delay is positive");
            }
        }
    }

    record DropConnection() implements Fault {
    }
}
