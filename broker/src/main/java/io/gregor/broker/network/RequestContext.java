package io.gregor.broker.network;

import io.gregor.broker.security.KafkaPrincipal;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.RequestHeader;
import java.net.InetSocketAddress;

/**
 * What a handler knows about the request it serves besides its body: the header, the listener,
 * the client's address and who the client authenticated as. Immutable.
 *
 * @param header        the request header (api key, version, correlation id, client id)
 * @param apiKey        the API, resolved from the header (never null: unknown keys never reach handlers)
 * @param listenerName  the listener the request arrived on, e.g. {@code PLAINTEXT}
 * @param clientAddress the remote address of the connection
 * @param connectionId  a string unique per connection for the broker's lifetime, for logs
 * @param securityProtocol the listener's security protocol ({@code PLAINTEXT}, {@code SSL},
 *                      {@code SASL_PLAINTEXT}, {@code SASL_SSL})
 * @param principal     the connection's authenticated principal, {@link KafkaPrincipal#ANONYMOUS} without authentication
 */
public record RequestContext(RequestHeader header, ApiKey apiKey, String listenerName,
                             InetSocketAddress clientAddress, String connectionId,
                             String securityProtocol, KafkaPrincipal principal) {

    /** A request on a PLAINTEXT listener, from {@link KafkaPrincipal#ANONYMOUS}. */
    public RequestContext(RequestHeader header, ApiKey apiKey, String listenerName,
                          InetSocketAddress clientAddress, String connectionId) {
        this(header, apiKey, listenerName, clientAddress, connectionId, "PLAINTEXT", KafkaPrincipal.ANONYMOUS);
    }

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
