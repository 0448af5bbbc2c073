package io.gregor.console;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostGuardTest {
    @Test
    void aLoopbackConsoleAnswersLoopbackNamesOnly() {
        HostGuard guard = new HostGuard("127.0.0.1");
        for (String ok : new String[] {"127.0.0.1:9080", "localhost:9080", "LOCALHOST", "[::1]:9080", "127.0.0.2"}) {
            assertDoesNotThrow(() -> guard.check(ok), ok);
        }
        for (String bad : new String[] {"evil.example:9080", "127.0.0.1.evil.example", "", "10.0.0.1:9080"}) {
            assertEquals(403, assertThrows(ConsoleError.class, () -> guard.check(bad), bad).status(), bad);
        }
    }

    @Test
    void aConsoleOnAnotherAddressAcceptsAnyHostName() {
        assertDoesNotThrow(() -> new HostGuard("0.0.0.0").check("console.example.com"));
    }
}
