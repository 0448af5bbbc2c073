package io.gregor.console;

/**
 * What every page and action shares: the way into the cluster, the page frame, the POST guard and the
 * console's options (read-only, metrics endpoints). Immutable.
 */
public record ConsoleContext(ClusterAccess cluster, Layout layout, FormToken formToken, ConsoleOptions options) {

    public boolean readOnly() {
        return options.readOnly();
    }
}
