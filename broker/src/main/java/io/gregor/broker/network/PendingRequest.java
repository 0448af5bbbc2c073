package io.gregor.broker.network;

import io.gregor.clients.protocol.Struct;
import java.util.concurrent.CompletableFuture;

/**
 * A request of one connection awaiting its turn to be answered ({@link ConnectionHandler} answers in
 * order), with the instants of its phases for the request metrics. Event-loop confined, but for the
 * fields a handler thread sets before handing the completion to the event loop.
 */
final class PendingRequest {
    final RequestContext context;
    final short responseVersion;
    final RequestReservation reservation;
    /** When its last byte was read (System.nanoTime, as every instant below; see {@link RequestTimes}). */
    final long receivedNanos;
    /** Where its phases are recorded once it is answered. */
    RequestObserver.Stats stats = RequestObserver.Stats.NONE;
    int requestBytes;
    /** Set on the handler thread before the completion is handed to the event loop (which orders them). */
    long dequeuedNanos;
    long localDoneNanos;
    long responseDoneNanos;
    int throttleTimeMs;
    /** The handler's answer, once it returned one; cancelled when the connection closes. Set on a handler thread. */
    volatile CompletableFuture<Struct> future;
    /** The handler returned without answering: the request is counted as parked. */
    boolean parked;
    boolean done;
    Struct response;
    boolean closeConnection;
    /** Close the connection once this response is written (a failed SASL authentication). */
    boolean closeAfterResponse;

    PendingRequest(RequestContext context, short responseVersion, RequestReservation reservation, long receivedNanos) {
        this.context = context;
        this.responseVersion = responseVersion;
        this.reservation = reservation;
        this.receivedNanos = receivedNanos;
    }

    /** Answered on the event loop without a handler: no queue, no remote time. */
    void answeredAt(long nanos) {
        dequeuedNanos = nanos;
        localDoneNanos = nanos;
        responseDoneNanos = nanos;
    }

    /** Hands the request's phases to the metrics once its response is written (or dropped, for acks=0). */
    void record(long responseDequeuedNanos, long sentNanos) {
        if (stats != RequestObserver.Stats.NONE) {
            stats.record(new RequestTimes(receivedNanos, dequeuedNanos, localDoneNanos, responseDoneNanos,
                    responseDequeuedNanos, sentNanos, throttleTimeMs, requestBytes));
        }
    }
}
