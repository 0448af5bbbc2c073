package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to AlterConfigs: one result per resource. v1: the broker answers before throttling a
 * quota violation; v2 flexible.
 */
public final class AlterConfigsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA)
            .about("One result per resource of the request.");

    public static final MessageSpec SPEC = response(33, "AlterConfigsResponse", "0-2", "2+",
            THROTTLE_TIME_MS, RESPONSES);

    private AlterConfigsResponse() {
    }

    /** An element of {@link AlterConfigsResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why this resource's configs were not changed.");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                .about("A human-readable detail of the error, or null when there is none.");
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                .about("The kind of resource: 2 a topic, 4 a broker (Kafka's ConfigResource.Type ids).");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                .about("The resource's name: a topic name, or a broker id as text (empty for the cluster-wide "
                        + "default).");
        public static final Schema SCHEMA = structType("Responses", ERROR_CODE, ERROR_MESSAGE, RESOURCE_TYPE,
                RESOURCE_NAME);

        private Responses() {
        }
    }
}
