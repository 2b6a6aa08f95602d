package io.safetyplane.enforcement.evidence;

/** The key-encryption keys from configuration are missing or unusable; the message names the KEK, never its bytes. */
public final class KeyConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public KeyConfigurationException(String message) {
        super(message);
    }
}
