package io.safetyplane.cybertipline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class ReportXmlTest {

    @Test
    void theExampleReportBuiltFromTheModelValidates() {
        ReportSchema.Checked checked = SharedTipline.schema().check(Reports.example());
        assertEquals(List.of(), checked.errors());
        String xml = new String(checked.xml(), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<espIdentifier>org_7f3a91/enduser:c2e8f0</espIdentifier>"), xml);
        assertTrue(xml.contains("<associatedAccount type=\"Business\">"), xml);
        assertTrue(xml.contains("<accountTemporarilyDisabled disabledDate=\"2025-01-15T10:22:32Z\" userNotified=\"false\">true</accountTemporarilyDisabled>"), xml);
    }

    @Test
    void everyOptionalFieldSetStillValidatesSoEveryElementIsInTheXsdOrder() {
        assertEquals(List.of(), SharedTipline.schema().check(Reports.everyField()).errors());
        assertEquals(List.of(), SharedTipline.schema().check(Reports.upload()).errors());
        assertEquals(List.of(), SharedTipline.schema().check(Reports.generated()).errors());
    }

    @Test
    void elementOrderIsTheOrderOfTheSharedExamples() throws Exception {
        assertSameOrder("example-report.xml", ReportXml.write(Reports.example()));
        assertSameOrder("example-filedetails-upload.xml", ReportXml.write(Reports.upload()));
        assertSameOrder("example-filedetails-generated.xml", ReportXml.write(Reports.generated()));
    }

    @Test
    void theSharedExamplesValidate() {
        for (String name : List.of("example-report.xml", "example-filedetails-upload.xml", "example-filedetails-generated.xml")) {
            assertEquals(List.of(), SharedTipline.schema().validate(SharedTipline.read(name)), name);
        }
    }

    @Test
    void anEmptyMandatoryElementIsASchemaErrorWithItsLine() {
        String xml = new String(ReportXml.write(Reports.example()), StandardCharsets.UTF_8)
                .replace("<incidentDateTime>2025-01-15T10:22:31Z</incidentDateTime>", "\n<incidentDateTime></incidentDateTime>");
        List<SchemaError> errors = SharedTipline.schema().validate(xml.getBytes(StandardCharsets.UTF_8));
        assertFalse(errors.isEmpty());
        assertEquals(2, errors.get(0).line());
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("dateTime")), errors.toString());
    }

    @Test
    void aMissingMandatoryElementIsASchemaError() {
        String xml = new String(ReportXml.write(Reports.example()), StandardCharsets.UTF_8)
                .replaceAll("<reportingPerson>.*</reportingPerson>", "");
        List<SchemaError> errors = SharedTipline.schema().validate(xml.getBytes(StandardCharsets.UTF_8));
        assertTrue(errors.stream().anyMatch(e -> e.message().contains("reportingPerson")), errors.toString());
    }

    @Test
    void elementsOutOfTheXsdOrderAreSchemaErrors() {
        String xml = new String(ReportXml.write(Reports.upload()), StandardCharsets.UTF_8)
                .replace("<fileName>upload-9f2c.png</fileName><originalFileName>init_image.png</originalFileName>",
                        "<originalFileName>init_image.png</originalFileName><fileName>upload-9f2c.png</fileName>");
        List<SchemaError> errors = SharedTipline.schema().validate(xml.getBytes(StandardCharsets.UTF_8));
        assertFalse(errors.isEmpty(), xml);
    }

    @Test
    void aModelTheXsdRejectsYieldsErrorsNotExceptions() {
        // a country calling code without '+' passes the constructor; the XSD's pattern rejects it
        Report badPhone = new Report(IncidentType.CHILD_PORNOGRAPHY, Reports.INCIDENT, null, null, null,
                new Reporter(new ReportingPerson("Trust", "Safety", "cs@example.com", "5550100", "1"), null, null, null), List.of(), null);
        List<SchemaError> phone = SharedTipline.schema().check(badPhone).errors();
        assertTrue(phone.stream().anyMatch(e -> e.message().contains("countryCallingCode") || e.message().contains("pattern")), phone.toString());

        // a control character in free text cannot be represented in XML 1.0: a well-formedness error, reported the same way
        Report control = new Report(IncidentType.CHILD_PORNOGRAPHY, Reports.INCIDENT, null, null, null, Reports.reporter(), List.of(),
                "pasted from a prompt \u0001");
        List<SchemaError> errors = SharedTipline.schema().check(control).errors();
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).line() >= 1, errors.toString());
    }

    @Test
    void aDoctypeIsRefusedNotExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE report [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><report>&x;</report>";
        List<SchemaError> errors = SharedTipline.schema().validate(xxe.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("DOCTYPE"), errors.toString());
    }

    @Test
    void aMissingXsdIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportSchema.load(java.nio.file.Path.of("no-such.xsd")));
        assertTrue(e.getMessage().contains("CyberTipline XSD not found"), e.getMessage());
    }

    @Test
    void constructorsNameTheMissingElement() {
        assertMessage("incidentSummary/incidentType is required", () -> new Report(null, Reports.INCIDENT, null, null, null, Reports.reporter(), List.of(), null));
        assertMessage("incidentSummary/incidentDateTime is required", () -> new Report(IncidentType.CHILD_PORNOGRAPHY, null, null, null, null, Reports.reporter(), List.of(), null));
        assertMessage("reporter is required", () -> new Report(IncidentType.CHILD_PORNOGRAPHY, Reports.INCIDENT, null, null, null, null, List.of(), null));
        assertMessage("incidentSummary/escalateToHighPriority must be absent", () -> new Report(IncidentType.CHILD_PORNOGRAPHY, Reports.INCIDENT, null, null, " ", Reports.reporter(), List.of(), null));
        assertMessage("reportingPerson/email is required", () -> new ReportingPerson("Trust", "Safety", ""));
        assertMessage("personOrUserReported/espService is required", () -> new ReportedUser("acct", null, null, null, List.of(), List.of(), null, List.of(), null));
        assertMessage("ipCaptureEvent/ipAddress is required", () -> IpCaptureEvent.upload(" ", Reports.INCIDENT));
        assertMessage("userNotifiedDate is required", () -> new AccountDisabled(true, Reports.INCIDENT, true, null));
        assertMessage("fileDetails/reportId must be a positive", () -> new FileDetails(0, "f", null, null, null, false, false, false, null, Set.of(), List.of(), null, List.of()));
        assertMessage("fileDetails/fileId is required", () -> new FileDetails(1, "", null, null, null, false, false, false, null, Set.of(), List.of(), null, List.of()));
        assertMessage("originalFileHash MD5 must be 32 hex digits", () -> new FileHash(FileHash.Type.MD5, "abc"));
        assertEquals("acct", new ReportedUser("acct", null, "svc", null, List.of(), List.of(), null, List.of(), null).espIdentifier());
    }

    private static void assertMessage(String expected, Runnable r) {
        RuntimeException e = assertThrows(RuntimeException.class, r::run);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    /** The elements both documents have come in the same order. */
    private static void assertSameOrder(String example, byte[] ours) throws Exception {
        List<String> mine = paths(ours);
        List<String> theirs = paths(SharedTipline.read(example));
        List<String> theirsInMine = new ArrayList<>(theirs);
        theirsInMine.retainAll(Set.copyOf(mine));
        List<String> mineInTheirs = new ArrayList<>(mine);
        mineInTheirs.retainAll(Set.copyOf(theirs));
        assertTrue(mineInTheirs.size() >= 10, example + " shares too few elements: " + mineInTheirs);
        assertEquals(theirsInMine, mineInTheirs, example);
    }

    private static List<String> paths(byte[] xml) throws Exception {
        Element root = SecureXml.documentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        List<String> out = new ArrayList<>();
        collect(root, root.getTagName(), out);
        return out;
    }

    private static void collect(Element e, String path, List<String> out) {
        out.add(path);
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                collect(child, path + "/" + child.getTagName(), out);
            }
        }
    }
}
