package io.gregor.clients.protocol;

import java.nio.ByteBuffer;

/** A response header (v0: correlation id; v1: + tagged fields); see {@link ApiKey#responseHeaderVersion}. */
public record ResponseHeader(int correlationId) {

    public static ResponseHeader read(ByteBuffer buf, short headerVersion) {
        Struct s = MessageCodec.read(buf, HeaderSchemas.RESPONSE_HEADER, headerVersion);
        return new ResponseHeader(s.getInt(HeaderSchemas.Response.CORRELATION_ID));
    }

    public EncodedMessage write(short headerVersion) {
        Struct s = HeaderSchemas.RESPONSE_HEADER.newStruct().set(HeaderSchemas.Response.CORRELATION_ID, correlationId);
        return MessageCodec.write(HeaderSchemas.RESPONSE_HEADER, s, headerVersion);
    }

    /** Header then body of {@code apiKey}'s response at {@code version}, ready for a size prefix. */
    public EncodedMessage writeWithBody(ApiKey apiKey, short version, Struct body) {
        return EncodedMessage.concat(write(apiKey.responseHeaderVersion(version)),
                MessageCodec.write(ApiMessages.response(apiKey), body, version));
    }
}
