package io.gregor.coordination.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.zk.EntityConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The broker's view of {@code /config/changes} against a real ZooKeeper. */
class ConfigChangeWatcherTest extends ZooKeeperTestBase {

    @Test
    void reportsTopicsWhoseConfigChangesAfterStartAndSkipsEarlierAndBrokerNotifications() {
        zk.topics().changeTopicConfig("before-start", new EntityConfig(Map.of("retention.ms", "1")));
        List<String> changed = new CopyOnWriteArrayList<>();
        try (ConfigChangeWatcher watcher = new ConfigChangeWatcher(zk, changed::add)) {
            watcher.start();
            zk.topics().changeBrokerConfig("<default>", new EntityConfig(Map.of("log.retention.ms", "1")));
            zk.topics().changeTopicConfig("orders", new EntityConfig(Map.of("cleanup.policy", "compact")));
            zk.topics().changeTopicConfig("payments", new EntityConfig(Map.of("segment.bytes", "1024")));
            Awaitility.await("two topic notifications").atMost(Duration.ofSeconds(20))
                    .until(() -> changed.size() >= 2);
            assertEquals(List.of("orders", "payments"), changed);
        }
    }

    @Test
    void aSecondStartIsRefusedAndEachChangeIsStillReportedOnce() {
        List<String> changed = new CopyOnWriteArrayList<>();
        try (ConfigChangeWatcher watcher = new ConfigChangeWatcher(zk, changed::add)) {
            watcher.start();
            assertEquals("Config change watcher cannot be started more than once",
                    assertThrows(IllegalStateException.class, watcher::start).getMessage());
            zk.topics().changeTopicConfig("orders", new EntityConfig(Map.of("cleanup.policy", "compact")));
            zk.topics().changeTopicConfig("payments", new EntityConfig(Map.of("segment.bytes", "1024")));
            Awaitility.await("two topic notifications").atMost(Duration.ofSeconds(20))
                    .until(() -> changed.size() >= 2);
            assertEquals(List.of("orders", "payments"), changed);
        }
    }

    @Test
    void startAfterCloseIsRefused() {
        List<String> changed = new CopyOnWriteArrayList<>();
        ConfigChangeWatcher watcher = new ConfigChangeWatcher(zk, changed::add);
        watcher.start();
        watcher.close();
        watcher.close(); // a second close does nothing
        assertEquals("Config change watcher cannot be started after it was closed",
                assertThrows(IllegalStateException.class, watcher::start).getMessage());
        zk.topics().changeTopicConfig("orders", new EntityConfig(Map.of("cleanup.policy", "compact")));
        ConfigChangeWatcher neverStarted = new ConfigChangeWatcher(zk, changed::add);
        neverStarted.close();
        assertThrows(IllegalStateException.class, neverStarted::start);
        assertEquals(List.of(), changed);
    }
}
