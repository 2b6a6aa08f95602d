package io.safetyplane.cybertipline.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Response bodies built from the fixture files ({@code shared/cybertipline/responses}): each answer is a copy of a
 * fixture with its code, description and ids replaced, so it has the fixture's shape exactly. Codes without a fixture
 * of their own take the shape of {@code error-5102} when a report is named and of {@code error-4100} otherwise.
 */
final class ResponseBodies {
    static final String AUTH = "error-2000-auth.xml";
    static final String VALIDATION = "error-4100-validation.xml";
    static final String FINISHED = "error-5102-already-finished.xml";
    static final String SUBMIT = "submit-ok.xml";
    static final String UPLOAD = "upload-ok.xml";
    static final String FILEINFO = "fileinfo-ok.xml";
    static final String FINISH = "finish-ok.xml";
    static final String RETRACT = "retract-ok.xml";
    static final List<String> FIXTURES = List.of(AUTH, VALIDATION, FINISHED, SUBMIT, UPLOAD, FILEINFO, FINISH, RETRACT);

    private final Map<String, Document> templates = new LinkedHashMap<>();

    ResponseBodies(Path directory) {
        List<String> missing = FIXTURES.stream().filter(f -> !Files.isRegularFile(directory.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the response fixtures directory " + directory + " lacks " + missing);
        }
        for (String name : FIXTURES) {
            try {
                templates.put(name, SecureXml.parse(Files.readAllBytes(directory.resolve(name))));
            } catch (IOException | SAXException e) {
                throw new IllegalArgumentException("cannot read the response fixture " + directory.resolve(name)
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code /status}: code 0 in the shape of a response that names no report. */
    byte[] status() {
        return reportResponse(VALIDATION, ResponseCodes.SUCCESS, null);
    }

    /** Success of {@code /submit}, {@code /fileinfo} or {@code /retract}. */
    byte[] success(Endpoint endpoint, long reportId) {
        String fixture = switch (endpoint) {
            case SUBMIT -> SUBMIT;
            case FILEINFO -> FILEINFO;
            case RETRACT -> RETRACT;
            default -> throw new IllegalArgumentException(endpoint + " has no plain success response");
        };
        return reportResponse(fixture, ResponseCodes.SUCCESS, reportId);
    }

    byte[] upload(long reportId, String fileId, String md5) {
        Document d = copy(UPLOAD);
        set(d, "reportId", Long.toString(reportId));
        set(d, "fileId", fileId);
        set(d, "hash", md5);
        return bytes(d);
    }

    byte[] done(long reportId, List<String> fileIds) {
        Document d = copy(FINISH);
        set(d, "reportId", Long.toString(reportId));
        Element files = child(d, "files");
        Element first = firstChild(files, "fileId");
        if (first == null) {
            throw new IllegalStateException(FINISH + " has no <files><fileId> to copy");
        }
        for (Element old : children(files, "fileId")) {
            files.removeChild(old);
        }
        for (String id : fileIds) {
            Element fileId = (Element) first.cloneNode(false);
            fileId.setTextContent(id);
            files.appendChild(fileId);
        }
        return bytes(d);
    }

    /** A non-zero code; {@code reportId} may be null. */
    byte[] error(int code, Long reportId) {
        String fixture = code == ResponseCodes.AUTHENTICATION_REQUIRED ? AUTH : reportId == null ? VALIDATION : FINISHED;
        return reportResponse(fixture, code, reportId);
    }

    private byte[] reportResponse(String fixture, int code, Long reportId) {
        Document d = copy(fixture);
        Element codeElement = child(d, "responseCode");
        boolean fixtureCode = codeElement.getTextContent().trim().equals(Integer.toString(code));
        codeElement.setTextContent(Integer.toString(code));
        if (!fixtureCode) {
            set(d, "responseDescription", ResponseCodes.describe(code));
        }
        Element id = firstChild(d.getDocumentElement(), "reportId");
        if (reportId == null && id != null) {
            d.getDocumentElement().removeChild(id);
        } else if (reportId != null) {
            if (id == null) {
                throw new IllegalStateException(fixture + " has no reportId to fill in");
            }
            id.setTextContent(Long.toString(reportId));
        }
        return bytes(d);
    }

    private Document copy(String fixture) {
        Document template = templates.get(fixture);
        synchronized (template) {
            return (Document) template.cloneNode(true);
        }
    }

    private static void set(Document d, String name, String value) {
        child(d, name).setTextContent(value);
    }

    private static Element child(Document d, String name) {
        Element e = firstChild(d.getDocumentElement(), name);
        if (e == null) {
            throw new IllegalStateException("the response fixture <" + d.getDocumentElement().getTagName()
                    + "> has no <" + name + ">");
        }
        return e;
    }

    private static Element firstChild(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static byte[] bytes(Document d) {
        return SecureXml.serialise(d).getBytes(StandardCharsets.UTF_8);
    }
}
