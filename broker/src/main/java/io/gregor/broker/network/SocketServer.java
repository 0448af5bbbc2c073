package io.gregor.broker.network;

import io.gregor.broker.security.ConnectionSecurity;
import io.gregor.broker.security.ListenerSecurity;
import io.gregor.broker.security.SaslAuthenticator;
import io.gregor.broker.security.SaslServerSide;
import io.gregor.broker.security.ServerTls;
import io.gregor.broker.security.TlsEngine;
import io.gregor.clients.lifecycle.Lifecycle;
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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Hostile-input limits: the bytes of requests being read or queued are bounded by a
 * {@link RequestMemoryPool} ({@code queued.max.request.bytes}; a connection whose next frame does
 * not fit stops reading until memory is released), and connections by {@link ConnectionQuotas}
 * ({@code max.connections}, {@code listener.name.<l>.max.connections}, {@code max.connections.per.ip}
 * and its overrides).
 *
 * <p>Lifecycle ({@link Lifecycle}): {@link #startup()} once; a second startup, or one after
 * {@link #shutdown()}, is refused with {@link IllegalStateException}. Shutdown stops accepting,
 * waits for in-flight requests up to the configured bound, then closes every connection; a second
 * shutdown does nothing. Thread-safe.
 */
public final class SocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    /** The listener a connection arrived on. */
    private static final AttributeKey<String> LISTENER = AttributeKey.valueOf("gregor.listener");

    private final SocketServerSettings settings;
    private final ApiHandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;
    private final SaslServerSide sasl;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final RequestChannelSizes channelSizes = new RequestChannelSizes();
    private final RequestObserver observer;
    private final RequestMemoryPool requestMemory;
    private final ParkedRequestMemory parkedMemory;
    private final ConnectionQuotas quotas;
    private final Map<String, ListenerSecurity> listenerSecurity;
    /** The TLS context of each TLS listener; written once in startup, before any connection. */
    private final Map<String, SslContext> tlsContexts = new java.util.concurrent.ConcurrentHashMap<>();
    /** The TLS engine of the TLS listeners (null without any); written once in startup, guarded by {@code this}. */
    private io.netty.handler.ssl.SslProvider tlsEngine;
    private final AtomicLong connectionCounter = new AtomicLong();
    /** Written once in startup, read afterwards; guarded by {@code this}. */
    private final Map<String, InetSocketAddress> boundAddresses = new LinkedHashMap<>();
    private final List<Channel> serverChannels = new ArrayList<>();
    private ChannelGroup connections;
    private EventLoopGroup acceptorGroup;
    private NetworkThreadPool networkGroup;
    private RequestPools requestPools;
    /** Moved under {@code this}, so a shutdown never runs while startup is binding. */
    private final Lifecycle lifecycle = new Lifecycle("Socket server");

    /** A server whose listeners use no TLS (a TLS listener needs {@link ListenerSecurity} settings: see below). */
    public SocketServer(SocketServerSettings settings, ApiHandlerRegistry registry) {
        this(settings, registry, Map.of(), SaslServerSide.NONE);
    }

    /** A socket server whose SASL listeners (those {@code sasl} has settings for) authenticate their connections. */
    public SocketServer(SocketServerSettings settings, ApiHandlerRegistry registry, SaslServerSide sasl) {
        this(settings, registry, Map.of(), sasl);
    }

    /**
     * A server whose listeners are secured as {@code listenerSecurity} says (a listener missing
     * from it must not use TLS); TLS listeners get an SslHandler in front of each connection's pipeline.
     */
    public SocketServer(SocketServerSettings settings, ApiHandlerRegistry registry,
                        Map<String, ListenerSecurity> listenerSecurity) {
        this(settings, registry, listenerSecurity, SaslServerSide.NONE);
    }

    /**
     * A server whose listeners are secured as {@code listenerSecurity} says (TLS first on SSL and
     * SASL_SSL listeners), and whose SASL listeners (those {@code sasl} has settings for) then
     * authenticate their connections with SASL.
     */
    public SocketServer(SocketServerSettings settings, ApiHandlerRegistry registry,
                        Map<String, ListenerSecurity> listenerSecurity, SaslServerSide sasl) {
        this(settings, registry, listenerSecurity, sasl, RequestObserver.NONE);
    }

    /** As above, telling {@code observer} about every request (the broker's request metrics). */
    public SocketServer(SocketServerSettings settings, ApiHandlerRegistry registry,
                        Map<String, ListenerSecurity> listenerSecurity, SaslServerSide sasl, RequestObserver observer) {
        this.observer = observer;
        this.listenerSecurity = Map.copyOf(listenerSecurity);
        this.sasl = sasl;
        this.settings = settings;
        this.registry = registry;
        this.apiVersions = new ApiVersionsHandler(registry);
        this.requestMemory = settings.queuedMaxRequestBytes() == SocketServerSettings.UNBOUNDED
                ? RequestMemoryPool.unbounded()
                : new RequestMemoryPool(settings.queuedMaxRequestBytes(), settings.maxRequestBytes());
        // parked requests (see ParkedRequestMemory) get half as much again, apart from the pool
        this.parkedMemory = settings.queuedMaxRequestBytes() == SocketServerSettings.UNBOUNDED
                ? ParkedRequestMemory.unbounded()
                : new ParkedRequestMemory(Math.max(1, settings.queuedMaxRequestBytes() / 2));
        this.quotas = new ConnectionQuotas(settings.connectionLimits(), settings.listeners().size());
    }

    /** Binds all listeners; on failure everything bound so far is released and the cause rethrown. */
    public synchronized void startup() throws InterruptedException {
        lifecycle.start();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        acceptorGroup = new MultiThreadIoEventLoopGroup(1, daemonThreads("gregor-acceptor"), ioFactory);
        networkGroup = new NetworkThreadPool(settings.numNetworkThreads(), daemonThreads("gregor-network"), ioFactory);
        connections = new DefaultChannelGroup("gregor-connections", GlobalEventExecutor.INSTANCE);
        requestPools = new RequestPools(settings.numIoThreads(), observer::handlerIdle);
        try {
            io.netty.handler.ssl.SslProvider engine = null;
            for (EndPoint listener : settings.listeners()) {
                ListenerSecurity security = security(listener);
                if (security.usesTls()) {
                    engine = engine != null ? engine : TlsEngine.provider();
                    tlsContexts.put(listener.listenerName(), ServerTls.context(listener.listenerName(), security.ssl(), engine));
                }
                bind(listener, channelClass);
            }
            tlsEngine = engine;
        } catch (RuntimeException | InterruptedException e) {
            shutdown();
            throw e;
        }
        log.info("Socket server started ({}) on {}{}", epoll ? "epoll" : "nio", boundAddresses,
                tlsContexts.isEmpty() ? "" : "; TLS listeners " + tlsContexts.keySet() + " use the " + tlsEngine + " engine");
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
                .handler(new ConnectionAdmission(listener.listenerName(), quotas, this::evictLeastRecentlyActive))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch, listener);
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

    private void initConnection(SocketChannel ch, EndPoint listener) {
        String listenerName = listener.listenerName();
        InetAddress counted = ch.attr(ConnectionAdmission.COUNTED_ADDRESS).get();
        if (counted != null) { // first, so that nothing below can leave the slot taken
            ch.closeFuture().addListener(f -> quotas.remove(listenerName, counted));
        }
        InetSocketAddress local = ch.localAddress();
        InetSocketAddress remote = ch.remoteAddress();
        String connectionId = local.getAddress().getHostAddress() + ":" + local.getPort() + "-"
                + remote.getAddress().getHostAddress() + ":" + remote.getPort() + "-" + connectionCounter.incrementAndGet();
        ch.attr(LISTENER).set(listenerName);
        ch.attr(ReadGate.KEY).set(new ReadGate(ch));
        ListenerSecurity security = security(listener);
        SslContext tls = tlsContexts.get(listenerName);
        if (tls != null) {
            SslHandler ssl = tls.newHandler(ch.alloc());
            ch.pipeline().addLast("tls", ssl);
        }
        if (settings.connectionsMaxIdleMs() > 0) {
            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.connectionsMaxIdleMs(), TimeUnit.MILLISECONDS));
        }
        if (tls != null) { // log segment slices cannot pass TLS as file regions: they are read in chunks (ResponseWriter)
            ch.pipeline().addLast("chunks", new ChunkedWriteHandler());
        }
        ConnectionSecurity connectionSecurity = new ConnectionSecurity(security.securityProtocol());
        SaslAuthenticator authenticator = sasl.newAuthenticator(listenerName, connectionSecurity,
                remote + " (connection " + connectionId + ")");
        ch.pipeline().addLast("frames", new FrameDecoder(settings.maxRequestBytes(), connectionId, requestMemory,
                authenticator, sasl.maxReceiveBytes()));
        ch.pipeline().addLast("requests", new ConnectionHandler(listenerName, connectionId, registry, apiVersions,
                requestPools, inFlight, requestMemory, parkedMemory, connectionSecurity, security.principalMapper(),
                authenticator, observer, channelSizes));
        connections.add(ch);
    }

    private ListenerSecurity security(EndPoint listener) {
        ListenerSecurity security = listenerSecurity.get(listener.listenerName());
        if (security != null) {
            return security;
        }
        if (listener.securityProtocol().equals("SSL") || listener.securityProtocol().equals("SASL_SSL")) {
            throw new IllegalStateException("listener " + listener.connectionString() + " uses TLS ("
                    + listener.securityProtocol() + ") but has no TLS settings");
        }
        return ListenerSecurity.plain(listener.listenerName(), listener.securityProtocol());
    }

    /**
     * The inter-broker listener took a connection beyond {@code max.connections}: closes the least
     * recently active connection of another listener, as Kafka does.
     */
    private void evictLeastRecentlyActive(String protectedListener) {
        Channel oldest = null;
        long oldestActivity = Long.MAX_VALUE;
        for (Channel ch : connections) {
            ConnectionHandler handler = ch.pipeline().get(ConnectionHandler.class);
            if (handler == null || protectedListener.equals(ch.attr(LISTENER).get())) {
                continue;
            }
            long activity = handler.lastActiveNanos();
            if (oldest == null || activity - oldestActivity < 0) {
                oldest = ch;
                oldestActivity = activity;
            }
        }
        if (oldest != null) {
            log.info("Closing connection {} on listener {}: max.connections ({}) is reached and inter-broker listener {} "
                    + "needs a connection; it is the least recently active one", oldest.remoteAddress(),
                    oldest.attr(LISTENER).get(), quotas.limits().maxConnections(), protectedListener);
            oldest.close();
        }
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

    /** Requests handed to the request handler threads that none has picked up yet (Kafka's RequestQueueSize). */
    public int requestQueueSize() {
        return channelSizes.requestQueueSize();
    }

    /** Answers ready that their network thread has not taken yet (Kafka's ResponseQueueSize). */
    public int responseQueueSize() {
        return channelSizes.responseQueueSize();
    }

    /**
     * The network threads' average idle fraction, 0..1 (Kafka's NetworkProcessorAvgIdlePercent), from
     * their CPU time (see NetworkThreadIdle); NaN before startup and until first measured.
     */
    public double networkThreadsAvgIdle() {
        NetworkThreadPool group;
        synchronized (this) {
            group = networkGroup;
        }
        return group == null ? Double.NaN : group.avgIdleFraction();
    }

    /** The bytes held now for requests being read or queued (frames and decoded requests). */
    public long requestMemoryInUse() {
        return requestMemory.reserved();
    }

    /** The most bytes ever held at once for requests being read or queued. */
    public long peakRequestMemory() {
        return requestMemory.peakReserved();
    }

    /** The bytes held now by requests their handlers have parked (answered later). */
    public long parkedRequestMemory() {
        return parkedMemory.parked();
    }

    /** Connections that wait for request memory now. */
    public int connectionsAwaitingMemory() {
        return requestMemory.waitingConnections();
    }

    /**
     * Applies dynamic broker configs the socket server owns: {@code max.connections},
     * {@code max.connections.per.ip(.overrides)} (for connections accepted from now on),
     * {@code num.io.threads} and {@code num.network.threads}. More network threads take new
     * connections at once; with fewer, the removed threads take no new connections, their
     * connections are closed (as Kafka closes those of its removed processors; clients reconnect)
     * and the threads stop.
     */
    public synchronized void reconfigure(ConnectionLimits limits, int numIoThreads, int numNetworkThreads) {
        quotas.updateLimits(limits);
        if (requestPools != null) {
            requestPools.resize(numIoThreads);
        }
        if (networkGroup != null && numNetworkThreads != networkGroup.size() && lifecycle.isStarted()) {
            int before = networkGroup.size();
            List<EventLoopGroup> removed = networkGroup.resize(numNetworkThreads);
            int closed = 0;
            for (Channel connection : connections) {
                if (NetworkThreadPool.servedBy(connection, removed)) {
                    connection.close();
                    closed++;
                }
            }
            networkGroup.retire(removed, settings.shutdownTimeoutMs());
            log.info("Socket server: num.network.threads {} -> {}{}", before, numNetworkThreads,
                    removed.isEmpty() ? "" : " (" + closed + " connections of the removed threads closed)");
        }
    }

    /** The network threads new connections go to now ({@code num.network.threads}). */
    public synchronized int numNetworkThreads() {
        return networkGroup == null ? settings.numNetworkThreads() : networkGroup.size();
    }

    /** The request handler threads now ({@code num.io.threads}). */
    public synchronized int numIoThreads() {
        return requestPools == null ? settings.numIoThreads() : requestPools.numIoThreads();
    }

    /** The open connections counted against the connection limits. */
    public int connectionCount() {
        return quotas.total();
    }

    /**
     * Stops accepting connections and reading new requests, waits up to the shutdown bound for
     * in-flight requests to be answered, then closes all connections and stops the threads.
     */
    public void shutdown() {
        synchronized (this) {
            if (lifecycle.close() != Lifecycle.State.STARTED) {
                return; // never started (nothing runs) or already shut down
            }
        }
        try {
            for (Channel channel : serverChannels) {
                channel.close().awaitUninterruptibly();
            }
            for (Channel connection : connections) {
                ReadGate gate = connection.attr(ReadGate.KEY).get();
                connection.eventLoop().execute(() -> gate.pause(ReadGate.Reason.DRAINING));
            }
            if (!inFlight.awaitNone(settings.shutdownTimeoutMs())) {
                log.warn("Socket server shutdown: {} requests still in flight after {} ms; closing their connections",
                        inFlight.count(), settings.shutdownTimeoutMs());
            }
            connections.close().awaitUninterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (requestPools != null) {
                requestPools.shutdownNow();
            }
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
