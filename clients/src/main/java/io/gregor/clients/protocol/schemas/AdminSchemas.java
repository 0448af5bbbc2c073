package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/**
 * Schemas of the admin APIs: topic creation and deletion, record deletion, producer id allocation,
 * config description and (incremental) alteration, partition creation and cluster description.
 * Field names, types, versions, nullability and defaults follow Kafka's message specs.
 */
public final class AdminSchemas {
    private AdminSchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                CreateTopicsRequest.SPEC,
                CreateTopicsResponse.SPEC,
                DeleteTopicsRequest.SPEC,
                DeleteTopicsResponse.SPEC,
                DeleteRecordsRequest.SPEC,
                DeleteRecordsResponse.SPEC,
                InitProducerIdRequest.SPEC,
                InitProducerIdResponse.SPEC,
                DescribeConfigsRequest.SPEC,
                DescribeConfigsResponse.SPEC,
                AlterConfigsRequest.SPEC,
                AlterConfigsResponse.SPEC,
                CreatePartitionsRequest.SPEC,
                CreatePartitionsResponse.SPEC,
                IncrementalAlterConfigsRequest.SPEC,
                IncrementalAlterConfigsResponse.SPEC,
                DescribeClusterRequest.SPEC,
                DescribeClusterResponse.SPEC,
                DescribeClientQuotasRequest.SPEC,
                DescribeClientQuotasResponse.SPEC,
                AlterClientQuotasRequest.SPEC,
                AlterClientQuotasResponse.SPEC);
    }
}
