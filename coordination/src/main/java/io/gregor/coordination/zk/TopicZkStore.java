package io.gregor.coordination.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
     * overwritten in the same multi-op. The two are kept in one request (the invariant that matters:
     * a topic never exists without its config), so they must fit one together.
     *
     * @throws TopicExistsException if {@code /brokers/topics/<topic>} already exists
     * @throws ZkWriteTooLargeException if they do not fit one ZooKeeper request; nothing was sent
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
            zk.setData(path, assignment.toJson(), expectedZkVersion);
        } catch (KeeperException.BadVersionException e) {
            throw new ZkVersionConflictException(path, expectedZkVersion, e);
        } catch (Exception e) {
            throw ZkOperationException.wrap("setData", path, e);
        }
    }

    /** The op of a conditional assignment write: applies only if the topic znode is at {@code expectedZkVersion}. */
    public CuratorOp updateTopicAssignmentOp(TopicAssignment assignment, int expectedZkVersion) {
        String path = paths.topic(assignment.topic());
        try {
            return curator.transactionOp().setData().withVersion(expectedZkVersion).forPath(path, assignment.toJson());
        } catch (Exception e) {
            throw ZkOperationException.wrap("updateTopicAssignmentOp", path, e);
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
     * Those of {@code partitions} whose {@code partitions/<p>} znode exists, so the only ones that may
     * have a state znode: one getChildren per topic instead of a read per partition.
     */
    public Set<TopicPartition> withPartitionZnode(Collection<TopicPartition> partitions) {
        Map<String, List<TopicPartition>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp));
        Set<TopicPartition> result = new HashSet<>();
        try {
            for (Map.Entry<String, List<TopicPartition>> topic : byTopic.entrySet()) {
                Set<String> existing = new HashSet<>(
                        childrenIfExists(paths.topicPartitions(topic.getKey())).orElse(List.of()));
                topic.getValue().stream().filter(tp -> existing.contains(Integer.toString(tp.partition()))).forEach(result::add);
            }
            return result;
        } catch (Exception e) {
            throw ZkOperationException.wrap("withPartitionZnode", partitions.size() + " partitions", e);
        }
    }

    /**
     * Writes creating the state znodes of new partitions, one per partition (keyed by it, scoped by
     * its topic), with the missing {@code partitions} and {@code partitions/<p>} parents: the first
     * write of a topic carries its {@code partitions} znode, so a chunk never holds a partition whose
     * parent is neither there nor in an earlier write. A state znode created this way has
     * zkVersion 0. Costs one getChildren per topic.
     */
    public List<ZkWrite<TopicPartition>> createPartitionStateWrites(Map<TopicPartition, PartitionState> states) {
        Map<String, List<Map.Entry<TopicPartition, PartitionState>>> byTopic = new TreeMap<>();
        new TreeMap<>(states).entrySet().forEach(e -> byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>()).add(e));
        List<ZkWrite<TopicPartition>> writes = new ArrayList<>();
        try {
            for (Map.Entry<String, List<Map.Entry<TopicPartition, PartitionState>>> topic : byTopic.entrySet()) {
                String partitionsPath = paths.topicPartitions(topic.getKey());
                Optional<List<String>> existing = childrenIfExists(partitionsPath);
                boolean parentPlanned = existing.isPresent();
                Set<String> existingPartitions = new HashSet<>(existing.orElse(List.of()));
                for (Map.Entry<TopicPartition, PartitionState> entry : topic.getValue()) {
                    TopicPartition tp = entry.getKey();
                    List<CuratorOp> ops = new ArrayList<>(3);
                    if (!parentPlanned) {
                        ops.add(curator.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(partitionsPath, EMPTY));
                        parentPlanned = true;
                    }
                    if (!existingPartitions.contains(Integer.toString(tp.partition()))) {
                        ops.add(curator.transactionOp().create().withMode(CreateMode.PERSISTENT)
                                .forPath(paths.topicPartition(tp), EMPTY));
                    }
                    ops.add(curator.transactionOp().create().withMode(CreateMode.PERSISTENT)
                            .forPath(paths.partitionState(tp), entry.getValue().toJson()));
                    writes.add(new ZkWrite<>(tp, tp.topic(), ops));
                }
            }
            return writes;
        } catch (Exception e) {
            throw ZkOperationException.wrap("createPartitionStateWrites", states.size() + " partitions", e);
        }
    }

    private Optional<List<String>> childrenIfExists(String path) throws Exception {
        try {
            return Optional.of(curator.getChildren().forPath(path));
        } catch (KeeperException.NoNodeException missing) {
            return Optional.empty();
        }
    }

    /** The write (keyed and scoped by its partition) of a conditional partition-state update. */
    public ZkWrite<TopicPartition> updatePartitionStateWrite(TopicPartition tp, PartitionState state, int expectedZkVersion) {
        return new ZkWrite<>(tp, tp.toString(), List.of(updatePartitionStateOp(tp, state, expectedZkVersion)));
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
            return zk.setData(path, state.toJson(), expectedZkVersion).getVersion();
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
     * Writes that finish a topic's deletion, in the order they must be committed (one scope, the
     * topic, so a failure stops the rest): each partition's children (its {@code state}; they are
     * leaves in Kafka's layout) and {@code partitions/<p>}, then {@code partitions}, and last, together, the topic
     * znode, its config and the deletion request, whichever exist. Committed in chunks this is not
     * atomic, but it is safe to resume: until the last write the topic znode and the deletion
     * request remain, so the next controller finds the topic still being deleted and finishes it
     * (it never creates states for a topic being deleted). The subtree is read with one
     * getChildren per partition, pipelined. Keys are the deleted paths.
     */
    public List<ZkWrite<String>> completeTopicDeletionWrites(String topic) {
        String scope = "delete " + topic;
        List<ZkWrite<String>> writes = new ArrayList<>();
        try {
            String partitionsPath = paths.topicPartitions(topic);
            Optional<List<String>> partitions = childrenIfExists(partitionsPath);
            if (partitions.isPresent()) {
                List<String> partitionPaths = partitions.get().stream().sorted().map(p -> partitionsPath + "/" + p).toList();
                Map<String, List<String>> children = zk.childrenOfAll(partitionPaths);
                for (String partitionPath : partitionPaths) {
                    List<String> deepestFirst = new ArrayList<>();
                    List<String> below = children.get(partitionPath);
                    if (below == null) {
                        continue; // gone meanwhile
                    }
                    below.forEach(child -> deepestFirst.add(partitionPath + "/" + child)); // leaves in Kafka's layout
                    deepestFirst.add(partitionPath);
                    writes.add(deletes(partitionPath, scope, deepestFirst));
                }
                writes.add(deletes(partitionsPath, scope, List.of(partitionsPath)));
            }
            List<String> last = new ArrayList<>();
            for (String child : zk.children(paths.topic(topic))) {
                if (!child.equals("partitions")) {
                    collectSubtree(paths.topic(topic) + "/" + child, last);
                }
            }
            for (String path : List.of(paths.topic(topic), paths.topicConfig(topic), paths.deleteTopic(topic))) {
                if (zk.exists(path)) {
                    last.add(path);
                }
            }
            if (!last.isEmpty()) {
                writes.add(deletes(paths.topic(topic), scope, last));
            }
            return writes;
        } catch (Exception e) {
            throw ZkOperationException.wrap("completeTopicDeletionWrites", paths.topic(topic), e);
        }
    }

    private ZkWrite<String> deletes(String key, String scope, List<String> paths) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        for (String path : paths) {
            ops.add(curator.transactionOp().delete().forPath(path));
        }
        return new ZkWrite<>(key, scope, ops);
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
