package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Controller tests' fixture: fake brokers (real sockets, real registrations), controllers with
 * their elections on their own ZooKeeper sessions, closed after each test, and readers of the
 * requests the brokers got.
 */
abstract class ControllerTestBase extends ZooKeeperTestBase {

    protected final List<AutoCloseable> toClose = new ArrayList<>();
    protected final List<FakeBroker> brokers = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    protected FakeBroker broker(int id) throws Exception {
        FakeBroker broker = new FakeBroker(id, fixture.client(chroot), null);
        brokers.add(broker);
        toClose.add(broker);
        return broker;
    }

    protected record Controller(ControllerElection election, KafkaController controller) {
    }

    protected Controller controller(int id) {
        return controller(id, ControllerConfig.defaults());
    }

    protected Controller controller(int id, ControllerConfig config) {
        GregorZkClient client = fixture.client(chroot);
        KafkaController controller = new KafkaController(client, id, config);
        ControllerElection election = new ControllerElection(client, id, controller);
        toClose.add(controller);
        toClose.add(election);
        election.start();
        return new Controller(election, controller);
    }

    protected VersionedPartitionState awaitState(TopicPartition tp, Predicate<PartitionState> condition) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> zk.topics().getPartitionState(tp),
                s -> s.isPresent() && condition.test(s.get().state())).orElseThrow();
    }

    /** Where LeaderAndIsr, UpdateMetadata and StopReplica requests (v2+ / v5+ / v3+) list their partitions. */
    private record PartitionLayout(Field<List<Struct>> topics, Field<String> topicName, Field<List<Struct>> partitions,
                                   Field<Integer> partitionIndex) {
        static PartitionLayout of(Struct request) {
            ApiKey key = ApiKey.forId(ApiMessages.specOf(request.schema()).apiKey());
            return switch (key) {
                case LEADER_AND_ISR -> new PartitionLayout(LeaderAndIsrRequest.TOPIC_STATES,
                        LeaderAndIsrRequest.TopicStates.TOPIC_NAME, LeaderAndIsrRequest.TopicStates.PARTITION_STATES,
                        LeaderAndIsrRequest.LeaderAndIsrPartitionState.PARTITION_INDEX);
                case UPDATE_METADATA -> new PartitionLayout(UpdateMetadataRequest.TOPIC_STATES,
                        UpdateMetadataRequest.TopicStates.TOPIC_NAME,
                                UpdateMetadataRequest.TopicStates.PARTITION_STATES,
                        UpdateMetadataRequest.UpdateMetadataPartitionState.PARTITION_INDEX);
                case STOP_REPLICA -> new PartitionLayout(StopReplicaRequest.TOPIC_STATES,
                        StopReplicaRequest.TopicStates.TOPIC_NAME, StopReplicaRequest.TopicStates.PARTITION_STATES,
                        StopReplicaRequest.TopicStates.PartitionStates.PARTITION_INDEX);
                default -> throw new IllegalArgumentException(key + " has no partition states");
            };
        }
    }

    /** The partitions a LeaderAndIsr, UpdateMetadata or StopReplica request names. */
    protected static Set<Integer> partitionsIn(Struct request) {
        PartitionLayout layout = PartitionLayout.of(request);
        Set<Integer> result = new TreeSet<>();
        for (Struct topic : request.getStructs(layout.topics())) {
            topic.getStructs(layout.partitions()).forEach(p -> result.add(p.getInt(layout.partitionIndex())));
        }
        return result;
    }

    /** The state a LeaderAndIsr, UpdateMetadata or StopReplica request carries for one partition. */
    protected static Optional<Struct> partitionState(Struct request, String topic, int partition) {
        PartitionLayout layout = PartitionLayout.of(request);
        for (Struct t : request.getStructs(layout.topics())) {
            if (t.getString(layout.topicName()).equals(topic)) {
                for (Struct p : t.getStructs(layout.partitions())) {
                    if (p.getInt(layout.partitionIndex()) == partition) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
