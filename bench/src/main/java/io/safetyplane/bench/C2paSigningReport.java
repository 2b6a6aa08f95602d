package io.safetyplane.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import io.safetyplane.c2pa.ManifestSigner;
import io.safetyplane.c2pa.ManifestVerifier;
import io.safetyplane.c2pa.ValidationReport;
import io.safetyplane.c2pa.ValidationState;
import io.safetyplane.c2pa.asset.AssetFormat;
import io.safetyplane.c2pa.cose.ClaimSigner;
import io.safetyplane.c2pa.cose.DevPki;
import io.safetyplane.c2pa.cose.TimestampAuthority;
import io.safetyplane.c2pa.cose.TrustAnchors;

/**
 * C2PA signing and verification throughput of the {@code c2pa} module (docs/benchmarks.md, "C2PA signing
 * and verification"), side by side with the C2PA reference implementation (c2pa-rs compiled to WebAssembly,
 * {@code c2pa/src/test/node/sign.mjs}) on the same files, keys and kind of manifest.
 *
 * <p>The inputs are generated with fixed seeds (JPEG at 0.25, 1 and 4 megapixels, PNG and lossless WebP at 1 MP,
 * 10 s of 48 kHz stereo WAV, an MP4 grown to 4 MB) or are the unsigned samples of {@code test-support}
 * (small JPEG, PNG, WebP, WAV, MP3, MP4), and are written to the work directory with the dev PKI, so that the
 * reference signs exactly the same bytes with exactly the same key and chain.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.safetyplane.bench.C2paSigningReport [options]
 *   --seconds S          measuring time per figure (default 5; warm-up S/3 before each)
 *   --dir DIR            work directory: inputs, pki/, java/ (our signed outputs), ref/ (default bench/target/c2pa-bench)
 *   --harness DIR        the reference harness (default c2pa/src/test/node)
 *   --skip-reference     Java figures only
 *   --out FILE           also write the report to FILE
 * </pre>
 */
public final class C2paSigningReport {

    private static final ManifestSigner.Generator GENERATOR = new ManifestSigner.Generator("safety-plane-bench", "0.1.0");
    private static final ManifestSigner.Generation GENERATION = new ManifestSigner.Generation("bench-model", "1.0", Optional.empty());

    /** One benchmark input. */
    record Input(String name, AssetFormat format, String what, byte[] bytes) {
    }

    /** Per-call latencies (sorted, ms) and the call rate over the measuring time. */
    record Timing(double[] sortedMs, double perSecond, double cpuMsPerCall) {
        double median() {
            return percentile(0.5);
        }

        double p99() {
            return percentile(0.99);
        }

        double percentile(double p) {
            return sortedMs[Math.min(sortedMs.length - 1, Math.max(0, (int) Math.ceil(p * sortedMs.length) - 1))];
        }

        int calls() {
            return sortedMs.length;
        }
    }

    /** A reference (sign.mjs) result line. */
    record Reference(long bytes, long iterations, double msMedian, double msP99, double mbPerSecond, String error) {
    }

    interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            if (a.equals("--skip-reference")) {
                opt.put(a.substring(2), "true");
            } else if (i + 1 < args.length) {
                opt.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        double seconds = Double.parseDouble(opt.getOrDefault("seconds", "5"));
        Path dir = Path.of(opt.getOrDefault("dir", "bench/target/c2pa-bench")).toAbsolutePath();
        Path harness = Path.of(opt.getOrDefault("harness", "c2pa/src/test/node")).toAbsolutePath();
        boolean reference = !opt.containsKey("skip-reference");

        StringBuilder report = new StringBuilder();
        PrintStream out = new PrintStream(System.out, true);
        Consumer<String> line = s -> {
            out.println(s);
            report.append(s).append('\n');
        };
        line.accept(String.format(Locale.ROOT, "# C2PA signing and verification: Java %s (%s, %s), %d processors, CPU %s",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("java.vendor"),
                Runtime.getRuntime().availableProcessors(), cpuModel()));
        line.accept("# load average at start: " + loadAverage());
        line.accept(String.format(Locale.ROOT, "# %.1f s per figure after %.1f s of warm-up (verification: %.1f s after %.1f s), "
                + "%.1f s of warm-up over all inputs first; work directory %s", seconds, seconds / 3, Math.max(1, seconds / 2),
                Math.max(1, seconds / 2) / 3, Math.max(3, seconds), dir));

        // --- inputs and keys --------------------------------------------------------------------------
        List<Input> inputs = inputs();
        Files.createDirectories(dir.resolve("java"));
        Map<Input, Path> files = new LinkedHashMap<>();
        for (Input in : inputs) {
            Path f = dir.resolve(in.name());
            Files.write(f, in.bytes());
            files.put(in, f);
        }
        DevPki pki = DevPki.create("Safety Plane Bench", Duration.ofDays(30), Clock.systemUTC());
        Path pkiDir = dir.resolve("pki");
        pki.writePem(pkiDir);
        ClaimSigner es256 = pki.signer();
        ClaimSigner ps256 = pki.leafBuilder().keyAlgorithm(DevPki.KeyAlgorithm.RSA_2048).commonName("Bench PS256 signer").build().signer();
        ClaimSigner ed25519 = pki.leafBuilder().keyAlgorithm(DevPki.KeyAlgorithm.ED25519).commonName("Bench Ed25519 signer").build().signer();
        TimestampAuthority tsa = pki.timestampAuthority();
        ManifestVerifier verifier = new ManifestVerifier(pki.trustAnchors(), TrustAnchors.none(), Clock.systemUTC());
        line.accept("");
        line.accept("## Inputs");
        line.accept("");
        line.accept("| file | format | bytes | what |");
        line.accept("|---|---|---|---|");
        for (Input in : inputs) {
            line.accept(String.format(Locale.ROOT, "| %s | %s | %,d | %s |", in.name(), in.format(), in.bytes().length, in.what()));
        }

        // --- Java signing, ES256, no timestamp, one thread ------------------------------------------------
        ManifestSigner signer = new ManifestSigner(GENERATOR, es256);
        // one warm-up over every input before the first figure: the JIT compiles the shared hashing and embedding
        // code (a cold run of the first large file is several times slower), then each figure has its own warm-up
        long warmEnd = System.nanoTime() + (long) (Math.max(3, seconds) * 1e9);
        while (System.nanoTime() < warmEnd) {
            for (Input in : inputs) {
                verifier.verify(signer.sign(in.bytes(), in.format(), GENERATION, null).asset(), in.format());
            }
        }
        Map<Input, Timing> javaSign = new LinkedHashMap<>();
        Map<Input, ManifestSigner.Signed> signed = new LinkedHashMap<>();
        for (Input in : inputs) {
            ManifestSigner.Signed first = signer.sign(in.bytes(), in.format(), GENERATION, null);
            signed.put(in, first);
            Files.write(dir.resolve("java").resolve(signedName(in.name())), first.asset());
            javaSign.put(in, time(seconds, () -> signer.sign(in.bytes(), in.format(), GENERATION, null)));
        }
        line.accept("");
        line.accept("## Java signing (ES256, no timestamp, one thread)");
        line.accept("");
        line.accept("| file | format | size | median ms | p99 ms | MB/s (size / median) | signatures/s | CPU ms/signature | manifest store bytes |");
        line.accept("|---|---|---|---|---|---|---|---|---|");
        for (Input in : inputs) {
            Timing t = javaSign.get(in);
            line.accept(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.0f | %.0f | %.3f | %,d |", in.name(), in.format(),
                    size(in.bytes().length), t.median(), t.p99(), mbPerSecond(in.bytes().length, t.median()), t.perSecond(),
                    t.cpuMsPerCall(), signed.get(in).storeLength()));
        }

