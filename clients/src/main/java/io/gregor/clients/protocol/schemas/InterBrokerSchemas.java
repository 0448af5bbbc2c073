package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/**
 * Schemas of the controller-to-broker and broker-to-controller APIs of a ZooKeeper-era cluster:
 * LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown and AlterPartition. Field names,
 * types, versions, nullability and defaults follow Kafka's message specs; partition states shared
 * by several fields are declared once.
 */
public final class InterBrokerSchemas {
    private InterBrokerSchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                LeaderAndIsrRequest.SPEC,
                LeaderAndIsrResponse.SPEC,
                StopReplicaRequest.SPEC,
                StopReplicaResponse.SPEC,
                UpdateMetadataRequest.SPEC,
                UpdateMetadataResponse.SPEC,
                ControlledShutdownRequest.SPEC,
                ControlledShutdownResponse.SPEC,
                AlterPartitionRequest.SPEC,
                AlterPartitionResponse.SPEC);
    }
}
