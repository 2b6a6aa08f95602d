package io.safetyplane.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.upokecenter.cbor.CBORObject;

import io.safetyplane.c2pa.cose.TrustAnchors;

/**
 * The verifier gives, on the reference implementation's own fixtures and on files it signed for this project,
 * the outcomes that {@code c2pa-fixtures/expected.json} records for the reference implementation.
 */
class ExpectedOutcomesTest {

    @Test
    void everyFixtureHasTheReferenceOutcome() throws Exception {
        Path dir = SharedFixtures.dir();
        CBORObject expected = CBORObject.FromJSONString(Files.readString(dir.resolve("expected.json")));
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (CBORObject f : expected.get("fixtures").getValues()) {
            String file = f.get("file").AsString();
            TrustAnchors anchors = f.ContainsKey("trustAnchors") ? TrustAnchors.fromPem(dir.resolve(f.get("trustAnchors").AsString()))
                    : TrustAnchors.none();
            byte[] bytes = Files.readAllBytes(dir.resolve(file));
            ValidationReport r = new ManifestVerifier(anchors, TrustAnchors.none(), Clock.systemUTC()).verify(bytes, null);
            String where = file + (f.ContainsKey("note") ? " (" + f.get("note").AsString() + ")" : "");
            if (f.ContainsKey("manifestPresent") && !f.get("manifestPresent").AsBoolean()) {
                check(mismatches, where, "manifestPresent", false, r.manifestPresent());
                checked++;
                continue;
            }
            check(mismatches, where, "manifestPresent", true, r.manifestPresent());
            check(mismatches, where, "validationState", f.get("validationState").AsString(), r.state() == null ? null : r.state().display());
            if (f.ContainsKey("claimVersion")) {
                check(mismatches, where, "claimVersion", f.get("claimVersion").AsInt32Value(), r.claimVersion());
            }
            check(mismatches, where, "signatureValid", f.get("signatureValid").AsBoolean(), has(r.success(), "claimSignature.validated"));
            check(mismatches, where, "hashValid", f.get("hashValid").AsBoolean(),
                    has(r.success(), "assertion.dataHash.match") || has(r.success(), "assertion.bmffHash.match"));
            if (f.ContainsKey("hardBinding")) {
                String binding = f.get("hardBinding").AsString();
                check(mismatches, where, "hardBinding", true, r.assertions().stream().anyMatch(a -> C2pa.baseLabel(a).equals(binding)));
            }
            if (f.ContainsKey("aiGenerated")) {
                check(mismatches, where, "aiGenerated", f.get("aiGenerated").AsBoolean(), r.aiGenerated());
            }
            for (CBORObject code : f.get("failureCodes").getValues()) {
                check(mismatches, where, "failure " + code.AsString(), true, has(r.failure(), code.AsString()));
            }
            checked++;
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        assertEquals(expected.get("fixtures").size(), checked);
    }

    private static boolean has(List<ValidationStatus> list, String code) {
        return list.stream().anyMatch(s -> s.code().equals(code));
    }

    private static void check(List<String> mismatches, String where, String what, Object want, Object got) {
        if (!java.util.Objects.equals(want, got)) {
            mismatches.add(where + ": " + what + " expected " + want + ", got " + got);
        }
    }
}