        // --- variants on the 1 MP JPEG ----------------------------------------------------------------
        Input mp1 = inputs.stream().filter(i -> i.name().equals("photo-1mp.jpg")).findFirst().orElseThrow();
        ManifestSigner psSigner = new ManifestSigner(GENERATOR, ps256);
        ManifestSigner edSigner = new ManifestSigner(GENERATOR, ed25519);
        Map<String, ManifestSigner.Signed> variantOutputs = new LinkedHashMap<>();
        variantOutputs.put("ES256 + timestamp", signer.sign(mp1.bytes(), mp1.format(), GENERATION, tsa));
        variantOutputs.put("PS256 (RSA 2048)", psSigner.sign(mp1.bytes(), mp1.format(), GENERATION, null));
        variantOutputs.put("Ed25519", edSigner.sign(mp1.bytes(), mp1.format(), GENERATION, null));
        Files.write(dir.resolve("java").resolve("photo-1mp.ts.signed.jpg"), variantOutputs.get("ES256 + timestamp").asset());
        Files.write(dir.resolve("java").resolve("photo-1mp.ps256.signed.jpg"), variantOutputs.get("PS256 (RSA 2048)").asset());
        Files.write(dir.resolve("java").resolve("photo-1mp.ed25519.signed.jpg"), variantOutputs.get("Ed25519").asset());
        Timing withTsa = time(seconds, () -> signer.sign(mp1.bytes(), mp1.format(), GENERATION, tsa));
        Timing ps = time(seconds, () -> psSigner.sign(mp1.bytes(), mp1.format(), GENERATION, null));
        Timing ed = time(seconds, () -> edSigner.sign(mp1.bytes(), mp1.format(), GENERATION, null));
        double twoThreads = concurrent(seconds, 2, () -> signer.sign(mp1.bytes(), mp1.format(), GENERATION, null));
        Timing es = javaSign.get(mp1);
        line.accept("");
        line.accept(String.format(Locale.ROOT, "## Java signing of %s (%s): algorithms, timestamp, threads", mp1.name(), size(mp1.bytes().length)));
        line.accept("");
        line.accept("| variant | threads | median ms | p99 ms | signatures/s | CPU ms/signature |");
        line.accept("|---|---|---|---|---|---|");
        line.accept(String.format(Locale.ROOT, "| ES256, no timestamp | 1 | %.3f | %.3f | %.0f | %.3f |", es.median(), es.p99(), es.perSecond(), es.cpuMsPerCall()));
        line.accept(String.format(Locale.ROOT, "| ES256 + RFC 3161 timestamp from the in-process TSA (no network) | 1 | %.3f | %.3f | %.0f | %.3f |",
                withTsa.median(), withTsa.p99(), withTsa.perSecond(), withTsa.cpuMsPerCall()));
        line.accept(String.format(Locale.ROOT, "| PS256 (RSA 2048), no timestamp | 1 | %.3f | %.3f | %.0f | %.3f |", ps.median(), ps.p99(), ps.perSecond(), ps.cpuMsPerCall()));
        line.accept(String.format(Locale.ROOT, "| Ed25519, no timestamp | 1 | %.3f | %.3f | %.0f | %.3f |", ed.median(), ed.p99(), ed.perSecond(), ed.cpuMsPerCall()));
        line.accept(String.format(Locale.ROOT, "| ES256, no timestamp | 2 | | | %.0f (%.2f× one thread) | |", twoThreads, twoThreads / es.perSecond()));

        // --- primitives ------------------------------------------------------------------------------
        primitives(seconds, mp1, es256, ps256, ed25519, line);

        // --- Java verification ------------------------------------------------------------------------
        line.accept("");
        line.accept("## Java verification (ManifestVerifier, DevPki root as trust anchor, one thread)");
        line.accept("");
        line.accept("| file | format | size | signed with | state | median ms | p99 ms | verifications/s | MB/s (size / median) |");
        line.accept("|---|---|---|---|---|---|---|---|---|");
        double verifySeconds = Math.max(1, seconds / 2);
        for (Input in : inputs) {
            verifyRow(line, verifier, in.name(), in.format(), "ES256", signed.get(in).asset(), verifySeconds);
        }
        for (Map.Entry<String, ManifestSigner.Signed> v : variantOutputs.entrySet()) {
            verifyRow(line, verifier, mp1.name(), mp1.format(), v.getKey(), v.getValue().asset(), verifySeconds);
        }

        // --- the reference, side by side --------------------------------------------------------------
        if (reference) {
            reference(line, harness, dir, pkiDir, seconds, inputs, files, javaSign, verifier);
        } else {
            line.accept("");
            line.accept("# --skip-reference: the reference implementation was not run");
        }

