/**
 * Topic administration through ZooKeeper, usable from any broker: {@link io.gregor.coordination.admin.TopicAdmin}
 * (create/delete topics, add partitions, config overrides, auto-creation), Kafka's replica assignment
 * ({@link io.gregor.coordination.admin.ReplicaAssignor}) and the known topic configs
 * ({@link io.gregor.coordination.admin.TopicConfigs}).
 */
package io.gregor.coordination.admin;
