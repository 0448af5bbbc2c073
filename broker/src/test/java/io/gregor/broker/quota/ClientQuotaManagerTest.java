package io.gregor.broker.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.EntityConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientQuotaManagerTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private ClientQuotaManager manager(Map<String, EntityConfig> entities) {
        ClientQuotaManager manager = new ClientQuotaManager(QuotaType.PRODUCE, 11, 1000, now::get);
        manager.updateConfigs(new ClientQuotaConfigs(entities));
        return manager;
    }

    @Test
    void aClientThatObeysItsThrottlesIsHeldToItsQuota() {
        ClientQuotaManager manager = manager(Map.of("clients/limited", new EntityConfig(Map.of("producer_byte_rate", "100000"))));
        long start = now.get();
        long sent = 0;
        long measureFrom = start + 15_000; // past the first windows, which let a new client burst
        while (now.get() - measureFrom < 60_000) {
            int throttle = manager.recordAndGetThrottleTimeMs("ANONYMOUS", "limited", 16_384);
            if (now.get() >= measureFrom) {
                sent += 16_384;
            }
            now.addAndGet(1 + throttle); // sends as fast as it may: at once, or after its throttle
        }
        double rate = sent / ((now.get() - measureFrom) / 1000.0);
        assertTrue(rate > 90_000 && rate < 110_000, "rate " + rate); // windows leaving the span make it saw-tooth
    }

    @Test
    void clientsWithoutAQuotaAreNeverThrottled() {
        ClientQuotaManager manager = manager(Map.of("clients/limited", new EntityConfig(Map.of("producer_byte_rate", "1000"))));
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, manager.recordAndGetThrottleTimeMs("ANONYMOUS", "free", 1_000_000));
        }
    }

    @Test
    void theThrottleIsTheTimeThatBringsTheRateBackToTheBound() {
        ClientQuotaManager manager = manager(Map.of("clients/<default>", new EntityConfig(Map.of("producer_byte_rate", "1000"))));
        // 20,000 bytes at once over the minimum measured span of 10 windows: 2,000 B/s, twice the bound
        int throttle = manager.recordAndGetThrottleTimeMs("ANONYMOUS", "any", 20_000);
        assertEquals(10_000, throttle);
    }

    @Test
    void quotasFollowKafkasPrecedence() {
        ClientQuotaConfigs configs = new ClientQuotaConfigs(Map.of(
                "users/ANONYMOUS/clients/app", new EntityConfig(Map.of("producer_byte_rate", "1")),
                "users/ANONYMOUS", new EntityConfig(Map.of("producer_byte_rate", "2")),
                "users/<default>/clients/<default>", new EntityConfig(Map.of("producer_byte_rate", "3")),
                "clients/other", new EntityConfig(Map.of("producer_byte_rate", "4")),
                "clients/a%20b%2A", new EntityConfig(Map.of("consumer_byte_rate", "5"))));
        assertEquals(new ClientQuotaConfigs.Applied(1, "ANONYMOUS", "app"),
                configs.quotaFor(QuotaType.PRODUCE, "ANONYMOUS", "app").orElseThrow());
        assertEquals(new ClientQuotaConfigs.Applied(2, "ANONYMOUS", ""),
                configs.quotaFor(QuotaType.PRODUCE, "ANONYMOUS", "other").orElseThrow());
        assertEquals(new ClientQuotaConfigs.Applied(3, "alice", "other"),
                configs.quotaFor(QuotaType.PRODUCE, "alice", "other").orElseThrow());
        assertEquals(new ClientQuotaConfigs.Applied(5, "", "a b*"),
                configs.quotaFor(QuotaType.FETCH, "bob", "a b*").orElseThrow());
        assertTrue(configs.quotaFor(QuotaType.REQUEST, "bob", "x").isEmpty());
    }
}
