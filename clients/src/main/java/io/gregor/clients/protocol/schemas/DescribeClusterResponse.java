package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to DescribeCluster. v1 adds the endpoint type and its errors MISMATCHED_ENDPOINT_TYPE and
 * UNSUPPORTED_ENDPOINT_TYPE.
 */
public final class DescribeClusterResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or an error refusing the request (e.g. UNSUPPORTED_ENDPOINT_TYPE from v1).");
    public static final Field<String> ERROR_MESSAGE =
            field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null)
            .about("A human-readable detail of the error, or null when there is none.");
    public static final Field<Byte> ENDPOINT_TYPE = field("EndpointType", INT8, "1+").withDefault(1)
            .about("Which endpoints the answer lists: 1 brokers, 2 controllers; since v1.");
    public static final Field<String> CLUSTER_ID = field("ClusterId", STRING, "0+")
            .about("The cluster's id.");
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+").withDefault(-1)
            .about("The controller's broker id, -1 when unknown.");
    public static final Field<List<Struct>> BROKERS = array("Brokers", "0+", Brokers.SCHEMA)
            .about("The live brokers.");
    public static final Field<Integer> CLUSTER_AUTHORIZED_OPERATIONS =
            field("ClusterAuthorizedOperations", INT32, "0+").withDefault(-2147483648)
            .about("Bit set of the cluster operations the caller may perform; Integer.MIN_VALUE when not asked for.");

    public static final MessageSpec SPEC = response(60, "DescribeClusterResponse", "0-1", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, ENDPOINT_TYPE, CLUSTER_ID, CONTROLLER_ID, BROKERS,
            CLUSTER_AUTHORIZED_OPERATIONS);

    private DescribeClusterResponse() {
    }

    /** An element of {@link DescribeClusterResponse#BROKERS}. */
    public static final class Brokers {
        public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+")
                .about("The broker's id.");
        public static final Field<String> HOST = field("Host", STRING, "0+")
                .about("The broker's host name.");
        public static final Field<Integer> PORT = field("Port", INT32, "0+")
                .about("The broker's port.");
        public static final Field<String> RACK = field("Rack", STRING, "0+").nullable("0+").withDefault(null)
                .about("The broker's rack (broker.rack), or null.");
        public static final Schema SCHEMA = structType("Brokers", BROKER_ID, HOST, PORT, RACK);

        private Brokers() {
        }
    }
}
