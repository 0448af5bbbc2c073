package io.gregor.broker.network;

import io.gregor.clients.network.MetadataParser;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Runs the path of a client's first requests once, as the listeners open: decoding ApiVersions and
 * Metadata requests, answering ApiVersions and encoding the answer, then one ApiVersions over the
 * broker's own listener, so the classes and code behind them are loaded while the broker registers
 * rather than when the first client waits on them. A client probing a broker the moment its port
 * opens (kafka-python gives ApiVersions 2 s by default before it gives up with NoBrokersAvailable)
 * then does not pay for that start-up work alone (a few hundred ms, seconds on a busy machine).
 */
public final class ProtocolWarmUp {

    private ProtocolWarmUp() {
    }

    /** Runs the first-request path against the handlers of {@code registry}; nothing leaves the process. */
    public static void run(ApiHandlerRegistry registry) {
        ApiVersionsHandler apiVersions = new ApiVersionsHandler(registry);
        for (short version = ApiKey.API_VERSIONS.minVersion; version <= ApiKey.API_VERSIONS.maxVersion; version++) {
            Struct request = ApiMessages.request(ApiKey.API_VERSIONS).newStruct();
            if (version >= 3) {
                request.set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "gregor-warm-up")
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1");
            }
            Struct decoded = roundTrip(ApiKey.API_VERSIONS, version, request);
            RequestContext context = new RequestContext(new RequestHeader(ApiKey.API_VERSIONS.id, version, 0, "warm-up"),
                    ApiKey.API_VERSIONS, "warm-up", new InetSocketAddress(0), "warm-up");
            Struct response = apiVersions.handle(context, decoded).join();
            new ResponseHeader(0).writeWithBody(ApiKey.API_VERSIONS, version, response).withSizePrefix().toByteBuffer();
        }
        for (short version : List.of((short) 0, ApiKey.METADATA.maxVersion)) {
            roundTrip(ApiKey.METADATA, version, MetadataParser.request(version == 0 ? List.of() : null, false));
        }
    }

    /**
     * Sends one ApiVersions request to the server's own listener at {@code address} and reads the
     * answer (at most {@code timeoutMs}), so the first connection's path through the network layer
     * has run once too. Returns how long it took, or -1 if it failed (nothing depends on it).
     */
    public static long probe(InetSocketAddress address, int timeoutMs) {
        long start = System.nanoTime();
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(address, timeoutMs);
            socket.setSoTimeout(timeoutMs);
            Struct request = ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "gregor-warm-up")
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1");
            ByteBuffer frame = new RequestHeader(ApiKey.API_VERSIONS.id, (short) 3, 0, "warm-up").writeWithBody(request)
                    .withSizePrefix().toByteBuffer();
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            socket.getOutputStream().write(bytes);
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            in.readFully(new byte[in.readInt()]);
            return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Struct roundTrip(ApiKey key, short version, Struct body) {
        ByteBuffer frame = new RequestHeader(key.id, version, 0, "warm-up").writeWithBody(body).toByteBuffer();
        RequestHeader.read(frame);
        return MessageCodec.read(frame, key, version, MessageType.REQUEST);
    }
}
