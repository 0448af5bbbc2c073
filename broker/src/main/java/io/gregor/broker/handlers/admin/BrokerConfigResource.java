package io.gregor.broker.handlers.admin;

import io.gregor.broker.config.ConfigException;
import io.gregor.broker.config.DynamicBrokerConfig;
import io.gregor.broker.config.DynamicBrokerKeys;
import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;

import java.util.Map;

/**
 * The BROKER (4) config resources as ZkAdminManager serves them: the resource name is this
 * broker's id or empty (the cluster default); the dynamic values live in {@code /config/brokers/<id>}
 * and {@code /config/brokers/<default>}. A change is checked as Kafka checks it (only dynamic keys,
 * no per-broker key as a cluster default, values valid together with the other layer) before it
 * is written with its change notification. Thread-safe (state in ZooKeeper).
 */
final class BrokerConfigResource {
    private final ConfigEntityStore store;
    private final DynamicBrokerConfig dynamic;
    private final int brokerId;
    private final Runnable reload;

    /** @param reload re-reads this broker's dynamic configs from ZooKeeper (also done on the change notification) */
    BrokerConfigResource(ConfigEntityStore store, DynamicBrokerConfig dynamic, int brokerId, Runnable reload) {
        this.store = store;
        this.dynamic = dynamic;
        this.brokerId = brokerId;
        this.reload = reload;
    }

    /**
     * The stored dynamic values of the resource {@code name} (a broker id or empty).
     *
     * @throws AdminException INVALID_REQUEST for another broker's id
     */
    Map<String, String> stored(String name) {
        checkName(name);
        return store.get(ConfigEntityStore.brokerEntity(name)).map(EntityConfig::config).orElse(Map.of());
    }

    /** Checks and (unless {@code validateOnly}) writes {@code config} as the whole dynamic config of {@code name}. */
    void replace(String name, Map<String, String> config, boolean validateOnly) {
        checkName(name);
        boolean perBroker = !name.isEmpty();
        try {
            DynamicBrokerKeys.validateKeys(config, perBroker);
            if (perBroker) {
                dynamic.validate(stored(""), config);
            } else {
                dynamic.validate(config, stored(Integer.toString(brokerId)));
            }
        } catch (ConfigException e) {
            throw new AdminException(Errors.INVALID_REQUEST, "Invalid config value for resource ConfigResource(type=BROKER, name='"
                    + name + "'): " + e.getMessage());
        }
        if (!validateOnly) {
            store.set(ConfigEntityStore.brokerEntity(name), new EntityConfig(config));
            reload.run(); // so that a describe sent here next sees the change; other brokers follow the notification
        }
    }

    private void checkName(String name) {
        if (!name.isEmpty() && !name.equals(Integer.toString(brokerId))) {
            throw new AdminException(Errors.INVALID_REQUEST, "Unexpected broker id, expected " + brokerId + ", but received " + name);
        }
    }
}
