package io.gregor.faults.harness;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the cluster says about itself, as a client sees it (the Apache Admin client): partition
 * leaders and ISRs, the controller, the live brokers, a group's coordinator and state. Every call
 * is bounded; a call that fails or times out throws {@link ViewUnavailable}, and the caller decides
 * whether to poll again.
 */
final class ClusterView implements AutoCloseable {
    private static final long CALL_TIMEOUT_MS = 10_000;

    /** One partition's leader (-1: none), replicas and ISR. */
    record PartitionState(int partition, int leader, List<Integer> replicas, List<Integer> isr) {
        boolean fullyReplicated() {
            return leader >= 0 && isr.size() == replicas.size() && !replicas.isEmpty();
        }
    }

    private final Admin admin;

    ClusterView(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "faults-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CALL_TIMEOUT_MS));
        props.put(AdminClientConfig.METADATA_MAX_AGE_CONFIG, "1000");
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        this.admin = Admin.create(props);
    }

    /**
     * Creates the topic and waits until every partition has a leader: a big topic's CreateTopics may
     * time out (the brokers answer once every partition is led, within the call's timeout) while its
     * creation goes on, so a timeout (or the topic found existing by the client's retry) is followed by
     * polling the topic, up to {@code leadersWithinMs}.
     */
    void createTopic(String topic, int partitions, short replicationFactor, Map<String, String> configs,
                     long leadersWithinMs) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor).configs(configs))).all()
                    .get(CALL_TIMEOUT_MS + 2_000, TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException e) {
            // a timeout, or an exists after the client's retry of a request that timed out (the
            // cluster is fresh): the creation goes on
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
                    && !(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new ViewUnavailable(String.valueOf(e.getCause()));
            }
        } catch (TimeoutException e) {
            // the creation goes on: wait for the leaders below
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leadersWithinMs);
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                Map<Integer, PartitionState> states = partitions(topic);
                long led = states.values().stream().filter(p -> p.leader() >= 0).count();
                if (states.size() == partitions && led == partitions) {
                    return;
                }
                last = led + " of " + partitions + " partitions led";
            } catch (ViewUnavailable e) {
                last = e.getMessage();
            }
            Thread.sleep(500); // polling interval of a bounded wait
        }
        throw new ViewUnavailable("the partitions of " + topic + " have no leaders after " + leadersWithinMs + " ms: " + last);
    }

    Map<Integer, PartitionState> partitions(String topic) {
        TopicDescription description = await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
        Map<Integer, PartitionState> states = new HashMap<>();
        for (TopicPartitionInfo info : description.partitions()) {
            states.put(info.partition(), new PartitionState(info.partition(),
                    info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id(),
                    info.replicas().stream().map(Node::id).toList(), info.isr().stream().map(Node::id).toList()));
        }
        return states;
    }

    int leader(String topic, int partition) {
        PartitionState state = partitions(topic).get(partition);
        if (state == null || state.leader() < 0) {
            throw new ViewUnavailable(topic + "-" + partition + " has no leader");
        }
        return state.leader();
    }

    /** The active controller's id, or -1 if the cluster names none. */
    int controller() {
        DescribeClusterResult cluster = admin.describeCluster();
        Node controller = await(cluster.controller());
        return controller == null || controller.isEmpty() ? -1 : controller.id();
    }

    Set<Integer> liveBrokers() {
        Set<Integer> ids = new HashSet<>();
        for (Node node : await(admin.describeCluster().nodes())) {
            ids.add(node.id());
        }
        return ids;
    }

    ConsumerGroupDescription group(String group) {
        return await(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
    }

    int coordinator(String group) {
        Node coordinator = group(group).coordinator();
        if (coordinator == null || coordinator.isEmpty()) {
            throw new ViewUnavailable("group " + group + " has no coordinator");
        }
        return coordinator.id();
    }

    /** The broker that coordinates the transactional id now (FindCoordinator, through DescribeTransactions). */
    int transactionCoordinator(String transactionalId) {
        return await(admin.describeTransactions(List.of(transactionalId)).description(transactionalId)).coordinatorId();
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT_MS + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ViewUnavailable(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new ViewUnavailable("no answer within " + (CALL_TIMEOUT_MS + 2_000) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViewUnavailable("interrupted");
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }

    /** The cluster could not say (no answer, or an error answer). */
    static final class ViewUnavailable extends RuntimeException {
        ViewUnavailable(String message) {
            super(message);
        }
    }
}
