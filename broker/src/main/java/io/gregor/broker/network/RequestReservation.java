package io.gregor.broker.network;

import io.gregor.clients.protocol.DecodeBudget;
import io.gregor.clients.protocol.ProtocolException;

/**
 * A request's reservation in the pool: its frame, its decoded form as it is built, its encoded
 * response. While its handler has it parked, the request's bytes count in the
 * {@link ParkedRequestMemory} instead; once answered, only the response's. Charged on the event
 * loop and released once, on the event loop or by a write's completion (which Netty runs on the
 * event loop too).
 */
final class RequestReservation implements DecodeBudget {
    private final RequestMemoryPool pool;
    private final ParkedRequestMemory parkedMemory;
    // All below: the channel's event loop only.
    private long bytes;
    private boolean parked;
    private boolean refused;
    private boolean released;

    RequestReservation(RequestMemoryPool pool, ParkedRequestMemory parkedMemory, long frameBytes) {
        this.pool = pool;
        this.parkedMemory = parkedMemory;
        this.bytes = frameBytes;
    }

    @Override
    public void charge(long decoded) {
        pool.reserveForced(decoded);
        bytes += decoded;
        if (pool.pastHardLimit()) {
            refused = true;
            throw new ProtocolException("requests would hold more than queued.max.request.bytes ("
                    + pool.capacity() + ") plus socket.request.max.bytes");
        }
    }

    void chargeResponse(long responseBytes) {
        pool.reserveForced(responseBytes);
        bytes += responseBytes;
    }

    /** Moves the request's bytes from the pool to the parked requests (waking a connection waiting for memory). */
    void park() {
        if (!released && !parked) {
            parked = true;
            parkedMemory.add(bytes);
            pool.release(bytes);
        }
    }

    /** The request is answered: its bytes no longer count; its response's will be charged to the pool. */
    void unpark() {
        if (!released && parked) {
            parked = false;
            parkedMemory.remove(bytes);
            bytes = 0;
        }
    }

    /** Gives the bytes back; only the first call counts. */
    void release() {
        if (!released) {
            released = true;
            if (parked) {
                parkedMemory.remove(bytes);
            } else {
                pool.release(bytes);
            }
        }
    }

    /** Decoding was stopped because it would have taken the pool past its hard limit. */
    boolean refused() {
        return refused;
    }
}
