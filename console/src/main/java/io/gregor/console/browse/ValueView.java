package io.gregor.console.browse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Bytes as a person reads them, in one of three {@link Format}s: text (UTF-8), JSON pretty-printed
 * (parsed by Jackson, never by hand) or a hex dump. {@link Format#AUTO} picks JSON when the bytes are
 * a JSON object or array, text when they are valid UTF-8 without control characters (tabs and line
 * breaks allowed), else hex. A format that does not fit the bytes (JSON asked for, not JSON) falls back
 * to the automatic choice with a note saying why. What is shown is capped at {@link #MAX_SHOWN} bytes
 * (or characters), with a note; the result is plain text, escaped by the page. Thread safe.
 */
public final class ValueView {
    /** The most of one value a page shows. */
    public static final int MAX_SHOWN = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** How to show a value; {@link #AUTO} chooses per value. */
    public enum Format {
        AUTO, TEXT, JSON, HEX;

        /** The format named {@code name} (any case), or empty when there is none by that name. */
        public static Optional<Format> parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What was shown: the format used (text, json or hex; "null" for a null value), the text and a note or null. */
    public record Shown(String format, String text, String note) {
    }

    private ValueView() {
    }

    /** {@code bytes} (may be null) shown as {@code wanted}. */
    public static Shown show(byte[] bytes, Format wanted) {
        if (bytes == null) {
            return new Shown("null", "null", null);
        }
        return switch (wanted) {
            case HEX -> hex(bytes, null);
            case TEXT -> utf8(bytes).map(s -> capped("text", s, null))
                    .orElseGet(() -> hex(bytes, "not valid UTF-8: shown as hex"));
            case JSON -> json(bytes).orElseGet(() -> {
                Shown auto = show(bytes, Format.AUTO);
                return new Shown(auto.format(), auto.text(), "not JSON: shown as " + auto.format());
            });
            case AUTO -> {
                Optional<Shown> json = jsonContainer(bytes);
                if (json.isPresent()) {
                    yield json.get();
                }
                Optional<String> s = utf8(bytes).filter(ValueView::printable);
                yield s.isPresent() ? capped("text", s.get(), null) : hex(bytes, null);
            }
        };
    }

    /** JSON only when it is an object or an array: "42" or "true" read better as the text they are. */
    private static Optional<Shown> jsonContainer(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        if (i == bytes.length || (bytes[i] != '{' && bytes[i] != '[')) {
            return Optional.empty();
        }
        return json(bytes);
    }

    private static Optional<Shown> json(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                return Optional.empty();
            }
            String pretty = JSON.writeValueAsString(node);
            return Optional.of(capped("json", pretty, null));
        } catch (IOException e) { // JsonProcessingException included: not JSON
            return Optional.empty();
        }
    }

    /** The bytes as UTF-8, or empty when they are not valid UTF-8. */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** No control characters but tab, line feed and carriage return. */
    static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')
                    || Character.getType(c) == Character.UNASSIGNED && !Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static Shown capped(String format, String s, String note) {
        if (s.length() <= MAX_SHOWN) {
            return new Shown(format, s, note);
        }
        String more = "showing the first " + MAX_SHOWN + " of " + s.length() + " characters";
        return new Shown(format, s.substring(0, MAX_SHOWN), note == null ? more : note + "; " + more);
    }

    /** A hex dump: offset, 16 bytes in hex, then those bytes as ASCII ('.' for the rest). */
    private static Shown hex(byte[] bytes, String note) {
        int shown = Math.min(bytes.length, MAX_SHOWN);
        StringBuilder out = new StringBuilder(shown * 4 + 16);
        for (int line = 0; line < shown; line += 16) {
            out.append(String.format(Locale.ROOT, "%08x  ", line));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = line; i < line + 16; i++) {
                if (i < shown) {
                    int b = bytes[i] & 0xff;
                    out.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16)).append(' ');
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
                if (i == line + 7) {
                    out.append(' ');
                }
            }
            out.append(' ').append(ascii).append('\n');
        }
        if (bytes.length > shown) {
            String more = "showing the first " + shown + " of " + bytes.length + " bytes";
            note = note == null ? more : note + "; " + more;
        }
        return new Shown("hex", out.toString(), note);
    }
}
