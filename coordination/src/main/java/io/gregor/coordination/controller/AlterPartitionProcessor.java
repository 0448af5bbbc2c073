package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest.Topics.Partitions.NewIsrWithEpochs;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.PartitionStateUpdate;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The controller's side of AlterPartition (v0-3), Kafka's ZooKeeper-mode ISR change: a partition
 * leader proposes a new ISR for its partitions; each proposal is checked against the controller's
 * state and, if valid, written to the partition's state znode through the tenure's fence,
 * conditional on the partition epoch (the znode's zkVersion) the leader named. The leader epoch is
 * not bumped (an ISR change needs no LeaderAndIsr); every live broker gets UpdateMetadata.
 *
 * <p>Checks, in order: the requesting broker must be live with the broker epoch it sent
 * (else STALE_BROKER_EPOCH for the whole request; -1 matches no live broker, so it is refused too;
 * the broker's {@code ClusterActionGate} logs the refusal with its connection); then per partition: known topic and partition
 * (UNKNOWN_TOPIC_OR_PARTITION / UNKNOWN_TOPIC_ID), requester is the leader (NOT_LEADER_OR_FOLLOWER),
 * same leader epoch (FENCED_LEADER_EPOCH); a proposal equal to the current state is answered with
 * it; else the partition epoch must be current (INVALID_UPDATE_VERSION), the ISR must hold the
 * leader and only assigned replicas with a valid recovery state (INVALID_REQUEST), and every new
 * member must be live, not shutting down and (v3) of the stated broker epoch (INELIGIBLE_REPLICA;
 * OPERATION_NOT_ATTEMPTED before v2, which lacks that code).
 *
 * <p>Runs on the controller's event thread.
 */
final class AlterPartitionProcessor {

    private static final Logger log = LoggerFactory.getLogger(AlterPartitionProcessor.class);

    /** One partition's proposal; {@code tp} is null when the request names no known topic (unknown id, empty name). */
    private record Proposal(TopicPartition tp, String topic, UUID topicId, int partitionIndex, int leaderEpoch,
                            List<Integer> isr, Map<Integer, Long> memberEpochs, byte recoveryState, int partitionEpoch) {
    }

    private record Outcome(Errors error, VersionedPartitionState state) {
    }

    private AlterPartitionProcessor() {
    }

    static Struct process(ControllerTenure t, short version, Struct request) {
        ControllerContext ctx = t.context;
        Struct response = ApiMessages.response(ApiKey.ALTER_PARTITION).newStruct();
        int brokerId = request.getInt(AlterPartitionRequest.BROKER_ID);
        long brokerEpoch = request.getLong(AlterPartitionRequest.BROKER_EPOCH);
        RegisteredBroker requester = ctx.liveBrokers.get(brokerId);
        if (requester == null || requester.brokerEpoch() != brokerEpoch) {
            log.debug("Controller {}: AlterPartition from broker {} with broker epoch {} refused (live epoch {})",
                    ctx.controllerId, brokerId, brokerEpoch, requester == null ? "none" : requester.brokerEpoch());
            return response.set(AlterPartitionResponse.ERROR_CODE, Errors.STALE_BROKER_EPOCH.code());
        }
        Map<Proposal, Outcome> outcomes = new LinkedHashMap<>();
        List<Proposal> toWrite = new ArrayList<>();
        for (Struct topic : request.getStructs(AlterPartitionRequest.TOPICS)) {
            UUID topicId = topic.getUuid(AlterPartitionRequest.Topics.TOPIC_ID);
            String name = version >= 2 ? ctx.topicName(new KafkaUuid(topicId.getMostSignificantBits(),
                    topicId.getLeastSignificantBits())) : topic.getString(AlterPartitionRequest.Topics.TOPIC_NAME);
            for (Struct p : topic.getStructs(AlterPartitionRequest.Topics.PARTITIONS)) {
                Proposal proposal = proposal(version, name, topicId, p);
                Errors error = version >= 2 && name == null ? Errors.UNKNOWN_TOPIC_ID : validate(ctx, version, brokerId, proposal);
                VersionedPartitionState current = proposal.tp() == null ? null : ctx.states.get(proposal.tp());
                if (error != Errors.NONE) {
                    outcomes.put(proposal, new Outcome(error, null));
                } else if (isUnchanged(current.state(), proposal)) {
                    outcomes.put(proposal, new Outcome(Errors.NONE, current));
                } else {
                    toWrite.add(proposal);
                }
            }
        }
        Set<TopicPartition> changed = write(t, toWrite, outcomes);
        ControllerRequestBatch batch = t.batch();
        batch.addUpdateMetadata(ctx.liveBrokers.keySet(), changed);
        t.send(batch);
        ReassignmentProcessor.onIsrChange(t, changed);

        Map<String, Struct> topics = new LinkedHashMap<>();
        outcomes.forEach((proposal, outcome) -> {
            String key = version >= 2 ? proposal.topicId().toString() : proposal.topic();
            Struct topic = topics.computeIfAbsent(key, k -> response.addElement(AlterPartitionResponse.TOPICS)
                    .set(AlterPartitionResponse.Topics.TOPIC_NAME, proposal.topic())
                    .set(AlterPartitionResponse.Topics.TOPIC_ID, proposal.topicId()));
            Struct p = topic.addElement(AlterPartitionResponse.Topics.PARTITIONS)
                    .set(AlterPartitionResponse.Topics.Partitions.PARTITION_INDEX, proposal.partitionIndex())
                    .set(AlterPartitionResponse.Topics.Partitions.ERROR_CODE, outcome.error().code());
            if (outcome.state() != null) {
                PartitionState s = outcome.state().state();
                p.set(AlterPartitionResponse.Topics.Partitions.LEADER_ID, s.leader())
                        .set(AlterPartitionResponse.Topics.Partitions.LEADER_EPOCH, s.leaderEpoch())
                        .set(AlterPartitionResponse.Topics.Partitions.ISR, s.isr())
                        .set(AlterPartitionResponse.Topics.Partitions.LEADER_RECOVERY_STATE, s.leaderRecoveryState())
                        .set(AlterPartitionResponse.Topics.Partitions.PARTITION_EPOCH, outcome.state().zkVersion());
            }
        });
        return response.set(AlterPartitionResponse.ERROR_CODE, Errors.NONE.code());
    }

    private static Proposal proposal(short version, String name, UUID topicId, Struct p) {
        List<Integer> isr = new ArrayList<>();
        Map<Integer, Long> memberEpochs = new LinkedHashMap<>();
        if (version >= 3) {
            for (Struct member : p.getStructs(AlterPartitionRequest.Topics.Partitions.NEW_ISR_WITH_EPOCHS)) {
                isr.add(member.getInt(NewIsrWithEpochs.BROKER_ID));
                memberEpochs.put(member.getInt(NewIsrWithEpochs.BROKER_ID),
                        member.getLong(NewIsrWithEpochs.BROKER_EPOCH));
            }
        } else {
            isr.addAll(p.<Integer>getArray(AlterPartitionRequest.Topics.Partitions.NEW_ISR));
        }
        int index = p.getInt(AlterPartitionRequest.Topics.Partitions.PARTITION_INDEX);
        // A topic id the controller does not know (deleted, re-created) or an empty name is answered per
        // partition, never allowed to fail the whole request: the leader would resend it forever.
        TopicPartition tp = name == null || name.isEmpty() ? null : new TopicPartition(name, index);
        return new Proposal(tp, name, topicId, index, p.getInt(AlterPartitionRequest.Topics.Partitions.LEADER_EPOCH),
                List.copyOf(isr), memberEpochs,
                version >= 1 ? p.getByte(AlterPartitionRequest.Topics.Partitions.LEADER_RECOVERY_STATE) : PartitionState.RECOVERED, p.getInt(AlterPartitionRequest.Topics.Partitions.PARTITION_EPOCH));
    }

    private static Errors validate(ControllerContext ctx, short version, int brokerId, Proposal proposal) {
        VersionedPartitionState current = proposal.tp() == null ? null : ctx.states.get(proposal.tp());
        if (current == null || ctx.isFrozenForDeletion(proposal.topic())) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        PartitionState state = current.state();
        if (state.leader() != brokerId) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        if (proposal.leaderEpoch() != state.leaderEpoch()) {
            return Errors.FENCED_LEADER_EPOCH;
        }
        if (isUnchanged(state, proposal)) {
            return Errors.NONE;
        }
        if (proposal.partitionEpoch() != current.zkVersion()) {
            return Errors.INVALID_UPDATE_VERSION;
        }
        List<Integer> replicas = ctx.replicas(proposal.tp());
        boolean recoveringWithFollowers = proposal.recoveryState() != PartitionState.RECOVERED && proposal.isr().size() > 1;
        boolean backToRecovering = state.leaderRecoveryState() == PartitionState.RECOVERED
                && proposal.recoveryState() != PartitionState.RECOVERED;
        if (!proposal.isr().contains(brokerId) || !replicas.containsAll(proposal.isr())
                || new TreeSet<>(proposal.isr()).size() != proposal.isr().size() || recoveringWithFollowers || backToRecovering) {
            return Errors.INVALID_REQUEST;
        }
        for (int member : proposal.isr()) {
            RegisteredBroker live = ctx.liveBrokers.get(member);
            long statedEpoch = proposal.memberEpochs().getOrDefault(member, -1L);
            boolean joining = !state.isr().contains(member);
            if (live == null || (joining && ctx.shuttingDownBrokers.contains(member))
                    || (statedEpoch != -1 && statedEpoch != live.brokerEpoch())) {
                return version >= 2 ? Errors.INELIGIBLE_REPLICA : Errors.OPERATION_NOT_ATTEMPTED;
            }
        }
        return Errors.NONE;
    }

    private static boolean isUnchanged(PartitionState state, Proposal proposal) {
        return state.isr().equals(proposal.isr()) && state.leaderRecoveryState() == proposal.recoveryState();
    }

    /** Writes the valid proposals (fenced, conditional on their partition epochs); records outcomes. */
    private static Set<TopicPartition> write(ControllerTenure t, List<Proposal> proposals, Map<Proposal, Outcome> outcomes) {
        ControllerContext ctx = t.context;
        Set<TopicPartition> changed = new TreeSet<>();
        if (proposals.isEmpty()) {
            return changed;
        }
        List<VersionedPartitionState> writes = new ArrayList<>();
        for (Proposal proposal : proposals) {
            PartitionState current = ctx.states.get(proposal.tp()).state();
            PartitionState next = new PartitionState(current.leader(), current.leaderEpoch(), proposal.isr(), ctx.epoch,
                    proposal.recoveryState());
            writes.add(new VersionedPartitionState(proposal.tp(), next, proposal.partitionEpoch()));
        }
        Map<TopicPartition, PartitionStateUpdate> results = t.fence.updatePartitionStates(writes);
        List<TopicPartition> conflicts = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            Proposal proposal = proposals.get(i);
            VersionedPartitionState write = writes.get(i);
            PartitionStateUpdate result = results.get(proposal.tp());
            switch (result.status()) {
                case UPDATED -> {
                    VersionedPartitionState written = new VersionedPartitionState(proposal.tp(), write.state(),
                            result.newZkVersion());
                    ctx.states.put(proposal.tp(), written);
                    changed.add(proposal.tp());
                    outcomes.put(proposal, new Outcome(Errors.NONE, written));
                    log.info("Controller {} epoch {}: partition {} ISR now {} (partition epoch {}), asked by leader {}",
                            ctx.controllerId, ctx.epoch, proposal.tp(), write.state().isr(), result.newZkVersion(),
                            write.state().leader());
                }
                case VERSION_CONFLICT -> {
                    conflicts.add(proposal.tp());
                    outcomes.put(proposal, new Outcome(Errors.INVALID_UPDATE_VERSION, null));
                }
                case NO_NODE -> {
                    ctx.states.remove(proposal.tp());
                    outcomes.put(proposal, new Outcome(Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
                }
                case FAILED -> {
                    log.error("Controller {} epoch {}: ZooKeeper refused the ISR change of {} asked by leader {}",
                            ctx.controllerId, ctx.epoch, proposal.tp(), write.state().leader());
                    outcomes.put(proposal, new Outcome(Errors.UNKNOWN_SERVER_ERROR, null));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            ctx.states.putAll(t.zk.topics().getPartitionStates(conflicts));
        }
        return changed;
    }
}
