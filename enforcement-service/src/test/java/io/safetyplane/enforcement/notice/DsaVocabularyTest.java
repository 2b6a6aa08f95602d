package io.safetyplane.enforcement.notice;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DsaVocabularyTest {

    private final DsaVocabulary vocabulary = DsaVocabulary.standard();

    @Test
    void bundledCopyIsByteForByteTheSharedReference() throws IOException {
        String shared = System.getProperty("safetyplane.shared.dir");
        assumeTrue(shared != null && !shared.isBlank(), "system property safetyplane.shared.dir is not set");
        Path reference = Path.of(shared, "dsa-tdb", "statement-enums.json");
        assumeTrue(Files.isRegularFile(reference), reference + " is absent");
        try (InputStream bundled = DsaVocabulary.class.getResourceAsStream(DsaVocabulary.RESOURCE)) {
            assertArrayEquals(Files.readAllBytes(reference), bundled.readAllBytes(),
                    "src/main/resources/dsa/statement-enums.json differs from shared/dsa-tdb/statement-enums.json");
        }
    }

    @Test
    void keepsTheSourceNote() {
        assertTrue(vocabulary.source().contains("digital-services-act/transparency-database"), vocabulary.source());
        assertTrue(vocabulary.source().contains("69e80a0bc8eb3cbfbe8246e898194c3bdf490a4b"), vocabulary.source());
    }

    @Test
    void loadsEveryEnumeratedFieldWithItsValueCount() {
        assertEquals(7, vocabulary.allowed("decision_visibility").size());
        assertEquals(3, vocabulary.allowed("decision_monetary").size());
        assertEquals(4, vocabulary.allowed("decision_provision").size());
        assertEquals(2, vocabulary.allowed("decision_account").size());
        assertEquals(2, vocabulary.allowed("account_type").size());
        assertEquals(2, vocabulary.allowed("decision_ground").size());
        assertEquals(2, vocabulary.allowed("incompatible_content_illegal").size());
        assertEquals(8, vocabulary.allowed("content_type").size());
        assertEquals(16, vocabulary.allowed("category").size());
        assertEquals(69, vocabulary.allowed("category_specification").size());
        assertEquals(4, vocabulary.allowed("source_type").size());
        assertEquals(2, vocabulary.allowed("automated_detection").size());
        assertEquals(3, vocabulary.allowed("automated_decision").size());
        assertFalse(vocabulary.fields().contains("_source"));
        assertFalse(vocabulary.fields().contains("_limits"));
    }

    @Test
    void readsTheLengthLimitsIncludingThePuidNote() {
        assertEquals(5000, vocabulary.maxLength("decision_facts"));
        assertEquals(500, vocabulary.maxLength("illegal_content_legal_ground"));
        assertEquals(2000, vocabulary.maxLength("incompatible_content_explanation"));
        assertEquals(500, vocabulary.maxLength("puid"));
        assertThrows(IllegalArgumentException.class, () -> vocabulary.maxLength("category"));
    }

    @Test
    void givesTheWebformLabel() {
        assertEquals("Suspension of the account", vocabulary.label("decision_account", "DECISION_ACCOUNT_SUSPENDED"));
        assertEquals("Child sexual abuse material",
                vocabulary.label("category_specification", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"));
        assertEquals("Yes", vocabulary.label("automated_detection", "Yes"));
    }

    @Test
    void refusesAnUnknownValueNamingTheField() {
        StatementFieldException e = assertThrows(StatementFieldException.class,
                () -> vocabulary.require("category", "STATEMENT_CATEGORY_CSAM"));
        assertEquals("category", e.field());
        assertTrue(e.getMessage().startsWith("category: "), e.getMessage());
        assertTrue(vocabulary.allows("category", "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"));
        assertFalse(vocabulary.allows("category", "STATEMENT_CATEGORY_CSAM"));
        assertFalse(vocabulary.allows("no_such_field", "X"));
        assertThrows(IllegalArgumentException.class, () -> vocabulary.allowed("no_such_field"));
    }

    @Test
    void territorialScopeIsTheEuAndEea() {
        assertEquals(30, vocabulary.territorialScopes().size());
        assertTrue(vocabulary.territorialScopes().containsAll(java.util.List.of("GR", "IS", "LI", "NO", "DE")));
        assertFalse(vocabulary.territorialScopes().contains("EL"));
        assertFalse(vocabulary.territorialScopes().contains("GB"));
    }

    @Test
    void aVocabularyWithoutARequiredFieldIsRefused() {
        String json = "{\"decision_visibility\":{\"DECISION_VISIBILITY_CONTENT_REMOVED\":\"Removal\"}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DsaVocabulary.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("decision_monetary: "), e.getMessage());
    }
}
