package io.gregor.coordination.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.PartitionState;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link ClusterSnapshot} as a readable tree (one line per broker, topic and partition) or
 * as one JSON document. Both show the same facts; absent values are "none" in the tree and null in JSON.
 */
final class ClusterRendering {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClusterRendering() {
    }

    static String tree(ClusterSnapshot s, String zookeeper) {
        StringBuilder b = new StringBuilder();
        b.append("Cluster ").append(s.clusterId().orElse("none (no broker has started against this ZooKeeper path)"))
                .append(" (ZooKeeper ").append(zookeeper).append(")\n");
        b.append("├── Controller: ").append(s.controller()
                .map(c -> "broker " + c.brokerId() + " (epoch " + c.epoch() + ")").orElse("none")).append('\n');
        b.append("├── Brokers (").append(s.brokers().size()).append(")\n");
        for (int i = 0; i < s.brokers().size(); i++) {
            BrokerInfo broker = s.brokers().get(i);
            b.append("│   ").append(i == s.brokers().size() - 1 ? "└── " : "├── ").append("broker ").append(broker.brokerId())
                    .append("  ").append(broker.endpoints().stream().map(EndPoint::connectionString).collect(Collectors.joining(",")))
                    .append("  rack: ").append(broker.rack() == null ? "none" : broker.rack()).append('\n');
        }
        b.append("└── Topics (").append(s.topics().size()).append(")\n");
        for (int t = 0; t < s.topics().size(); t++) {
            ClusterSnapshot.Topic topic = s.topics().get(t);
            boolean lastTopic = t == s.topics().size() - 1;
            b.append("    ").append(lastTopic ? "└── " : "├── ").append(topic.name())
                    .append("  id: ").append(topic.topicId() == null ? "none" : topic.topicId())
                    .append("  partitions: ").append(topic.partitions().size())
                    .append(topic.markedForDeletion() ? "  (marked for deletion)" : "").append('\n');
            String indent = "    " + (lastTopic ? "    " : "│   ");
            for (int p = 0; p < topic.partitions().size(); p++) {
                ClusterSnapshot.Partition part = topic.partitions().get(p);
                b.append(indent).append(p == topic.partitions().size() - 1 ? "└── " : "├── ")
                        .append("partition ").append(part.partition()).append("  ");
                if (part.state().isPresent()) {
                    PartitionState st = part.state().get();
                    b.append("leader: ").append(st.leader() == PartitionState.NO_LEADER ? "none" : String.valueOf(st.leader()))
                            .append("  leader epoch: ").append(st.leaderEpoch());
                } else {
                    b.append("leader: none  (no state yet)");
                }
                b.append("  replicas: ").append(ids(part.replicas()));
                b.append("  isr: ").append(part.state().map(st -> ids(st.isr())).orElse("none")).append('\n');
            }
        }
        return b.toString();
    }

    private static String ids(List<Integer> ids) {
        return ids.isEmpty() ? "none" : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static String json(ClusterSnapshot s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("cluster_id", s.clusterId().orElse(null));
        if (s.controller().isPresent()) {
            root.putObject("controller").put("broker_id", s.controller().get().brokerId())
                    .put("epoch", s.controller().get().epoch());
        } else {
            root.putNull("controller");
        }
        ArrayNode brokers = root.putArray("brokers");
        for (BrokerInfo broker : s.brokers()) {
            ObjectNode n = brokers.addObject().put("id", broker.brokerId());
            ArrayNode endpoints = n.putArray("endpoints");
            broker.endpoints().forEach(e -> endpoints.add(e.connectionString()));
            n.put("rack", broker.rack());
        }
        ArrayNode topics = root.putArray("topics");
        for (ClusterSnapshot.Topic topic : s.topics()) {
            ObjectNode n = topics.addObject().put("name", topic.name()).put("topic_id", topic.topicId())
                    .put("marked_for_deletion", topic.markedForDeletion());
            ArrayNode partitions = n.putArray("partitions");
            for (ClusterSnapshot.Partition part : topic.partitions()) {
                ObjectNode p = partitions.addObject().put("partition", part.partition());
                if (part.state().isPresent()) {
                    PartitionState st = part.state().get();
                    p.put("leader", st.leader()).put("leader_epoch", st.leaderEpoch());
                } else {
                    p.putNull("leader").putNull("leader_epoch");
                }
                ArrayNode replicas = p.putArray("replicas");
                part.replicas().forEach(replicas::add);
                if (part.state().isPresent()) {
                    ArrayNode isr = p.putArray("isr");
                    part.state().get().isr().forEach(isr::add);
                } else {
                    p.putNull("isr");
                }
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the cluster snapshot as JSON", e);
        }
    }
}
