package io.gregor.console;

/**
 * The console's one escaping helper: every value that reaches a page goes through {@link #esc} (text
 * and attribute values alike), and every value that reaches a link's path or query through
 * {@link #url}. Pages build HTML as strings around these two calls and nothing else.
 */
public final class Html {
    private Html() {
    }

    /** {@code value} as HTML text or a double-quoted attribute value; null is the empty string. */
    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code value} percent-encoded for one path segment or query value (spaces as %20). */
    public static String url(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
