package io.safetyplane.c2pa.reference;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client of the C2PA reference implementation (c2pa-rs compiled to WebAssembly) for tests: one
 * long-running {@code node verify.mjs --serve} process of the harness in {@code src/test/node}, asked
 * one file at a time. Validation is offline (no remote manifests, no OCSP).
 *
 * <pre>{@code
 * Optional<ReferenceValidator> ref = ReferenceValidator.start();
 * assumeTrue(ref.isPresent(), ReferenceValidator::unavailableReason);
 * try (ReferenceValidator v = ref.get()) {
 *     ReferenceValidator.Result r = v.verify(signedFile, rootPem);
 *     assertEquals("Trusted", r.validationState(), r::toString);
 * }
 * }</pre>
 *
 * <p>The harness path is relative to the working directory, which for surefire is the module directory.
 */
public final class ReferenceValidator implements AutoCloseable {

    /** The Node harness, relative to the c2pa module directory. */
    static final Path HARNESS = Path.of("src/test/node");
    private static final Path WASM_PACKAGE = HARNESS.resolve("node_modules/@contentauth/c2pa-wasm/package.json");
    private static final Path NPM_LOG = Path.of("target", "reference-harness-npm.log");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String EOF = "\u0000eof";

    private static volatile String unavailableReason = "ReferenceValidator.start() has not been called";

