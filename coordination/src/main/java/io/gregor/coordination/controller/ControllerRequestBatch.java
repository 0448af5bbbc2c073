package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ControlRequestFields;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LiveLeaders;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.LiveBrokers.Endpoints;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest.UpdateMetadataPartitionState;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.ReplicaAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what one controller event must tell each broker and sends it as at most one
 * LeaderAndIsr, one UpdateMetadata and one StopReplica per broker (in that order), built from
 * the controller context when sent. Requests carry the controller id and epoch and the
 * destination broker's epoch. UpdateMetadata waits for the new leaders' LeaderAndIsr answers (see
 * {@link #send}). Confined to the controller's event thread.
 */
final class ControllerRequestBatch {

    static final short LEADER_AND_ISR_VERSION = 6;
    static final short UPDATE_METADATA_VERSION = 7;
    static final short STOP_REPLICA_VERSION = 3;
    /** Leader and leader epoch Kafka puts in requests about partitions being deleted. */
    static final int LEADER_DURING_DELETE = -2;
    static final int EPOCH_DURING_DELETE = -2;
    /**
     * Bound on how long UpdateMetadata waits for new leaders to answer their LeaderAndIsr: long
     * enough for a broker applying thousands of partitions, short enough that a broker that stopped
     * answering (and is not yet found dead) delays the cluster's metadata only briefly.
     */
    static final long LEADER_AND_ISR_WAIT_MS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(ControllerRequestBatch.class);

    private record LeaderAndIsrEntry(boolean isNew) {
    }

    private final ControllerContext context;
    private final Map<Integer, Map<TopicPartition, LeaderAndIsrEntry>> leaderAndIsr = new TreeMap<>();
    /** Brokers to get UpdateMetadata, with the partitions to include (possibly none: live brokers only). */
    private final Map<Integer, Set<TopicPartition>> updateMetadata = new TreeMap<>();
    /** Deleted partitions' last states, announced with leader -2 in UpdateMetadata. */
    private final Map<TopicPartition, VersionedPartitionState> deleted = new TreeMap<>();
    private final Map<String, KafkaUuid> deletedTopicIds = new TreeMap<>();
    private final Map<Integer, Map<TopicPartition, Boolean>> stopReplica = new TreeMap<>();
    /** Brokers whose LeaderAndIsr names every partition they host (Type full). */
    private final Set<Integer> fullLeaderAndIsr = new TreeSet<>();

    ControllerRequestBatch(ControllerContext context) {
        this.context = context;
    }

    /** LeaderAndIsr for {@code tp} (its current state) to each of {@code brokers} that is live. */
    void addLeaderAndIsr(Collection<Integer> brokers, TopicPartition tp, boolean isNew) {
        if (!context.states.containsKey(tp)) {
            return;
        }
        for (int broker : brokers) {
            if (context.liveBrokers.containsKey(broker)) {
                leaderAndIsr.computeIfAbsent(broker, b -> new TreeMap<>()).put(tp, new LeaderAndIsrEntry(isNew));
            }
        }
    }

    /**
     * A full LeaderAndIsr (Type 2, KIP-516) to {@code broker} if live: every partition with a state
     * whose replicas (with those a reassignment adds) include it, even none. The broker deletes the
     * logs of the partitions it does not name that the metadata assigns to other brokers: replicas
     * removed while it was away.
     */
    void addFullLeaderAndIsr(int broker) {
        if (!context.liveBrokers.containsKey(broker)) {
            return;
        }
        Map<TopicPartition, LeaderAndIsrEntry> entries = leaderAndIsr.computeIfAbsent(broker, b -> new TreeMap<>());
        for (TopicPartition tp : context.partitionsOnBroker(broker)) {
            if (context.states.containsKey(tp)) {
                entries.putIfAbsent(tp, new LeaderAndIsrEntry(false));
            }
        }
        fullLeaderAndIsr.add(broker);
    }

    /** UpdateMetadata with {@code partitions} (maybe none: refreshes the live brokers) to each live broker of {@code brokers}. */
    void addUpdateMetadata(Collection<Integer> brokers, Collection<TopicPartition> partitions) {
        for (int broker : brokers) {
            if (context.liveBrokers.containsKey(broker)) {
                Set<TopicPartition> set = updateMetadata.computeIfAbsent(broker, b -> new TreeSet<>());
                partitions.stream().filter(context.states::containsKey).forEach(set::add);
            }
        }
    }

    /** Announces to all live brokers that these partitions are gone (leader -2), from their last states. */
    void addDeletedPartitions(String topic, KafkaUuid topicId, Collection<VersionedPartitionState> lastStates) {
        lastStates.forEach(s -> deleted.put(s.partition(), s));
        if (topicId != null) {
            deletedTopicIds.put(topic, topicId);
        }
        addUpdateMetadata(context.liveBrokers.keySet(), List.of());
    }

    void addStopReplica(int broker, TopicPartition tp, boolean deletePartition) {
        if (context.liveBrokers.containsKey(broker)) {
            stopReplica.computeIfAbsent(broker, b -> new TreeMap<>()).put(tp, deletePartition);
        }
    }

    boolean isEmpty() {
        return leaderAndIsr.isEmpty() && updateMetadata.isEmpty() && stopReplica.isEmpty();
    }

    /**
     * Queues the requests; {@code onStopReplicaResponse} gets (broker, response) on the broker's sender thread.
     *
     * <p>Metadata never names a leader before it serves: the UpdateMetadata requests leave only once
     * every broker told in this batch to lead a partition that they announce has answered its
     * LeaderAndIsr (or its channel was dropped because it left), or after
     * {@link #LEADER_AND_ISR_WAIT_MS} at most. The wait happens on the sender threads, never on the
     * controller's event thread: each UpdateMetadata holds its broker's queue, so whatever is sent to
     * that broker later still arrives in order.
     */
    void send(ControllerChannelManager channels, BiConsumer<Integer, Struct> onStopReplicaResponse) {
        send(channels, onStopReplicaResponse, (broker, response) -> { });
    }

    /** As {@link #send(ControllerChannelManager, BiConsumer)}, each broker's LeaderAndIsr answer given to {@code onLeaderAndIsrResponse}. */
    void send(ControllerChannelManager channels, BiConsumer<Integer, Struct> onStopReplicaResponse,
              BiConsumer<Integer, Struct> onLeaderAndIsrResponse) {
        Set<TopicPartition> announced = new TreeSet<>();
        updateMetadata.values().forEach(announced::addAll);
        Map<Integer, CompletableFuture<Void>> leadersApplying = new TreeMap<>();
        leaderAndIsr.forEach((broker, partitions) -> {
            ControllerRequest request = new ControllerRequest(ApiKey.LEADER_AND_ISR, LEADER_AND_ISR_VERSION,
                    leaderAndIsrRequest(broker, partitions), response -> onLeaderAndIsrResponse.accept(broker, response));
            boolean leadsAnnounced = partitions.keySet().stream()
                    .anyMatch(tp -> announced.contains(tp) && context.states.get(tp).state().leader() == broker);
            if (channels.send(broker, request) && leadsAnnounced) {
                leadersApplying.put(broker, request.finished());
            }
        });
        CompletableFuture<?> leadersReady = leadersReady(leadersApplying);
        updateMetadata.forEach((broker, partitions) -> channels.send(broker, new ControllerRequest(ApiKey.UPDATE_METADATA,
                UPDATE_METADATA_VERSION, updateMetadataRequest(broker, partitions), response -> { }, leadersReady,
                new CompletableFuture<>())));
        stopReplica.forEach((broker, partitions) -> channels.send(broker, ApiKey.STOP_REPLICA,
                STOP_REPLICA_VERSION, stopReplicaRequest(broker, partitions),
                response -> onStopReplicaResponse.accept(broker, response)));
    }

    /** Completes when every future of {@code applying} has, or after the bound (logged). */
    private CompletableFuture<?> leadersReady(Map<Integer, CompletableFuture<Void>> applying) {
        if (applying.isEmpty()) {
            return ControllerRequest.NOW;
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture.allOf(applying.values().toArray(CompletableFuture[]::new)).whenComplete((v, e) -> ready.complete(null));
        int controllerId = context.controllerId;
        int epoch = context.epoch;
        // run on the JDK's delay thread itself, not the common pool, which other work may occupy
        CompletableFuture.delayedExecutor(LEADER_AND_ISR_WAIT_MS, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
            if (ready.complete(null)) {
                List<Integer> late = applying.entrySet().stream().filter(e -> !e.getValue().isDone()).map(Map.Entry::getKey).toList();
                log.warn("Controller {} epoch {}: leaders {} did not answer LeaderAndIsr within {} ms; sending "
                        + "UpdateMetadata anyway", controllerId, epoch, late, LEADER_AND_ISR_WAIT_MS);
            }
        });
        return ready;
    }

    private Struct header(ApiKey key, int broker) {
        ControlRequestFields fields = ControlRequestFields.of(key);
        return ApiMessages.request(key).newStruct()
                .set(fields.controllerId(), context.controllerId)
                .set(fields.controllerEpoch(), context.epoch)
                .set(fields.brokerEpoch(), context.liveBrokers.get(broker).brokerEpoch());
    }

    Struct leaderAndIsrRequest(int broker, Map<TopicPartition, LeaderAndIsrEntry> partitions) {
        Struct request = header(ApiKey.LEADER_AND_ISR, broker).set(LeaderAndIsrRequest.TYPE,
                fullLeaderAndIsr.contains(broker) ? LeaderAndIsrRequest.TYPE_FULL : LeaderAndIsrRequest.TYPE_UNKNOWN);
        Map<String, Struct> topicStates = new TreeMap<>();
        Set<Integer> leaders = new TreeSet<>();
        partitions.forEach((tp, entry) -> {
            VersionedPartitionState versioned = context.states.get(tp);
            PartitionState state = versioned.state();
            ReplicaAssignment assignment = context.assignment(tp);
            Struct topicState = topicStates.computeIfAbsent(tp.topic(), t -> request
                    .addElement(LeaderAndIsrRequest.TOPIC_STATES)
                    .set(LeaderAndIsrRequest.TopicStates.TOPIC_NAME, t)
                    .set(LeaderAndIsrRequest.TopicStates.TOPIC_ID, uuid(context.topicId(t))));
            topicState.addElement(LeaderAndIsrRequest.TopicStates.PARTITION_STATES)
                    .set(LeaderAndIsrPartitionState.PARTITION_INDEX, tp.partition())
                    .set(LeaderAndIsrPartitionState.CONTROLLER_EPOCH, state.controllerEpoch())
                    .set(LeaderAndIsrPartitionState.LEADER, state.leader())
                    .set(LeaderAndIsrPartitionState.LEADER_EPOCH, state.leaderEpoch())
                    .set(LeaderAndIsrPartitionState.ISR, state.isr())
                    .set(LeaderAndIsrPartitionState.PARTITION_EPOCH, versioned.zkVersion())
                    .set(LeaderAndIsrPartitionState.REPLICAS, context.replicas(tp))
                    .set(LeaderAndIsrPartitionState.ADDING_REPLICAS, assignment == null ? List.of() : assignment.addingReplicas())
                    .set(LeaderAndIsrPartitionState.REMOVING_REPLICAS, assignment == null ? List.of() : assignment.removingReplicas())
                    .set(LeaderAndIsrPartitionState.IS_NEW, entry.isNew())
                    .set(LeaderAndIsrPartitionState.LEADER_RECOVERY_STATE, state.leaderRecoveryState());
            if (context.liveBrokers.containsKey(state.leader())) {
                leaders.add(state.leader());
            }
        });
        for (int leader : leaders) {
            BrokerInfo info = context.liveBrokers.get(leader).info();
            EndPoint endPoint = info.endpoints().get(0);
            request.addElement(LeaderAndIsrRequest.LIVE_LEADERS).set(LiveLeaders.BROKER_ID, leader)
                    .set(LiveLeaders.HOST_NAME, endPoint.host()).set(LiveLeaders.PORT, endPoint.port());
        }
        return request;
    }

    Struct updateMetadataRequest(int broker, Set<TopicPartition> partitions) {
        Struct request = header(ApiKey.UPDATE_METADATA, broker);
        Map<String, Struct> topicStates = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            VersionedPartitionState versioned = context.states.get(tp);
            List<Integer> replicas = context.replicas(tp);
            Struct topicState = topicStates.computeIfAbsent(tp.topic(), t -> request
                    .addElement(UpdateMetadataRequest.TOPIC_STATES)
                    .set(UpdateMetadataRequest.TopicStates.TOPIC_NAME, t)
                    .set(UpdateMetadataRequest.TopicStates.TOPIC_ID, uuid(context.topicId(t))));
            addMetadataPartition(topicState, versioned, versioned.state().leader(), versioned.state().leaderEpoch(),
                    replicas, replicas.stream().filter(r -> !context.liveBrokers.containsKey(r)).toList());
        }
        for (VersionedPartitionState gone : deleted.values()) {
            String topic = gone.partition().topic();
            Struct topicState = topicStates.computeIfAbsent(topic, t -> request
                    .addElement(UpdateMetadataRequest.TOPIC_STATES)
                    .set(UpdateMetadataRequest.TopicStates.TOPIC_NAME, t)
                    .set(UpdateMetadataRequest.TopicStates.TOPIC_ID, uuid(deletedTopicIds.get(t))));
            addMetadataPartition(topicState, gone, LEADER_DURING_DELETE, gone.state().leaderEpoch(),
                    gone.state().isr(), List.of());
        }
        for (RegisteredBroker live : context.liveBrokers.values()) {
            Struct liveBroker = request.addElement(UpdateMetadataRequest.LIVE_BROKERS).set(LiveBrokers.ID, live.id())
                    .set(LiveBrokers.RACK, live.info().rack());
            for (EndPoint endPoint : live.info().endpoints()) {
                liveBroker.addElement(LiveBrokers.ENDPOINTS)
                        .set(Endpoints.PORT, endPoint.port())
                        .set(Endpoints.HOST, endPoint.host())
                        .set(Endpoints.LISTENER, endPoint.listenerName())
                        .set(Endpoints.SECURITY_PROTOCOL, securityProtocolId(endPoint.securityProtocol()));
            }
        }
        return request;
    }

    private static void addMetadataPartition(Struct topicState, VersionedPartitionState versioned, int leader,
                                             int leaderEpoch, List<Integer> replicas, List<Integer> offline) {
        PartitionState state = versioned.state();
        topicState.addElement(UpdateMetadataRequest.TopicStates.PARTITION_STATES)
                .set(UpdateMetadataPartitionState.PARTITION_INDEX, versioned.partition().partition())
                .set(UpdateMetadataPartitionState.CONTROLLER_EPOCH, state.controllerEpoch())
                .set(UpdateMetadataPartitionState.LEADER, leader)
                .set(UpdateMetadataPartitionState.LEADER_EPOCH, leaderEpoch)
                .set(UpdateMetadataPartitionState.ISR, state.isr())
                .set(UpdateMetadataPartitionState.ZK_VERSION, versioned.zkVersion())
                .set(UpdateMetadataPartitionState.REPLICAS, replicas)
                .set(UpdateMetadataPartitionState.OFFLINE_REPLICAS, offline);
    }

    Struct stopReplicaRequest(int broker, Map<TopicPartition, Boolean> partitions) {
        Struct request = header(ApiKey.STOP_REPLICA, broker);
        Map<String, Struct> topicStates = new TreeMap<>();
        partitions.forEach((tp, delete) -> {
            Struct topicState = topicStates.computeIfAbsent(tp.topic(),
                    t -> request.addElement(StopReplicaRequest.TOPIC_STATES)
                            .set(StopReplicaRequest.TopicStates.TOPIC_NAME, t));
            VersionedPartitionState state = context.states.get(tp);
            int leaderEpoch = delete ? EPOCH_DURING_DELETE : state == null ? -1 : state.state().leaderEpoch();
            topicState.addElement(StopReplicaRequest.TopicStates.PARTITION_STATES)
                    .set(PartitionStates.PARTITION_INDEX, tp.partition())
                    .set(PartitionStates.LEADER_EPOCH, leaderEpoch)
                    .set(PartitionStates.DELETE_PARTITION, delete);
        });
        return request;
    }

    /** Kafka's security protocol ids (SecurityProtocol.id). */
    static short securityProtocolId(String protocol) {
        return switch (protocol) {
            case "PLAINTEXT" -> 0;
            case "SSL" -> 1;
            case "SASL_PLAINTEXT" -> 2;
            case "SASL_SSL" -> 3;
            default -> throw new IllegalArgumentException("unknown security protocol " + protocol);
        };
    }

    static UUID uuid(KafkaUuid id) {
        return id == null ? new UUID(0, 0) : new UUID(id.mostSignificantBits(), id.leastSignificantBits());
    }
}
