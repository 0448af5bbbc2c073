package io.gregor.broker.metadata;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers.Endpoints;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.TopicStates;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.coordination.zk.EndPoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * This broker's view of the cluster as the controller last described it in UpdateMetadata: live
 * brokers with their endpoints and racks, topics with ids and partition states, and the controller.
 *
 * <p>Readers see an immutable {@link Snapshot}, replaced atomically by each update; updates are
 * serialized ({@code synchronized}). Until the first UpdateMetadata arrives the cache holds only
 * this broker itself (so clients can bootstrap against it), no topics, and the controller id that
 * ZooKeeper's {@code /controller} names. An update from a
 * controller epoch older than one already seen is refused.
 */
public final class MetadataCache {
    /** Kafka's marker leader for a partition whose topic is being deleted. */
    static final int LEADER_DURING_DELETE = -2;
    private static final String[] SECURITY_PROTOCOLS = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};

    /**
     * One consistent view.
     *
     * @param controllerId    -1 when unknown
     * @param controllerEpoch the newest controller epoch seen, -1 before any update
     */
    public record Snapshot(Map<Integer, LiveBroker> liveBrokers, Map<String, TopicMetadata> topics,
                           Map<UUID, String> topicNamesById, int controllerId, int controllerEpoch) {
    }

    private final int brokerId;
    private final String clusterId;
    private volatile Snapshot snapshot;
    /** The controller id known from ZooKeeper, used only until the first UpdateMetadata. */
    private volatile IntSupplier controllerIdBeforeFirstUpdate = () -> -1;
    private volatile java.util.function.Supplier<Optional<ZkController>> zkController = Optional::empty;

    /** An empty cache for broker {@code brokerId} of cluster {@code clusterId}. */
    public MetadataCache(int brokerId, String clusterId) {
        this.brokerId = brokerId;
        this.clusterId = clusterId;
        this.snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), -1, -1);
    }

    /**
     * Makes this broker (with its advertised endpoints, known once the listeners are bound) visible
     * as alive until the controller's first UpdateMetadata replaces the broker list; no effect after it.
     */
    public synchronized void initLocalBroker(LiveBroker self) {
        if (self.id() != brokerId) {
            throw new IllegalArgumentException("local broker id " + self.id() + " differs from " + brokerId);
        }
        Snapshot current = snapshot;
        if (current.controllerEpoch() < 0) {
            snapshot = new Snapshot(Map.of(self.id(), self), current.topics(), current.topicNamesById(),
                    current.controllerId(), current.controllerEpoch());
        }
    }

    public int brokerId() {
        return brokerId;
    }

    public String clusterId() {
        return clusterId;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Collection<LiveBroker> aliveBrokers() {
        return snapshot.liveBrokers().values();
    }

    public Optional<LiveBroker> aliveBroker(int id) {
        return Optional.ofNullable(snapshot.liveBrokers().get(id));
    }

    /**
     * Until the controller's first UpdateMetadata arrives, the controller id is taken from
     * {@code zkControllerId} (the broker id in {@code /controller}, -1 if none).
     */
    public void useControllerIdBeforeFirstUpdate(IntSupplier zkControllerId) {
        this.controllerIdBeforeFirstUpdate = zkControllerId;
    }

    /** A controller as ZooKeeper names it: its broker id and its controller epoch. */
    public record ZkController(int brokerId, int epoch) {
    }

    /**
     * The controller {@code /controller} and {@code /controller_epoch} name now, if known. When its
     * epoch is newer than the last UpdateMetadata's, Metadata answers name it: a new controller
     * spends seconds loading a large cluster before its first UpdateMetadata, and until then
     * clients would send it no CreateTopics (they would keep trying the dead one).
     */
    public void useZooKeeperController(java.util.function.Supplier<Optional<ZkController>> zkController) {
        this.zkController = zkController;
    }

    public OptionalInt controllerId() {
        int id = controllerId(snapshot);
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * The controller id of {@code s} (from ZooKeeper before the first update, or when ZooKeeper
     * names a controller of a newer epoch), -1 when unknown.
     */
    public int controllerId(Snapshot s) {
        if (s.controllerEpoch() < 0) {
            return controllerIdBeforeFirstUpdate.getAsInt();
        }
        Optional<ZkController> newer = zkController.get().filter(c -> c.epoch() > s.controllerEpoch());
        return newer.isPresent() ? newer.get().brokerId() : s.controllerId();
    }

    public boolean contains(String topic) {
        return snapshot.topics().containsKey(topic);
    }

    public Optional<TopicMetadata> topic(String topic) {
        return Optional.ofNullable(snapshot.topics().get(topic));
    }

    public Optional<PartitionMetadata> partition(String topic, int partition) {
        return topic(topic).map(t -> t.partitions().get(partition));
    }

    /** The endpoint on {@code listenerName} of the partition's leader, if it has a live leader there. */
    public Optional<EndPoint> leaderEndpoint(String topic, int partition, String listenerName) {
        return partition(topic, partition).flatMap(p -> aliveBroker(p.leader())).flatMap(b -> b.endpoint(listenerName));
    }

    /**
     * Applies an UpdateMetadata request of {@code version}: replaces the live brokers and the
     * controller id, upserts the partition states (removing partitions marked as being deleted).
     *
     * @return false (and nothing changed) when the request's controller epoch is older than one seen
     */
    public synchronized boolean update(Struct request, short version) {
        Snapshot current = snapshot;
        int controllerEpoch = request.getInt(UpdateMetadataRequest.CONTROLLER_EPOCH);
        if (controllerEpoch < current.controllerEpoch()) {
            return false;
        }
        Map<Integer, LiveBroker> brokers = new LinkedHashMap<>();
        for (Struct broker : request.getStructs(UpdateMetadataRequest.LIVE_BROKERS)) {
            LiveBroker live = liveBroker(broker, version);
            brokers.put(live.id(), live);
        }
        Map<String, Map<Integer, PartitionMetadata>> partitions = new HashMap<>();
        Map<String, UUID> ids = new HashMap<>();
        current.topics().forEach((name, t) -> {
            partitions.put(name, new HashMap<>(t.partitions()));
            ids.put(name, t.topicId());
        });
        if (version >= 5) {
            for (Struct topicState : request.getStructs(UpdateMetadataRequest.TOPIC_STATES)) {
                String topic = topicState.getString(TopicStates.TOPIC_NAME);
                if (version >= 7) {
                    ids.put(topic, topicState.getUuid(TopicStates.TOPIC_ID));
                }
                for (Struct state : topicState.getStructs(TopicStates.PARTITION_STATES)) {
                    applyPartition(partitions, topic, state);
                }
            }
        } else {
            for (Struct state : request.getStructs(UpdateMetadataRequest.UNGROUPED_PARTITION_STATES)) {
                applyPartition(partitions, state.getString(UpdateMetadataPartitionState.TOPIC_NAME), state);
            }
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        Map<UUID, String> names = new HashMap<>();
        partitions.forEach((name, parts) -> {
            if (!parts.isEmpty()) {
                UUID id = ids.getOrDefault(name, Field.ZERO_UUID);
                topics.put(name, new TopicMetadata(name, id, new java.util.TreeMap<>(parts)));
                if (!id.equals(Field.ZERO_UUID)) {
                    names.put(id, name);
                }
            }
        });
        snapshot = new Snapshot(java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(brokers)), Map.copyOf(topics), Map.copyOf(names),
                request.getInt(UpdateMetadataRequest.CONTROLLER_ID), controllerEpoch);
        return true;
    }

    private static void applyPartition(Map<String, Map<Integer, PartitionMetadata>> partitions, String topic, Struct s) {
        int index = s.getInt(UpdateMetadataPartitionState.PARTITION_INDEX);
        int leader = s.getInt(UpdateMetadataPartitionState.LEADER);
        Map<Integer, PartitionMetadata> parts = partitions.computeIfAbsent(topic, t -> new HashMap<>());
        if (leader == LEADER_DURING_DELETE) {
            parts.remove(index);
            return;
        }
        List<Integer> offline = s.getArray(UpdateMetadataPartitionState.OFFLINE_REPLICAS);
        parts.put(index, new PartitionMetadata(topic, index, leader,
                s.getInt(UpdateMetadataPartitionState.LEADER_EPOCH), s.getArray(UpdateMetadataPartitionState.REPLICAS),
                s.getArray(UpdateMetadataPartitionState.ISR), offline == null ? List.of() : offline,
                        s.getInt(UpdateMetadataPartitionState.ZK_VERSION),
                        s.getInt(UpdateMetadataPartitionState.CONTROLLER_EPOCH)));
    }

    private static LiveBroker liveBroker(Struct broker, short version) {
        int id = broker.getInt(LiveBrokers.ID);
        String rack = version >= 2 ? broker.getString(LiveBrokers.RACK) : null;
        List<EndPoint> endpoints = new ArrayList<>();
        if (version == 0) {
            endpoints.add(new EndPoint("PLAINTEXT", broker.getString(LiveBrokers.V0_HOST),
                    broker.getInt(LiveBrokers.V0_PORT), "PLAINTEXT"));
        } else {
            for (Struct e : broker.getStructs(LiveBrokers.ENDPOINTS)) {
                short protocolId = e.getShort(Endpoints.SECURITY_PROTOCOL);
                String protocol = protocolId >= 0 && protocolId < SECURITY_PROTOCOLS.length
                        ? SECURITY_PROTOCOLS[protocolId] : "UNKNOWN_" + protocolId;
                String listener = version >= 3 ? e.getString(Endpoints.LISTENER) : protocol;
                endpoints.add(new EndPoint(listener, e.getString(Endpoints.HOST), e.getInt(Endpoints.PORT), protocol));
            }
        }
        return new LiveBroker(id, endpoints, rack);
    }
}
