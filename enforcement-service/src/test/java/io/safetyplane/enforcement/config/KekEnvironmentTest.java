package io.safetyplane.enforcement.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The Helm chart and k8s/ hand the evidence vault its KEKs as environment variables, one per id:
 * {@code ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_KEK1} from the Secret's key {@code kek1}. Environment names are upper
 * case; the id the vault sees (and stores with every record) must come back as {@code kek1}.
 */
class KekEnvironmentTest {
    static final String PREFIX = "enforcement-service.evidence.kek";

    static EnforcementConfig.Evidence.Kek kek(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, EnvConfigSource.ORDINAL))
                .withMapping(EnforcementConfig.Evidence.Kek.class, PREFIX)
                .build();
        return config.getConfigMapping(EnforcementConfig.Evidence.Kek.class, PREFIX);
    }

    @Test
    void upperCaseVariablesNameLowerCaseKekIds() {
        EnforcementConfig.Evidence.Kek kek = kek(Map.of(
                "ENFORCEMENT_SERVICE_EVIDENCE_KEK_ACTIVE", "kek2",
                "ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_KEK1", "first",
                "ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_KEK2", "second"));
        assertEquals(Optional.of("kek2"), kek.active());
        assertEquals(Map.of("kek1", "first", "kek2", "second"), kek.keys());
    }
}
