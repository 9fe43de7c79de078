package io.shiporskip.contracts.versions;

/** An event that cannot be decoded: a consumer must not guess, it must set it aside. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
