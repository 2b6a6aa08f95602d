package io.safetyplane.cybertipline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Starts a fake on a free port with a settable clock for each test, and a client with the right credentials. */
abstract class FakeTestBase {
    static final Credentials CREDENTIALS = new Credentials("esp-test", "s3cret-test-password");
    static final String FIXTURE_REPORT_ID = "4564654";
    static final String FIXTURE_FILE_ID = "b0754af766b426f2928a02c651ed4b99";

    final SettableClock clock = new SettableClock(Instant.parse("2025-01-15T10:30:00Z"));
    FakeCyberTipline fake;
    IspwsCalls ispws;

    @BeforeEach
    void startFake() throws IOException {
        fake = builder().start();
        ispws = new IspwsCalls(fake.baseUri(), CREDENTIALS);
    }

    /** The builder each test's fake starts from; a subclass may add to it. */
    FakeCyberTipline.Builder builder() {
        return FakeCyberTipline.builder().xsd(SharedCyberTipline.xsd()).responses(SharedCyberTipline.responses())
                .credentials(CREDENTIALS).clock(clock);
    }

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }

    static String report() {
        return SharedCyberTipline.example("example-report.xml");
    }

    /** {@code example-filedetails-upload.xml} for the given report and file. */
    static String fileDetails(long reportId, String fileId) {
        return SharedCyberTipline.example("example-filedetails-upload.xml")
                .replace("<reportId>" + FIXTURE_REPORT_ID + "</reportId>", "<reportId>" + reportId + "</reportId>")
                .replace("<fileId>" + FIXTURE_FILE_ID + "</fileId>", "<fileId>" + fileId + "</fileId>");
    }

    long submitted() throws IOException, InterruptedException {
        return ispws.submit(report()).expect(0).reportId();
    }

    /**
     * Asserts that {@code reply} has the fixture's shape: the same root and child elements in the same order, and the
     * same text in each but the ids and hash the fake fills in.
     */
    static void assertFixtureShape(String fixture, IspwsCalls.Reply reply) {
        Element expected = new IspwsCalls.Reply(200, null, SharedCyberTipline.response(fixture)).root();
        Element actual = reply.root();
        assertEquals(outline(expected), outline(actual), "shape of " + fixture + " vs " + reply.body());
    }

    private static List<String> outline(Element e) {
        List<String> out = new ArrayList<>();
        out.add("<" + e.getLocalName() + ">");
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                boolean filled = List.of("reportId", "fileId", "hash").contains(c.getLocalName());
                boolean leaf = c.getFirstChild() == null || c.getFirstChild() == c.getLastChild()
                        && !(c.getFirstChild() instanceof Element);
                out.addAll(leaf ? List.of(c.getLocalName() + "=" + (filled ? "*" : c.getTextContent()))
                        : outline(c));
            }
        }
        out.add("</" + e.getLocalName() + ">");
        return out;
    }
}
