package dev.convolens.storage;

/** A store operation failed; nothing of it was committed. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
