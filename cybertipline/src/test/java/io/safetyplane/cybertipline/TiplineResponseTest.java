package io.safetyplane.cybertipline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.safetyplane.cybertipline.TiplineResponse.ReportDoneResponse;
import io.safetyplane.cybertipline.TiplineResponse.ReportResponse;

/** Each response fixture of {@code shared/cybertipline/responses}. */
class TiplineResponseTest {

    private static TiplineResponse fixture(String name) {
        return TiplineResponse.parse(SharedTipline.read("responses/" + name));
    }

    @Test
    void everyFixtureParsesAndValidates() throws IOException {
        try (Stream<Path> files = Files.list(SharedTipline.dir().resolve("responses"))) {
            List<Path> all = files.sorted().toList();
            assertEquals(8, all.size(), all.toString());
            for (Path f : all) {
                byte[] body = Files.readAllBytes(f);
                assertEquals(List.of(), SharedTipline.schema().validate(body), f.getFileName().toString());
                TiplineResponse.parse(body);
            }
        }
    }

    @Test
    void successes() {
        assertEquals(new ReportResponse(0, "Success", 4564654L, null, null), fixture("submit-ok.xml"));
        assertEquals(new ReportResponse(0, "Success", 4564654L, "b0754af766b426f2928a02c651ed4b99", "fafa5efeaf3cbe3b23b2748d13e629a1"),
                fixture("upload-ok.xml"));
        assertEquals(new ReportResponse(0, "Success", 4564654L, null, null), fixture("fileinfo-ok.xml"));
        assertEquals(new ReportResponse(0, "Success", 4564654L, null, null), fixture("retract-ok.xml"));
        assertEquals(new ReportDoneResponse(0, 4564654L, List.of("b0754af766b426f2928a02c651ed4b99")), fixture("finish-ok.xml"));
    }

    @Test
    void errors() {
        TiplineResponse auth = fixture("error-2000-auth.xml");
        assertEquals(new ReportResponse(2000, "Authentication required", null, null, null), auth);
        assertEquals(Disposition.TERMINAL_ALERT, ResponseCodes.classify(auth.responseCode()));
        TiplineResponse validation = fixture("error-4100-validation.xml");
        assertEquals(4100, validation.responseCode());
        assertNull(validation.reportId());
        assertEquals(Disposition.FIX_PAYLOAD, ResponseCodes.classify(validation.responseCode()));
        TiplineResponse finished = fixture("error-5102-already-finished.xml");
        assertEquals(new ReportResponse(5102, "Report already finished", 4564654L, null, null), finished);
        assertEquals(Disposition.ALREADY_FINISHED, ResponseCodes.classify(finished.responseCode()));
    }

    @Test
    void notAResponseIsAClearError() {
        for (String body : List.of("", "<html>Service Unavailable</html>", "<reportResponse><responseDescription>x</responseDescription></reportResponse>",
                "<reportResponse><responseCode>abc</responseCode></reportResponse>",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><reportResponse><responseCode>&x;</responseCode></reportResponse>")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TiplineResponse.parse(body.getBytes(StandardCharsets.UTF_8)), body);
            assertTrue(e.getMessage().startsWith("not a CyberTipline response"), e.getMessage());
        }
    }
}