        line.accept("");
        line.accept("# load average at end: " + loadAverage());
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), report);
        }
    }

    // --- primitives ---------------------------------------------------------------------------------

    private static void primitives(double seconds, Input mp1, ClaimSigner es256, ClaimSigner ps256, ClaimSigner ed25519,
            Consumer<String> line) throws Exception {
        double s = Math.max(1, seconds / 2);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] big = new byte[16 << 20];
        new SplittableRandom(7).nextBytes(big);
        Timing shaBig = time(s, () -> sha.digest(big));
        Timing shaMp1 = time(s, () -> sha.digest(mp1.bytes()));
        // what the claim signature covers: the COSE Sig_structure with the x5chain protected header and the claim
        byte[] tbs = new byte[1400];
        new SplittableRandom(11).nextBytes(tbs);
        Timing esSign = time(s, () -> es256.sign(tbs));
        Timing psSign = time(s, () -> ps256.sign(tbs));
        Timing edSign = time(s, () -> ed25519.sign(tbs));
        Signature esVerify = Signature.getInstance("SHA256withECDSAinP1363Format");
        esVerify.initVerify(es256.chain().get(0).getPublicKey());
        byte[] esSig = es256.sign(tbs);
        Timing esVer = time(s, () -> {
            esVerify.update(tbs);
            if (!esVerify.verify(esSig)) {
                throw new IllegalStateException("ES256 signature does not verify");
            }
        });
        Signature probe = Signature.getInstance("SHA256withECDSAinP1363Format");
        line.accept("");
        line.accept(String.format(Locale.ROOT, "## Primitives, one thread (JCA providers: SHA-256 %s, ECDSA %s, RSASSA-PSS %s, Ed25519 %s)",
                sha.getProvider().getName(), probe.getProvider().getName(), Signature.getInstance("RSASSA-PSS").getProvider().getName(),
                Signature.getInstance("Ed25519").getProvider().getName()));
        line.accept("");
        line.accept("| operation | median ms | per second | MB/s |");
        line.accept("|---|---|---|---|");
        line.accept(String.format(Locale.ROOT, "| SHA-256 of 16 MiB | %.3f | %.1f | %.0f |", shaBig.median(), shaBig.perSecond(), mbPerSecond(big.length, shaBig.median())));
        line.accept(String.format(Locale.ROOT, "| SHA-256 of %s (%s) | %.3f | %.0f | %.0f |", mp1.name(), size(mp1.bytes().length), shaMp1.median(),
                shaMp1.perSecond(), mbPerSecond(mp1.bytes().length, shaMp1.median())));
        line.accept(String.format(Locale.ROOT, "| ES256 sign (KeySigner, %d bytes) | %.3f | %.0f | |", tbs.length, esSign.median(), esSign.perSecond()));
        line.accept(String.format(Locale.ROOT, "| ES256 verify (%d bytes) | %.3f | %.0f | |", tbs.length, esVer.median(), esVer.perSecond()));
        line.accept(String.format(Locale.ROOT, "| PS256 sign, RSA 2048 (KeySigner) | %.3f | %.0f | |", psSign.median(), psSign.perSecond()));
        line.accept(String.format(Locale.ROOT, "| Ed25519 sign (KeySigner) | %.3f | %.0f | |", edSign.median(), edSign.perSecond()));
    }

    private static void verifyRow(Consumer<String> line, ManifestVerifier verifier, String name, AssetFormat format, String signedWith,
            byte[] asset, double seconds) throws Exception {
        ValidationReport r = verifier.verify(asset, format);
        if (r.state() != ValidationState.TRUSTED) {
            throw new IllegalStateException(name + " signed with " + signedWith + " does not verify as Trusted: " + r.state()
                    + ", failures " + r.failure());
        }
        Timing t = time(seconds, () -> {
            if (verifier.verify(asset, format).state() != ValidationState.TRUSTED) {
                throw new IllegalStateException(name + ": not Trusted on a repeat");
            }
        });
        line.accept(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.3f | %.3f | %.0f | %.0f |", name, format, size(asset.length), signedWith,
                r.state().display(), t.median(), t.p99(), t.perSecond(), mbPerSecond(asset.length, t.median())));
    }

    // --- the reference implementation ------------------------------------------------------------------

    private static void reference(Consumer<String> line, Path harness, Path dir, Path pkiDir, double seconds, List<Input> inputs,
            Map<Input, Path> files, Map<Input, Timing> javaSign, ManifestVerifier verifier) throws Exception {
        line.accept("");
        line.accept("## Side by side with the C2PA reference implementation (ES256, no timestamp, one thread)");
        line.accept("");
        if (!Files.isRegularFile(harness.resolve("sign.mjs"))) {
            line.accept("# reference skipped: no sign.mjs in " + harness + " (give the harness directory with --harness)");
            return;
        }
        if (!Files.isDirectory(harness.resolve("node_modules/@contentauth/c2pa-wasm"))) {
            line.accept("# the reference harness is not installed: running npm ci in " + harness);
            Run npm = run(harness, List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
            if (npm.exit() != 0 || !Files.isDirectory(harness.resolve("node_modules/@contentauth/c2pa-wasm"))) {
                line.accept("# reference skipped: npm ci failed (exit " + npm.exit() + "): " + lastLines(npm.output(), 5));
                return;
            }
        }
        List<String> cmd = new ArrayList<>(List.of("node", "sign.mjs", "--cert", pkiDir.resolve("chain.pem").toString(), "--key",
                pkiDir.resolve("signing-key.pem").toString(), "--seconds", fmt(seconds), "--out", dir.resolve("ref").toString()));
        for (Path f : files.values()) {
            cmd.add(f.toString());
        }
        String node = nodeVersion(harness);
        Run sign = run(harness, cmd, (long) (inputs.size() * seconds * 2 + 120));
        Map<String, Reference> ref = new LinkedHashMap<>();
        for (String l : sign.output().split("\n")) {
            if (l.startsWith("{")) {
                String file = str(l, "file");
                ref.put(file, new Reference((long) num(l, "bytes"), (long) num(l, "iterations"), num(l, "msMedian"), num(l, "msP99"),
                        num(l, "mbPerSecond"), str(l, "error")));
            }
        }
        if (sign.exit() != 0 || ref.isEmpty()) {
            line.accept("# reference sign.mjs failed (exit " + sign.exit() + "): " + lastLines(sign.output(), 5));
        }
        line.accept(String.format(Locale.ROOT, "reference: @contentauth/c2pa-wasm 0.15.0 (c2pa-rs 0.92 as WebAssembly) in Node %s, "
                + "sign.mjs --seconds %s; Java: ManifestSigner with the same key and chain (pki/chain.pem, pki/signing-key.pem)", node, fmt(seconds)));
        line.accept("");
        line.accept("| file | format | size | Java ES256 median ms | p99 | MB/s | reference (c2pa-rs WASM) median ms | p99 | MB/s | reference / Java median |");
        line.accept("|---|---|---|---|---|---|---|---|---|---|");
        for (Input in : inputs) {
            Timing t = javaSign.get(in);
            Reference r = ref.get(files.get(in).toString());
            String refCols;
            if (r == null) {
                refCols = "not run | | | |";
            } else if (r.error() != null) {
                refCols = "error: " + r.error().replace('|', '/') + " | | | |";
            } else {
                refCols = String.format(Locale.ROOT, "%.3f | %.3f | %.0f | %.2f× |", r.msMedian(), r.msP99(), r.mbPerSecond(), r.msMedian() / t.median());
            }
            line.accept(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.0f | %s", in.name(), in.format(), size(in.bytes().length),
                    t.median(), t.p99(), mbPerSecond(in.bytes().length, t.median()), refCols));
        }

        // our signed outputs under the reference, and the reference's under our verifier
        List<String> verify = new ArrayList<>(List.of("node", "verify.mjs", "--trust-anchors", pkiDir.resolve("root.pem").toString()));
        List<Path> javaOutputs = new ArrayList<>();
        try (var list = Files.list(dir.resolve("java"))) {
            list.sorted().forEach(javaOutputs::add);
        }
        javaOutputs.forEach(p -> verify.add(p.toString()));
        Run check = run(harness, verify, 300);
        line.accept("");
        line.accept("Java-signed outputs validated by the reference (`verify.mjs --trust-anchors pki/root.pem`):");
        line.accept("");
        line.accept("| Java-signed file | reference validationState | failure codes |");
        line.accept("|---|---|---|");
        boolean allTrusted = true;
        int seen = 0;
        for (String l : check.output().split("\n")) {
            if (l.startsWith("{")) {
                seen++;
                String state = str(l, "validationState");
                allTrusted &= "Trusted".equals(state);
                Matcher m = Pattern.compile("\"failureCodes\":(\\[[^\\]]*\\])").matcher(l);
                line.accept(String.format(Locale.ROOT, "| %s | %s | %s |", Path.of(str(l, "file")).getFileName(), state,
                        m.find() ? m.group(1) : String.valueOf(str(l, "error"))));
            }
        }
        if (seen != javaOutputs.size() || !allTrusted) {
            throw new IllegalStateException("the reference does not find every Java-signed output Trusted (" + seen + " of "
                    + javaOutputs.size() + " answered): " + lastLines(check.output(), 5));
        }

        List<String> refStates = new ArrayList<>();
        Path refDir = dir.resolve("ref");
        if (Files.isDirectory(refDir)) {
            try (var list = Files.list(refDir)) {
                for (Path p : list.sorted().toList()) {
                    ValidationReport r = verifier.verify(Files.readAllBytes(p), null);
                    refStates.add(p.getFileName() + " " + (r.state() == null ? "no manifest" : r.state().display())
                            + (r.failure().isEmpty() ? "" : " " + r.failure()));
                }
            }
        }
        line.accept("");
        line.accept("Reference-signed outputs under the Java verifier: " + String.join("; ", refStates));
    }

    record Run(int exit, String output) {
    }

    private static Run run(Path workDir, List<String> command, long timeoutSeconds) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(false).start();
        } catch (IOException e) {
            return new Run(-1, "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(err);
            } catch (IOException e) {
                // ignore
            }
        });
        errReader.start();
        byte[] stdout;
        try (InputStream in = p.getInputStream()) {
            stdout = in.readAllBytes();
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out after " + timeoutSeconds + " s");
        }
        errReader.join();
        String text = new String(stdout, StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        return new Run(p.exitValue(), e.isBlank() ? text : text + "\n" + e);
    }

    private static String nodeVersion(Path harness) {
        try {
            return run(harness, List.of("node", "--version"), 30).output().trim();
        } catch (Exception e) {
            return "?";
        }
    }

    /** A string field of a flat JSON line, null when absent or null. */
    private static String str(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(null|\"((?:[^\"\\\\]|\\\\.)*)\")").matcher(json);
        return m.find() && m.group(2) != null ? m.group(2).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    private static double num(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String lastLines(String s, int n) {
        List<String> lines = Arrays.asList(s.strip().split("\n"));
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    // --- timing --------------------------------------------------------------------------------------

    /** Warm-up for a third of the time, then every call timed for {@code seconds}. */
    static Timing time(double seconds, Call call) throws Exception {
        long warm = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warm) {
            call.run();
        }
        double[] ms = new double[1 << 16];
        int n = 0;
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now = t0;
        while (now < end) {
            long s = now;
            call.run();
            now = System.nanoTime();
            if (n == ms.length) {
                ms = Arrays.copyOf(ms, n * 2);
            }
            ms[n++] = (now - s) / 1e6;
        }
        long cpu1 = processCpuNanos();
        double[] sorted = Arrays.copyOf(ms, n);
        Arrays.sort(sorted);
        return new Timing(sorted, n / ((now - t0) / 1e9), (cpu1 - cpu0) / 1e6 / n);
    }

    /** Calls per second with {@code threads} threads calling in a loop: warm-up a third of the time, then the time. */
    static double concurrent(double seconds, int threads, Call call) throws Exception {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        call.run();
                        if (counting.get()) {
                            done.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "signer-" + i);
            t.start();
            workers.add(t);
        }
        Thread.sleep((long) (seconds / 3 * 1000));
        long t0 = System.nanoTime();
        counting.set(true);
        Thread.sleep((long) (seconds * 1000));
        counting.set(false);
        long t1 = System.nanoTime();
        long n = done.get();
        stop.set(true);
        for (Thread t : workers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a signing thread failed", failures.get(0));
        }
        return n / ((t1 - t0) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // --- inputs --------------------------------------------------------------------------------------

    static List<Input> inputs() throws IOException {
        List<Input> in = new ArrayList<>();
        BufferedImage quarter = photo(512, 512, 1);
        BufferedImage one = photo(1024, 1024, 2);
        BufferedImage four = photo(2048, 2048, 3);
        in.add(new Input("sample.jpg", AssetFormat.JPEG, "test-support sample, 320×240", sample("sample.jpg")));
        in.add(new Input("photo-0.25mp.jpg", AssetFormat.JPEG, "512×512 photo-like, ImageIO q0.85", jpeg(quarter, 0.85f)));
        in.add(new Input("photo-1mp.jpg", AssetFormat.JPEG, "1024×1024 photo-like, ImageIO q0.85", jpeg(one, 0.85f)));
        in.add(new Input("photo-4mp.jpg", AssetFormat.JPEG, "2048×2048 photo-like, ImageIO q0.85", jpeg(four, 0.85f)));
        in.add(new Input("photo-1mp.png", AssetFormat.PNG, "1024×1024 photo-like, ImageIO PNG (RGB)", png(one)));
        in.add(new Input("sample.webp", AssetFormat.WEBP, "test-support sample, 160×120 lossy (VP8)", sample("sample.webp")));
        in.add(new Input("photo-1mp.webp", AssetFormat.WEBP, "1024×1024 photo-like, lossless VP8L with fixed 8-bit codes (uncompressed)",
                webpLossless(one)));
        in.add(new Input("tone-10s.wav", AssetFormat.WAV, "10 s 16-bit stereo 48 kHz PCM (tones + noise)", wav(10, 48_000)));
        in.add(new Input("sample.mp3", AssetFormat.MP3, "test-support sample, 1 s 32 kbit/s with ID3v2.4", sample("sample.mp3")));
        in.add(new Input("sample.mp4", AssetFormat.MP4, "test-support sample, 1 s 160×120 H.264", sample("sample.mp4")));
        in.add(new Input("sample-4mb.mp4", AssetFormat.MP4, "sample.mp4 with its mdat grown to 4 MiB by filler after the samples",
                growMdat(sample("sample.mp4"), 4 << 20)));
        return in;
    }

    static byte[] sample(String name) throws IOException {
        try (InputStream in = C2paSigningReport.class.getClassLoader().getResourceAsStream("media-samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("media-samples/" + name + " (test-support) is not on the classpath");
            }
            return in.readAllBytes();
        }
    }

    /** Gradients, a few soft blobs and Gaussian noise: compresses like a photo rather than like a test card. */
    static BufferedImage photo(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int blobs = 12;
        double[][] b = new double[blobs][6];
        for (double[] x : b) {
            x[0] = r.nextDouble() * w;
            x[1] = r.nextDouble() * h;
            x[2] = (0.05 + r.nextDouble() * 0.25) * Math.min(w, h);
            x[3] = r.nextDouble() * 160 - 80;
            x[4] = r.nextDouble() * 160 - 80;
            x[5] = r.nextDouble() * 160 - 80;
        }
        java.util.Random g = new java.util.Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double cr = 60 + 120.0 * x / w, cg = 80 + 100.0 * y / h, cb = 150 - 90.0 * (x + y) / (w + h);
                for (double[] k : b) {
                    double dx = x - k[0], dy = y - k[1];
                    double f = Math.exp(-(dx * dx + dy * dy) / (2 * k[2] * k[2]));
                    cr += f * k[3];
                    cg += f * k[4];
                    cb += f * k[5];
                }
                double n = g.nextGaussian() * 6;
                row[x] = clamp(cr + n + g.nextGaussian() * 3) << 16 | clamp(cg + n + g.nextGaussian() * 3) << 8 | clamp(cb + n + g.nextGaussian() * 3);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IllegalStateException("no PNG writer");
        }
        return bytes.toByteArray();
    }

    /**
     * A lossless WebP (VP8L) without transforms or colour cache: green, red and blue each coded with a prefix
     * code in which all 256 values have 8 bits, alpha and distance with one-symbol codes (0 bits). Three bytes a
     * pixel, a valid but uncompressed bitstream.
     */
    static byte[] webpLossless(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        BitWriter bits = new BitWriter(w * h * 3 + 64);
        bits.write(0x2f, 8); // signature
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(0, 1); // alpha_is_used
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        eightBitCode(bits, 256 + 24); // green + length prefixes
        eightBitCode(bits, 256); // red
        eightBitCode(bits, 256); // blue
        bits.write(1, 1); // alpha: simple code, one 8-bit symbol, 255
        bits.write(0, 1);
        bits.write(1, 1);
        bits.write(255, 8);
        bits.write(1, 1); // distance: simple code, one 1-bit symbol, 0
        bits.write(0, 1);
        bits.write(0, 1);
        bits.write(0, 1);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                bits.write(Integer.reverse(p >> 8 & 0xff) >>> 24, 8); // canonical code = value, read MSB first
                bits.write(Integer.reverse(p >> 16 & 0xff) >>> 24, 8);
                bits.write(Integer.reverse(p & 0xff) >>> 24, 8);
            }
        }
        byte[] vp8l = bits.toByteArray();
        int pad = vp8l.length & 1;
        ByteBuffer b = ByteBuffer.allocate(20 + vp8l.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + vp8l.length + pad).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(vp8l.length).put(vp8l);
        return b.array();
    }

    /** A normal prefix code of {@code alphabet} symbols: 0..255 with length 8, the rest unused. */
    private static void eightBitCode(BitWriter bits, int alphabet) {
        bits.write(0, 1); // normal code
        bits.write(12 - 4, 4); // 12 code-length-code lengths, in the order 17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8
        int[] order = { 17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8 };
        for (int sym : order) {
            bits.write(sym == 0 || sym == 8 ? 1 : 0, 3); // lengths 0 and 8 used, each with a 1-bit code: 0 → "0", 8 → "1"
        }
        bits.write(0, 1); // max_symbol = alphabet
        for (int s = 0; s < alphabet; s++) {
            bits.write(s < 256 ? 1 : 0, 1);
        }
    }

    /** LSB-first bit writer (the VP8L bit order). */
    static final class BitWriter {
        private byte[] buf;
        private int bytes;
        private long acc;
        private int n;

        BitWriter(int capacity) {
            buf = new byte[capacity];
        }

        void write(int value, int count) {
            acc |= (long) (value & ((1L << count) - 1)) << n;
            n += count;
            while (n >= 8) {
                if (bytes == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                buf[bytes++] = (byte) acc;
                acc >>>= 8;
                n -= 8;
            }
        }

        byte[] toByteArray() {
            byte[] out = Arrays.copyOf(buf, bytes + (n > 0 ? 1 : 0));
            if (n > 0) {
                out[bytes] = (byte) acc;
            }
            return out;
        }
    }

    /** 16-bit stereo PCM WAV: two tones, a slow sweep and noise, fixed seed. */
    static byte[] wav(int seconds, int rate) {
        int frames = seconds * rate;
        int data = frames * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate)
                .putInt(rate * 4).putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < frames; i++) {
            double t = (double) i / rate;
            double s = 0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * (220 + 40 * t) * t);
            b.putShort((short) Math.round(8000 * (s + 0.05 * (r.nextDouble() - 0.5))));
            b.putShort((short) Math.round(8000 * (0.8 * s + 0.05 * (r.nextDouble() - 0.5))));
        }
        return b.array();
    }

    /**
     * The MP4 with filler appended to the payload of its (last) mdat box until the file is {@code total} bytes:
     * the sample offsets point before the filler, so the file still plays; only the hashed size grows.
     */
    static byte[] growMdat(byte[] mp4, int total) {
        ByteBuffer b = ByteBuffer.wrap(mp4);
        int at = 0, mdat = -1, mdatSize = 0;
        while (at + 8 <= mp4.length) {
            long size = Integer.toUnsignedLong(b.getInt(at));
            String type = new String(mp4, at + 4, 4, StandardCharsets.US_ASCII);
            if (size == 0) {
                size = mp4.length - at;
            } else if (size == 1) {
                throw new IllegalStateException("64-bit box sizes are not handled here");
            }
            if (type.equals("mdat")) {
                mdat = at;
                mdatSize = (int) size;
            }
            at += (int) size;
        }
        if (mdat < 0 || total <= mp4.length) {
            throw new IllegalStateException("no mdat box in the MP4 sample, or it is already large enough");
        }
        int filler = total - mp4.length;
        byte[] out = new byte[total];
        int end = mdat + mdatSize;
        System.arraycopy(mp4, 0, out, 0, end);
        byte[] fill = new byte[filler];
        new SplittableRandom(9).nextBytes(fill);
        System.arraycopy(fill, 0, out, end, filler);
        System.arraycopy(mp4, end, out, end + filler, mp4.length - end);
        ByteBuffer.wrap(out).putInt(mdat, mdatSize + filler);
        return out;
    }

    // --- formatting, machine ---------------------------------------------------------------------------

    private static String signedName(String name) {
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot) + ".signed" + name.substring(dot);
    }

    static double mbPerSecond(long bytes, double ms) {
        return bytes / 1e6 / (ms / 1000);
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
