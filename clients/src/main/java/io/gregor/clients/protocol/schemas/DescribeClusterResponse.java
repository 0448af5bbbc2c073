package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DescribeClusterResponse (api key 60, versions 0-1, flexible 0+). */
public final class DescribeClusterResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<String> ERROR_MESSAGE =
            field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null);
    public static final Field<Byte> ENDPOINT_TYPE = field("EndpointType", INT8, "1+").withDefault(1);
    public static final Field<String> CLUSTER_ID = field("ClusterId", STRING, "0+");
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+").withDefault(-1);
    public static final Field<List<Struct>> BROKERS = array("Brokers", "0+", Brokers.SCHEMA);
    public static final Field<Integer> CLUSTER_AUTHORIZED_OPERATIONS =
            field("ClusterAuthorizedOperations", INT32, "0+").withDefault(-2147483648);

    public static final MessageSpec SPEC = response(60, "DescribeClusterResponse", "0-1", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, ENDPOINT_TYPE, CLUSTER_ID, CONTROLLER_ID, BROKERS,
            CLUSTER_AUTHORIZED_OPERATIONS);

    private DescribeClusterResponse() {
    }

    /** An element of {@link DescribeClusterResponse#BROKERS}. */
    public static final class Brokers {
        public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+");
        public static final Field<String> HOST = field("Host", STRING, "0+");
        public static final Field<Integer> PORT = field("Port", INT32, "0+");
        public static final Field<String> RACK = field("Rack", STRING, "0+").nullable("0+").withDefault(null);
        public static final Schema SCHEMA = structType("Brokers", BROKER_ID, HOST, PORT, RACK);

        private Brokers() {
        }
    }
}
