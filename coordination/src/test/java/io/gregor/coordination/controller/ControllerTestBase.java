package io.gregor.coordination.controller;

import io.gregor.clients.protocol.Struct;
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

    protected static Set<Integer> partitionsIn(Struct request) {
        Set<Integer> result = new TreeSet<>();
        for (Struct topic : request.getStructs("TopicStates")) {
            topic.getStructs("PartitionStates").forEach(p -> result.add(p.getInt("PartitionIndex")));
        }
        return result;
    }

    protected static Optional<Struct> partitionState(Struct request, String topic, int partition) {
        for (Struct t : request.getStructs("TopicStates")) {
            if (t.getString("TopicName").equals(topic)) {
                for (Struct p : t.getStructs("PartitionStates")) {
                    if (p.getInt("PartitionIndex") == partition) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
