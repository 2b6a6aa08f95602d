package io.safetyplane.cybertipline;

/** {@code incidentSummary/incidentType}: the XSD's enumeration, with the exact text NCMEC expects. */
public enum IncidentType {
    CHILD_PORNOGRAPHY("Child Pornography (possession, manufacture, and distribution)"),
    CHILD_SEX_TRAFFICKING("Child Sex Trafficking"),
    CHILD_SEX_TOURISM("Child Sex Tourism"),
    CHILD_SEXUAL_MOLESTATION("Child Sexual Molestation"),
    MISLEADING_DOMAIN_NAME("Misleading Domain Name"),
    MISLEADING_WORDS_OR_DIGITAL_IMAGES("Misleading Words or Digital Images on the Internet"),
    ONLINE_ENTICEMENT("Online Enticement of Children for Sexual Acts"),
    UNSOLICITED_OBSCENE_MATERIAL_SENT_TO_CHILD("Unsolicited Obscene Material Sent to a Child");

    private final String xml;

    IncidentType(String xml) {
        this.xml = xml;
    }

    /** The value written into the XML. */
    public String xml() {
        return xml;
    }
}
