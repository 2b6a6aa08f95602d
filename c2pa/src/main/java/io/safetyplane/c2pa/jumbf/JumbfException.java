package io.safetyplane.c2pa.jumbf;

/** A manifest store whose JUMBF boxes cannot be read. */
public class JumbfException extends Exception {
    public JumbfException(String message) {
        super(message);
    }
}
