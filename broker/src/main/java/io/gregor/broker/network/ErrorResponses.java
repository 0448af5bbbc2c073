package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
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
        MessageSpec spec = ApiMessages.response(apiKey);
        Field<Short> errorCode = spec.errorCodeField();
        if (errorCode == null || !errorCode.existsIn(version)) {
            return null;
        }
        Struct response = spec.newStruct().set(errorCode, error.code());
        Field<String> errorMessage = spec.errorMessageField();
        if (errorMessage != null && errorMessage.existsIn(version)) {
            response.set(errorMessage, error.message());
        }
        return response;
    }
}
