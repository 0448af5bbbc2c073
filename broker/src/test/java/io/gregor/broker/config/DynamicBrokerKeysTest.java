package io.gregor.broker.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicBrokerKeysTest {
    private static final BrokerConfig CURRENT = BrokerConfig.fromMap(Map.of("zookeeper.connect", "zk:2181",
            "broker.id", "0", "num.network.threads", "3", "num.replica.fetchers", "4"));

    private static String refusal(Map<String, String> change) {
        return assertThrows(ConfigException.class,
                () -> DynamicBrokerKeys.validateThreadCounts(CURRENT, CURRENT.withOverrides(change))).getMessage();
    }

    @Test
    void threadCountsMayHalveOrDoubleAtMostWithKafkasMessages() {
        assertDoesNotThrow(() -> DynamicBrokerKeys.validateThreadCounts(CURRENT, CURRENT.withOverrides(
                Map.of("num.network.threads", "1", "num.replica.fetchers", "8", "background.threads", "20"))));
        assertEquals("Dynamic thread count update validation failed for num.network.threads=7, value should not be "
                + "greater than double the current value 3", refusal(Map.of("num.network.threads", "7")));
        assertEquals("Dynamic thread count update validation failed for num.replica.fetchers=1, value should be at "
                + "least half the current value 4", refusal(Map.of("num.replica.fetchers", "1")));
        assertEquals("Dynamic thread count update validation failed for num.recovery.threads.per.data.dir=3, value "
                + "should not be greater than double the current value 1",
                refusal(Map.of("num.recovery.threads.per.data.dir", "3")));
        assertEquals("Log cleaner threads cannot be increased to more than double the current value 1",
                refusal(Map.of("log.cleaner.threads", "3")));
    }

    @Test
    void theRestOfKafkasDynamicSetIsDynamicAndTheCleanerSwitchIsNot() {
        for (String key : new String[] {"num.network.threads", "num.replica.fetchers", "background.threads",
                "num.recovery.threads.per.data.dir", "log.cleaner.threads", "log.cleaner.backoff.ms",
                "log.cleaner.io.max.bytes.per.second", "log.cleaner.dedupe.buffer.size",
                "log.cleaner.io.buffer.load.factor", "log.message.downconversion.enable"}) {
            assertTrue(DynamicBrokerKeys.isDynamic(key), key);
        }
        assertEquals("Cannot update these configs dynamically: Set(log.cleaner.enable)", assertThrows(ConfigException.class,
                () -> DynamicBrokerKeys.validateKeys(Map.of("log.cleaner.enable", "false"), true)).getMessage());
    }

    @Test
    void aDedupeBufferTooSmallForOneKeyPerThreadStopsStartup() {
        ConfigException e = assertThrows(ConfigException.class, () -> CURRENT.withOverrides(
                Map.of("log.cleaner.dedupe.buffer.size", "40", "log.cleaner.threads", "2")));
        assertTrue(e.getMessage().contains("log.cleaner.dedupe.buffer.size"), e.getMessage());
    }
}
