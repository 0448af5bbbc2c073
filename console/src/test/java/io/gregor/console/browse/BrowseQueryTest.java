package io.gregor.console.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowseQueryTest {
    private static ConsoleRequest get(Map<String, String> query) {
        return new ConsoleRequest("GET", "/messages", "", query, Map.of());
    }

    @Test
    void noTopicIsNoQueryAndDefaultsAreTheLatestTwentyShownAutomatically() {
        assertNull(BrowseQuery.parse(get(Map.of())));
        BrowseQuery q = BrowseQuery.parse(get(Map.of("topic", "orders")));
        assertEquals(new BrowseQuery("orders", 0, BrowseQuery.From.LATEST, -1, -1, 20, ValueView.Format.AUTO), q);
    }

    @Test
    void timestampsAreEpochMillisOrIsoInstantsOrUtcDateTimes() {
        assertEquals(1_700_000_000_000L, BrowseQuery.timestamp("1700000000000"));
        assertEquals(1_700_000_000_000L, BrowseQuery.timestamp("2023-11-14T22:13:20Z"));
        assertEquals(1_700_000_000_000L, BrowseQuery.timestamp("2023-11-14 22:13:20"));
    }

    @Test
    void malformedInputIsA400NamingTheField() {
        ConsoleError e = assertThrows(ConsoleError.class, () ->
                BrowseQuery.parse(get(Map.of("topic", "t", "from", "offset", "offset", "-1"))));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("The offset must be at least 0"), e.getMessage());
        assertEquals(400, assertThrows(ConsoleError.class, () ->
                BrowseQuery.parse(get(Map.of("topic", "t", "count", "0")))).status());
        assertEquals(400, assertThrows(ConsoleError.class, () ->
                BrowseQuery.parse(get(Map.of("topic", "t", "from", "offset"))))
                .status());
        assertEquals(400, assertThrows(ConsoleError.class, () ->
                BrowseQuery.parse(get(Map.of("topic", "a b")))).status());
        assertEquals(400, assertThrows(ConsoleError.class, () ->
                BrowseQuery.parse(get(Map.of("topic", "t", "format", "xml")))).status());
    }
}
