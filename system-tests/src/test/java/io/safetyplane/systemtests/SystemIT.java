package io.safetyplane.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;

import io.safetyplane.contracts.Topics;
import io.safetyplane.contracts.enforcement.v1.AccountAction;
import io.safetyplane.contracts.events.v1.Violation;
import io.safetyplane.cybertipline.fake.FakeCyberTipline;
import io.safetyplane.cybertipline.fake.FinishedReport;
import io.safetyplane.testsupport.KafkaEvents;

/**
 * The request flows of the plane end to end ({@code docs/architecture.md}, "Request flows"), against the five services'
 * packaged builds run as processes ({@link Plane}), started once for the class. Every test makes its own accounts; the
 * tests wait on conditions with a deadline, never a fixed pause.
 */
class SystemIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String CSAM_STYLE_PROMPT = "n u d e 12yo girl";
    private static final String BANK = "system-tests-csam";

    private static Plane plane;
    private static boolean bankCreated;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Prints the tail of every service's log when a test fails. */
    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (plane != null) {
                System.err.println("system test " + context.getDisplayName() + " failed; the services' logs:" + plane.logTails(40));
            }
        }
    };

    @BeforeAll
    static void startThePlane() throws Exception {
        plane = Plane.start();
    }

    @AfterAll
    static void stopThePlane() throws InterruptedException {
        if (plane != null) {
            plane.close();
        }
    }

    /**
     * (a) An allowed prompt at the before-generation gate; a stand-in generator's output released by the after-generation
     * gate, signed, and the signed file Trusted by the C2PA reference implementation under the service's root.
     */
    @Test
    void anAllowedPromptsOutputIsReleasedSignedAndTrustedByTheC2paReference() throws Exception {
        String account = "acct-a-" + run;
        JsonNode screened = screenPrompt("self-serve", account, null, "a-prompt-" + run, "a watercolor painting of a lighthouse at dawn");
        assertEquals("allow", screened.path("decision").asText(), screened::toString);
        assertEquals("active", screened.path("standing").path("state").asText(), screened::toString);
        assertEquals(0, screened.path("violationEventIds").size(), screened::toString);

        byte[] output = Files.readAllBytes(plane.root.resolve("demo/images/unrelated.png"));
        JsonNode release = Http.post(plane.url("provenance-service") + "/v1/outputs:release?model=image-gen-3&modelVersion=2.1.0&contentId=a-output-"
                + run, null, "image/png", output, Map.of("Safety-Context-Request-Id", "a-output-" + run, "Safety-Context-Tenant-Id",
                        "self-serve", "Safety-Context-Account-Id", account)).json(200);
        assertEquals("allow", release.path("decision").asText(), release::toString);
        assertTrue(release.path("released").asBoolean(), release::toString);
        byte[] signed = Base64.getDecoder().decode(release.path("media").asText());
        assertTrue(signed.length > output.length, "the released file carries a manifest");
        Path file = plane.work.resolve("a-signed-output.png");
        Files.write(file, signed);

        JsonNode reference = c2paReference(file, plane.devPki().resolve("root.pem"));
        assertEquals("Trusted", reference.path("validationState").asText(), reference::toString);
        assertEquals("image-gen-3/2.1.0", reference.path("softwareAgent").asText(), reference::toString);
        assertTrue(reference.path("digitalSourceType").asText().endsWith("/trainedAlgorithmicMedia"), reference::toString);
        assertEquals(0, reference.path("failureCodes").size(), reference::toString);
    }

    /**
     * (b) A CSAM-style prompt is blocked and reported; the violation suspends the account pending review, with a notice;
     * two people confirm the disable (four-eyes); the user appeals and a third person decides the appeal.
     */
    @Test
    void aCsamPromptBecomesASanctionANoticeAFourEyesDisableAndAnAppealDecidedByAThirdPerson() {
        String tenant = "self-serve";
        String account = "acct-b-" + run;
        String enforcement = plane.url("enforcement-service");
        JsonNode screened = screenPrompt(tenant, account, null, "b-prompt-" + run, CSAM_STYLE_PROMPT);
        assertEquals("block_and_report", screened.path("decision").asText(), screened::toString);
        assertEquals("prompt", screened.path("reasons").path(0).path("check").asText(), screened::toString);
        String violation = screened.path("prompt").path("violationEventId").asText();
        assertFalse(violation.isEmpty(), screened::toString);
        assertEquals(List.of(violation), texts(screened.path("violationEventIds")), screened::toString);

        String reviewer = plane.tokens.token("reviewer-b1-" + run, "reviewer");
        JsonNode suspended = await("account " + account + " suspended", () -> standing(tenant, account, null),
                s -> "suspended".equals(s.path("standing").asText()));
        assertTrue(suspended.path("until").isNull(), "suspended without end until a second reviewer decides: " + suspended);
        String suspension = suspended.path("sanctionIds").path(0).asText();

        String user = plane.tokens.token("user-" + account, Map.of("tenant_id", tenant, "account_id", account), "user");
        JsonNode notice = await("the notice of the suspension", () -> Http.get(enforcement + "/v1/tenants/" + tenant + "/notices?accountId=" + account,
                user).json(200), n -> find(n, x -> suspension.equals(x.path("sanctionId").asText())) != null);
        JsonNode first = find(notice, x -> suspension.equals(x.path("sanctionId").asText()));
        assertEquals("sanction", first.path("kind").asText(), first::toString);
        assertFalse(first.path("appealDeadline").isNull(), first::toString);
        assertFalse(first.path("statement").isEmpty(), first::toString);

        JsonNode items = await("the pending disable in the review queue", () -> Http.get(enforcement + "/v1/review-items?queue=reviewer&limit=500",
                reviewer).json(200), l -> pendingDisable(l, account) != null);
        String item = pendingDisable(items, account).path("id").asText();
        JsonNode once = Http.postJson(enforcement + "/v1/review-items/" + item + "/decision", reviewer,
                Map.of("outcome", "confirm", "note", "the prompt sexualises a minor")).json(200);
        assertEquals("awaiting-second-review", once.path("state").asText(), once::toString);
        // four-eyes: the first reviewer cannot also be the second, even holding the senior role
        String sameSenior = plane.tokens.token("reviewer-b1-" + run, "reviewer", "senior-reviewer");
        JsonNode refused = Http.postJson(enforcement + "/v1/review-items/" + item + "/decision", sameSenior,
                Map.of("outcome", "confirm", "note", "again")).json(409);
        assertEquals("urn:safety-plane:problem:second-reviewer-required", refused.path("type").asText(), refused::toString);
        String senior = plane.tokens.token("senior-b2-" + run, "senior-reviewer");
        JsonNode twice = Http.postJson(enforcement + "/v1/review-items/" + item + "/decision", senior,
                Map.of("outcome", "confirm", "note", "agreed")).json(200);
        assertEquals("decided", twice.path("state").asText(), twice::toString);
        assertEquals("confirmed", twice.path("outcome").asText(), twice::toString);

        // a confirmed csam incident: its CyberTipline report is queued with the confirmation (filed while the tipline is on)
        String officer = plane.tokens.token("officer-b-" + run, "tipline-officer");
        JsonNode queued = reportsOf(officer, account);
        assertEquals(1, queued.size(), queued::toString);
        assertEquals("review", queued.path(0).path("basis").asText(), queued::toString);
        if (plane.hasTipline()) {
            await("the CyberTipline report of " + account + " filed or held", () -> reportsOf(officer, account),
                    l -> List.of("FINISHED", "HELD").contains(l.path(0).path("state").asText()));
        }

        JsonNode disabled = standing(tenant, account, null);
        assertEquals("disabled", disabled.path("standing").asText(), disabled::toString);
        assertEquals(1, disabled.path("sanctionIds").size(), disabled::toString);
        String disable = disabled.path("sanctionIds").path(0).asText();
        assertNotEquals(suspension, disable, "the disable replaces the pending suspension");

        JsonNode appeal = Http.postJson(enforcement + "/v1/sanctions/" + disable + "/appeals", user,
                Map.of("statement", "I asked for a picture of a girl on a beach, not anything sexual.")).json(201);
        String appealId = appeal.path("id").asText();
        Map<String, String> uphold = Map.of("outcome", "upheld", "reason", "the prompt pairs nudity with a stated age of 12");
        for (String decidedTheDisable : List.of(senior, reviewer)) {
            JsonNode same = Http.postJson(enforcement + "/v1/appeals/" + appealId + "/decision", decidedTheDisable, uphold).json(409);
            assertEquals("urn:safety-plane:problem:same-reviewer", same.path("type").asText(), same::toString);
        }
        String third = plane.tokens.token("appeals-b3-" + run, "reviewer");
        JsonNode decided = Http.postJson(enforcement + "/v1/appeals/" + appealId + "/decision", third, uphold).json(200);
        assertEquals("upheld", decided.path("outcome").asText(), decided::toString);
        JsonNode seenByUser = Http.get(enforcement + "/v1/appeals/" + appealId, user).json(200);
        assertEquals("upheld", seenByUser.path("outcome").asText(), seenByUser::toString);
        assertEquals("disabled", standing(tenant, account, null).path("standing").asText());
    }

    /**
     * (c) A hash bank of a demo picture; an upload of a rotated, re-encoded copy is matched and blocked, its bytes preserved
     * in the evidence vault, one report finished on the fake CyberTipline server, and the transparency report counts it.
     */
    @Test
    void anUploadMatchingABankIsBlockedPreservedReportedOnceAndCounted() throws Exception {
        String account = "acme-c-" + run;
        String request = "c-upload-" + run;
        byte[] upload = Files.readAllBytes(plane.root.resolve("demo/images/known-rotated.jpg"));
        JsonNode screened = screenUpload(request, "acme", account, "acme-user-42", upload);
        assertEquals("block_and_report", screened.path("decision").asText(), screened::toString);
        assertEquals("hash", screened.path("reasons").path(0).path("check").asText(), screened::toString);
        assertEquals(BANK, screened.path("hash").path("matches").path(0).path("bank").asText(), screened::toString);
        Violation violation = violationOf(request);
        assertTrue(texts(screened.path("violationEventIds")).contains(violation.getEventId()), screened::toString);
        assertEquals("hash-service", violation.getDetector());
        assertEquals("csam", violation.getCategory());

        JsonNode disabled = await("end user acme-user-42 of " + account + " disabled", () -> standing("acme", account, "acme-user-42"),
                x -> "disabled".equals(x.path("standing").asText()));
        assertEquals(1, disabled.path("sanctionIds").size(), disabled::toString);

        String officer = plane.tokens.token("officer-c-" + run, "tipline-officer");
        String enforcement = plane.url("enforcement-service");
        if (plane.hasTipline()) {
            await("the CyberTipline report of " + account + " finished", () -> reportsOf(officer, account),
                    l -> "FINISHED".equals(l.path(0).path("state").asText()));
        }
        JsonNode evidence = Http.get(enforcement + "/v1/evidence?violation=" + violation.getEventId(), officer).json(200);
        assertEquals(1, evidence.size(), evidence::toString);
        assertEquals(violation.getEventId(), evidence.path(0).path("violationEventId").asText(), evidence::toString);
        assertEquals(sha256(upload), evidence.path(0).path("sha256").asText(), evidence::toString);
        assertEquals(upload.length, evidence.path(0).path("sizeBytes").asLong(), evidence::toString);
        assertEquals("acme-user-42", evidence.path(0).path("endUserId").asText(), evidence::toString);

        FakeCyberTipline tipline = plane.tipline();
        JsonNode reports = reportsOf(officer, account);
        assertEquals(1, reports.size(), "one report for the incident: " + reports);
        JsonNode report = Http.get(enforcement + "/v1/tipline/reports/" + reports.get(0).path("id").asText(), officer).json(200);
        assertEquals("FINISHED", report.path("state").asText(), report::toString);
        assertEquals("hash-match", report.path("basis").asText(), report::toString);
        assertEquals(violation.getEventId(), report.path("violationEventId").asText(), report::toString);
        assertEquals(evidence.path(0).path("id").asText(), report.path("files").path(0).path("evidenceId").asText(), report::toString);
        long ncmecId = report.path("ncmecReportId").asLong();
        List<FinishedReport> atNcmec = tipline.finishedReports().stream().filter(r -> r.reportId() == ncmecId).toList();
        assertEquals(1, atNcmec.size(), "finished on the fake CyberTipline server: " + tipline.finishedReports());
        assertEquals(1, atNcmec.get(0).files().size(), atNcmec::toString);

        // every report in this run's database is in the figures, this one among them
        String auditor = plane.tokens.token("auditor-c-" + run, "auditor");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String transparency = enforcement + "/v1/transparency-report?from=" + today.minusDays(1) + "&to=" + today.plusDays(2) + "&format=json";
        await("the transparency report counting every finished CyberTipline report", () -> {
            long listed = finishedReports(officer);
            return List.of(listed, reportsFiled(Http.get(transparency, auditor).json(200)), finishedReports(officer));
        }, n -> n.get(0) >= 1 && n.get(0).equals(n.get(1)) && n.get(1).equals(n.get(2)));
    }

    /**
     * (d) A business customer's end-user id, given with the upload, reaches the violation, the account action on
     * {@code enforcement.actions.v1} and the standing: that end user is disabled, another end user of the same account
     * and the account itself are not.
     */
    @Test
    void aBusinessCustomersEndUserIdIsCarriedFromTheRequestToTheAccountAction() throws Exception {
        String account = "acme-d-" + run;
        String request = "d-upload-" + run;
        byte[] upload = Files.readAllBytes(plane.root.resolve("demo/images/known-rotated.jpg"));
        JsonNode screened = screenUpload(request, "acme", account, "acme-user-77", upload);
        assertEquals("block_and_report", screened.path("decision").asText(), screened::toString);
        Violation violation = violationOf(request);
        assertEquals("acme-user-77", violation.getContext().getEndUserId());

        List<ConsumerRecord<String, byte[]>> records = KafkaEvents.records(Topics.ENFORCEMENT_ACTIONS, 1,
                r -> violation.getEventId().equals(action(r).getViolationEventId()));
        AccountAction action = action(records.get(0));
        assertEquals("acme/" + account, records.get(0).key());
        assertEquals("acme", action.getTenantId());
        assertEquals(account, action.getAccountId());
        assertEquals("acme-user-77", action.getEndUserId());
        assertEquals("disable", action.getAction());
        assertEquals("csam", action.getCategory());
        assertTrue(action.getAutomated(), action::toString);

        JsonNode target = standing("acme", account, "acme-user-77");
        assertEquals("disabled", target.path("standing").asText(), target::toString);
        assertEquals(List.of(action.getSanctionId()), texts(target.path("sanctionIds")), target::toString);
        JsonNode other = standing("acme", account, "acme-user-78");
        assertEquals("active", other.path("standing").asText(), other::toString);
        assertEquals("active", standing("acme", account, null).path("standing").asText());

        // and NCMEC's report names the business's end user
        FakeCyberTipline tipline = plane.tipline();
        String officer = plane.tokens.token("officer-d-" + run, "tipline-officer");
        JsonNode finished = await("the CyberTipline report of " + account + " finished", () -> reportsOf(officer, account),
                l -> "FINISHED".equals(l.path(0).path("state").asText()));
        long ncmecId = finished.path(0).path("ncmecReportId").asLong();
        FinishedReport filed = tipline.finishedReports().stream().filter(r -> r.reportId() == ncmecId).findFirst().orElseThrow();
        assertTrue(filed.reportXml().contains(account + "/enduser:acme-user-77"), filed::reportXml);
    }

    // --- the calls -------------------------------------------------------------------------------------------------

    /** The before-generation gate's answer to a prompt-only request (POST /v1/requests:screen). */
    private JsonNode screenPrompt(String tenant, String account, String endUser, String requestId, String prompt) {
        return Http.postJson(plane.url("filter-service") + "/v1/requests:screen", null,
                Map.of("context", context(requestId, tenant, account, endUser), "prompt", prompt)).json(200);
    }

    private static Map<String, String> context(String requestId, String tenant, String account, String endUser) {
        Map<String, String> context = new LinkedHashMap<>(Map.of("requestId", requestId, "tenantId", tenant, "accountId", account));
        if (endUser != null) {
            context.put("endUserId", endUser);
        }
        return context;
    }

    private JsonNode standing(String tenant, String account, String endUser) {
        String reviewer = plane.tokens.token("reviewer-standing", "reviewer");
        return Http.get(plane.url("enforcement-service") + "/v1/tenants/" + tenant + "/accounts/" + account + "/standing"
                + (endUser == null ? "" : "?endUserId=" + endUser), reviewer).json(200);
    }

    /**
     * The before-generation gate's answer to a prompt with an init image (POST /v1/requests:screen, multipart), once the
     * demo bank exists. A 503 (the evidence not preserved yet, or a check unavailable) is retried with the same request,
     * as the gate's callers do; it names the same violation.
     */
    private JsonNode screenUpload(String requestId, String tenant, String account, String endUser, byte[] jpeg) throws IOException {
        ensureBank();
        Http.Multipart form = new Http.Multipart().json("request", Map.of("context", context(requestId, tenant, account, endUser),
                "prompt", "make this photo look like a watercolor", "contentId", "upload-" + requestId))
                .file("image", "upload.jpg", "image/jpeg", jpeg);
        return await("the screening of " + requestId + " answered", () -> form.post(plane.url("filter-service") + "/v1/requests:screen", null),
                r -> r.status() != 503).json(200);
    }

    /** The bank of demo/images/known.png (PDQ and MD5), action block_and_report, made through the admin API once a run. */
    private static synchronized void ensureBank() throws IOException {
        if (bankCreated) {
            return;
        }
        String hashes = plane.url("hash-service");
        String admin = plane.tokens.token("hash-admin-system-tests", "hash-admin");
        Http.postJson(hashes + "/v1/banks", admin, Map.of("name", BANK, "source", "internal", "category", "csam", "action", "block_and_report",
                "description", "system tests: a harmless demo picture")).expect(201);
        JsonNode computed = new Http.Multipart().file("media", "known.png", "image/png", Files.readAllBytes(plane.root.resolve("demo/images/known.png")))
                .post(hashes + "/v1/hashes:compute", null).json(200);
        String csv = "signal_type,hash,external_id\n" + "pdq," + signal(computed, "pdq") + ",demo-1\n" + "md5," + signal(computed, "md5") + ",demo-1\n";
        JsonNode imported = Http.post(hashes + "/v1/banks/" + BANK + "/entries:import", admin, "text/csv", csv.getBytes(StandardCharsets.UTF_8),
                Map.of()).json(200);
        assertEquals(2, imported.path("imported").asInt(), imported::toString);
        bankCreated = true;
    }

    private static String signal(JsonNode computed, String type) {
        JsonNode s = find(computed.path("signals"), x -> type.equals(x.path("type").asText()));
        assertTrue(s != null, () -> "no " + type + " in " + computed);
        return s.path("value").asText();
    }

    /** The violation the request led to, read back from safety.violations.v1. */
    private static Violation violationOf(String requestId) {
        ConsumerRecord<String, byte[]> r = KafkaEvents.records(Topics.VIOLATIONS, 1,
                x -> requestId.equals(violation(x).getContext().getRequestId())).get(0);
        return violation(r);
    }

    private static Violation violation(ConsumerRecord<String, byte[]> r) {
        try {
            return Violation.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            return Violation.getDefaultInstance();
        }
    }

    private static AccountAction action(ConsumerRecord<String, byte[]> r) {
        try {
            return AccountAction.parseFrom(r.value());
        } catch (InvalidProtocolBufferException e) {
            return AccountAction.getDefaultInstance();
        }
    }

    private static JsonNode pendingDisable(JsonNode items, String account) {
        return find(items, i -> account.equals(i.path("accountId").asText()) && "disable-pending-review".equals(i.path("automatedVerdict").asText()));
    }

    /** The CyberTipline reports (summaries) whose target is {@code account}. */
    private JsonNode reportsOf(String officer, String account) {
        JsonNode all = Http.get(plane.url("enforcement-service") + "/v1/tipline/reports?limit=500", officer).json(200);
        List<JsonNode> ours = new ArrayList<>();
        all.forEach(r -> {
            if (account.equals(r.path("target").path("accountId").asText())) {
                ours.add(r);
            }
        });
        return Http.JSON.valueToTree(ours);
    }

    private long finishedReports(String officer) {
        return Http.get(plane.url("enforcement-service") + "/v1/tipline/reports?state=FINISHED&limit=500", officer).json(200).size();
    }

    private static long reportsFiled(JsonNode transparency) {
        JsonNode section = find(transparency.path("sections"), s -> "tipline".equals(s.path("id").asText()));
        assertTrue(section != null, () -> "no tipline section in " + transparency);
        JsonNode figure = find(section.path("figures"), f -> "reports_filed".equals(f.path("name").asText()) && f.path("dimensions").isEmpty());
        assertTrue(figure != null, () -> "no reports_filed in " + section);
        return figure.path("value").asLong();
    }

    /**
     * The verdict of the C2PA reference implementation (c2pa-rs as WebAssembly, the c2pa module's Node harness
     * {@code c2pa/src/test/node/verify.mjs}) on {@code file}, trusting {@code root}. Skipped when the harness is not
     * installed ({@code npm ci} there; the c2pa module's build does it), except in CI, where it fails.
     */
    private JsonNode c2paReference(Path file, Path root) throws IOException, InterruptedException {
        Path harness = plane.root.resolve("c2pa/src/test/node");
        boolean installed = Files.isRegularFile(harness.resolve("node_modules/@contentauth/c2pa-wasm/package.json"));
        String missing = "the C2PA reference harness is not installed (npm ci in " + harness + ")";
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + "; required in CI");
        }
        assumeTrue(installed, missing);
        Path out = plane.work.resolve("c2pa-reference.out");
        Path err = plane.work.resolve("c2pa-reference.err");
        Process node = new ProcessBuilder("node", "verify.mjs", "--trust-anchors", root.toString(), file.toString()).directory(harness.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node verify.mjs did not finish within 120 s");
        String line = Files.readString(out).lines().findFirst().orElse("");
        assertEquals(0, node.exitValue(), () -> "node verify.mjs failed: " + line + readQuietly(err));
        return Http.JSON.readTree(line);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** Polls {@code probe} until {@code done} holds of its value, and returns that value; fails after {@link #DEADLINE}. */
    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> match) {
        for (JsonNode x : array) {
            if (match.test(x)) {
                return x;
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String readQuietly(Path file) {
        try {
            return "\n" + Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
