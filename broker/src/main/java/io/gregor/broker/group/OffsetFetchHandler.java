package io.gregor.broker.group;

import io.gregor.broker.group.GroupCoordinator.GroupOffsets;
import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
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

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        Struct response = ApiMessages.response(ApiKey.OFFSET_FETCH).newStruct();
        if (version >= 8) {
            for (Struct g : request.getStructs("Groups")) {
                String groupId = g.getString("GroupId");
                Struct group = response.addElement("Groups").set("GroupId", groupId);
                GroupOffsets offsets = lookup(groupId);
                group.set("ErrorCode", offsets.error().code());
                if (offsets.error() == Errors.NONE) {
                    fill(group, requested(g), offsets, Errors.NONE);
                }
            }
            return CompletableFuture.completedFuture(response);
        }
        GroupOffsets offsets = lookup(request.getString("GroupId"));
        List<Requested> topics = requested(request);
        if (version >= 2) {
            response.set("ErrorCode", offsets.error().code());
            if (offsets.error() == Errors.NONE) {
                fill(response, topics, offsets, Errors.NONE);
            }
        } else {
            fill(response, topics == null ? List.of() : topics, offsets, offsets.error());
        }
        return CompletableFuture.completedFuture(response);
    }

    private GroupOffsets lookup(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return new GroupOffsets(Errors.INVALID_GROUP_ID, Map.of());
        }
        return coordinator.fetchOffsets(groupId);
    }

    private static List<Requested> requested(Struct holder) {
        List<Struct> topics = holder.getStructs("Topics");
        if (topics == null) {
            return null;
        }
        List<Requested> out = new ArrayList<>();
        for (Struct t : topics) {
            out.add(new Requested(t.getString("Name"), t.getArray("PartitionIndexes")));
        }
        return out;
    }

    /** Adds Topics[].Partitions[] to {@code holder}; {@code topics == null} means every committed partition. */
    private static void fill(Struct holder, List<Requested> topics, GroupOffsets offsets, Errors partitionError) {
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
            Struct t = byName.computeIfAbsent(r.name(), n -> holder.addElement("Topics").set("Name", n));
            for (int partition : r.partitions()) {
                CommittedOffset c = partitionError == Errors.NONE
                        ? offsets.offsets().get(new TopicPartition(r.name(), partition)) : null;
                t.addElement("Partitions").set("PartitionIndex", partition)
                        .set("CommittedOffset", c == null ? -1L : c.offset())
                        .set("CommittedLeaderEpoch", c == null ? -1 : c.leaderEpoch())
                        .set("Metadata", c == null ? "" : c.metadata())
                        .set("ErrorCode", partitionError.code());
            }
        }
    }
}
