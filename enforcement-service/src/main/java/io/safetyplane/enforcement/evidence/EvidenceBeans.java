package io.safetyplane.enforcement.evidence;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.Startup;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.media.MediaDecoder;
import io.safetyplane.media.MediaLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The evidence vault's plain-Java parts as CDI beans, built (and their settings checked) at start: a missing or unusable
 * key-encryption key, or a gRPC message limit too small for {@code enforcement-service.evidence.max-bytes}, stops the
 * service with a message that names the setting and never the key material.
 */
public class EvidenceBeans {
    static final String KEK_ACTIVE = "enforcement-service.evidence.kek.active";
    static final String KEK_KEYS = "enforcement-service.evidence.kek.keys";
    static final String MAX_BYTES = "enforcement-service.evidence.max-bytes";
    static final String GRPC_MAX_INBOUND = "quarkus.grpc.server.max-inbound-message-size";
    /** Room in a Preserve request for what comes with the bytes: context, hashes, matches, names. */
    static final long PRESERVE_OVERHEAD = 64 * 1024;

    @Produces
    @Singleton
    @Startup
    KeyEncryptionKeys keyEncryptionKeys(EnforcementConfig config, Config raw) {
        EnforcementConfig.Evidence evidence = config.evidence();
        checkLimits(evidence.maxBytes().asLongValue(), raw.getOptionalValue(GRPC_MAX_INBOUND, Integer.class));
        return localKeys(evidence.kek().active(), evidence.kek().keys());
    }

    @Produces
    @Singleton
    EvidenceCipher evidenceCipher(KeyEncryptionKeys keks) {
        return new EvidenceCipher(keks);
    }

    /** Previews decode at most the largest evidence file, with the media module's pixel and time limits. */
    @Produces
    @Singleton
    EvidencePreview evidencePreview(EnforcementConfig config) {
        return new EvidencePreview(new MediaDecoder(new MediaLimits(config.evidence().maxBytes().asLongValue(),
                MediaLimits.DEFAULT_MAX_PIXELS, MediaLimits.DEFAULT_MAX_DECODE_TIME)));
    }

    /**
     * The KEKs from configuration.
     *
     * @throws KeyConfigurationException naming the settings and the KEK, never its bytes
     */
    static LocalKeyEncryptionKeys localKeys(Optional<String> active, Map<String, String> keys) {
        try {
            return new LocalKeyEncryptionKeys(active.map(String::strip).orElse(null), keys);
        } catch (KeyConfigurationException e) {
            throw new KeyConfigurationException(e.getMessage() + " (settings " + KEK_ACTIVE + " and " + KEK_KEYS
                    + ".<id>; see docs/evidence-vault.md)");
        }
    }

    /** The largest evidence file must be positive and fit into a gRPC request with room to spare. */
    static void checkLimits(long maxBytes, Optional<Integer> grpcMaxInbound) {
        if (maxBytes <= 0) {
            throw new IllegalStateException(MAX_BYTES + "=" + maxBytes + " must be positive");
        }
        long inbound = grpcMaxInbound.orElse(256 * 1024);
        if (inbound < maxBytes + PRESERVE_OVERHEAD) {
            throw new IllegalStateException(GRPC_MAX_INBOUND + "=" + inbound + " is too small for " + MAX_BYTES + "="
                    + maxBytes + ": Evidence.Preserve needs at least " + (maxBytes + PRESERVE_OVERHEAD)
                    + " bytes (the file and " + PRESERVE_OVERHEAD + " bytes for the rest of the request)");
        }
    }
}
