package io.gregor.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void overridesFollowThePropertiesFileInKafkasForm() {
        assertEquals(Map.of("broker.id", "2", "listeners", "PLAINTEXT://127.0.0.1:0"), Main.overrides(new String[]{
                "server.properties", "--override", "broker.id=2", "--override", "listeners=PLAINTEXT://127.0.0.1:0"}));
        assertEquals(Map.of("k", "a=b"), Main.overrides(new String[]{"f", "--override", "k=a=b"}));
    }

    @Test
    void malformedOverridesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Main.overrides(new String[]{"f", "--override", "novalue"}));
        assertThrows(IllegalArgumentException.class, () -> Main.overrides(new String[]{"f", "broker.id=1"}));
        assertThrows(IllegalArgumentException.class, () -> Main.overrides(new String[]{"f", "--override"}));
    }
}
