package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicExistsException;
import io.gregor.coordination.zk.UnknownTopicException;
import io.gregor.coordination.zk.VersionedTopicAssignment;
import io.gregor.coordination.zk.ZkVersionConflictException;
import io.gregor.coordination.zk.ZkWriteTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Topic administration in ZooKeeper, usable from any broker (the controller picks the changes up
 * through its watches): creation with validation of names, assignments and configs, deletion
 * requests, partition addition, config overrides, and auto-creation with the broker defaults
 * {@code num.partitions} and {@code default.replication.factor}. Refusals are
 * {@link AdminException}s with Kafka's error codes. Blocking (ZooKeeper round trips); thread-safe.
 *
 * <p>Automatic replica assignment uses the live brokers of a {@code liveBrokers} source that are
 * still registered: on a broker, its metadata cache (the brokers the controller last named live in
 * UpdateMetadata), as Kafka's ZkAdminManager does for new topics (for added partitions too, where
 * Kafka uses the registrations), so a broker the controller has found dead gets no replica of a new
 * topic or partition while its registration still lasts; and a dead controller, whose registration
 * is gone but which caches name live until the next controller's UpdateMetadata, gets none either.
 * Without a broker the source is the registrations in {@code /brokers/ids}. Replica lists given by
 * the requester are checked against the registrations.
 */
public final class TopicAdmin {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private final GregorZkClient zk;
    private final int defaultNumPartitions;
    private final short defaultReplicationFactor;
    private final Supplier<List<BrokerRack>> liveBrokers; // null: the registrations alone
    private final PartitionLimits partitionLimits;

    /** Assigns replicas over the brokers registered in ZooKeeper (for callers that run without a broker). */
    public TopicAdmin(GregorZkClient zk, int defaultNumPartitions, short defaultReplicationFactor) {
        this(zk, defaultNumPartitions, defaultReplicationFactor, null);
    }

    /**
     * Assigns replicas over {@code liveBrokers} (a broker passes its metadata cache's live brokers);
     * null means the brokers registered in ZooKeeper.
     */
    public TopicAdmin(GregorZkClient zk, int defaultNumPartitions, short defaultReplicationFactor,
                      Supplier<List<BrokerRack>> liveBrokers) {
        this(zk, defaultNumPartitions, defaultReplicationFactor, liveBrokers, PartitionLimits.DEFAULTS);
    }

    private TopicAdmin(GregorZkClient zk, int defaultNumPartitions, short defaultReplicationFactor,
                       Supplier<List<BrokerRack>> liveBrokers, PartitionLimits partitionLimits) {
        if (defaultNumPartitions <= 0 || defaultReplicationFactor <= 0) {
            throw new IllegalArgumentException("num.partitions and default.replication.factor must be positive, got "
                    + defaultNumPartitions + " and " + defaultReplicationFactor);
        }
        this.zk = zk;
        this.defaultNumPartitions = defaultNumPartitions;
        this.defaultReplicationFactor = defaultReplicationFactor;
        this.liveBrokers = liveBrokers;
        this.partitionLimits = partitionLimits;
    }

    /** This administration with other partition bounds ({@code max.partitions.per.request/topic}). */
    public TopicAdmin withPartitionLimits(PartitionLimits limits) {
        return new TopicAdmin(zk, defaultNumPartitions, defaultReplicationFactor, liveBrokers, limits);
    }

    public PartitionLimits partitionLimits() {
        return partitionLimits;
    }

    /**
     * The partitions {@code request} asks for: its manual assignment's, else its count (-1: the
     * broker default); 0 for a count that creation will refuse anyway. No ZooKeeper access.
     */
    public int requestedPartitions(NewTopic request) {
        if (!request.assignments().isEmpty()) {
            return request.assignments().size();
        }
        int partitions = request.numPartitions() == -1 ? defaultNumPartitions : request.numPartitions();
        return Math.max(partitions, 0);
    }

    /** The partition count of an existing topic, 0 if there is no such topic. */
    public int partitionCount(String topic) {
        return zk.topics().getTopicAssignment(topic).map(a -> a.partitions().size()).orElse(0);
    }

    public int defaultNumPartitions() {
        return defaultNumPartitions;
    }

    public short defaultReplicationFactor() {
        return defaultReplicationFactor;
    }

