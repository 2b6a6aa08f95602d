package io.safetyplane.cybertipline;

/**
 * {@code associatedAccount}: another account tied to the reported user. For us the business customer whose end user
 * made the request, with {@code type="Business"}. {@code espService} and {@code additionalInfo} are optional.
 */
public record AssociatedAccount(Type type, String espIdentifier, String espService, String additionalInfo) {
    /** The XSD's {@code associatedAccountType}. */
    public enum Type {
        BILLING("Billing"), LINKED("Linked"), BUSINESS("Business"), CREATOR("Creator"), PARENT_GUARDIAN("Parent/Guardian"), OTHER("Other");

        private final String xml;

        Type(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }

    public AssociatedAccount {
        Require.present(type, "associatedAccount/@type");
        Require.text(espIdentifier, "associatedAccount/espIdentifier");
        Require.optionalText(espService, "associatedAccount/espService");
        Require.optionalText(additionalInfo, "associatedAccount/additionalInfo");
    }

    /** The business customer (tenant) of a generative-AI API. */
    public static AssociatedAccount business(String tenantId, String espService, String additionalInfo) {
        return new AssociatedAccount(Type.BUSINESS, tenantId, espService, additionalInfo);
    }
}
