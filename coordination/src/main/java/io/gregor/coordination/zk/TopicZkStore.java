package io.gregor.coordination.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Topic metadata in ZooKeeper: replica assignments ({@code /brokers/topics/<t>}), topic configs
 * ({@code /config/topics/<t>} with change notifications), partition states
 * ({@code .../partitions/<p>/state}, updated conditionally on their zkVersion) and topic deletion
 * ({@code /admin/delete_topics/<t>}).
 *
 * <p>Methods that build {@link CuratorOp}s do not write; the controller runs them through its
 * epoch fence. The other methods block like {@link GregorZkClient}; thread-safe.
 */
public final class TopicZkStore {

    private static final byte[] EMPTY = new byte[0];

    private final GregorZkClient zk;
    private final CuratorFramework curator;
    private final ZkPaths paths;

    TopicZkStore(GregorZkClient zk) {
        this.zk = zk;
        this.curator = zk.curator();
        this.paths = zk.paths();
    }

    // ---- assignments and configs -------------------------------------------------------------

    /**
     * Creates a topic: its assignment znode and its config znode in one multi-op, so either both
     * exist afterwards or neither. A leftover config znode (from an earlier, interrupted deletion) is
     * overwritten in the same multi-op.
     *
     * @throws TopicExistsException if {@code /brokers/topics/<topic>} already exists
     */
    public void createTopic(TopicAssignment assignment, EntityConfig config) {
        String topicPath = paths.topic(assignment.topic());
        zk.ensurePath(paths.topics());
        zk.ensurePath(paths.configEntityType("topics"));
        List<CuratorOp> ops = new ArrayList<>();
        try {
            ops.add(curator.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(topicPath, assignment.toJson()));
            ops.add(setOrCreateConfigOp(paths.topicConfig(assignment.topic()), config));
            zk.multi(ops);
        } catch (KeeperException e) {
            if (GregorZkClient.failedOpIndex(e) == 0 && e.code() == KeeperException.Code.NODEEXISTS
                    || e.code() == KeeperException.Code.NODEEXISTS && zk.exists(topicPath)) {
                throw new TopicExistsException(assignment.topic(), e);
            }
            throw ZkOperationException.wrap("createTopic", GregorZkClient.describe(ops), e);
        } catch (Exception e) {
            throw ZkOperationException.wrap("createTopic", topicPath, e);
        }
    }

    private CuratorOp setOrCreateConfigOp(String path, EntityConfig config) throws Exception {
        Stat stat = curator.checkExists().forPath(path);
        return stat == null
                ? curator.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(path, config.toJson())
                : curator.transactionOp().setData().withVersion(stat.getVersion()).forPath(path, config.toJson());
    }

    public boolean topicExists(String topic) {
        return zk.exists(paths.topic(topic));
    }

    /** All topic names (children of {@code /brokers/topics}), sorted. */
    public List<String> getAllTopics() {
        return zk.children(paths.topics());
    }

    public Optional<TopicAssignment> getTopicAssignment(String topic) {
        String path = paths.topic(topic);
        return zk.read(path).map(r -> TopicAssignment.fromJson(path, topic, r.data()));
    }

    /** A topic's assignment with its znode's zkVersion. */
    public Optional<VersionedTopicAssignment> getVersionedTopicAssignment(String topic) {
        String path = paths.topic(topic);
        return zk.read(path).map(r -> new VersionedTopicAssignment(TopicAssignment.fromJson(path, topic, r.data()),
                r.stat().getVersion()));
    }

    /**
     * Replaces a topic's assignment (e.g. with added partitions) if its znode is still at
     * {@code expectedZkVersion}; the controller sees the change through its watch.
     *
     * @throws ZkVersionConflictException if the topic znode changed meanwhile
     */
    public void updateTopicAssignment(TopicAssignment assignment, int expectedZkVersion) {
        String path = paths.topic(assignment.topic());
        try {
            curator.setData().withVersion(expectedZkVersion).forPath(path, assignment.toJson());
        } catch (KeeperException.BadVersionException e) {
            throw new ZkVersionConflictException(path, expectedZkVersion, e);
        } catch (Exception e) {
            throw ZkOperationException.wrap("setData", path, e);
        }
    }

    /** True if {@code /admin/delete_topics/<topic>} exists. */
    public boolean isMarkedForDeletion(String topic) {
        return zk.exists(paths.deleteTopic(topic));
    }

