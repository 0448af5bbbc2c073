package io.gregor.clients.protocol;

import java.nio.ByteBuffer;

/**
 * A request header (v0: api key, api version, correlation id; v1: + nullable client id; v2: +
 * tagged fields). The header version follows from the API and its version, see
 * {@link ApiKey#requestHeaderVersion}; an api key Gregor does not know is read as header v1, so
 * that it can still be answered.
 */
public record RequestHeader(short apiKey, short apiVersion, int correlationId, String clientId) {

    /** This request's header version (1 for an unknown api key). */
    public short headerVersion() {
        ApiKey key = ApiKey.forId(apiKey);
        return key == null ? 1 : key.requestHeaderVersion(apiVersion);
    }

    /** Reads a header from the start of a request frame, leaving the buffer at the body. */
    public static RequestHeader read(ByteBuffer buf) {
        if (buf.remaining() < 4) {
            throw new ProtocolException("Cannot read RequestHeader: " + buf.remaining() + " bytes, need at least 4");
        }
        short apiKey = buf.getShort(buf.position());
        short apiVersion = buf.getShort(buf.position() + 2);
        ApiKey key = ApiKey.forId(apiKey);
        short headerVersion = key == null ? 1 : key.requestHeaderVersion(apiVersion);
        Struct s = MessageCodec.read(buf, HeaderSchemas.REQUEST_HEADER, headerVersion);
        return new RequestHeader(apiKey, apiVersion, s.getInt(HeaderSchemas.Request.CORRELATION_ID),
                s.getString(HeaderSchemas.Request.CLIENT_ID));
    }

    public Struct toStruct() {
        return HeaderSchemas.REQUEST_HEADER.newStruct()
                .set(HeaderSchemas.Request.REQUEST_API_KEY, apiKey)
                .set(HeaderSchemas.Request.REQUEST_API_VERSION, apiVersion)
                .set(HeaderSchemas.Request.CORRELATION_ID, correlationId)
                .set(HeaderSchemas.Request.CLIENT_ID, clientId);
    }

    public EncodedMessage write() {
        return MessageCodec.write(HeaderSchemas.REQUEST_HEADER, toStruct(), headerVersion());
    }

    /** Header then body, ready for a size prefix. */
    public EncodedMessage writeWithBody(Struct body) {
        return EncodedMessage.concat(write(), MessageCodec.write(body, apiVersion));
    }
}
