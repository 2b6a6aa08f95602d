package io.safetyplane.cybertipline.fake;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to the test-only {@code POST /_admin/faults} (a URL-encoded or multipart form), one of:
 * <ul>
 * <li>{@code endpoint=submit&times=2&code=1000}: the next calls answer HTTP 200 with that response code;</li>
 * <li>{@code endpoint=finish&http=503}: a bare HTTP status;</li>
 * <li>{@code endpoint=finish&delayMs=60000}: the call takes effect, its answer comes that late;</li>
 * <li>{@code endpoint=upload&drop=true}: the connection closes without an answer;</li>
 * <li>{@code expire=open}: every unfinished report expires now;</li>
 * <li>{@code reset=true}: forget reports, faults and counts.</li>
 * </ul>
 * {@code times} defaults to 1.
 */
@FunctionalInterface
interface AdminCommand {
    List<String> FAULT_FIELDS = List.of("code", "http", "delayMs", "drop");

    /** Applies the command; answers what it did. */
    String applyTo(FakeCyberTipline fake);

    static AdminCommand parse(Map<String, FormData.Part> form) {
        if (form.containsKey("expire")) {
            if (!"open".equals(form.get("expire").text())) {
                throw new IllegalArgumentException("expire takes the value 'open'");
            }
            return fake -> {
                fake.expireOpenReports();
                return "expired every open report";
            };
        }
        if (form.containsKey("reset")) {
            return fake -> {
                fake.reset();
                return "reset";
            };
        }
        if (!form.containsKey("endpoint")) {
            throw new IllegalArgumentException("name an endpoint (endpoint=submit) with one of " + FAULT_FIELDS
                    + ", or send expire=open or reset=true");
        }
        Endpoint endpoint = Endpoint.byName(form.get("endpoint").text());
        int times = form.containsKey("times") ? integer(form, "times") : 1;
        List<String> given = FAULT_FIELDS.stream().filter(form::containsKey).toList();
        if (given.size() != 1) {
            throw new IllegalArgumentException("give exactly one of " + FAULT_FIELDS + ", not " + given);
        }
        Fault fault = switch (given.get(0)) {
            case "code" -> Fault.responseCode(integer(form, "code"));
            case "http" -> Fault.httpStatus(integer(form, "http"));
            case "delayMs" -> Fault.delay(Duration.ofMillis(integer(form, "delayMs")));
            default -> {
                if (!"true".equals(form.get("drop").text())) {
                    throw new IllegalArgumentException("drop takes the value 'true'");
                }
                yield Fault.dropConnection();
            }
        };
        return fake -> {
            fake.failNext(endpoint, times, fault);
            return "the next " + times + " call(s) to " + endpoint.path() + " play " + fault;
        };
    }

    private static int integer(Map<String, FormData.Part> form, String name) {
        String value = form.get(name).text();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not '" + value + "'");
        }
    }
}
