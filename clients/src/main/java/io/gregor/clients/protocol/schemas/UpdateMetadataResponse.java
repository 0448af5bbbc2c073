package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The broker's answer to UpdateMetadata. v1-8 as v0. */
public final class UpdateMetadataResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or an error refusing the request (STALE_CONTROLLER_EPOCH...).");

    public static final MessageSpec SPEC = response(6, "UpdateMetadataResponse", "0-8", "6+",
            ERROR_CODE);

    private UpdateMetadataResponse() {
    }
}
