package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthTest extends FakeTestBase {

    private void assertRefused(IspwsCalls.Reply reply) {
        assertEquals(401, reply.status(), reply.body());
        assertEquals(2000, reply.code());
        assertFixtureShape("error-2000-auth.xml", reply);
        assertNotNull(reply.requestId());
    }

    private void assertEveryEndpointRefuses(IspwsCalls client) throws Exception {
        assertRefused(client.status());
        assertRefused(client.xsd());
        assertRefused(client.submit(report()));
        assertRefused(client.upload(FakeCyberTipline.DEFAULT_FIRST_REPORT_ID, "a.png", new byte[] {1}));
        assertRefused(client.fileinfo(fileDetails(FakeCyberTipline.DEFAULT_FIRST_REPORT_ID, FIXTURE_FILE_ID)));
        assertRefused(client.finish(FakeCyberTipline.DEFAULT_FIRST_REPORT_ID));
        assertRefused(client.retract(FakeCyberTipline.DEFAULT_FIRST_REPORT_ID));
    }

    @Test
    void everyEndpointNeedsCredentials() throws Exception {
        assertEveryEndpointRefuses(new IspwsCalls(fake.baseUri(), null));
        assertEquals(Set.of(), fake.openReportIds());
    }

    @Test
    void aWrongPasswordOrUserIsRefused() throws Exception {
        assertEveryEndpointRefuses(new IspwsCalls(fake.baseUri(), new Credentials("esp-test", "wrong")));
        assertEveryEndpointRefuses(new IspwsCalls(fake.baseUri(), new Credentials("other", CREDENTIALS.password())));
        assertEquals(2, fake.calls(Endpoint.SUBMIT), "refused calls are counted too");
        assertEquals(Set.of(), fake.openReportIds());
    }

    @Test
    void theChallengeNamesBasicAuth() throws Exception {
        IspwsCalls anonymous = new IspwsCalls(fake.baseUri(), null);
        HttpResponse<Void> response = HttpClient.newHttpClient().send(anonymous.request("/status").GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(List.of("Basic realm=\"ispws\""), response.headers().allValues("WWW-Authenticate"));
    }

    @Test
    void otherAuthorizationSchemesAreRefused() throws Exception {
        IspwsCalls.Reply reply = ispws.send(HttpRequest.newBuilder(URI.create(fake.baseUri() + "/status"))
                .header("Authorization", "Bearer " + CREDENTIALS.password()).GET());
        assertRefused(reply);
    }
}
