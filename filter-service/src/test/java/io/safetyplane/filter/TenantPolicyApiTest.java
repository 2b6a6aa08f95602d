package io.safetyplane.filter;

import static io.restassured.RestAssured.given;
import static io.safetyplane.filter.Api.BENIGN;
import static io.safetyplane.filter.Api.CSAM;
import static io.safetyplane.filter.Api.admin;
import static io.safetyplane.filter.Api.check;
import static io.safetyplane.filter.Api.putPolicy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.safetyplane.testsupport.TestTokens;

@QuarkusTest
class TenantPolicyApiTest {

    @Test
    void theAdminApiNeedsAPolicyAdminToken() {
        Map<String, Object> body = Map.of("denyTerms", List.of());
        for (var call : List.<java.util.function.Function<io.restassured.specification.RequestSpecification, io.restassured.response.Response>>of(
                r -> r.get("/v1/tenants"), r -> r.get("/v1/policy"), r -> r.get("/v1/tenants/acme/policy"),
                r -> r.contentType(ContentType.JSON).body(body).put("/v1/tenants/acme/policy"),
                r -> r.delete("/v1/tenants/acme/policy"))) {
            call.apply(given()).then().statusCode(401).contentType(containsString("application/problem+json"))
                    .body("type", is("urn:safety-plane:problem:unauthenticated"));
            call.apply(given().auth().oauth2(TestTokens.token("bob", "hash-admin"))).then().statusCode(403)
                    .body("type", is("urn:safety-plane:problem:forbidden"));
            call.apply(given().auth().oauth2(TestTokens.expiredToken("carol", "policy-admin"))).then().statusCode(401);
        }
        // checking prompts needs no staff token
        check("self-serve", "no-token", BENIGN).statusCode(200);
    }

