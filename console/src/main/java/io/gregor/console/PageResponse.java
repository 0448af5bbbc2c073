package io.gregor.console;

/** What a route answers: an HTTP status, a content type and a body (a whole page, or an asset's bytes). */
public record PageResponse(int status, String contentType, byte[] body, String location) {
    public static final String HTML = "text/html; charset=utf-8";

    /** A 200 HTML page. */
    public static PageResponse html(String page) {
        return html(200, page);
    }

    public static PageResponse html(int status, String page) {
        return new PageResponse(status, HTML, page.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    /** A 303 See Other to {@code location} (after a POST that changed something). */
    public static PageResponse seeOther(String location) {
        return new PageResponse(303, HTML, new byte[0], location);
    }
}
