package io.safetyplane.hash;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.testsupport.TestTokens;

@QuarkusTest
class BankAdminApiTest {
    static final String PDQ_A = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";
    static final String MD5_A = "0123456789abcdef0123456789abcdef";
    static final String MD5_B = "fedcba9876543210fedcba9876543210";

    static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.token("alice", "hash-admin"));
    }

    static void createBank(String name, String action) {
        admin().contentType(ContentType.JSON)
                .body(Map.of("name", name, "source", "internal", "category", "csam", "action", action))
                .post("/v1/banks").then().statusCode(201);
    }

    @Test
    void bankLifecycle() {
        createBank("lifecycle", "block");
        admin().get("/v1/banks/lifecycle").then().statusCode(200)
                .body("pdqThreshold", is(31)).body("qualityFloor", is(50)).body("enabled", is(true))
                .body("action", is("block")).body("entries.pdq", is(0));

        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(
                        Map.of("signalType", "pdq", "hash", PDQ_A.toUpperCase(), "externalId", "ext-1"),
                        Map.of("signalType", "md5", "hash", MD5_A))))
                .post("/v1/banks/lifecycle/entries").then().statusCode(200).body("added", is(2)).body("warnings", empty());

        admin().get("/v1/banks/lifecycle/stats").then().statusCode(200)
                .body("entries.pdq", is(1)).body("entries.md5", is(1)).body("total", is(2)).body("pdqOddPopcount", is(0));

        given().contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "pdq", "value", PDQ_A, "quality", 100))))
                .post("/v1/hashes:match").then().statusCode(200)
                .body("matches", hasSize(1)).body("matches[0].bank", is("lifecycle"))
                .body("matches[0].entryId", is("pdq:" + PDQ_A)).body("matches[0].externalId", is("ext-1"))
                .body("matches[0].distance", is(0)).body("action", is("block"));

        // disabling the bank stops matching at once
        admin().contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/v1/banks/lifecycle").then().statusCode(200).body("enabled", is(false));
        given().contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "md5", "value", MD5_A))))
                .post("/v1/hashes:match").then().statusCode(200).body("matches", empty()).body("action", nullValue());
        admin().contentType(ContentType.JSON).body(Map.of("enabled", true, "pdqThreshold", 10))
                .patch("/v1/banks/lifecycle").then().statusCode(200).body("pdqThreshold", is(10));

        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("signalType", "md5", "hash", MD5_A),
                        Map.of("signalType", "md5", "hash", "ffffffffffffffffffffffffffffffff"))))
                .post("/v1/banks/lifecycle/entries:remove").then().statusCode(200)
                .body("removed", is(1)).body("notFound", hasSize(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "md5", "value", MD5_A))))
                .post("/v1/hashes:match").then().statusCode(200).body("matches", empty());

        admin().delete("/v1/banks/lifecycle").then().statusCode(204);
        admin().get("/v1/banks/lifecycle").then().statusCode(404)
                .contentType("application/problem+json").body("type", is("urn:safety-plane:problem:unknown-bank"));
        given().contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "pdq", "value", PDQ_A))))
                .post("/v1/hashes:match").then().statusCode(200).body("matches", empty());
    }

    @Test
    void pdqThresholdIsPerBank() {
        String near = flip(PDQ_A, 100);
        createBank("near", "review");
        admin().contentType(ContentType.JSON).body(Map.of("pdqThreshold", 4)).patch("/v1/banks/near").then().statusCode(200);
        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("signalType", "pdq", "hash", near))))
                .post("/v1/banks/near/entries").then().statusCode(200);
        String fourBitsOff = flip(near, 4);
        String fiveBitsOff = flip(near, 5);
        given().contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "pdq", "value", fourBitsOff))))
                .post("/v1/hashes:match").then().statusCode(200)
                .body("matches.bank", contains("near")).body("matches[0].distance", is(4));
        given().contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "pdq", "value", fiveBitsOff))))
                .post("/v1/hashes:match").then().statusCode(200).body("matches", empty());
        // a query below the bank's quality floor is not matched
        given().contentType(ContentType.JSON)
                .body(Map.of("signals", List.of(Map.of("type", "pdq", "value", near, "quality", 49))))
                .post("/v1/hashes:match").then().statusCode(200).body("matches", empty());
        admin().delete("/v1/banks/near").then().statusCode(204);
    }

    @Test
    void importRejectsWholeFileWithMalformedLinesUnlessAskedToSkip() {
        createBank("imports", "block_and_report");
        String list = String.join("\n",
                "# NCMEC sample list",
                PDQ_A,
                "not-a-hash",
                "",
                flip(PDQ_A, 1).substring(0, 60),
                flip(PDQ_A, 2)) + "\n";
        admin().contentType("text/plain").body(list).queryParam("signalType", "pdq")
                .post("/v1/banks/imports/entries:import").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", is("urn:safety-plane:problem:invalid-hash-list"))
                .body("errors.line", contains(3, 5))
                .body("errors[0].message", containsString("64 hex digits"));
        admin().get("/v1/banks/imports").then().body("entries.pdq", is(0));

        admin().contentType("text/plain").body(list).queryParam("signalType", "pdq").queryParam("skipBadLines", true)
                .post("/v1/banks/imports/entries:import").then().statusCode(200)
                .body("imported", is(2)).body("skipped", is(2)).body("errors.line", contains(3, 5));
        admin().get("/v1/banks/imports").then().body("entries.pdq", is(2));

        String csv = "signal_type,hash,external_id\n"
                + "md5," + MD5_A + ",\"id,with,commas\"\n"
                + "sha256," + "ab".repeat(32) + ",x-2\n"
                + "pdq," + "f".repeat(64) + ",odd\n";
        admin().contentType("text/csv").body(csv)
                .post("/v1/banks/imports/entries:import").then().statusCode(200)
                .body("imported", is(3)).body("warnings[0].line", is(4))
                .body("warnings[0].message", containsString("256 bits set"));

        String exported = admin().get("/v1/banks/imports/entries:export").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        List<String> lines = exported.lines().toList();
        org.junit.jupiter.api.Assertions.assertEquals("signal_type,hash,external_id,added_at", lines.get(0));
        org.junit.jupiter.api.Assertions.assertEquals(6, lines.size(), exported);
        org.junit.jupiter.api.Assertions.assertTrue(exported.contains("md5," + MD5_A + ",\"id,with,commas\","), exported);

        admin().contentType("text/plain").body(PDQ_A + "\n")
                .post("/v1/banks/imports/entries:import").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:missing-signal-type"));
        admin().contentType("text/csv").body("sha1,whatever\nabc,def\n")
                .post("/v1/banks/imports/entries:import").then().statusCode(422)
                .body("errors[0].line", is(1));
        admin().delete("/v1/banks/imports").then().statusCode(204);
    }

    @Test
    void invalidBanksAndEntriesAreRejectedWithReasons() {
        admin().contentType(ContentType.JSON)
                .body(Map.of("name", "Bad Name", "source", "ncmec", "category", "csam", "action", "explode", "pdqThreshold", 99))
                .post("/v1/banks").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:invalid-bank"))
                .body("errors", hasSize(3));
        createBank("strict", "block");
        admin().contentType(ContentType.JSON)
                .body(Map.of("name", "strict", "source", "ncmec", "category", "csam", "action", "block"))
                .post("/v1/banks").then().statusCode(409).body("type", is("urn:safety-plane:problem:bank-exists"));
        admin().contentType(ContentType.JSON)
                .body(Map.of("entries", List.of(Map.of("signalType", "pdq", "hash", PDQ_A),
                        Map.of("signalType", "sha1", "hash", "00"), Map.of("signalType", "md5", "hash", "xyz"))))
                .post("/v1/banks/strict/entries").then().statusCode(422)
                .body("errors.index", contains(1, 2));
        admin().get("/v1/banks/strict").then().body("entries.pdq", is(0));
        admin().contentType(ContentType.JSON).body("{\"entries\": [").post("/v1/banks/strict/entries").then()
                .statusCode(400).contentType("application/problem+json");
        admin().delete("/v1/banks/strict/entries/pdq/" + PDQ_A).then().statusCode(404)
                .body("type", is("urn:safety-plane:problem:unknown-entry"));
        admin().contentType(ContentType.JSON).body(Map.of("entries", List.of(Map.of("signalType", "md5", "hash", MD5_A))))
                .post("/v1/banks/nope/entries").then().statusCode(404).body("type", is("urn:safety-plane:problem:unknown-bank"));
        admin().delete("/v1/banks/strict").then().statusCode(204);
    }

    @Test
    void adminApiNeedsTheHashAdminRole() {
        given().get("/v1/banks").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("bob", "reviewer")).get("/v1/banks").then().statusCode(403)
                .body("type", equalTo("urn:safety-plane:problem:forbidden"));
        given().auth().oauth2(TestTokens.expiredToken("alice", "hash-admin")).get("/v1/banks").then().statusCode(401);
        given().auth().oauth2("not.a.jwt").get("/v1/banks").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("bob", "reviewer")).contentType(ContentType.JSON)
                .body(Map.of("name", "sneaky", "source", "internal", "category", "csam", "action", "block"))
                .post("/v1/banks").then().statusCode(403);
        admin().get("/v1/banks/sneaky").then().statusCode(404);
    }

    /** The hash with its first {@code n} bits flipped. */
    static String flip(String hex, int n) {
        char[] c = hex.toCharArray();
        for (int bit = 0; bit < n; bit++) {
            int pos = c.length - 1 - bit / 4;
            int v = Character.digit(c[pos], 16) ^ (1 << (bit % 4));
            c[pos] = Character.forDigit(v, 16);
        }
        return new String(c);
    }
}
