package io.gregor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesEveryCharacterThatCouldOpenMarkupOrCloseAnAttribute() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
                Html.esc("<a href=\"x\" title='y'>&amp;</a>"));
        assertEquals("", Html.esc(null));
        assertEquals("42", Html.esc(42));
    }

    @Test
    void urlEncodesAPathSegmentWithSpacesAsPercentTwenty() {
        assertEquals("a%20b%2Fc%3F%26", Html.url("a b/c?&"));
    }
}
