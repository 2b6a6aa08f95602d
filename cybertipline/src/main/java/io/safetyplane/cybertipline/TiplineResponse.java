package io.safetyplane.cybertipline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilder;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** A parsed response body: {@code <reportResponse>} or, from {@code /finish}, {@code <reportDoneResponse>}. */
public sealed interface TiplineResponse permits TiplineResponse.ReportResponse, TiplineResponse.ReportDoneResponse {

    int responseCode();

    /** The report id, or null when the response carries none. */
    Long reportId();

    /** {@code <reportResponse>}; optional fields are null when absent. */
    record ReportResponse(int responseCode, String responseDescription, Long reportId, String fileId, String hash) implements TiplineResponse {
    }

    /** {@code <reportDoneResponse>}: the filed report and the ids of its files. */
    record ReportDoneResponse(int responseCode, Long reportId, List<String> fileIds) implements TiplineResponse {
        public ReportDoneResponse {
            fileIds = List.copyOf(fileIds);
        }
    }

    /**
     * Parses a response body with a parser that refuses DOCTYPEs.
     *
     * @throws IllegalArgumentException when the body is not one of the two response documents
     */
    static TiplineResponse parse(byte[] body) {
        Document doc;
        try {
            DocumentBuilder builder = SecureXml.documentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not a CyberTipline response: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        int code = parseInt(required(root, "responseCode"));
        String reportId = child(root, "reportId");
        Long id = reportId == null ? null : parseLong(reportId);
        return switch (root.getTagName()) {
            case "reportResponse" -> new ReportResponse(code, child(root, "responseDescription"), id, child(root, "fileId"), child(root, "hash"));
            case "reportDoneResponse" -> {
                List<String> files = new ArrayList<>();
                Element filesElement = element(root, "files");
                if (filesElement != null) {
                    for (Node n = filesElement.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element e && e.getTagName().equals("fileId")) {
                            files.add(e.getTextContent().trim());
                        }
                    }
                }
                yield new ReportDoneResponse(code, id, files);
            }
            default -> throw new IllegalArgumentException("not a CyberTipline response: root element <" + root.getTagName() + ">");
        };
    }

    private static Element element(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        if (e == null) {
            return null;
        }
        String text = e.getTextContent().trim();
        return text.isEmpty() ? null : text;
    }

    private static String required(Element parent, String name) {
        String text = child(parent, name);
        if (text == null) {
            throw new IllegalArgumentException("not a CyberTipline response: <" + parent.getTagName() + "> has no " + name);
        }
        return text;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CyberTipline response: responseCode '" + text + "'", e);
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CyberTipline response: reportId '" + text + "'", e);
        }
    }
}
