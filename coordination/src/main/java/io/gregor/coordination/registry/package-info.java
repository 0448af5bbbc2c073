/**
 * Broker registrations: this broker's own ephemeral {@code /brokers/ids/<id>} and its life across
 * ZooKeeper sessions ({@link io.gregor.coordination.registry.BrokerRegistration}), and the broker
 * epochs of all registered brokers ({@link io.gregor.coordination.registry.LiveBrokerEpochs}), against
 * which a leader checks who its follower requests come from
 * ({@link io.gregor.coordination.registry.ReplicaEpochVerifier}).
 */
package io.gregor.coordination.registry;
