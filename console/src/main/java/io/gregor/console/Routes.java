package io.gregor.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's routes: GET pages at an exact path, GET pages under a prefix (the rest of the path is the
 * page's subject, e.g. a topic name) and POST actions. Filled before the server starts and only read
 * afterwards (the server's start publishes it to the worker threads).
 */
public final class Routes {
    private final Map<String, Route> gets = new LinkedHashMap<>();
    private final Map<String, Route> getsUnder = new LinkedHashMap<>();
    private final Map<String, Route> posts = new LinkedHashMap<>();

    public Routes get(String path, Route route) {
        gets.put(path, route);
        return this;
    }

    /** A page for every path under {@code prefix} (which ends with '/'); the request's rest is what follows. */
    public Routes getUnder(String prefix, Route route) {
        getsUnder.put(prefix, route);
        return this;
    }

    public Routes post(String path, Route route) {
        posts.put(path, route);
        return this;
    }

    /** True when a GET page is registered at exactly {@code path}. */
    public boolean hasPage(String path) {
        return gets.containsKey(path);
    }

    /** The GET route for {@code request}'s path, with its rest set for a prefix route. */
    Optional<Map.Entry<Route, ConsoleRequest>> forGet(ConsoleRequest request) {
        Route exact = gets.get(request.path());
        if (exact != null) {
            return Optional.of(Map.entry(exact, request));
        }
        for (Map.Entry<String, Route> e : getsUnder.entrySet()) {
            String prefix = e.getKey();
            if (request.path().startsWith(prefix) && request.path().length() > prefix.length()) {
                return Optional.of(Map.entry(e.getValue(), request.withRest(request.path().substring(prefix.length()))));
            }
        }
        return Optional.empty();
    }

    Optional<Route> forPost(String path) {
        return Optional.ofNullable(posts.get(path));
    }
}
