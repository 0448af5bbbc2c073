package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.RequestHeader;
import java.net.InetSocketAddress;

/**
 * What a handler knows about the request it serves besides its body: the header, the listener
 * and the client's address. Immutable.
 *
 * @param header        the request header (api key, version, correlation id, client id)
 * @param apiKey        the API, resolved from the header (never null: unknown keys never reach handlers)
 * @param listenerName  the listener the request arrived on, e.g. {@code PLAINTEXT}
 * @param clientAddress the remote address of the connection
 * @param connectionId  a string unique per connection for the broker's lifetime, for logs
 */
public record RequestContext(RequestHeader header, ApiKey apiKey, String listenerName,
                             InetSocketAddress clientAddress, String connectionId) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public int correlationId() {
        return header.correlationId();
    }

    public String clientId() {
        return header.clientId();
    }
}
