package io.safetyplane.c2pa;

/** The media already carries a C2PA manifest store; the signer does not overwrite or nest it. */
public class ManifestPresentException extends Exception {
    public ManifestPresentException(String message) {
        super(message);
    }
}
