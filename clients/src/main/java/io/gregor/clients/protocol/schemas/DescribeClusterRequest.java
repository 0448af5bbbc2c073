package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DescribeClusterRequest (api key 60, versions 0-1, flexible 0+). */
public final class DescribeClusterRequest {
    public static final Field<Boolean> INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS =
            field("IncludeClusterAuthorizedOperations", BOOL, "0+");
    public static final Field<Byte> ENDPOINT_TYPE = field("EndpointType", INT8, "1+").withDefault(1);

    public static final MessageSpec SPEC = request(60, "DescribeClusterRequest", "0-1", "0+",
            INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, ENDPOINT_TYPE);

    private DescribeClusterRequest() {
    }
}
