package io.gregor.clients.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JAAS configuration grammar Kafka accepts, without loading any login module class:
 * a {@code sasl.jaas.config} value ({@code <LoginModuleClass> <flag> [key=value ...];} once or more)
 * and a JAAS file ({@code Section { entries };} once or more, {@code //} and {@code /* *}{@code /}
 * comments allowed). Values are bare words or double-quoted strings (backslash escapes the next
 * character). A syntax error is an {@link IllegalArgumentException} saying where. Stateless.
 */
public final class JaasConfigParser {
    private static final Set<String> FLAGS = Set.of("required", "requisite", "sufficient", "optional");

    private final String text;
    private int pos;

    private JaasConfigParser(String text) {
        this.text = text;
    }

    /** The entries of a {@code sasl.jaas.config} value; at least one. */
    public static List<JaasConfigEntry> parseEntries(String value) {
        JaasConfigParser parser = new JaasConfigParser(value);
        List<JaasConfigEntry> entries = parser.entriesUntil(false);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("JAAS config has no login module entry");
        }
        return entries;
    }

    /** The sections of a JAAS file, by name, each with its entries. */
    public static Map<String, List<JaasConfigEntry>> parseFile(String content) {
        JaasConfigParser parser = new JaasConfigParser(content);
        Map<String, List<JaasConfigEntry>> sections = new LinkedHashMap<>();
        while (parser.skipSpace()) {
            String name = parser.word("section name");
            parser.expect('{');
            List<JaasConfigEntry> entries = parser.entriesUntil(true);
            parser.expect('}');
            parser.expect(';');
            if (sections.putIfAbsent(name, entries) != null) {
                throw new IllegalArgumentException("JAAS section " + name + " appears twice");
            }
        }
        return sections;
    }

    private List<JaasConfigEntry> entriesUntil(boolean closingBrace) {
        List<JaasConfigEntry> entries = new ArrayList<>();
        while (skipSpace() && !(closingBrace && text.charAt(pos) == '}')) {
            String module = word("login module class");
            String flag = word("control flag");
            if (!FLAGS.contains(flag.toLowerCase(java.util.Locale.ROOT))) {
                throw error("control flag must be one of " + FLAGS + ", got '" + flag + "'");
            }
            Map<String, String> options = new LinkedHashMap<>();
            while (skipSpace() && text.charAt(pos) != ';') {
                String key = word("option name");
                expect('=');
                skipSpace();
                String value = pos < text.length() && text.charAt(pos) == '"' ? quoted() : word("option value");
                options.put(key, value);
            }
            expect(';');
            entries.add(new JaasConfigEntry(module, flag.toLowerCase(java.util.Locale.ROOT), options));
        }
        return entries;
    }

    /** Skips blanks and comments; false at the end of the text. */
    private boolean skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                int end = text.indexOf('\n', pos);
                pos = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("unclosed comment");
                }
                pos = end + 2;
            } else {
                return true;
            }
        }
        return false;
    }

    private String word(String what) {
        skipSpace();
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '=' || c == ';' || c == '{' || c == '}' || c == '"') {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw error("expected " + what);
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        StringBuilder value = new StringBuilder();
        pos++; // the opening quote
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            value.append(c);
        }
        throw error("unclosed quoted value");
    }

    private void expect(char c) {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JAAS config: " + what + " at character " + pos);
    }
}
