package io.gregor.broker.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits on one listener's server channel and lets accepted connections through only as the
 * {@link ConnectionQuotas} allow: with no slot free it stops accepting (the listening socket's
 * backlog holds new connections, unanswered) and keeps any connection already accepted unread,
 * until a connection closes; a connection from an address at its limit is closed at once. Runs on
 * the server channel's event loop; {@link #slotFreed()} may be called from any thread.
 */
final class ConnectionAdmission extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionAdmission.class);
    /** Set on an admitted connection: the address it was counted under. */
    static final AttributeKey<InetAddress> COUNTED_ADDRESS = AttributeKey.valueOf("gregor.countedAddress");

    private final String listenerName;
    private final ConnectionQuotas quotas;
    /** Closes the least recently active connection of another listener (when the protected one exceeds the limit). */
    private final Consumer<String> evictForProtectedListener;
    private final ArrayDeque<Channel> waiting = new ArrayDeque<>(); // event loop only
    private ChannelHandlerContext ctx;
    /** Waiting for a slot; written on the event loop, read by {@link #slotFreed()} anywhere. */
    private volatile boolean paused;

    ConnectionAdmission(String listenerName, ConnectionQuotas quotas, Consumer<String> evictForProtectedListener) {
        this.listenerName = listenerName;
        this.quotas = quotas;
        this.evictForProtectedListener = evictForProtectedListener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        quotas.onSlotFreed(this::slotFreed);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        waiting.add((Channel) msg);
        admitWaiting();
    }

    private void admitWaiting() {
        while (!waiting.isEmpty()) {
            if (!quotas.slotAvailable(listenerName)) {
                if (!paused) {
                    paused = true;
                    ctx.channel().config().setAutoRead(false);
                    log.info("Listener {} has reached its connection limit (max.connections {}, listener limit {}); "
                            + "new connections wait until one closes", listenerName, quotas.limits().maxConnections(),
                            quotas.limits().maxConnectionsOn(listenerName));
                }
                return;
            }
            Channel child = waiting.poll();
            InetAddress address = ((InetSocketAddress) child.remoteAddress()).getAddress();
            int refusedBy = quotas.tryAdd(listenerName, address);
            if (refusedBy >= 0) {
                log.info("Rejected connection from {}, address already has the configured maximum of {} connections.",
                        address.getHostAddress(), refusedBy);
                child.unsafe().closeForcibly();
                continue;
            }
            child.attr(COUNTED_ADDRESS).set(address);
            if (quotas.isProtected(listenerName) && quotas.overBrokerLimit()) {
                evictForProtectedListener.accept(listenerName);
            }
            ctx.fireChannelRead(child);
        }
        if (paused) {
            paused = false;
            log.info("Listener {} accepts connections again", listenerName);
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A connection closed somewhere: if this listener waits for a slot, try again on its event loop. */
    private void slotFreed() {
        if (!paused) {
            return; // the common case: nothing waits on this listener
        }
        try {
            ctx.executor().execute(() -> {
                if (paused) {
                    admitWaiting();
                }
            });
        } catch (RejectedExecutionException e) {
            // the server is shutting down
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closeWaiting();
        super.channelInactive(ctx);
    }

    /** Closes the connections accepted but never let through (server shutdown). */
    void closeWaiting() {
        Channel child;
        while ((child = waiting.poll()) != null) {
            child.unsafe().closeForcibly();
        }
    }
}
