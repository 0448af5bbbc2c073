package io.gregor.broker.network;

/**
 * The phases of one request, as Kafka's request metrics measure them, in {@link System#nanoTime()}
 * instants: received (its last byte read) &lt;= dequeued (a request handler thread picked it up)
 * &lt;= local done (the handler returned, or answered if sooner) &lt;= response done (its answer
 * was ready; later than local done only when it waited in a purgatory: acks=all produce, a fetch
 * waiting for data) &lt;= response dequeued (the network thread took the answer to send it) &lt;=
 * sent (the last byte was handed to the socket). Requests answered on the network thread itself
 * (ApiVersions of an unsupported version, SASL handshakes) have received = dequeued = local done =
 * response done.
 *
 * @param throttleTimeMs the response's ThrottleTimeMs (0 without one)
 * @param requestBytes   the size of the request body (after its header)
 */
public record RequestTimes(long receivedNanos, long dequeuedNanos, long localDoneNanos, long responseDoneNanos,
                           long responseDequeuedNanos, long sentNanos, int throttleTimeMs, int requestBytes) {
}