    /** Assignments of several topics with pipelined reads; topics that do not exist are left out. */
    public Map<String, TopicAssignment> getTopicAssignments(Collection<String> topics) {
        List<String> topicList = List.copyOf(topics);
        Map<String, ZkBatch.Read> reads = zk.readAll(topicList.stream().map(paths::topic).toList());
        Map<String, TopicAssignment> result = new TreeMap<>();
        for (String topic : topicList) {
            ZkBatch.Read read = reads.get(paths.topic(topic));
            if (read.exists()) {
                result.put(topic, TopicAssignment.fromJson(read.path(), topic, read.data()));
            }
        }
        return result;
    }

    /** Topic ids of the given topics that exist and have one. */
    public Map<String, KafkaUuid> getTopicIds(Collection<String> topics) {
        Map<String, KafkaUuid> ids = new TreeMap<>();
        getTopicAssignments(topics).forEach((topic, assignment) -> {
            if (assignment.topicId() != null) {
                ids.put(topic, assignment.topicId());
            }
        });
        return ids;
    }

    public Optional<EntityConfig> getTopicConfig(String topic) {
        String path = paths.topicConfig(topic);
        return zk.read(path).map(r -> EntityConfig.fromJson(path, r.data()));
    }

    public Optional<EntityConfig> getBrokerConfig(String brokerIdOrDefault) {
        String path = paths.brokerConfig(brokerIdOrDefault);
        return zk.read(path).map(r -> EntityConfig.fromJson(path, r.data()));
    }

    /** Replaces a topic's config and posts a config change notification, in one multi-op. */
    public void changeTopicConfig(String topic, EntityConfig config) {
        changeConfig(paths.topicConfig(topic), config, ConfigChangeNotification.forTopic(topic));
    }

    /** Replaces a broker's (or {@code <default>}) config and posts a change notification, in one multi-op. */
    public void changeBrokerConfig(String brokerIdOrDefault, EntityConfig config) {
        changeConfig(paths.brokerConfig(brokerIdOrDefault), config, ConfigChangeNotification.forBroker(brokerIdOrDefault));
    }

    private void changeConfig(String path, EntityConfig config, ConfigChangeNotification notification) {
        zk.ensurePath(paths.configChanges());
        zk.ensurePath(path.substring(0, path.lastIndexOf('/')));
        try {
            zk.multi(List.of(setOrCreateConfigOp(path, config),
                    curator.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                            .forPath(paths.configChangeSequencePrefix(), notification.toJson())));
        } catch (Exception e) {
            throw ZkOperationException.wrap("changeConfig", path, e);
        }
    }

    // ---- partition states --------------------------------------------------------------------

    public Optional<VersionedPartitionState> getPartitionState(TopicPartition tp) {
        String path = paths.partitionState(tp);
        return zk.read(path).map(r -> new VersionedPartitionState(tp, PartitionState.fromJson(path, r.data()),
                r.stat().getVersion()));
    }

    /** States of many partitions with pipelined reads; partitions without a state znode are left out. */
    public Map<TopicPartition, VersionedPartitionState> getPartitionStates(Collection<TopicPartition> partitions) {
        List<TopicPartition> list = List.copyOf(partitions);
        Map<String, ZkBatch.Read> reads = zk.readAll(list.stream().map(paths::partitionState).toList());
        Map<TopicPartition, VersionedPartitionState> result = new LinkedHashMap<>();
        for (TopicPartition tp : list) {
            ZkBatch.Read read = reads.get(paths.partitionState(tp));
            if (read.exists()) {
                result.put(tp, new VersionedPartitionState(tp, PartitionState.fromJson(read.path(), read.data()),
                        read.stat().getVersion()));
            }
        }
        return result;
    }

    /**
     * Ops creating the state znodes of new partitions (with their missing {@code partitions} and
     * {@code partitions/<p>} parents); a state znode created this way has zkVersion 0.
     */
    public List<CuratorOp> createPartitionStateOps(Map<TopicPartition, PartitionState> states) {
        List<CuratorOp> ops = new ArrayList<>();
        try {
            List<String> parentsPlanned = new ArrayList<>();
            for (Map.Entry<TopicPartition, PartitionState> entry : new TreeMap<>(states).entrySet()) {
                TopicPartition tp = entry.getKey();
                for (String parent : List.of(paths.topicPartitions(tp.topic()), paths.topicPartition(tp))) {
                    if (!parentsPlanned.contains(parent) && !zk.exists(parent)) {
                        ops.add(curator.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(parent, EMPTY));
                        parentsPlanned.add(parent);
                    }
                }
                ops.add(curator.transactionOp().create().withMode(CreateMode.PERSISTENT)
                        .forPath(paths.partitionState(tp), entry.getValue().toJson()));
            }
            return ops;
        } catch (Exception e) {
            throw ZkOperationException.wrap("createPartitionStateOps", states.keySet().toString(), e);
        }
    }

