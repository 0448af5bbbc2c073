package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ApiVersionsRequest (api key 18, versions 0-4, flexible 3+). */
public final class ApiVersionsRequest {
    public static final Field<String> CLIENT_SOFTWARE_NAME = field("ClientSoftwareName", STRING, "3+");
    public static final Field<String> CLIENT_SOFTWARE_VERSION = field("ClientSoftwareVersion", STRING, "3+");

    public static final MessageSpec SPEC = request(18, "ApiVersionsRequest", "0-4", "3+",
            CLIENT_SOFTWARE_NAME, CLIENT_SOFTWARE_VERSION);

    private ApiVersionsRequest() {
    }
}
