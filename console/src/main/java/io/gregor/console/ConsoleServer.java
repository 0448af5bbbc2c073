package io.gregor.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gregor.console.actions.Action;
import io.gregor.console.actions.AddPartitionsAction;
import io.gregor.console.actions.CreateTopicAction;
import io.gregor.console.actions.ResetOffsetsAction;
import io.gregor.console.pages.ClusterPage;
import io.gregor.console.pages.FrontPage;
import io.gregor.console.pages.GroupPage;
import io.gregor.console.pages.GroupsPage;
import io.gregor.console.pages.TopicPage;
import io.gregor.console.pages.TopicsPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's web server (the JDK's {@code com.sun.net.httpserver}, a few worker threads): routes each
 * request to a page or an action, answers a {@link ConsoleError} with a page that says what is wrong and
 * the fitting status, logs anything unexpected (the page shows its message, never its stack), refuses
 * foreign host names on loopback ({@link HostGuard}) and guards every POST with the {@link FormToken}. Routes are registered once in {@link #register}; a path with
 * a route appears in the nav bar. Started by {@link #start}, stopped by {@link #close} (a second close does nothing).
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final HttpServer http;
    private final ExecutorService workers;
    private final ClusterAccess cluster;
    private final Routes routes = new Routes();
    private final boolean readOnly;
    private final Layout layout;
    private final FormToken formToken = new FormToken();
    private final HostGuard hostGuard;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ConsoleServer(ConsoleOptions options, ClusterAccess cluster) throws IOException {
        this.cluster = cluster;
        this.readOnly = options.readOnly();
        this.hostGuard = new HostGuard(options.listenHost());
        this.layout = new Layout(new Navigation(routes::hasPage), options.readOnly());
        register(routes, new ConsoleContext(cluster, layout, formToken, options));
        this.http = HttpServer.create(new InetSocketAddress(options.listenHost(), options.listenPort()), 50);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "gregor-console-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.createContext("/", this::serve);
    }

    /**
     * Every page and action of the console. A page registered here at a {@link Navigation} path shows up in
     * the nav bar and on the front page; actions are registered only when the console may change things.
     */
    static void register(Routes routes, ConsoleContext context) {
        routes.getUnder("/static/", new StaticAssets());
        routes.get("/", new FrontPage(context));
        routes.get("/cluster", new ClusterPage(context));
        routes.get("/topics", new TopicsPage(context));
        routes.getUnder("/topics/", new TopicPage(context));
        routes.get("/groups", new GroupsPage(context));
        routes.getUnder("/groups/", new GroupPage(context));
        routes.get(io.gregor.console.browse.MessagesPage.PATH, new io.gregor.console.browse.MessagesPage(context));
        routes.get(io.gregor.console.zookeeper.ZooKeeperPage.PATH, new io.gregor.console.zookeeper.ZooKeeperPage(context));
        var charts = new io.gregor.console.charts.ChartsPage(context);
        routes.get(io.gregor.console.charts.ChartsPage.PATH, charts.page());
        routes.get(io.gregor.console.charts.ChartsPage.API, charts.api());
        if (context.readOnly()) {
            routes.getUnder("/actions/", ConsoleServer::refuseReadOnly);
        } else {
            action(routes, CreateTopicAction.PATH, new CreateTopicAction(context));
            action(routes, AddPartitionsAction.PATH, new AddPartitionsAction(context));
            action(routes, ResetOffsetsAction.PATH, new ResetOffsetsAction(context));
        }
    }

    private static void action(Routes routes, String path, Action action) {
        routes.get(path, action::form);
        routes.post(path, action::submit);
    }

    private static PageResponse refuseReadOnly(ConsoleRequest request) {
        throw new ConsoleError(403, "Read-only", "This console is read-only (--read-only): it shows the cluster "
                + "and changes nothing.");
    }

    /** Connects to the cluster and starts serving. */
    public static ConsoleServer start(ConsoleOptions options) throws IOException {
        ClusterAccess cluster = ClusterAccess.open(options);
        try {
            ConsoleServer server = new ConsoleServer(options, cluster);
            server.http.start();
            log.info("Gregor console listening on {}:{} for {} (ZooKeeper {}){}", options.listenHost(), server.port(),
                    options.bootstrapServer(), options.zookeeper(), options.readOnly() ? ", read-only" : "");
            return server;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The port the console listens on (the bound one when started on port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        PageResponse response;
        try {
            response = dispatch(exchange);
        } catch (ConsoleError e) {
            if (e.getCause() != null) {
                log.debug("{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e.getCause());
            }
            response = PageResponse.html(e.status(), layout.errorPage(e));
        } catch (Exception e) {
            log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = PageResponse.html(500, layout.errorPage(new ConsoleError(500, "Console error",
                    "The console could not answer this request: " + e + ". The console's log has the details.")));
        }
        send(exchange, response);
    }

    private PageResponse dispatch(HttpExchange exchange) throws Exception {
        String method = exchange.getRequestMethod();
        hostGuard.check(exchange.getRequestHeaders().getFirst("Host"));
        // in a path '+' is itself, not a space as in a query: keep it so
        String path = ConsoleRequest.decode(exchange.getRequestURI().getRawPath().replace("+", "%2B"));
        Map<String, String> query = ConsoleRequest.parseParams(exchange.getRequestURI().getRawQuery());
        if (method.equals("GET") || method.equals("HEAD")) {
            ConsoleRequest request = new ConsoleRequest(method, path, "", query, Map.of());
            var route = routes.forGet(request).orElseThrow(() ->
                    ConsoleError.notFound("There is no page at " + path + "."));
            return route.getKey().handle(route.getValue());
        }
        if (method.equals("POST")) {
            if (readOnly) {
                refuseReadOnly(null);
            }
            Route action = routes.forPost(path).orElseThrow(() -> new ConsoleError(405, "Not allowed",
                    "Nothing can be sent to " + path + "."));
            Map<String, String> form = ConsoleRequest.parseParams(readForm(exchange));
            formToken.check(form.get(FormToken.FIELD), exchange.getRequestHeaders().getFirst("Origin"),
                    exchange.getRequestHeaders().getFirst("Host"));
            return action.handle(new ConsoleRequest(method, path, "", query, form));
        }
        throw new ConsoleError(405, "Not allowed", "The console answers GET and POST only, not " + method + ".");
    }

    private static String readForm(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw ConsoleError.badRequest("The form is larger than " + MAX_FORM_BYTES + " bytes.");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, PageResponse response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'");
        if (response.location() != null) {
            headers.set("Location", response.location());
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cluster.close();
        log.info("Gregor console stopped");
    }
}
