package io.gregor.broker.it;

import io.gregor.broker.security.ScramCredential;
import io.gregor.clients.security.ScramMechanism;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes SCRAM credentials straight into ZooKeeper ({@code /config/users/<user>}, in Kafka's
 * format, with a change notification), as {@code kafka-configs.sh --zookeeper} does to create the
 * brokers' own user before any broker runs (a SASL inter-broker listener needs it at startup).
 */
final class ScramUsers {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramUsers() {
    }

    /** Sets {@code user}'s credential for {@code mechanism} (SCRAM-SHA-256 or SCRAM-SHA-512) to {@code password}. */
    static void create(String zookeeperConnect, String user, String mechanism, String password) {
        ScramMechanism scram = ScramMechanism.forName(mechanism);
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        int iterations = ScramMechanism.MIN_ITERATIONS;
        ScramCredential credential = ScramCredential.fromSaltedPassword(scram, salt,
                scram.saltedPassword(password, salt, iterations), iterations);
        try (GregorZkClient zk = GregorZkClient.connect(zookeeperConnect, 6000, 15_000)) {
            ConfigEntityStore store = new ConfigEntityStore(zk);
            String entity = ConfigEntityStore.quotaEntity(user, null);
            Map<String, String> config = new TreeMap<>(store.get(entity).map(EntityConfig::config).orElse(Map.of()));
            config.put(scram.mechanismName(), credential.toConfigValue());
            store.set(entity, new EntityConfig(config));
        }
    }
}