    /**
     * The reference's verdict on one file (the fields of one {@code verify.mjs} output line).
     *
     * @param validationState {@code "Invalid"}, {@code "Valid"}, {@code "Trusted"}, or null without a manifest
     * @param softwareAgent   of the first {@code c2pa.created} action, {@code "name/version"}
     * @param assertions      labels as listed in the claim (hard bindings included)
     * @param failureCodes    the active manifest's failure status codes
     * @param error           the reference's error message when it could not read the file, else null
     */
    public record Result(String file, boolean manifestPresent, String validationState, String activeManifest,
            Integer claimVersion, String claimGenerator, List<String> assertions, String digitalSourceType,
            String softwareAgent, List<String> failureCodes, List<String> successCodes,
            List<String> informationalCodes, String error) {

        /** Manifest read without error and {@code Valid} or {@code Trusted}. */
        public boolean valid() {
            return error == null && ("Valid".equals(validationState) || "Trusted".equals(validationState));
        }

        public boolean trusted() {
            return error == null && "Trusted".equals(validationState);
        }

        static Result fromJson(String line) {
            CBORObject o = CBORObject.FromJSONString(line);
            return new Result(text(o, "file"), bool(o, "manifestPresent"), text(o, "validationState"),
                    text(o, "activeManifest"), integer(o, "claimVersion"), text(o, "claimGenerator"),
                    texts(o, "assertions"), text(o, "digitalSourceType"), text(o, "softwareAgent"),
                    texts(o, "failureCodes"), texts(o, "successCodes"), texts(o, "informationalCodes"),
                    text(o, "error"));
        }

        private static String text(CBORObject o, String key) {
            CBORObject v = o.get(key);
            return v == null || v.isNull() ? null : v.getType() == CBORType.TextString ? v.AsString() : v.ToJSONString();
        }

        private static boolean bool(CBORObject o, String key) {
            CBORObject v = o.get(key);
            return v != null && v.isTrue();
        }

        private static Integer integer(CBORObject o, String key) {
            CBORObject v = o.get(key);
            return v == null || v.isNull() || !v.isNumber() ? null : v.AsInt32Value();
        }

        private static List<String> texts(CBORObject o, String key) {
            CBORObject v = o.get(key);
            if (v == null || v.getType() != CBORType.Array) {
                return List.of();
            }
            List<String> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(v.get(i).AsString());
            }
            return List.copyOf(out);
        }
    }

    private final Process process;
    private final Writer requests;
    private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
    private final Path stderrLog;
    private boolean outOfStep;

    private ReferenceValidator(Process process, Path stderrLog) {
        this.process = process;
        this.stderrLog = stderrLog;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    responses.add(line);
                }
            } catch (IOException e) {
                // process gone: reported below as end of output
            }
            responses.add(EOF);
        }, "reference-validator-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the harness, or returns empty when Node 20+ is missing or the harness is not installed;
     * {@link #unavailableReason()} then says why.
     */
    public static synchronized Optional<ReferenceValidator> start() {
        String problem = nodeProblem();
        if (problem == null && !Files.isRegularFile(WASM_PACKAGE)) {
            problem = "the C2PA reference harness is not installed: run `npm ci` in "
                    + HARNESS.toAbsolutePath().normalize() + npmLogTail();
        }
        if (problem != null) {
            unavailableReason = problem;
            return Optional.empty();
        }
        try {
            Path log = Files.isDirectory(Path.of("target"))
                    ? Files.createTempFile(Path.of("target"), "reference-validator-", ".log")
                    : Files.createTempFile("reference-validator-", ".log");
            Process p = new ProcessBuilder("node", "verify.mjs", "--serve")
                    .directory(HARNESS.toFile())
                    .redirectError(log.toFile())
                    .start();
            unavailableReason = null;
            return Optional.of(new ReferenceValidator(p, log));
        } catch (IOException e) {
            unavailableReason = "cannot start node verify.mjs --serve: " + e.getMessage();
            return Optional.empty();
        }
    }

    /** Why the last {@link #start()} returned empty; null after a successful start. */
    public static String unavailableReason() {
        return unavailableReason;
    }

    /**
     * Validates {@code file} with the reference, trusting the certificates of {@code trustAnchorsPemOrNull}
     * (without anchors a good signature is at best {@code Valid}).
     *
     * @throws IOException when the harness process died or did not answer in time
     */
    public synchronized Result verify(Path file, Path trustAnchorsPemOrNull) throws IOException {
        if (outOfStep) {
            throw new IOException("reference validator unusable after an earlier timeout");
        }
        CBORObject request = CBORObject.NewMap()
                .Add("file", file.toAbsolutePath().toString())
                .Add("trustAnchors", trustAnchorsPemOrNull == null
                        ? CBORObject.Null
                        : CBORObject.FromObject(trustAnchorsPemOrNull.toAbsolutePath().toString()));
        String line;
        try {
            requests.write(request.ToJSONString());
            requests.write('\n');
            requests.flush();
            line = responses.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the reference validator", e);
        } catch (IOException e) {
            throw new IOException("reference validator is not running" + stderrTail(), e);
        }
        if (line == null) {
            outOfStep = true; // a late answer would be taken for the next request's
            throw new IOException("reference validator did not answer within " + TIMEOUT.toSeconds() + " s for " + file);
        }
        if (line.equals(EOF)) {
            responses.add(EOF);
            throw new IOException("reference validator exited" + stderrTail());
        }
        return Result.fromJson(line);
    }

    @Override
    public void close() {
        try {
            requests.close(); // end of input: verify.mjs --serve exits
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            if (!process.isAlive() && Files.size(stderrLog) == 0) {
                Files.delete(stderrLog);
            }
        } catch (IOException e) {
            // keep the log
        }
    }

    private static String nodeProblem() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "`node --version` failed: " + out;
            }
            Matcher m = Pattern.compile("^v(\\d+)\\.").matcher(out);
            if (!m.find() || Integer.parseInt(m.group(1)) < 20) {
                return "the C2PA reference harness needs Node 20 or newer, found " + out;
            }
            return null;
        } catch (IOException e) {
            return "node is not installed (or not on the PATH): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for node";
        }
    }

    private static String npmLogTail() {
        return Files.isRegularFile(NPM_LOG) ? "; output of the build's last npm ci (" + NPM_LOG.toAbsolutePath() + ")" + tail(NPM_LOG) : "";
    }

    private String stderrTail() {
        return tail(stderrLog);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "" : ":\n" + String.join("\n", last);
        } catch (IOException e) {
            return "";
        }
    }
}
