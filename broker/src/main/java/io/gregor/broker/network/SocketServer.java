package io.gregor.broker.network;

import io.gregor.coordination.zk.EndPoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's network front: binds every listener (epoll when available, else NIO), frames and
 * decodes requests, runs the registered {@link ApiHandler}s on a pool of {@code num.io.threads}
 * request-handler threads (never on the event loops) and writes responses in request order per
 * connection. ApiVersions is answered by the server itself from the registry.
 *
 * <p>Lifecycle: {@link #startup()} once, {@link #shutdown()} once (stops accepting, waits for
 * in-flight requests up to the configured bound, then closes every connection). Thread-safe.
 */
public final class SocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    /** Set on every connection once shutdown begins: reading is not resumed. */
    static final AttributeKey<Boolean> DRAINING = AttributeKey.valueOf("gregor.draining");

    private final SocketServerSettings settings;
    private final ApiHandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AtomicLong connectionCounter = new AtomicLong();
    /** Written once in startup, read afterwards; guarded by {@code this}. */
    private final Map<String, InetSocketAddress> boundAddresses = new LinkedHashMap<>();
    private final List<Channel> serverChannels = new ArrayList<>();
    private ChannelGroup connections;
    private EventLoopGroup acceptorGroup;
    private EventLoopGroup networkGroup;
    private ExecutorService requestPool;
    private boolean started;
    private boolean stopped;

    public SocketServer(SocketServerSettings settings, ApiHandlerRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.apiVersions = new ApiVersionsHandler(registry);
    }

    /** Binds all listeners; on failure everything bound so far is released and the cause rethrown. */
    public synchronized void startup() throws InterruptedException {
        if (started) {
            throw new IllegalStateException("socket server already started");
        }
        started = true;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        acceptorGroup = new MultiThreadIoEventLoopGroup(1, daemonThreads("gregor-acceptor"), ioFactory);
        networkGroup = new MultiThreadIoEventLoopGroup(settings.numNetworkThreads(), daemonThreads("gregor-network"), ioFactory);
        connections = new DefaultChannelGroup("gregor-connections", GlobalEventExecutor.INSTANCE);
        requestPool = new ThreadPoolExecutor(settings.numIoThreads(), settings.numIoThreads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("gregor-request-handler"));
        try {
            for (EndPoint listener : settings.listeners()) {
                bind(listener, channelClass);
            }
        } catch (RuntimeException | InterruptedException e) {
            shutdown();
            throw e;
        }
        log.info("Socket server started ({}) on {}", epoll ? "epoll" : "nio", boundAddresses);
    }

    private void bind(EndPoint listener, Class<? extends ServerChannel> channelClass) throws InterruptedException {
        InetSocketAddress address = listener.host() == null
                ? new InetSocketAddress(listener.port()) : new InetSocketAddress(listener.host(), listener.port());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptorGroup, networkGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch, listener.listenerName());
                    }
                });
        // as Kafka: the receive buffer is set on the listening socket (so the window scale of accepted
        // connections is agreed with it), the send buffer on each accepted connection
        if (settings.receiveBufferBytes() != SocketServerSettings.OS_DEFAULT_BUFFER) {
            bootstrap.option(ChannelOption.SO_RCVBUF, settings.receiveBufferBytes());
        }
        if (settings.sendBufferBytes() != SocketServerSettings.OS_DEFAULT_BUFFER) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, settings.sendBufferBytes());
        }
        Channel channel;
        try {
            channel = bootstrap.bind(address).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException("Cannot bind listener " + listener.connectionString() + " to "
                    + address + ": " + e.getMessage(), e);
        }
        serverChannels.add(channel);
        boundAddresses.put(listener.listenerName(), (InetSocketAddress) channel.localAddress());
    }

    private void initConnection(SocketChannel ch, String listenerName) {
        InetSocketAddress local = ch.localAddress();
        InetSocketAddress remote = ch.remoteAddress();
        String connectionId = local.getAddress().getHostAddress() + ":" + local.getPort() + "-"
                + remote.getAddress().getHostAddress() + ":" + remote.getPort() + "-" + connectionCounter.incrementAndGet();
        if (settings.connectionsMaxIdleMs() > 0) {
            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS));
        }
        ch.pipeline().addLast("frames", new FrameDecoder(settings.maxRequestBytes(), connectionId));
        ch.pipeline().addLast("requests", new ConnectionHandler(listenerName, connectionId, registry, apiVersions,
                requestPool, inFlight));
        connections.add(ch);
    }

    /** The address a listener is bound to (its real port when configured with port 0). */
    public synchronized InetSocketAddress boundAddress(String listenerName) {
        InetSocketAddress address = boundAddresses.get(listenerName);
        if (address == null) {
            throw new IllegalArgumentException("no bound listener named " + listenerName + "; have " + boundAddresses.keySet());
        }
        return address;
    }

    /** The port a listener is bound to. */
    public int boundPort(String listenerName) {
        return boundAddress(listenerName).getPort();
    }

    /** The number of requests accepted but not yet answered, across all connections. */
    public int inFlightRequests() {
        return inFlight.count();
    }

    /**
     * Stops accepting connections and reading new requests, waits up to the shutdown bound for
     * in-flight requests to be answered, then closes all connections and stops the threads.
     */
    public void shutdown() {
        synchronized (this) {
            if (stopped || !started) {
                stopped = true;
                return;
            }
            stopped = true;
        }
        try {
            for (Channel channel : serverChannels) {
                channel.close().awaitUninterruptibly();
            }
            for (Channel connection : connections) {
                connection.attr(DRAINING).set(true);
                connection.config().setAutoRead(false);
            }
            if (!inFlight.awaitNone(settings.shutdownTimeoutMs())) {
                log.warn("Socket server shutdown: {} requests still in flight after {} ms; closing their connections",
                        inFlight.count(), settings.shutdownTimeoutMs());
            }
            connections.close().awaitUninterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            requestPool.shutdownNow();
            acceptorGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            networkGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            log.info("Socket server stopped");
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
