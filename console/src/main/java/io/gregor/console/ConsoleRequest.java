package io.gregor.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as a page sees it: method, the decoded path, the part of the path after the route's
 * prefix ({@link #rest()}, e.g. a topic name), query parameters and, for a POST, the form's fields.
 * Parameters are decoded once here; a repeated parameter keeps its first value.
 */
public record ConsoleRequest(String method, String path, String rest, Map<String, String> query,
                             Map<String, String> form) {

    public ConsoleRequest {
        query = Map.copyOf(query);
        form = Map.copyOf(form);
    }

    /** The same request, with {@code rest} the decoded remainder after a route prefix. */
    ConsoleRequest withRest(String rest) {
        return new ConsoleRequest(method, path, rest, query, form);
    }

    /** A query parameter, or {@code defaultValue} when absent or blank. */
    public String param(String name, String defaultValue) {
        String v = query.get(name);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /** A form field of a POST, or {@code defaultValue} when absent or blank. */
    public String formValue(String name, String defaultValue) {
        String v = form.get(name);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /** A required form field; a missing one is a 400 naming it as {@code label}. */
    public String requiredField(String name, String label) {
        String v = formValue(name, null);
        if (v == null) {
            throw ConsoleError.badRequest(label + " is required.");
        }
        return v;
    }

    /** An integer form field; a missing or malformed one is a 400 naming it as {@code label}. */
    public int intField(String name, String label) {
        String v = requiredField(name, label);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ConsoleError.badRequest(label + " must be a whole number, not '" + v + "'.");
        }
    }

    /** Parses {@code a=1&b=x%20y} (a query string or a form body); null is empty. */
    static Map<String, String> parseParams(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ConsoleError.badRequest("The address is malformed: " + e.getMessage());
        }
    }
}
