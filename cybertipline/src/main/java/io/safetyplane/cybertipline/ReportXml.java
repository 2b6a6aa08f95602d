package io.safetyplane.cybertipline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code <report>} and {@code <fileDetails>} with StAX, every element in the order of the XSD's
 * {@code xs:sequence} (NCMEC rejects out-of-order XML with 4100). Optional values that are absent are left out;
 * nothing is checked here beyond the model's constructors: {@link ReportSchema} validates the result.
 */
public final class ReportXml {
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private ReportXml() {
    }

    /** The {@code <report>} for {@code /submit}, UTF-8. */
    public static byte[] write(Report report) {
        return document(w -> {
            w.writeStartElement("report");
            w.writeStartElement("incidentSummary");
            element(w, "incidentType", report.incidentType().xml());
            element(w, "platform", report.platform());
            element(w, "escalateToHighPriority", report.escalateToHighPriority());
            element(w, "incidentDateTime", report.incidentDateTime());
            element(w, "incidentDateTimeDescription", report.incidentDateTimeDescription());
            w.writeEndElement();
            reporter(w, report.reporter());
            for (ReportedUser user : report.reportedUsers()) {
                reportedUser(w, user);
            }
            element(w, "additionalInfo", report.additionalInfo());
            w.writeEndElement();
        });
    }

    /** The {@code <fileDetails>} for {@code /fileinfo}, UTF-8. */
    public static byte[] write(FileDetails file) {
        return document(w -> {
            w.writeStartElement("fileDetails");
            element(w, "reportId", Long.toString(file.reportId()));
            element(w, "fileId", file.fileId());
            element(w, "fileName", file.fileName());
            element(w, "originalFileName", file.originalFileName());
            element(w, "uploadedToEspTimestamp", file.uploadedToEspTimestamp());
            element(w, "fileViewedByEsp", Boolean.toString(file.fileViewedByEsp()));
            element(w, "exifViewedByEsp", Boolean.toString(file.exifViewedByEsp()));
            element(w, "publiclyAvailable", Boolean.toString(file.publiclyAvailable()));
            element(w, "fileRelevance", file.relevance() == null ? null : file.relevance().xml());
            if (!file.annotations().isEmpty()) {
                w.writeStartElement("fileAnnotations");
                // xs:all allows any order; enum order keeps the output stable
                for (FileAnnotation a : file.annotations().stream().sorted(Comparator.naturalOrder()).toList()) {
                    w.writeEmptyElement(a.element());
                }
                w.writeEndElement();
            }
            for (FileHash hash : file.originalFileHashes()) {
                w.writeStartElement("originalFileHash");
                w.writeAttribute("hashType", hash.type().xml());
                w.writeCharacters(hash.value());
                w.writeEndElement();
            }
            if (file.ipCaptureEvent() != null) {
                ipCaptureEvent(w, file.ipCaptureEvent());
            }
            for (String info : file.additionalInfo()) {
                element(w, "additionalInfo", info);
            }
            w.writeEndElement();
        });
    }

    private static void reporter(XMLStreamWriter w, Reporter reporter) throws XMLStreamException {
        w.writeStartElement("reporter");
        ReportingPerson p = reporter.reportingPerson();
        w.writeStartElement("reportingPerson");
        element(w, "firstName", p.firstName());
        element(w, "lastName", p.lastName());
        if (p.phone() != null) {
            w.writeStartElement("phone");
            w.writeAttribute("type", "Business");
            if (p.phoneCountryCallingCode() != null) {
                w.writeAttribute("countryCallingCode", p.phoneCountryCallingCode());
            }
            w.writeCharacters(p.phone());
            w.writeEndElement();
        }
        w.writeStartElement("email");
        w.writeAttribute("type", "Business");
        w.writeCharacters(p.email());
        w.writeEndElement();
        w.writeEndElement();
        element(w, "companyTemplate", reporter.companyTemplate());
        element(w, "termsOfService", reporter.termsOfService());
        element(w, "legalURL", reporter.legalUrl());
        w.writeEndElement();
    }

    private static void reportedUser(XMLStreamWriter w, ReportedUser user) throws XMLStreamException {
        w.writeStartElement("personOrUserReported");
        element(w, "espIdentifier", user.espIdentifier());
        element(w, "espService", user.espService());
        element(w, "screenName", user.screenName());
        for (IpCaptureEvent e : user.ipCaptureEvents()) {
            ipCaptureEvent(w, e);
        }
        for (long prior : user.priorReports()) {
            element(w, "priorCTReports", Long.toString(prior));
        }
        AccountDisabled d = user.disabled();
        if (d != null) {
            w.writeStartElement(d.permanently() ? "accountPermanentlyDisabled" : "accountTemporarilyDisabled");
            w.writeAttribute("disabledDate", d.disabledDate().toString());
            w.writeAttribute("userNotified", Boolean.toString(d.userNotified()));
            if (d.userNotifiedDate() != null) {
                w.writeAttribute("userNotifiedDate", d.userNotifiedDate().toString());
            }
            w.writeCharacters("true");
            w.writeEndElement();
        }
        for (AssociatedAccount a : user.associatedAccounts()) {
            w.writeStartElement("associatedAccount");
            w.writeAttribute("type", a.type().xml());
            element(w, "espService", a.espService());
            element(w, "espIdentifier", a.espIdentifier());
            element(w, "additionalInfo", a.additionalInfo());
            w.writeEndElement();
        }
        element(w, "additionalInfo", user.additionalInfo());
        w.writeEndElement();
    }

    private static void ipCaptureEvent(XMLStreamWriter w, IpCaptureEvent e) throws XMLStreamException {
        w.writeStartElement("ipCaptureEvent");
        element(w, "ipAddress", e.ipAddress());
        element(w, "eventName", e.eventName() == null ? null : e.eventName().xml());
        element(w, "dateTime", e.dateTime());
        element(w, "possibleProxy", e.possibleProxy() == null ? null : e.possibleProxy().toString());
        element(w, "port", e.port() == null ? null : e.port().toString());
        w.writeEndElement();
    }

    /** Writes {@code <name>text</name>}, or nothing when the text is absent. */
    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        if (text != null) {
            w.writeStartElement(name);
            w.writeCharacters(text);
            w.writeEndElement();
        }
    }

    /** xs:dateTime in UTC, for example {@code 2025-01-15T10:22:31Z}. */
    private static void element(XMLStreamWriter w, String name, Instant time) throws XMLStreamException {
        element(w, name, time == null ? null : time.toString());
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing CyberTipline XML failed", e);
        }
        return out.toByteArray();
    }
}
