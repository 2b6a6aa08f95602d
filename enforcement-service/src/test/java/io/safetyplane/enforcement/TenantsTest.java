package io.safetyplane.enforcement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.safetyplane.enforcement.model.AccountEntity;
import io.safetyplane.testsupport.TestTokens;

/** Tenants, their accounts and the accounts' acceptance of the acceptable use policy, with bad input and wrong callers. */
@QuarkusTest
class TenantsTest {
    static final String SECRET = NoticesTest.SECRET;

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static Map<String, Object> tenant(String webhookUrl, String secret) {
        Map<String, Object> m = new HashMap<>(Map.of("name", "Acme", "kind", "business"));
        if (webhookUrl != null) {
            m.put("webhookUrl", webhookUrl);
        }
        if (secret != null) {
            m.put("webhookSecret", secret);
        }
        return m;
    }

    @Test
    void adminsRegisterTenantsWithAWebhookWhoseSecretIsNeverShown() {
        String t = "t-" + UUID.randomUUID();
        String admin = NoticesTest.admin();
        given().contentType(ContentType.JSON).body(tenant(null, null)).put("/v1/tenants/" + t).then().statusCode(401);
        as(TestTokens.token("r-1", "reviewer")).body(tenant(null, null)).put("/v1/tenants/" + t).then().statusCode(403);
        as(NoticesTest.tenantToken(t)).body(tenant(null, null)).put("/v1/tenants/" + t).then().statusCode(403);
        // bad bodies
        for (String url : new String[] { "ftp://hooks.example.com/x", "http://hooks.example.com/x", "not a url", "/relative",
                "https://user:pw@hooks.example.com/x", "http://10.0.0.1/x" }) {
            as(admin).body(tenant(url, SECRET)).put("/v1/tenants/" + t).then().statusCode(400)
                    .body("type", is("urn:safety-plane:problem:invalid-webhook-url"));
        }
        as(admin).body(tenant("https://hooks.example.com/x", null)).put("/v1/tenants/" + t).then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:webhook-secret-required"));
        as(admin).body(tenant("https://hooks.example.com/x", "plain-secret")).put("/v1/tenants/" + t).then().statusCode(400)
                .body("type", is("urn:safety-plane:problem:invalid-webhook-secret"));
        as(admin).body(Map.of("name", "Acme", "kind", "company")).put("/v1/tenants/" + t).then().statusCode(400);
        as(admin).body(Map.of("kind", "business")).put("/v1/tenants/" + t).then().statusCode(400);
        as(admin).body("{not json").put("/v1/tenants/" + t).then().statusCode(400);
        as(admin).body(tenant(null, null)).put("/v1/tenants/bad%20id").then().statusCode(400);
        // registered, then changed; the secret stays when not given again
        as(admin).body(tenant("https://hooks.example.com/x", SECRET)).put("/v1/tenants/" + t).then().statusCode(201)
                .body("webhookSecretSet", is(true)).body("webhookSecret", nullValue());
        as(admin).body(tenant("http://[::1]:8080/hook", null)).put("/v1/tenants/" + t).then().statusCode(200)
                .body("webhookUrl", is("http://[::1]:8080/hook")).body("webhookSecretSet", is(true));
        // read by an admin or the tenant itself only
        as(NoticesTest.tenantToken(t)).get("/v1/tenants/" + t).then().statusCode(200).body("kind", is("business"))
                .body("webhookSecret", nullValue());
        as(NoticesTest.tenantToken("other")).get("/v1/tenants/" + t).then().statusCode(403);
        as(TestTokens.token("r-1", "reviewer")).get("/v1/tenants/" + t).then().statusCode(403);
        as(admin).get("/v1/tenants/unknown-" + t).then().statusCode(404);
        // every change is audited, without the secret
        String log = as(TestTokens.token("auditor-1", "auditor")).queryParam("limit", 1000).get("/v1/audit-log").then().statusCode(200)
                .extract().asString();
        assertTrue(log.contains("tenant.registered") && log.contains("tenant.changed"), log);
        assertFalse(log.contains(SECRET.substring(6)), "the secret is not in the audit log");
    }

    @Test
    void accountsAreRegisteredAndAcceptTheCurrentPolicyAsAdults() throws Throwable {
        String t = "t-" + UUID.randomUUID();
        String tenantToken = NoticesTest.tenantToken(t);
        as(tenantToken).put("/v1/tenants/" + t + "/accounts/a-1").then().statusCode(404); // unknown tenant
        as(NoticesTest.admin()).body(tenant(null, null)).put("/v1/tenants/" + t).then().statusCode(201);
        as(NoticesTest.tenantToken("other")).put("/v1/tenants/" + t + "/accounts/a-1").then().statusCode(403);
        as(TestTokens.token("r-1", "reviewer")).put("/v1/tenants/" + t + "/accounts/a-1").then().statusCode(403);
        as(tenantToken).put("/v1/tenants/" + t + "/accounts/a-1").then().statusCode(201).body("aupVersion", nullValue());
        as(NoticesTest.admin()).put("/v1/tenants/" + t + "/accounts/a-1").then().statusCode(200); // already there

        String path = "/v1/tenants/" + t + "/accounts/a-1/policy-acceptances";
        String user = NoticesTest.userToken(t, "a-1", null);
        Map<String, Object> ok = Map.of("aupVersion", "1", "adultAttested", true);
        as(NoticesTest.admin()).body(ok).post(path).then().statusCode(403);
        as(NoticesTest.userToken(t, "a-2", null)).body(ok).post(path).then().statusCode(403);
        as(NoticesTest.userToken(t, "a-1", "end-user-1")).body(ok).post(path).then().statusCode(403);
        as(user).body(ok).post("/v1/tenants/" + t + "/accounts/a-9/policy-acceptances").then().statusCode(403);
        as(tenantToken).body(ok).post("/v1/tenants/" + t + "/accounts/a-9/policy-acceptances").then().statusCode(404);
        as(user).body(Map.of("aupVersion", "0", "adultAttested", true)).post(path).then().statusCode(422)
                .body("type", is("urn:safety-plane:problem:aup-version-not-current")).body("currentVersion", is("1"));
        as(user).body(Map.of("aupVersion", "1", "adultAttested", false)).post(path).then().statusCode(422)
                .body("type", is("urn:safety-plane:problem:adult-attestation-required"));
        as(user).body(Map.of("aupVersion", "1")).post(path).then().statusCode(400);
        as(user).post(path).then().statusCode(400);
        String standing = "/v1/tenants/" + t + "/accounts/a-1/standing";
        String reviewer = TestTokens.token("r-1", "reviewer");
        as(reviewer).get(standing).then().statusCode(200).body("known", is(true)).body("policyAccepted", is(false));
        as(user).body(ok).post(path).then().statusCode(200).body("aupVersion", is("1")).body("adultAttested", is(true));
        as(reviewer).get(standing).then().statusCode(200).body("policyAccepted", is(true));

        // an acceptance of an earlier version no longer counts
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> AccountEntity.<AccountEntity>findById(
                new AccountEntity.Key(t, "a-1")).invoke(a -> a.aupVersion = "0")));
        as(reviewer).get(standing).then().statusCode(200).body("policyAccepted", is(false));
    }
}
