package io.gregor.console;

/** A page or an action of the console: answers one request, or throws {@link ConsoleError}. */
@FunctionalInterface
public interface Route {
    PageResponse handle(ConsoleRequest request) throws Exception;
}
