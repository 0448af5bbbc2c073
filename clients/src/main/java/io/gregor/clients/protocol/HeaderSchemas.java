package io.gregor.clients.protocol;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Request header v0-v2 and response header v0-v1. ClientId is never a compact string, even in
 * header v2 (its own flexible versions are "none"), but v2 does end with tagged fields.
 */
public final class HeaderSchemas {
    public static final MessageSpec REQUEST_HEADER = Request.SPEC;
    public static final MessageSpec RESPONSE_HEADER = Response.SPEC;

    private HeaderSchemas() {
    }

    /** The fields of a request header. */
    public static final class Request {
        public static final Field<Short> REQUEST_API_KEY = field("RequestApiKey", INT16, "0+")
                .about("The API of the request.");
        public static final Field<Short> REQUEST_API_VERSION = field("RequestApiVersion", INT16, "0+")
                .about("The version of the API the request is written in.");
        public static final Field<Integer> CORRELATION_ID = field("CorrelationId", INT32, "0+")
                .about("Chosen by the client; the response carries it back.");
        public static final Field<String> CLIENT_ID = field("ClientId", STRING, "1+").nullable("1+").flexible("none")
                .about("The client.id, for logs and quotas, or null; header v1+ (never a compact string, even in "
                        + "v2).");

        public static final MessageSpec SPEC = new MessageSpec(-1, "RequestHeader", MessageType.REQUEST,
                Versions.parse("0-2"), Versions.parse("2+"), structType("RequestHeader",
                REQUEST_API_KEY, REQUEST_API_VERSION, CORRELATION_ID, CLIENT_ID));

        private Request() {
        }
    }

    /** The fields of a response header. */
    public static final class Response {
        public static final Field<Integer> CORRELATION_ID = field("CorrelationId", INT32, "0+")
                .about("The correlation id of the request being answered.");

        public static final MessageSpec SPEC = new MessageSpec(-1, "ResponseHeader", MessageType.RESPONSE,
                Versions.parse("0-1"), Versions.parse("1+"), structType("ResponseHeader", CORRELATION_ID));

        private Response() {
        }
    }
}
