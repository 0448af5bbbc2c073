package io.gregor.console;

/**
 * A problem a person should read on the page instead of the page they asked for, with the HTTP status
 * that fits: 400 for malformed input, 403 for what the console's principal may not see or do, 404 for an
 * unknown topic or group, 409 for an action the cluster's state refuses, 503 when the cluster cannot be
 * reached. The message is shown as it is (escaped), so it must be written for that person.
 */
public final class ConsoleError extends RuntimeException {
    private final int status;
    private final String title;

    public ConsoleError(int status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    public ConsoleError(int status, String title, String message, Throwable cause) {
        this(status, title, message);
        initCause(cause);
    }

    public static ConsoleError badRequest(String message) {
        return new ConsoleError(400, "Bad request", message);
    }

    public static ConsoleError notFound(String message) {
        return new ConsoleError(404, "Not found", message);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