    @Test
    void policyLifecycleWithRevisionsAndPreconditions() {
        admin().get("/v1/tenants/lifecycle/policy").then().statusCode(404).body("type", is("urn:safety-plane:problem:unknown-tenant"));
        check("lifecycle", "lc-0", BENIGN).statusCode(404).body("type", is("urn:safety-plane:problem:unknown-tenant"));

        admin().contentType(ContentType.JSON).header("If-None-Match", "*")
                .body(Map.of("categoryActions", Map.of("violence", "review"),
                        "denyTerms", List.of(Map.of("term", "bluebird", "category", "custom")),
                        "allowPhrases", List.of("bluebird of happiness")))
                .put("/v1/tenants/lifecycle/policy").then().statusCode(201)
                .header("ETag", "\"1\"")
                .body("revision", is(1)).body("changedBy", is("alice"))
                .body("effectiveActions.violence", is("review"))
                .body("effectiveActions.csam", is("block_and_report"))
                .body("policyVersion", endsWith("/lifecycle@1"));
        // creating again is refused
        admin().contentType(ContentType.JSON).header("If-None-Match", "*").body(Map.of())
                .put("/v1/tenants/lifecycle/policy").then().statusCode(412)
                .body("type", is("urn:safety-plane:problem:revision-mismatch")).body("currentRevision", is(1));

        check("lifecycle", "lc-1", BENIGN).statusCode(200).body("decision", is("allow"))
                .body("policyVersion", endsWith("/lifecycle@1"));
        check("lifecycle", "lc-2", "a launch poster for Project Bluebird").statusCode(200)
                .body("decision", is("block"))
                .body("categories[0].category", is("custom"))
                .body("findings[0].hits[0].list", is("tenant:lifecycle"))
                .body("findings[0].hits[0].span.text", is("Bluebird"));
        check("lifecycle", "lc-3", "a painting of the bluebird of happiness").statusCode(200)
                .body("decision", is("allow"))
                .body("suppressed.allowPhrase", hasItem("bluebird of happiness"))
                .body("suppressed.list", hasItem("tenant:lifecycle"));

        admin().get("/v1/tenants/lifecycle/policy").then().statusCode(200).header("ETag", "\"1\"")
                .body("denyTerms[0].term", is("bluebird")).body("allowPhrases", hasSize(1));
        admin().get("/v1/tenants").then().statusCode(200)
                .body("find { it.tenantId == 'lifecycle' }.revision", is(1))
                .body("find { it.tenantId == 'lifecycle' }.denyTerms", is(1))
                .body("find { it.tenantId == 'self-serve' }.open", is(true));

        // a change against a stale revision is refused; against the current one it applies
        admin().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("categoryActions", Map.of("sexual", "allow")))
                .put("/v1/tenants/lifecycle/policy").then().statusCode(200).header("ETag", "\"2\"").body("revision", is(2))
                .body("denyTerms", empty());
        admin().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of())
                .put("/v1/tenants/lifecycle/policy").then().statusCode(412)
                .body("type", is("urn:safety-plane:problem:revision-mismatch")).body("currentRevision", is(2));
        admin().contentType(ContentType.JSON).header("If-Match", "yesterday").body(Map.of())
                .put("/v1/tenants/lifecycle/policy").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:invalid-precondition"));
        check("lifecycle", "lc-4", "a launch poster for Project Bluebird").statusCode(200).body("decision", is("allow"));
        check("lifecycle", "lc-5", "nude woman on a beach").statusCode(200).body("decision", is("allow"));
        // csam stays blocked and reported whatever the tenant allows
        check("lifecycle", "lc-6", CSAM).statusCode(200).body("decision", is("block_and_report"))
                .body("policyVersion", endsWith("/lifecycle@2"));

        admin().header("If-Match", "\"1\"").delete("/v1/tenants/lifecycle/policy").then().statusCode(412);
        admin().header("If-Match", "\"2\"").delete("/v1/tenants/lifecycle/policy").then().statusCode(204);
        admin().delete("/v1/tenants/lifecycle/policy").then().statusCode(404)
                .body("type", is("urn:safety-plane:problem:unknown-tenant"));
        check("lifecycle", "lc-7", BENIGN).statusCode(404).body("type", is("urn:safety-plane:problem:unknown-tenant"));
        admin().get("/v1/tenants").then().body("tenantId", not(hasItem("lifecycle")));
    }

    @Test
    void aDenyTermTakesEffectOnChecksWithinSeconds() throws InterruptedException {
        putPolicy("acme", Map.of()).statusCode(org.hamcrest.Matchers.anyOf(is(200), is(201)));
        check("acme", "deny-0", "a poster of the quokka mascot").statusCode(200).body("decision", is("allow"));
        putPolicy("acme", Map.of("denyTerms", List.of(Map.of("term", "quokka mascot", "category", "custom")))).statusCode(200);
        Api.await("the deny term blocks checks", () -> "block".equals(
                check("acme", "deny-1", "a poster of the quokka mascot").statusCode(200).extract().path("decision")));
        check("acme", "deny-2", "a poster of the QUOKKA   Mascot").statusCode(200).body("decision", is("block"))
                .body("findings[0].rule", containsString("deny"));
        admin().delete("/v1/tenants/acme/policy").then().statusCode(204);
    }

    @Test
    void aTenantCannotAllowCsamAndEveryProblemIsListed() {
        JsonPath problem = putPolicy("loose", Map.of(
                "categoryActions", Map.of("csam", "allow", "ncii", "review", "sexual", "sometimes", "gambling", "block"),
                "denyTerms", List.of(Map.of("term", "x", "category", "custom"), Map.of("term", "fine term"),
                        Map.of("term", "other term", "category", "nonsense")),
                "allowPhrases", List.of("")))
                .statusCode(422)
                .contentType(containsString("application/problem+json"))
                .body("type", is("urn:safety-plane:problem:invalid-policy"))
                .extract().jsonPath();
        List<String> errors = problem.getList("errors");
        org.hamcrest.MatcherAssert.assertThat(errors, hasItems(
                containsString("csam"), containsString("ncii"), containsString("'sometimes'"), containsString("'gambling'"),
                containsString("denyTerms[0]"), containsString("denyTerms[1]"), containsString("'nonsense'"),
                containsString("allowPhrases[0]")));
        admin().get("/v1/tenants/loose/policy").then().statusCode(404);

        putPolicy("loose", Map.of("denyterms", List.of())).statusCode(422)
                .body("errors[0]", containsString("unknown field 'denyterms'"));
        putPolicy("Bad Tenant", Map.of()).statusCode(400).body("type", is("urn:safety-plane:problem:invalid-tenant-id"));
        admin().contentType(ContentType.JSON).body("{\"denyTerms\": [").put("/v1/tenants/loose/policy").then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:malformed-json"));
        admin().contentType(ContentType.JSON).body("{\"denyTerms\": \"all of them\"}").put("/v1/tenants/loose/policy").then()
                .statusCode(400).body("type", is("urn:safety-plane:problem:malformed-json"));
        admin().contentType(ContentType.TEXT).body("sexual=allow").put("/v1/tenants/loose/policy").then().statusCode(415);
    }

    @Test
    void theGlobalPolicyDescribesItsCategories() {
        JsonPath global = admin().get("/v1/policy").then().statusCode(200).extract().jsonPath();
        assertEquals(32768, global.getInt("maxPromptChars"));
        assertEquals(List.of("self-serve"), global.getList("openTenants"));
        assertEquals("block_and_report", global.getString("categories.find { it.category == 'csam' }.action"));
        assertEquals(List.of("S4"), global.getList("categories.find { it.category == 'csam' }.hazards"));
        assertEquals(global.getString("policyVersion"),
                check("self-serve", "global-version", BENIGN).statusCode(200).extract().path("policyVersion"));
    }
}
