package io.gregor.broker.network;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Whether a connection reads from its socket: it does unless some reason holds it back (too many
 * requests awaiting responses, no request memory, too many parked requests, unsent responses piling
 * up, shutdown draining, a client quota's throttle), and resumes when the last
 * reason is gone. Several parts of the pipeline pause reading for their own reasons; this keeps
 * one from resuming what another paused. Confined to the channel's event loop.
 */
final class ReadGate {
    static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf("gregor.readGate");

    enum Reason {
        /** The connection has as many requests awaiting responses as it may. */
        QUEUED_REQUESTS,
        /** The request memory pool could not reserve the next frame. */
        REQUEST_MEMORY,
        /** Parked requests hold more than their share and this connection has some of them ({@link ParkedRequestMemory}). */
        PARKED_REQUESTS,
        /** The connection's unsent responses are above the write buffer high-water mark (a slow reader). */
        UNSENT_RESPONSES,
        /** The server is shutting down: no new requests are read. */
        DRAINING,
        /** The client is over a quota: not read from for the throttle time its last response reported. */
        THROTTLED
    }

    private final Channel channel;
    private int paused; // bit set of Reason ordinals; event loop only

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    void pause(Reason reason) {
        paused |= 1 << reason.ordinal();
        channel.config().setAutoRead(false);
    }

    void resume(Reason reason) {
        int before = paused;
        paused &= ~(1 << reason.ordinal());
        if (paused == 0 && before != 0) {
            channel.config().setAutoRead(true);
        }
    }

    boolean isPaused(Reason reason) {
        return (paused & (1 << reason.ordinal())) != 0;
    }
}
