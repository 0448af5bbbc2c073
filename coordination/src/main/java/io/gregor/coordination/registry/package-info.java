/** The broker's ephemeral {@code /brokers/ids/<id>} registration and its life across ZooKeeper sessions. */
package io.gregor.coordination.registry;
