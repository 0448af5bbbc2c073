package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ElectLeadersRequest;
import io.gregor.clients.protocol.schemas.ElectLeadersResponse;
import io.gregor.clients.protocol.schemas.ElectLeadersResponse.ReplicaElectionResults;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The controller's side of ElectLeaders (v0-2), as Kafka's ZooKeeper-mode controller answers it,
 * for the named partitions or (null) every partition:
 * <ul>
 *   <li>PREFERRED (0, and every v0 request): the first assigned replica leads when it is live, in
 *       the ISR and not shutting down; ELECTION_NOT_NEEDED if it leads already,
 *       PREFERRED_LEADER_NOT_AVAILABLE if it cannot.</li>
 *   <li>UNCLEAN (1): only for a partition without a live leader; a live ISR member leads if there
 *       is one, else any live replica (with an ISR of itself, data may be lost), whatever the
 *       topic's {@code unclean.leader.election.enable}: the operator asked for it, as in Kafka.
 *       ELECTION_NOT_NEEDED when the leader is live, ELIGIBLE_LEADERS_NOT_AVAILABLE when no
 *       replica is.</li>
 * </ul>
 * Unknown partitions get UNKNOWN_TOPIC_OR_PARTITION, partitions of topics being deleted
 * INVALID_TOPIC_EXCEPTION. Elected partitions are told with LeaderAndIsr and UpdateMetadata.
 * Runs on the controller's event thread.
 */
final class ElectLeadersProcessor {

    static final byte PREFERRED = 0;
    static final byte UNCLEAN = 1;
    private static final Logger log = LoggerFactory.getLogger(ElectLeadersProcessor.class);

    private record Result(Errors error, String message) {
    }

    private ElectLeadersProcessor() {
    }

    static Struct process(ControllerTenure t, short version, Struct request) {
        ControllerContext ctx = t.context;
        byte type = version >= 1 ? request.getByte(ElectLeadersRequest.ELECTION_TYPE) : PREFERRED;
        Struct response = ApiMessages.response(ApiKey.ELECT_LEADERS).newStruct()
                .set(ElectLeadersResponse.ERROR_CODE, Errors.NONE.code());
        if (type != PREFERRED && type != UNCLEAN) {
            return response.set(ElectLeadersResponse.ERROR_CODE, Errors.INVALID_REQUEST.code());
        }
        Set<TopicPartition> requested = new LinkedHashSet<>();
        List<Struct> topics = request.get(ElectLeadersRequest.TOPIC_PARTITIONS);
        if (topics == null) {
            ctx.states.keySet().stream().filter(tp -> !ctx.topicsToDelete.contains(tp.topic())).forEach(requested::add);
        } else {
            for (Struct topic : topics) {
                String name = topic.getString(ElectLeadersRequest.TopicPartitions.TOPIC);
                for (int p : topic.<Integer>getArray(ElectLeadersRequest.TopicPartitions.PARTITIONS)) {
                    requested.add(new TopicPartition(name, p));
                }
            }
        }
        Map<TopicPartition, Result> results = new LinkedHashMap<>();
        List<TopicPartition> electable = new ArrayList<>();
        for (TopicPartition tp : requested) {
            if (!ctx.states.containsKey(tp) || ctx.replicas(tp).isEmpty()) {
                results.put(tp, new Result(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The partition does not exist."));
            } else if (ctx.topicsToDelete.contains(tp.topic())) {
                results.put(tp, new Result(Errors.INVALID_TOPIC_EXCEPTION, "The topic is being deleted"));
            } else if (electionNeeded(ctx, tp, type)) {
                electable.add(tp);
                results.put(tp, null);
            } else {
                results.put(tp, new Result(Errors.ELECTION_NOT_NEEDED, null));
            }
        }
        Set<TopicPartition> elected = type == PREFERRED ? PreferredLeaderElector.elect(t, electable) : electUnclean(t, electable);
        for (TopicPartition tp : electable) {
            if (!elected.contains(tp)) {
                results.put(tp, type == PREFERRED
                        ? new Result(Errors.PREFERRED_LEADER_NOT_AVAILABLE, "Failed to elect leader for partition " + tp
                                + " under strategy PreferredReplicaPartitionLeaderElectionStrategy")
                        : new Result(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, "Failed to elect leader for partition " + tp
                                + " under strategy OfflinePartitionLeaderElectionStrategy(true)"));
            }
        }
        Map<String, Struct> byTopic = new LinkedHashMap<>();
        results.forEach((tp, result) -> byTopic.computeIfAbsent(tp.topic(), name -> response
                        .addElement(ElectLeadersResponse.REPLICA_ELECTION_RESULTS).set(ReplicaElectionResults.TOPIC, name))
                .addElement(ReplicaElectionResults.PARTITION_RESULT)
                .set(ReplicaElectionResults.PartitionResult.PARTITION_ID, tp.partition())
                .set(ReplicaElectionResults.PartitionResult.ERROR_CODE, result == null ? Errors.NONE.code() : result.error().code())
                .set(ReplicaElectionResults.PartitionResult.ERROR_MESSAGE, result == null ? null : result.message()));
        return response;
    }

    private static boolean electionNeeded(ControllerContext ctx, TopicPartition tp, byte type) {
        int leader = ctx.states.get(tp).state().leader();
        if (type == PREFERRED) {
            return leader != ctx.replicas(tp).get(0);
        }
        return leader == PartitionState.NO_LEADER || !ctx.liveBrokers.containsKey(leader);
    }

    private static Set<TopicPartition> electUnclean(ControllerTenure t, List<TopicPartition> partitions) {
        ControllerContext ctx = t.context;
        if (partitions.isEmpty()) {
            return Set.of();
        }
        Set<Integer> eligible = new TreeSet<>(ctx.liveBrokers.keySet());
        eligible.removeAll(ctx.shuttingDownBrokers);
        Set<TopicPartition> changed = t.partitionStates.updateStates(partitions, (tp, current) ->
                PartitionLeaderElection.elect(current, ctx.replicas(tp), eligible, ctx.epoch, () -> true)
                        .filter(next -> next.leader() != PartitionState.NO_LEADER));
        if (!changed.isEmpty()) {
            t.announce(changed);
            log.warn("Controller {} epoch {}: unclean leader election asked by an operator for {}; elected {}",
                    ctx.controllerId, ctx.epoch, partitions, changed);
        }
        return changed;
    }
}