    /** The op of a conditional partition-state write: applies only if the znode is at {@code expectedZkVersion}. */
    public CuratorOp updatePartitionStateOp(TopicPartition tp, PartitionState state, int expectedZkVersion) {
        try {
            return curator.transactionOp().setData().withVersion(expectedZkVersion)
                    .forPath(paths.partitionState(tp), state.toJson());
        } catch (Exception e) {
            throw ZkOperationException.wrap("updatePartitionStateOp", paths.partitionState(tp), e);
        }
    }

    /**
     * Writes a partition state if its znode is still at {@code expectedZkVersion} (unfenced; the
     * controller uses its fence instead). Returns the new zkVersion, i.e. the new partition epoch.
     *
     * @throws ZkVersionConflictException if the znode changed since {@code expectedZkVersion}
     */
    public int updatePartitionState(TopicPartition tp, PartitionState state, int expectedZkVersion) {
        String path = paths.partitionState(tp);
        try {
            return curator.setData().withVersion(expectedZkVersion).forPath(path, state.toJson()).getVersion();
        } catch (KeeperException.BadVersionException e) {
            throw new ZkVersionConflictException(path, expectedZkVersion, e);
        } catch (Exception e) {
            throw ZkOperationException.wrap("setData", path, e);
        }
    }

    /** The new zkVersion of the state znode written by a committed multi-op, if it wrote it. */
    public Optional<Integer> newZkVersion(List<CuratorTransactionResult> results, TopicPartition tp) {
        String path = paths.partitionState(tp);
        return results.stream()
                .filter(r -> path.equals(r.getForPath()) && r.getResultStat() != null)
                .map(r -> r.getResultStat().getVersion())
                .findFirst();
    }

    // ---- deletion ----------------------------------------------------------------------------

    /**
     * Requests deletion of a topic by creating the empty {@code /admin/delete_topics/<topic>}.
     * Returns false if the topic was already marked.
     *
     * @throws UnknownTopicException if the topic does not exist
     */
    public boolean markTopicForDeletion(String topic) {
        if (!topicExists(topic)) {
            throw new UnknownTopicException(topic);
        }
        String path = paths.deleteTopic(topic);
        zk.ensurePath(paths.deleteTopics());
        try {
            curator.create().forPath(path, EMPTY);
            return true;
        } catch (KeeperException.NodeExistsException already) {
            return false;
        } catch (Exception e) {
            throw ZkOperationException.wrap("create", path, e);
        }
    }

    /** Topics with a pending deletion request, sorted. */
    public List<String> getTopicsMarkedForDeletion() {
        return zk.children(paths.deleteTopics());
    }

    /**
     * Ops that finish a topic's deletion: remove its whole {@code /brokers/topics/<topic>} subtree
     * (children first), its config znode and its deletion request, whichever exist.
     */
    public List<CuratorOp> completeTopicDeletionOps(String topic) {
        List<String> toDelete = new ArrayList<>();
        collectSubtree(paths.topic(topic), toDelete);
        for (String path : List.of(paths.topicConfig(topic), paths.deleteTopic(topic))) {
            if (zk.exists(path)) {
                toDelete.add(path);
            }
        }
        List<CuratorOp> ops = new ArrayList<>();
        try {
            for (String path : toDelete) {
                ops.add(curator.transactionOp().delete().forPath(path));
            }
        } catch (Exception e) {
            throw ZkOperationException.wrap("completeTopicDeletionOps", paths.topic(topic), e);
        }
        return ops;
    }

    /** Adds {@code path}'s descendants, deepest first, then {@code path} itself, if it exists. */
    private void collectSubtree(String path, List<String> out) {
        if (!zk.exists(path)) {
            return;
        }
        for (String child : zk.children(path)) {
            collectSubtree(path + "/" + child, out);
        }
        out.add(path);
    }
}
