package io.gregor.coordination.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageFormatVersionTest {

    @Test
    void everyReleaseKafka39AcceptsIsAValidTopicMessageFormatVersion() {
        for (String version : new String[] {"0.8.0", "0.9.0", "0.10.0-IV1", "0.10.2", "0.10.2.1", "0.11.0", "1.0",
                "2.0", "2.8-IV1", "3.0-IV1", "3.9"}) {
            assertNull(MessageFormatVersion.problem(version), version);
            TopicConfigs.validate(Map.of("message.format.version", version));
        }
    }

    @Test
    void anUnknownReleaseIsAnInvalidConfigNamingTheKey() {
        for (String version : new String[] {"0.7.0", "0.12.0", "4.5", "v2", "", "3.0-"}) {
            AdminException e = assertThrows(AdminException.class,
                    () -> TopicConfigs.validate(Map.of("message.format.version", version)), version);
            assertEquals(Errors.INVALID_CONFIG, e.error());
            assertTrue(e.getMessage().contains("message.format.version"), e.getMessage());
        }
    }

    @Test
    void theTopicKeyDefaultsToKafkasAndTakesTheBrokerKeyAsItsSynonym() {
        TopicConfigKey key = TopicConfigs.key("message.format.version").orElseThrow();
        assertEquals("3.0-IV1", key.defaultValue());
        assertEquals("log.message.format.version", key.brokerSynonyms().get(0).name());
    }
}
