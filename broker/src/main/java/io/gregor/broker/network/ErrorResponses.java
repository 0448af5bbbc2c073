package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

/**
 * The generic error response of an API: an all-default response whose top-level {@code ErrorCode}
 * carries the error. APIs without a top-level error code in that version have no generic error
 * response (the caller then closes the connection).
 */
final class ErrorResponses {
    private ErrorResponses() {
    }

    /** The error response of {@code apiKey} at {@code version}, or null when the API has none. */
    static Struct build(ApiKey apiKey, short version, Errors error) {
        Struct response = ApiMessages.response(apiKey).newStruct();
        Schema schema = response.schema();
        int index = schema.indexOf("ErrorCode");
        if (index < 0) {
            return null;
        }
        Field field = schema.field(index);
        if (!field.versions().contains(version)) {
            return null;
        }
        response.set("ErrorCode", error.code());
        if (schema.indexOf("ErrorMessage") >= 0 && schema.field("ErrorMessage").versions().contains(version)) {
            response.set("ErrorMessage", error.message());
        }
        return response;
    }
}
