package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * DescribeCluster (api key 60): the cluster id, controller and brokers (KIP-700). v1 asks for brokers
 * or controllers (KIP-919).
 */
public final class DescribeClusterRequest {
    public static final Field<Boolean> INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS =
            field("IncludeClusterAuthorizedOperations", BOOL, "0+")
            .about("True to ask which cluster operations the caller may perform.");
    public static final Field<Byte> ENDPOINT_TYPE = field("EndpointType", INT8, "1+").withDefault(1)
            .about("Which endpoints to describe: 1 brokers, 2 controllers (KIP-919); since v1.");

    public static final MessageSpec SPEC = request(60, "DescribeClusterRequest", "0-1", "0+",
            INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, ENDPOINT_TYPE);

    private DescribeClusterRequest() {
    }
}
