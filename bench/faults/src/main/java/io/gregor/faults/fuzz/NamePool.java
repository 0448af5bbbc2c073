package io.gregor.faults.fuzz;

import java.util.List;
import java.util.Random;

/**
 * The names the fuzzer's requests use for topics, groups, members and clients: a few of each, so
 * that valid requests hit real topics and groups (and do not create thousands), never the verified
 * load's own topic and group (with no authorization, a valid DeleteTopics or AlterConfigs of those
 * would be a legitimate loss, not a finding). Immutable.
 */
record NamePool(List<String> topics, List<String> groups, String avoidTopic, String avoidGroup) {

    static NamePool standard(String avoidTopic, String avoidGroup) {
        return new NamePool(List.of("fuzz-a", "fuzz-b", "fuzz-c"), List.of("fuzz-group-1", "fuzz-group-2"),
                avoidTopic, avoidGroup);
    }

    String topic(Random random) {
        return topics.get(random.nextInt(topics.size()));
    }

    String group(Random random) {
        return groups.get(random.nextInt(groups.size()));
    }
}
