package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** HeartbeatRequest (api key 12, versions 0-4, flexible 4+). */
public final class HeartbeatRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "0+");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null);

    public static final MessageSpec SPEC = request(12, "HeartbeatRequest", "0-4", "4+",
            GROUP_ID, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID);

    private HeartbeatRequest() {
    }
}
