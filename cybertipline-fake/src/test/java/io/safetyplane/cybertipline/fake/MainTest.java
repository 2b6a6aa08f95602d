package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void argumentsOverrideTheEnvironmentAndTheAdminEndpointIsOn() throws Exception {
        Map<String, String> env = Map.of("CYBERTIPLINE_FAKE_USERNAME", "esp", "CYBERTIPLINE_FAKE_PASSWORD", "pw",
                "CYBERTIPLINE_FAKE_PORT", "1", "CYBERTIPLINE_FAKE_XSD", "/nowhere.xsd");
        String[] args = {"--port", "0", "--xsd", SharedCyberTipline.xsd().toString(),
                "--responses", SharedCyberTipline.responses().toString()};
        try (FakeCyberTipline fake = Main.configure(args, env).start()) {
            assertTrue(fake.baseUri().toString().matches("http://127\\.0\\.0\\.1:\\d+/ispws"), fake.baseUri().toString());
            IspwsCalls ispws = new IspwsCalls(fake.baseUri(), new Credentials("esp", "pw"));
            ispws.status().expect(0);
            assertEquals(200, ispws.postForm("/_admin/faults", "expire=open").status());
        }
    }

    @Test
    void missingOrBadSettingsAreExplained() {
        Map<String, String> creds = Map.of("CYBERTIPLINE_FAKE_USERNAME", "esp", "CYBERTIPLINE_FAKE_PASSWORD", "pw");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Main.configure(new String[0], Map.of()))
                .getMessage().contains("CYBERTIPLINE_FAKE_PASSWORD"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Main.configure(new String[] {"--prot", "1"}, creds)).getMessage().contains("--prot"));
        assertThrows(IllegalArgumentException.class, () -> Main.configure(new String[] {"--port"}, creds));
        assertThrows(IllegalArgumentException.class, () -> Main.configure(new String[] {"--port", "x"}, creds));
        IllegalArgumentException noXsd = assertThrows(IllegalArgumentException.class,
                () -> Main.configure(new String[] {"--xsd", "missing.xsd", "--port", "0"}, creds).start());
        assertTrue(noXsd.getMessage().contains("missing.xsd"), noXsd.getMessage());
    }

    @Test
    void aResponsesDirectoryWithoutTheFixturesIsRefused() {
        FakeCyberTipline.Builder builder = FakeCyberTipline.builder().xsd(SharedCyberTipline.xsd())
                .responses(SharedCyberTipline.dir()).credentials(new Credentials("u", "p"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::start);
        assertTrue(e.getMessage().contains("submit-ok.xml"), e.getMessage());
    }
}
