package io.gregor.coordination.zk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's {@code /log_dir_event_notification/log_dir_event_<seq>} znodes: a broker whose log
 * directory failed creates one, {@code {"version":1,"broker":<id>,"event":1}}, and the controller
 * reads and deletes them, then finds out which replicas of that broker are offline (Kafka's
 * {@code propagateLogDirEvent} and {@code LogDirEventNotificationHandler}). Stateless.
 */
public final class LogDirEventNotification {
    private static final Logger log = LoggerFactory.getLogger(LogDirEventNotification.class);

    /** Sequential child prefix, as Kafka names it. */
    public static final String PREFIX = "log_dir_event_";
    /** The only event Kafka defines: a log directory failed. */
    public static final int LOG_DIR_FAILURE = 1;

    private LogDirEventNotification() {
    }

    /** Reports a log directory failure of {@code brokerId} to the controller. */
    public static void propagate(GregorZkClient zk, int brokerId) {
        String prefix = zk.paths().logDirEventNotification() + "/" + PREFIX;
        byte[] data = ("{\"version\":1,\"broker\":" + brokerId + ",\"event\":" + LOG_DIR_FAILURE + "}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            zk.curator().create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(prefix, data);
        } catch (Exception e) {
            throw ZkOperationException.wrap("create", prefix, e);
        }
    }

    /**
     * The brokers named by the pending notifications, each notification deleted once read; an
     * unreadable one is logged and deleted.
     */
    public static Set<Integer> consume(GregorZkClient zk) {
        String parent = zk.paths().logDirEventNotification();
        List<String> children;
        try {
            children = new ArrayList<>(zk.curator().getChildren().forPath(parent));
        } catch (KeeperException.NoNodeException e) {
            return Set.of();
        } catch (Exception e) {
            throw ZkOperationException.wrap("getChildren", parent, e);
        }
        children.sort(null);
        Set<Integer> brokers = new TreeSet<>();
        for (String child : children) {
            if (!child.startsWith(PREFIX)) {
                continue;
            }
            String path = parent + "/" + child;
            try {
                byte[] data = zk.curator().getData().forPath(path);
                ZkJson json = ZkJson.parse(path, data);
                if (json.requireInt("event") == LOG_DIR_FAILURE) {
                    brokers.add(json.requireInt("broker"));
                }
            } catch (KeeperException.NoNodeException e) {
                continue;
            } catch (ZnodeParseException e) {
                log.warn("Ignoring unreadable log dir event notification {}: {}", path, e.getMessage());
            } catch (Exception e) {
                throw ZkOperationException.wrap("getData", path, e);
            }
            try {
                zk.curator().delete().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                // deleted meanwhile
            } catch (Exception e) {
                throw ZkOperationException.wrap("delete", path, e);
            }
        }
        return brokers;
    }
}
