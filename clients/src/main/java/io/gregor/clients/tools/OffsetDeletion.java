package io.gregor.clients.tools;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code gregor-consumer-groups.sh --delete-offsets --group g --topic t[:p,...]}: removes the
 * group's committed offsets of the named partitions (every partition of a topic named alone), with
 * Kafka's messages and its TOPIC / PARTITION / STATUS table. A partition of a topic the group
 * consumes is refused (GROUP_SUBSCRIBED_TO_TOPIC); so is every partition of a group that does not
 * exist or has members of another protocol. Returns 0 when every offset was removed, else 1 (the
 * error line on stderr).
 */
final class OffsetDeletion {
    private static final String FORMAT = "%-30s %-15s %-15s%n";
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private OffsetDeletion() {
    }

    static int run(GregorAdmin admin, String groupId, List<TopicPartition> explicitPartitions, List<String> wholeTopics,
                   List<String> topicArgs, PrintStream out, PrintStream err) {
        Map<TopicPartition, String> status = new TreeMap<>(ORDER);
        Set<TopicPartition> partitions = new LinkedHashSet<>(explicitPartitions);
        for (String topic : wholeTopics) {
            try {
                admin.describeTopics(List.of(topic)).get(topic).partitions().stream()
                        .map(PartitionInfo::topicPartition).forEach(partitions::add);
            } catch (GregorApiException e) {
                status.put(new TopicPartition(topic, -1), "Error: " + Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
            }
        }
        Errors topLevel = status.isEmpty() ? Errors.NONE : Errors.UNKNOWN_TOPIC_OR_PARTITION;
        try {
            Map<TopicPartition, Errors> results = partitions.isEmpty() ? Map.of()
                    : admin.deleteConsumerGroupOffsets(groupId, partitions);
            for (TopicPartition tp : partitions) {
                Errors error = results.getOrDefault(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                status.put(tp, error == Errors.NONE ? "Successful" : "Error: " + error.message());
                if (error != Errors.NONE && topLevel == Errors.NONE) {
                    topLevel = error;
                }
            }
        } catch (GregorApiException e) {
            topLevel = e.error();
            partitions.forEach(tp -> status.put(tp, "Error: " + e.getMessage()));
        }
        switch (topLevel) {
            case NONE -> out.println("Request succeed for deleting offsets with topic " + String.join(", ", topicArgs)
                    + " group " + groupId);
            case INVALID_GROUP_ID -> err.println("Error: '" + groupId + "' is not valid.");
            case GROUP_ID_NOT_FOUND -> err.println("Error: '" + groupId + "' does not exist.");
            case NON_EMPTY_GROUP -> err.println("Error: Deleting offsets of a consumer group '" + groupId
                    + "' is forbidden if the group is not empty.");
            case GROUP_SUBSCRIBED_TO_TOPIC, UNKNOWN_TOPIC_OR_PARTITION ->
                    err.println("Error: Encounter some partition level error, see the follow-up details:");
            default -> err.println("Error: Encounter some unknown error: " + topLevel);
        }
        out.println();
        out.printf(FORMAT, "TOPIC", "PARTITION", "STATUS");
        status.forEach((tp, s) -> out.printf(FORMAT, tp.topic(), tp.partition() >= 0 ? tp.partition() : "Not Provided", s));
        return topLevel == Errors.NONE ? 0 : 1;
    }
}
