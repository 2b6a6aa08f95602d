package io.safetyplane.cybertipline.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/** NCMEC's XSD, loaded from a path the caller configures (it is not redistributed with this code). */
final class ReportSchema {
    private final Path path;
    private final byte[] bytes;
    private final Schema schema;

    ReportSchema(Path path) {
        this.path = path;
        try {
            this.bytes = Files.readAllBytes(path);
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setErrorHandler(SecureXml.STRICT);
            this.schema = factory.newSchema(path.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CyberTipline XSD at " + path + ": " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new IllegalArgumentException("the CyberTipline XSD at " + path + " is not a valid schema: "
                    + e.getMessage(), e);
        }
    }

    byte[] bytes() {
        return bytes.clone();
    }

    Path path() {
        return path;
    }

    /**
     * Parses {@code xml} and validates it, which enforces the {@code xs:sequence} element order; the root must be
     * {@code root}. Malformed XML (a DOCTYPE included) is 4110, anything the schema refuses 4100.
     */
    Element validate(byte[] xml, String root) throws IspwsError {
        Document document;
        try {
            document = SecureXml.parse(xml);
        } catch (SAXException | IOException e) {
            throw new IspwsError(ResponseCodes.MALFORMED_XML, "malformed XML: " + e.getMessage());
        }
        Element element = document.getDocumentElement();
        if (element.getNamespaceURI() != null || !root.equals(element.getLocalName())) {
            throw new IspwsError(ResponseCodes.VALIDATION_FAILED,
                    "expected a <" + root + "> without namespace, got <" + element.getTagName() + ">");
        }
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(SecureXml.STRICT);
            validator.validate(new DOMSource(document));
        } catch (SAXException e) {
            throw new IspwsError(ResponseCodes.VALIDATION_FAILED, "XSD validation failed: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return element;
    }
}
