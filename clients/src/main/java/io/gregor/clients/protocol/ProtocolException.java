package io.gregor.clients.protocol;

/**
 * A message that cannot be read (truncated, inconsistent lengths, null where not allowed, unknown
 * API or version) or written (a value the version cannot carry). The message names the API,
 * version and field concerned. The only exception the codec throws for bad input.
 */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
