package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * ApiVersions (api key 18): the first request on a connection, asking which API versions the broker
 * serves. v0-2 are empty; v3 is flexible and names the client software (KIP-511); v4 lets a supported
 * feature's minimum be 0.
 */
public final class ApiVersionsRequest {
    public static final Field<String> CLIENT_SOFTWARE_NAME = field("ClientSoftwareName", STRING, "3+")
            .about("The client library's name, for the broker's logs and metrics (KIP-511); since v3.");
    public static final Field<String> CLIENT_SOFTWARE_VERSION = field("ClientSoftwareVersion", STRING, "3+")
            .about("The client library's version (KIP-511); since v3.");

    public static final MessageSpec SPEC = request(18, "ApiVersionsRequest", "0-4", "3+",
            CLIENT_SOFTWARE_NAME, CLIENT_SOFTWARE_VERSION);

    private ApiVersionsRequest() {
    }
}
