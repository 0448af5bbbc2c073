package io.gregor.console.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.console.browse.ValueView.Format;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueViewTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void automaticShowsAJsonObjectPrettyPrintedTextAsTextAndBinaryAsHex() {
        ValueView.Shown json = ValueView.show(utf8("{\"a\":[1,2]}"), Format.AUTO);
        assertEquals("json", json.format());
        assertEquals("{\n  \"a\" : [ 1, 2 ]\n}", json.text());
        assertEquals("text", ValueView.show(utf8("héllo\twörld\n"), Format.AUTO).format());
        assertEquals("text", ValueView.show(utf8("42"), Format.AUTO).format(), "a bare number reads better as text");
        ValueView.Shown hex = ValueView.show(new byte[] {0x01, 'a', (byte) 0xc3}, Format.AUTO);
        assertEquals("hex", hex.format());
        assertEquals("00000000  01 61 c3" + " ".repeat(3 * 13 + 1) + "  .a.\n", hex.text());
    }

    @Test
    void jsonWithTrailingGarbageIsNotJson() {
        assertEquals("text", ValueView.show(utf8("{\"a\":1} trailing"), Format.AUTO).format());
    }

    @Test
    void aFormatThatDoesNotFitFallsBackWithANote() {
        ValueView.Shown notJson = ValueView.show(utf8("plain"), Format.JSON);
        assertEquals("text", notJson.format());
        assertEquals("not JSON: shown as text", notJson.note());
        ValueView.Shown notText = ValueView.show(new byte[] {(byte) 0xff}, Format.TEXT);
        assertEquals("hex", notText.format());
        assertEquals("not valid UTF-8: shown as hex", notText.note());
        assertEquals("hex", ValueView.show(utf8("{}"), Format.HEX).format());
        assertNull(ValueView.show(utf8("x"), Format.TEXT).note());
    }

    @Test
    void aNullValueIsShownAsNullAndALargeOneIsCappedWithANote() {
        assertEquals("null", ValueView.show(null, Format.AUTO).format());
        ValueView.Shown big = ValueView.show(utf8("x".repeat(ValueView.MAX_SHOWN + 10)), Format.AUTO);
        assertEquals(ValueView.MAX_SHOWN, big.text().length());
        assertTrue(big.note().contains("of " + (ValueView.MAX_SHOWN + 10) + " characters"), big.note());
    }
}