    /**
     * The brokers new replicas may be assigned to, with their racks: those of the live-broker source
     * that are also still registered. Each view lags behind one kind of failure: a metadata cache
     * names a dead controller live until the next controller's UpdateMetadata arrives (its
     * registration is gone by then: its session expired, or a broker's failure detector deleted
     * it), and a registration outlives a broker the controller found dead (the cache has dropped it).
     */
    public List<BrokerRack> liveBrokers() {
        List<BrokerRack> registered = registeredBrokers();
        if (liveBrokers == null) {
            return registered;
        }
        Set<Integer> registeredIds = new HashSet<>();
        registered.forEach(b -> registeredIds.add(b.id()));
        return liveBrokers.get().stream().filter(b -> registeredIds.contains(b.id())).toList();
    }

    /** The brokers registered in ZooKeeper ({@code /brokers/ids}), with their racks. */
    public List<BrokerRack> registeredBrokers() {
        return zk.getAllBrokers().stream().map(b -> new BrokerRack(b.brokerId(), b.rack())).toList();
    }

    /**
     * Validates and (unless {@code validateOnly}) creates a topic: {@code /brokers/topics/<t>} with a
     * new topic id and {@code /config/topics/<t>}, in one multi-op.
     *
     * @throws AdminException INVALID_TOPIC_EXCEPTION, TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS,
     *         INVALID_REPLICATION_FACTOR (more replicas than live brokers), INVALID_REPLICA_ASSIGNMENT,
     *         INVALID_CONFIG, INVALID_REQUEST, POLICY_VIOLATION (over a {@link PartitionLimits} bound, or
     *         too large for ZooKeeper); all but the last before anything is written
     */
    public CreatedTopic createTopic(NewTopic request, boolean validateOnly) {
        String name = request.name();
        TopicNames.validate(name);
        List<String> existing = zk.topics().getAllTopics();
        if (existing.contains(name)) {
            throw new AdminException(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        String collision = TopicNames.collision(name, existing);
        if (collision != null) {
            throw new AdminException(Errors.INVALID_TOPIC_EXCEPTION, "Topic '" + name + "' collides with existing topic: "
                    + collision + " (topics that differ only in '.' and '_' would share metric names)");
        }
        // bounds first: nothing below may allocate per partition before they hold
        int requested = requestedPartitions(request);
        partitionLimits.checkTopic(name, requested);
        partitionLimits.checkRequest(requested);
        Map<Integer, List<Integer>> assignment;
        if (!request.assignments().isEmpty()) {
            if (request.numPartitions() != -1 || request.replicationFactor() != -1) {
                throw new AdminException(Errors.INVALID_REQUEST,
                        "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.");
            }
            assignment = validateManualAssignment(request.assignments(), registeredBrokers(), 0, -1);
        } else {
            int partitions = request.numPartitions() == -1 ? defaultNumPartitions : request.numPartitions();
            int rf = request.replicationFactor() == -1 ? defaultReplicationFactor : request.replicationFactor();
            assignment = ReplicaAssignor.assign(liveBrokers(), partitions, rf);
        }
        TopicConfigs.validate(request.configs());
        if (validateOnly) {
            return new CreatedTopic(name, null, assignment, request.configs());
        }
        KafkaUuid topicId = KafkaUuid.random();
        try {
            zk.topics().createTopic(TopicAssignment.of(name, topicId, assignment), new EntityConfig(request.configs()));
        } catch (TopicExistsException raced) {
            throw new AdminException(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        } catch (ZkWriteTooLargeException tooLarge) {
            throw tooLargeForZooKeeper("Topic '" + name + "'", tooLarge);
        }
        log.info("Created topic {} (id {}) with assignment {} and configs {}", name, topicId, assignment, request.configs());
        return new CreatedTopic(name, topicId, assignment, request.configs());
    }

    /** Creates {@code topic} with the broker defaults, as Metadata does for {@code auto.create.topics.enable}. */
    public CreatedTopic autoCreateTopic(String topic) {
        return createTopic(NewTopic.of(topic, -1, -1), false);
    }

    /**
     * Checks replica lists: partitions numbered {@code firstPartition..}, consecutively; each list
     * non-empty, without duplicates, of one size ({@code expectedRf} if not -1), on {@code brokers}.
     */
    private static Map<Integer, List<Integer>> validateManualAssignment(Map<Integer, List<Integer>> assignments,
                                                                        List<BrokerRack> brokers, int firstPartition,
                                                                        int expectedRf) {
        Set<Integer> live = new HashSet<>();
        brokers.forEach(b -> live.add(b.id()));
        Map<Integer, List<Integer>> result = new TreeMap<>(assignments);
        int expectedPartition = firstPartition;
        int rf = expectedRf;
        for (Map.Entry<Integer, List<Integer>> entry : result.entrySet()) {
            int partition = entry.getKey();
            List<Integer> replicas = entry.getValue();
            if (partition != expectedPartition++) {
                throw new AdminException(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "Partitions should be a consecutive 0-based integer sequence, got " + result.keySet());
            }
            if (replicas.isEmpty()) {
                throw new AdminException(Errors.INVALID_REPLICA_ASSIGNMENT, "Partition " + partition + " has no replicas");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw new AdminException(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "Duplicate brokers not allowed in replica assignment: " + replicas + " for partition " + partition);
            }
            if (rf == -1) {
                rf = replicas.size();
            } else if (replicas.size() != rf) {
                throw new AdminException(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "Inconsistent replication factor between partitions, partition " + partition + " has "
                                + replicas.size() + " replicas while others have " + rf);
            }
            List<Integer> unknown = replicas.stream().filter(b -> !live.contains(b)).toList();
            if (!unknown.isEmpty()) {
                throw new AdminException(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "Unknown broker(s) in replica assignment: " + unknown + " for partition " + partition);
            }
        }
        return result;
    }

    /**
     * Requests deletion of a topic ({@code /admin/delete_topics/<t>}); the controller completes it.
     *
     * @throws AdminException UNKNOWN_TOPIC_OR_PARTITION
     */
    public void deleteTopic(String topic) {
        try {
            if (zk.topics().markTopicForDeletion(topic)) {
                log.info("Topic {} marked for deletion", topic);
            }
        } catch (UnknownTopicException e) {
            throw new AdminException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist.");
        }
    }

    /**
     * Raises a topic's partition count to {@code newCount}, with {@code newAssignments} (one replica
     * list per new partition) or an automatic assignment continuing the topic's existing spread when
     * null. Returns the new partitions' assignment.
     *
     * @throws AdminException UNKNOWN_TOPIC_OR_PARTITION, INVALID_TOPIC_EXCEPTION (being deleted),
     *         INVALID_PARTITIONS (not an increase), INVALID_REPLICA_ASSIGNMENT, INVALID_REPLICATION_FACTOR,
     *         POLICY_VIOLATION (over a {@link PartitionLimits} bound, or too large for ZooKeeper)
     */
    public Map<Integer, List<Integer>> createPartitions(String topic, int newCount, List<List<Integer>> newAssignments,
                                                        boolean validateOnly) {
        VersionedTopicAssignment versioned = zk.topics().getVersionedTopicAssignment(topic)
                .orElseThrow(() -> new AdminException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist."));
        if (zk.topics().isMarkedForDeletion(topic)) {
            throw new AdminException(Errors.INVALID_TOPIC_EXCEPTION, "The topic '" + topic + "' is queued for deletion.");
        }
        TopicAssignment current = versioned.assignment();
        Map<Integer, List<Integer>> existing = current.replicasByPartition();
        int currentCount = existing.size();
        if (newCount < currentCount) {
            throw new AdminException(Errors.INVALID_PARTITIONS, "Topic currently has " + currentCount
                    + " partitions, " + newCount + " would not be an increase.");
        }
        if (newCount == currentCount) {
            throw new AdminException(Errors.INVALID_PARTITIONS, "Topic already has " + currentCount + " partitions.");
        }
        partitionLimits.checkTopic(topic, newCount);
        partitionLimits.checkRequest((long) newCount - currentCount);
        int rf = existing.get(0) == null ? existing.values().iterator().next().size() : existing.get(0).size();
        Map<Integer, List<Integer>> added;
        if (newAssignments != null) {
            if (newAssignments.size() != newCount - currentCount) {
                throw new AdminException(Errors.INVALID_REPLICA_ASSIGNMENT, "Increasing the number of partitions by "
                        + (newCount - currentCount) + " but " + newAssignments.size() + " assignments provided.");
            }
            Map<Integer, List<Integer>> byPartition = new TreeMap<>();
            for (int i = 0; i < newAssignments.size(); i++) {
                byPartition.put(currentCount + i, newAssignments.get(i));
            }
            added = validateManualAssignment(byPartition, registeredBrokers(), currentCount, rf);
        } else {
            List<BrokerRack> brokers = liveBrokers();
            List<Integer> sortedIds = brokers.stream().map(BrokerRack::id).sorted().toList();
            int firstLeader = existing.getOrDefault(0, List.of(-1)).get(0);
            int startIndex = sortedIds.indexOf(firstLeader);
            added = ReplicaAssignor.assign(brokers, newCount - currentCount, rf, currentCount,
                    Math.max(startIndex, -1), -1);
        }
        if (validateOnly) {
            return added;
        }
        Map<Integer, List<Integer>> all = new TreeMap<>(existing);
        all.putAll(added);
        TopicAssignment updated = TopicAssignment.of(topic, current.topicId(), all);
        try {
            zk.topics().updateTopicAssignment(updated, versioned.zkVersion());
        } catch (ZkVersionConflictException raced) {
            throw new AdminException(Errors.REASSIGNMENT_IN_PROGRESS, "Topic '" + topic + "' changed concurrently; retry");
        } catch (ZkWriteTooLargeException tooLarge) {
            throw tooLargeForZooKeeper("The assignment of topic '" + topic + "'", tooLarge);
        }
        log.info("Added partitions {} to topic {}", added, topic);
        return added;
    }

    /**
     * The config overrides of an existing topic.
     *
     * @throws AdminException UNKNOWN_TOPIC_OR_PARTITION
     */
    public Map<String, String> topicConfigOverrides(String topic) {
        if (!zk.topics().topicExists(topic)) {
            throw new AdminException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist.");
        }
        return zk.topics().getTopicConfig(topic).map(EntityConfig::config).orElse(Map.of());
    }

    /**
     * Replaces a topic's config overrides (validated), posting a change notification for the brokers.
     *
     * @throws AdminException UNKNOWN_TOPIC_OR_PARTITION, INVALID_CONFIG
     */
    public void setTopicConfigOverrides(String topic, Map<String, String> overrides, boolean validateOnly) {
        if (!zk.topics().topicExists(topic)) {
            throw new AdminException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist.");
        }
        TopicConfigs.validate(overrides);
        if (!validateOnly) {
            try {
                zk.topics().changeTopicConfig(topic, new EntityConfig(overrides));
            } catch (ZkWriteTooLargeException tooLarge) {
                throw tooLargeForZooKeeper("The config of topic '" + topic + "'", tooLarge);
            }
            log.info("Config overrides of topic {} set to {}", topic, overrides);
        }
    }

    /**
     * A write ZooKeeper would not take in one request (its jute.maxbuffer): refused before anything
     * is sent, with POLICY_VIOLATION, the error Kafka's controller gives a request too large for it.
     */
    private static AdminException tooLargeForZooKeeper(String what, ZkWriteTooLargeException e) {
        return new AdminException(Errors.POLICY_VIOLATION, what + " is too large to store in ZooKeeper: "
                + e.bytes() + " bytes, more than the " + e.limit().multiBudgetBytes() + " allowed under jute.maxbuffer="
                + e.limit().juteMaxBuffer() + ".");
    }

    /** The name of the topic with {@code topicId}, empty if no topic has it. */
    public java.util.Optional<String> topicNameById(KafkaUuid topicId) {
        return zk.topics().getTopicIds(zk.topics().getAllTopics()).entrySet().stream()
                .filter(e -> e.getValue().equals(topicId)).map(Map.Entry::getKey).findFirst();
    }

    /** The topic id of an existing topic, empty if it does not exist or has none. */
    public java.util.Optional<KafkaUuid> topicId(String topic) {
        return zk.topics().getTopicAssignment(topic).map(TopicAssignment::topicId);
    }

    /** Registered broker ids, ascending. */
    public List<Integer> registeredBrokerIds() {
        List<Integer> ids = new ArrayList<>();
        for (BrokerInfo b : zk.getAllBrokers()) {
            ids.add(b.brokerId());
        }
        return ids;
    }
}
