package io.gregor.broker.group;

import io.gregor.broker.group.GroupCoordinator.GroupOffsets;
import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.OffsetFetchRequest;
import io.gregor.clients.protocol.schemas.OffsetFetchResponse;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch v0-9 (v8+ several groups). Requested partitions without a commit answer offset -1;
 * a null topic list (v2+) answers every committed partition of the group. A group this broker does
 * not coordinate answers NOT_COORDINATOR: per partition in v0-1, at the top level in v2-7, per
 * group in v8+.
 */
final class OffsetFetchHandler implements ApiHandler {
    private final GroupCoordinator coordinator;

    OffsetFetchHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    private record Requested(String name, List<Integer> partitions) {
    }

    /** Where a request lists its topics: at the top level (v0-7) or per group (v8+). */
    private record RequestLayout(Field<List<Struct>> topics, Field<String> name, Field<List<Integer>> partitions) {
        static final RequestLayout TOP_LEVEL = new RequestLayout(OffsetFetchRequest.TOPICS,
                OffsetFetchRequest.Topics.NAME, OffsetFetchRequest.Topics.PARTITION_INDEXES);
        static final RequestLayout PER_GROUP = new RequestLayout(OffsetFetchRequest.Groups.TOPICS,
                OffsetFetchRequest.Groups.Topics.NAME, OffsetFetchRequest.Groups.Topics.PARTITION_INDEXES);
    }

    /** Where a response answers per topic and partition: at the top level (v0-7) or per group (v8+). */
    private record ResponseLayout(Field<List<Struct>> topics, Field<String> name, Field<List<Struct>> partitions,
                                  Field<Integer> partitionIndex, Field<Long> committedOffset,
                                  Field<Integer> committedLeaderEpoch, Field<String> metadata, Field<Short> errorCode) {
        static final ResponseLayout TOP_LEVEL = new ResponseLayout(OffsetFetchResponse.TOPICS,
                OffsetFetchResponse.Topics.NAME, OffsetFetchResponse.Topics.PARTITIONS,
                OffsetFetchResponse.Topics.Partitions.PARTITION_INDEX,
                        OffsetFetchResponse.Topics.Partitions.COMMITTED_OFFSET,
                OffsetFetchResponse.Topics.Partitions.COMMITTED_LEADER_EPOCH,
                        OffsetFetchResponse.Topics.Partitions.METADATA,
                OffsetFetchResponse.Topics.Partitions.ERROR_CODE);
        static final ResponseLayout PER_GROUP = new ResponseLayout(OffsetFetchResponse.Groups.TOPICS,
                OffsetFetchResponse.Groups.Topics.NAME, OffsetFetchResponse.Groups.Topics.PARTITIONS,
                OffsetFetchResponse.Groups.Topics.Partitions.PARTITION_INDEX,
                OffsetFetchResponse.Groups.Topics.Partitions.COMMITTED_OFFSET,
                OffsetFetchResponse.Groups.Topics.Partitions.COMMITTED_LEADER_EPOCH,
                OffsetFetchResponse.Groups.Topics.Partitions.METADATA,
                        OffsetFetchResponse.Groups.Topics.Partitions.ERROR_CODE);
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        boolean requireStable = version >= 7 && request.getBool(OffsetFetchRequest.REQUIRE_STABLE);
        Struct response = ApiMessages.response(ApiKey.OFFSET_FETCH).newStruct();
        if (version >= 8) {
            for (Struct g : request.getStructs(OffsetFetchRequest.GROUPS)) {
                String groupId = g.getString(OffsetFetchRequest.Groups.GROUP_ID);
                Struct group = response.addElement(OffsetFetchResponse.GROUPS)
                        .set(OffsetFetchResponse.Groups.GROUP_ID, groupId);
                GroupOffsets offsets = lookup(groupId);
                group.set(OffsetFetchResponse.Groups.ERROR_CODE, offsets.error().code());
                if (offsets.error() == Errors.NONE) {
                    fill(group, ResponseLayout.PER_GROUP, requested(g, RequestLayout.PER_GROUP), offsets, Errors.NONE,
                            requireStable);
                }
            }
            return CompletableFuture.completedFuture(response);
        }
        GroupOffsets offsets = lookup(request.getString(OffsetFetchRequest.GROUP_ID));
        List<Requested> topics = requested(request, RequestLayout.TOP_LEVEL);
        if (version >= 2) {
            response.set(OffsetFetchResponse.ERROR_CODE, offsets.error().code());
            if (offsets.error() == Errors.NONE) {
                fill(response, ResponseLayout.TOP_LEVEL, topics, offsets, Errors.NONE, requireStable);
            }
        } else {
            fill(response, ResponseLayout.TOP_LEVEL, topics == null ? List.of() : topics, offsets, offsets.error(), false);
        }
        return CompletableFuture.completedFuture(response);
    }

    private GroupOffsets lookup(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return new GroupOffsets(Errors.INVALID_GROUP_ID, Map.of());
        }
        return coordinator.fetchOffsets(groupId);
    }

    private static List<Requested> requested(Struct holder, RequestLayout layout) {
        List<Struct> topics = holder.getStructs(layout.topics());
        if (topics == null) {
            return null;
        }
        List<Requested> out = new ArrayList<>();
        for (Struct t : topics) {
            out.add(new Requested(t.getString(layout.name()), t.getArray(layout.partitions())));
        }
        return out;
    }

    /**
     * Adds Topics[].Partitions[] to {@code holder}; {@code topics == null} means every committed
     * partition. With {@code requireStable} (v7+, read_committed consumers) a partition with a
     * transactional commit waiting for its marker answers UNSTABLE_OFFSET_COMMIT, as Kafka does.
     */
    private static void fill(Struct holder, ResponseLayout layout, List<Requested> topics, GroupOffsets offsets,
                             Errors partitionError, boolean requireStable) {
        List<Requested> effective = topics;
        if (effective == null) {
            Map<String, List<Integer>> all = new TreeMap<>();
            offsets.offsets().keySet().forEach(tp -> all.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
            effective = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> e : all.entrySet()) {
                e.getValue().sort(null);
                effective.add(new Requested(e.getKey(), e.getValue()));
            }
        }
        Map<String, Struct> byName = new LinkedHashMap<>();
        for (Requested r : effective) {
            Struct t = byName.computeIfAbsent(r.name(), n -> holder.addElement(layout.topics()).set(layout.name(), n));
            for (int partition : r.partitions()) {
                TopicPartition tp = new TopicPartition(r.name(), partition);
                Errors error = requireStable && partitionError == Errors.NONE && offsets.unstable().contains(tp)
                        ? Errors.UNSTABLE_OFFSET_COMMIT : partitionError;
                CommittedOffset c = error == Errors.NONE ? offsets.offsets().get(tp) : null;
                t.addElement(layout.partitions()).set(layout.partitionIndex(), partition)
                        .set(layout.committedOffset(), c == null ? -1L : c.offset())
                        .set(layout.committedLeaderEpoch(), c == null ? -1 : c.leaderEpoch())
                        .set(layout.metadata(), c == null ? "" : c.metadata())
                        .set(layout.errorCode(), error.code());
            }
        }
    }
}
