package io.safetyplane.cybertipline;

/**
 * {@code reporter/reportingPerson}: who at the provider NCMEC can contact about the report. Name and e-mail are
 * required (NCMEC needs to reach someone); the phone is optional. {@code phoneCountryCallingCode} is written as the
 * XSD's {@code countryCallingCode} attribute (pattern {@code +} and 1 to 3 digits, checked by the schema).
 */
public record ReportingPerson(String firstName, String lastName, String email, String phone, String phoneCountryCallingCode) {
    public ReportingPerson {
        Require.text(firstName, "reportingPerson/firstName");
        Require.text(lastName, "reportingPerson/lastName");
        Require.text(email, "reportingPerson/email");
        Require.optionalText(phone, "reportingPerson/phone");
        Require.optionalText(phoneCountryCallingCode, "reportingPerson/phone@countryCallingCode");
        if (phoneCountryCallingCode != null && phone == null) {
            throw new IllegalArgumentException("reportingPerson/phone@countryCallingCode needs a phone number");
        }
    }

    public ReportingPerson(String firstName, String lastName, String email) {
        this(firstName, lastName, email, null, null);
    }
}
