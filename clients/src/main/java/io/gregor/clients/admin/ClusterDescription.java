package io.gregor.clients.admin;

import io.gregor.clients.network.Node;
import java.util.List;

/** The cluster id, the controller (null when none is known) and the live brokers sorted by id. */
public record ClusterDescription(String clusterId, Node controller, List<Node> nodes) {
    public ClusterDescription {
        nodes = List.copyOf(nodes);
    }
}
