package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.nio.ByteBuffer;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** SyncGroupResponse (api key 14, versions 0-5, flexible 4+). */
public final class SyncGroupResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<String> PROTOCOL_TYPE =
            field("ProtocolType", STRING, "5+").nullable("5+").withDefault(null);
    public static final Field<String> PROTOCOL_NAME =
            field("ProtocolName", STRING, "5+").nullable("5+").withDefault(null);
    public static final Field<ByteBuffer> ASSIGNMENT = field("Assignment", BYTES, "0+");

    public static final MessageSpec SPEC = response(14, "SyncGroupResponse", "0-5", "4+",
            THROTTLE_TIME_MS, ERROR_CODE, PROTOCOL_TYPE, PROTOCOL_NAME, ASSIGNMENT);

    private SyncGroupResponse() {
    }
}
