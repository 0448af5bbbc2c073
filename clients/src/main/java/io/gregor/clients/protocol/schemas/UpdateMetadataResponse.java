package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** UpdateMetadataResponse (api key 6, versions 0-8, flexible 6+). */
public final class UpdateMetadataResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");

    public static final MessageSpec SPEC = response(6, "UpdateMetadataResponse", "0-8", "6+",
            ERROR_CODE);

    private UpdateMetadataResponse() {
    }
}
