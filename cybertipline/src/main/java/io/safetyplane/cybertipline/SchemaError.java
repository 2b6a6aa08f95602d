package io.safetyplane.cybertipline;

/** One complaint of the XSD validator: where in the XML (line and column, -1 when unknown) and what. */
public record SchemaError(int line, int column, String message) {
    public SchemaError {
        Require.present(message, "message");
    }

    @Override
    public String toString() {
        return "line " + line + ", column " + column + ": " + message;
    }
}
