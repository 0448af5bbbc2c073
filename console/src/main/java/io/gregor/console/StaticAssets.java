package io.gregor.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The console's CSS and JavaScript, served from the jar ({@code io/gregor/console/static/}) under
 * {@code /static/<name>}. Only the names listed here are served, so no path can reach another resource.
 */
final class StaticAssets implements Route {
    private static final Map<String, String> TYPES = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8");

    @Override
    public PageResponse handle(ConsoleRequest request) throws IOException {
        String name = request.rest();
        String type = TYPES.get(name);
        if (type == null) {
            throw ConsoleError.notFound("There is no asset named '" + name + "'.");
        }
        try (InputStream in = StaticAssets.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from the console's jar");
            }
            return new PageResponse(200, type, in.readAllBytes(), null);
        }
    }
}
