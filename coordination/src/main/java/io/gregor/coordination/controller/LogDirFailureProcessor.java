package io.gregor.coordination.controller;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.LogDirEventNotification;
import io.gregor.coordination.zk.TopicPartition;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of a failed log directory, as Kafka's {@code onBrokerLogDirFailure}: a
 * broker that lost a directory writes a {@code /log_dir_event_notification} znode; the controller
 * sends that broker a LeaderAndIsr for every partition it holds, and the partitions it answers with
 * KAFKA_STORAGE_ERROR become offline replicas ({@link ControllerContext#replicasOnOfflineDirs}):
 * they leave the ISR, and a partition they led gets a new leader from the rest of its ISR. Runs on
 * the controller's event thread.
 */
final class LogDirFailureProcessor {
    private static final Logger log = LoggerFactory.getLogger(LogDirFailureProcessor.class);

    private LogDirFailureProcessor() {
    }

    /** Brokers reported failed log directories: find out which of their replicas are offline (Kafka's onBrokerLogDirFailure). */
    static void onLogDirEvent(ControllerTenure t) {
        Set<Integer> brokers = LogDirEventNotification.consume(t.zk);
        if (!brokers.isEmpty()) {
            onLogDirFailure(t, brokers, (broker, response) -> t.enqueue(ControllerState.LEADER_AND_ISR_RESPONSE_RECEIVED,
                    "LeaderAndIsr response of broker " + broker,
                    () -> onLeaderAndIsrResponse(t, broker, response)));
        }
    }

    /**
     * Brokers {@code brokers} reported a failed log directory: asks each live one about all its
     * partitions; {@code onResponse} gets each answer (and must bring it back to the event thread).
     */
    static void onLogDirFailure(ControllerTenure t, Set<Integer> brokers, BiConsumer<Integer, Struct> onResponse) {
        ControllerContext ctx = t.context;
        ControllerRequestBatch batch = t.batch();
        for (int broker : brokers) {
            if (!ctx.liveBrokers.containsKey(broker)) {
                continue;
            }
            log.warn("Controller {} epoch {}: broker {} reported a failed log directory; asking it about its {} partitions",
                    ctx.controllerId, ctx.epoch, broker, ctx.partitionsOnBroker(broker).size());
            for (TopicPartition tp : ctx.partitionsOnBroker(broker)) {
                if (ctx.states.containsKey(tp)) {
                    batch.addLeaderAndIsr(java.util.List.of(broker), tp, false);
                }
            }
        }
        batch.send(t.channels, (broker, response) -> { }, onResponse);
    }

    /**
     * A LeaderAndIsr answer of {@code broker}: its partitions answered with KAFKA_STORAGE_ERROR are
     * offline replicas from now on; leaders and ISRs are decided again for those newly found.
     */
    static void onLeaderAndIsrResponse(ControllerTenure t, int broker, Struct response) {
        ControllerContext ctx = t.context;
        if (!ctx.liveBrokers.containsKey(broker) || response.getShort(LeaderAndIsrResponse.ERROR_CODE) != Errors.NONE.code()) {
            return;
        }
        Set<TopicPartition> offline = new TreeSet<>();
        for (Struct topic : response.getStructs(LeaderAndIsrResponse.TOPICS)) {
            java.util.UUID id = topic.getUuid(LeaderAndIsrResponse.Topics.TOPIC_ID);
            String name = ctx.topicName(new KafkaUuid(id.getMostSignificantBits(), id.getLeastSignificantBits()));
            if (name == null) {
                continue;
            }
            for (Struct p : topic.getStructs(LeaderAndIsrResponse.Topics.PARTITION_ERRORS)) {
                if (p.getShort(LeaderAndIsrResponse.LeaderAndIsrPartitionError.ERROR_CODE) == Errors.KAFKA_STORAGE_ERROR.code()) {
                    offline.add(new TopicPartition(name, p.getInt(LeaderAndIsrResponse.LeaderAndIsrPartitionError.PARTITION_INDEX)));
                }
            }
        }
        offline.removeAll(ctx.replicasOnOfflineDirs.getOrDefault(broker, Set.of()));
        if (offline.isEmpty()) {
            return;
        }
        ctx.replicasOnOfflineDirs.computeIfAbsent(broker, b -> new TreeSet<>()).addAll(offline);
        log.warn("Controller {} epoch {}: replicas of broker {} on a failed log directory are offline: {}",
                ctx.controllerId, ctx.epoch, broker, offline);
        Set<TopicPartition> changed = t.partitionStates.electLeaders(offline);
        t.announce(changed);
    }
}
