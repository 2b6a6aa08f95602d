package io.safetyplane.cybertipline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * NCMEC's CyberTipline XSD, compiled once from a configured file (the XSD is NCMEC's and is not shipped with the
 * code), that validates {@code <report>} and {@code <fileDetails>} documents. Validation returns every error rather
 * than throwing, so that a report that fails can be held for a person with the reasons. Thread-safe.
 */
public final class ReportSchema {
    private final Schema schema;
    private final Path location;

    private ReportSchema(Schema schema, Path location) {
        this.schema = schema;
        this.location = location;
    }

    /**
     * Compiles the XSD at {@code xsd}.
     *
     * @throws IllegalArgumentException when the file is missing or is not a valid XSD
     */
    public static ReportSchema load(Path xsd) {
        if (!Files.isRegularFile(xsd)) {
            throw new IllegalArgumentException("CyberTipline XSD not found at " + xsd + " (configure its location)");
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return new ReportSchema(factory.newSchema(new StreamSource(xsd.toFile())), xsd);
        } catch (SAXException e) {
            throw new IllegalArgumentException("not a usable CyberTipline XSD: " + xsd + ": " + e.getMessage(), e);
        }
    }

    /** Where the XSD was loaded from. */
    public Path location() {
        return location;
    }

    /** Every schema (and well-formedness) error of {@code xml}; empty when it is valid. */
    public List<SchemaError> validate(byte[] xml) {
        List<SchemaError> errors = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make NCMEC reject a report
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(new SchemaError(e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        };
        try {
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(collect);
            validator.validate(new SAXSource(SecureXml.reader(), new InputSource(new ByteArrayInputStream(xml))));
        } catch (SAXParseException e) {
            // a fatal error stops the parse after the handler saw it
            if (errors.isEmpty()) {
                errors.add(new SchemaError(e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
            }
        } catch (SAXException e) {
            errors.add(new SchemaError(-1, -1, e.getMessage()));
        } catch (IOException e) {
            throw new IllegalStateException("reading XML from memory failed", e);
        }
        return List.copyOf(errors);
    }

    /** Writes and validates a report. */
    public Checked check(Report report) {
        byte[] xml = ReportXml.write(report);
        return new Checked(xml, validate(xml));
    }

    /** Writes and validates file details. */
    public Checked check(FileDetails file) {
        byte[] xml = ReportXml.write(file);
        return new Checked(xml, validate(xml));
    }

    /** XML and its schema errors; {@link #valid()} when there are none. */
    public record Checked(byte[] xml, List<SchemaError> errors) {
        public Checked {
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }
}
