package io.gregor.clients.protocol;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Request header v0-v2 and response header v0-v1. ClientId is never a compact string, even in
 * header v2 (its own flexible versions are "none"), but v2 does end with tagged fields.
 */
public final class HeaderSchemas {
    private HeaderSchemas() {
    }

    public static final MessageSpec REQUEST_HEADER = new MessageSpec(-1, "RequestHeader", MessageType.REQUEST,
            Versions.parse("0-2"), Versions.parse("2+"), commonStruct("RequestHeader",
            field("RequestApiKey", INT16, "0+"),
            field("RequestApiVersion", INT16, "0+"),
            field("CorrelationId", INT32, "0+"),
            field("ClientId", STRING, "1+").nullable("1+").flexible("none")));

    public static final MessageSpec RESPONSE_HEADER = new MessageSpec(-1, "ResponseHeader", MessageType.RESPONSE,
            Versions.parse("0-1"), Versions.parse("1+"), commonStruct("ResponseHeader",
            field("CorrelationId", INT32, "0+")));
}
