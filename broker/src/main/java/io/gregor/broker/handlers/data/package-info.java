/**
 * The data-path APIs (Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, InitProducerId) and the
 * controller's LeaderAndIsr and StopReplica: one small handler each, converting request and
 * response Structs to and from the {@link io.gregor.replication.ReplicaManager}. Wired by
 * {@link io.gregor.broker.handlers.data.DataPlane}.
 */
package io.gregor.broker.handlers.data;
