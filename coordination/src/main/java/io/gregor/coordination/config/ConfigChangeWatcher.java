package io.gregor.coordination.config;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.ConfigChangeNotification;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZnodeParseException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code /config/changes} (as a Kafka broker in ZooKeeper mode does) and reports, for each
 * {@code config_change_<seq>} notification created after {@link #start()} that names a topic
 * ({@code topics/<topic>}), the topic whose {@code /config/topics/<topic>} changed, and to a second
 * callback the entity path of any other entity ({@code brokers/<id>}, {@code brokers/<default>},
 * {@code users/...}, {@code clients/...}). Notifications present at start are skipped: a starting
 * broker reads every config anyway. The callbacks run on Curator's event thread: they must
 * only hand the work to another thread, never call ZooKeeper itself. Re-arms its watch across
 * reconnects (Curator cache). Lifecycle ({@link Lifecycle}): {@link #start()} once; a second start
 * or a start after {@link #close()} is refused with {@link IllegalStateException}; a second close
 * does nothing.
 */
public final class ConfigChangeWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigChangeWatcher.class);
    private static final String TOPIC_PREFIX = "topics/";
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);

    private final CuratorCache cache;
    private final String changesPath;
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final Lifecycle lifecycle = new Lifecycle("Config change watcher");

    public ConfigChangeWatcher(GregorZkClient zk, Consumer<String> onTopicConfigChange) {
        this(zk, onTopicConfigChange, entityPath -> log.info("Config change of {} is not applied while running", entityPath));
    }

    /** As above; {@code onOtherConfigChange} gets the entity path of every change that is not a topic's. */
    public ConfigChangeWatcher(GregorZkClient zk, Consumer<String> onTopicConfigChange, Consumer<String> onOtherConfigChange) {
        this.changesPath = zk.paths().configChanges();
        zk.ensurePath(changesPath);
        this.cache = CuratorCache.build(zk.curator(), changesPath);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(node -> notified(node, onTopicConfigChange, onOtherConfigChange))
                .afterInitialized()
                .forInitialized(initialized::countDown)
                .build());
    }

    private void notified(ChildData node, Consumer<String> onTopicConfigChange, Consumer<String> onOtherConfigChange) {
        if (node.getPath().equals(changesPath) || node.getData() == null) {
            return;
        }
        ConfigChangeNotification change;
        try {
            change = ConfigChangeNotification.fromJson(node.getPath(), node.getData());
        } catch (ZnodeParseException e) {
            log.warn("Ignoring an unreadable config change notification {}: {}", node.getPath(), e.getMessage());
            return;
        }
        if (change.entityPath().startsWith(TOPIC_PREFIX)) {
            onTopicConfigChange.accept(change.entityPath().substring(TOPIC_PREFIX.length()));
        } else {
            onOtherConfigChange.accept(change.entityPath());
        }
    }

    /**
     * Starts watching and waits (up to {@code INIT_TIMEOUT}) until the notifications present now
     * are loaded, so that every change made after this returns is reported.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        lifecycle.start();
        cache.start();
        try {
            if (!initialized.await(INIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} not loaded within {}; config changes made meanwhile may be missed", changesPath, INIT_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (lifecycle.close() == Lifecycle.State.CLOSED) {
            return;
        }
        cache.close();
    }
}
