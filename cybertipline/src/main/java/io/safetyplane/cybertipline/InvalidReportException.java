package io.safetyplane.cybertipline;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The report or file details failed XSD validation here and were not sent: hold them for a person, with
 * {@link #errors()} as the reason. Sending them unchanged would only earn a 4100 from NCMEC.
 */
public final class InvalidReportException extends TiplineException {
    private final List<SchemaError> errors;

    public InvalidReportException(Operation operation, List<SchemaError> errors) {
        super(operation, "CyberTipline " + operation.path() + " not sent, the XML fails the XSD: "
                + errors.stream().map(SchemaError::toString).collect(Collectors.joining("; ")), null);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid report has at least one schema error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<SchemaError> errors() {
        return errors;
    }

    @Override
    public Disposition disposition() {
        return Disposition.FIX_PAYLOAD;
    }
}
