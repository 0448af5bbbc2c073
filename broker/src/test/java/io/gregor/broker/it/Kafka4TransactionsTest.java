package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.protocol.ApiKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's acceptance for the Apache Java client 4.x ({@link Kafka4TransactionsDriver} in its own
 * JVM) against three in-process brokers: a transactional producer commits one transaction and aborts
 * the next, read_committed sees exactly the committed records, read_uncommitted both, and a second
 * producer with the same transactional.id fences the first; a read-process-write copy commits its
 * group's offsets with sendOffsetsToTransaction. Gregor finalizes no
 * {@code transaction.version} feature, so the 4.x client must run transactions V1 (partitions added
 * with AddPartitionsToTxn, EndTxn below v5, Produce below v12): the brokers record the versions they
 * were sent (each broker advertises a proxy that notes the API versions passing through it), and
 * the test checks them.
 */
class Kafka4TransactionsTest {
    private static final int BROKERS = 3;
    private static final List<DelayingProxy> PROXIES = new ArrayList<>();
    private static GregorCluster cluster;
    private static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorCluster.start();
        List<GregorServer> servers = new ArrayList<>();
        for (int id = 0; id < BROKERS; id++) {
            // delays nothing (LeaderAndIsr by 0 ms): there to note the versions of the requests it passes
            DelayingProxy proxy = new DelayingProxy(ApiKey.LEADER_AND_ISR, Duration.ZERO);
            PROXIES.add(proxy);
            Map<String, String> overrides = Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port(),
                    "transaction.state.log.num.partitions", "3", "offsets.topic.num.partitions", "3");
            GregorServer server = id == 0 ? cluster.startInProcessBroker(id, overrides)
                    : cluster.joinInProcessBroker(id, overrides);
            proxy.forwardTo(new InetSocketAddress("127.0.0.1", server.boundPort("PLAINTEXT")));
            servers.add(server);
        }
        Awaitility.await("every broker knows all three").atMost(GregorCluster.STARTUP_TIMEOUT).until(() ->
                servers.stream().allMatch(s -> s.metadataCache().aliveBrokers().size() == BROKERS));
        bootstrap = "127.0.0.1:" + PROXIES.get(0).port();
    }

    @AfterAll
    static void stop() throws Exception {
        PROXIES.forEach(DelayingProxy::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    /** "Title vN" of every request of {@code api} that went through the proxies. */
    private static Set<String> versionsSeen(ApiKey api) {
        Set<String> seen = new TreeSet<>();
        PROXIES.forEach(p -> p.requestsSeen().stream().filter(r -> r.apiKey() == api.id)
                .forEach(r -> seen.add(api.title + " v" + r.version())));
        return seen;
    }

    @Test
    void kafka4ProducerCommitsAndAbortsReadCommittedSeesOnlyTheCommittedASecondProducerFencesTheFirstAndOffsetsCommitWithTheTransaction()
            throws Exception {
        ExternalCommand.Result result = Kafka4Run.run(Kafka4TransactionsDriver.class, List.of(bootstrap));
        List<String> lines = result.stdout().lines().toList();
        assertEquals(List.of(
                "finalized features []",
                "committed 4, aborted 3",
                "read_committed [committed-0, committed-1, committed-2, committed-3]",
                "read_uncommitted [aborted-0, aborted-1, aborted-2, committed-0, committed-1, committed-2, committed-3]",
                "first producer fenced ProducerFencedException",
                "fenced topic read_committed [from-the-successor]",
                "copy read_committed [copy-of-committed-0, copy-of-committed-1, copy-of-committed-2, copy-of-committed-3]",
                // each partition: two committed records, their marker, three aborted records' share and their marker
                "group " + Kafka4TransactionsDriver.GROUP + " offsets of " + Kafka4TransactionsDriver.TOPIC + " {0=6, 1=5}",
                "OK"), lines.subList(1, lines.size()), result.describe("output"));

        Set<String> seen = new TreeSet<>();
        seen.addAll(versionsSeen(ApiKey.ADD_PARTITIONS_TO_TXN));
        seen.addAll(versionsSeen(ApiKey.END_TXN));
        seen.addAll(versionsSeen(ApiKey.PRODUCE));
        seen.addAll(versionsSeen(ApiKey.TXN_OFFSET_COMMIT));
        System.out.println("Kafka 4.x transactional requests seen: " + seen);
        // v0-3 are producers' (v4+ are the partition leaders' KIP-890 verifications, which also pass the proxies)
        assertTrue(seen.stream().anyMatch(v -> v.matches("AddPartitionsToTxn v[0-3]")),
                "transactions V1: the producer adds partitions with AddPartitionsToTxn; seen " + seen);
        assertTrue(seen.stream().anyMatch(v -> v.startsWith("EndTxn v")), "no EndTxn seen: " + seen);
        assertTrue(seen.stream().anyMatch(v -> v.startsWith("TxnOffsetCommit v")), "no TxnOffsetCommit seen: " + seen);
        assertFalse(seen.contains("EndTxn v5") || seen.contains("Produce v12"),
                "transactions V2 requests without a finalized transaction.version; seen " + seen);
        assertFalse(seen.contains("TxnOffsetCommit v5"), "TxnOffsetCommit v5 is transactions V2's; seen " + seen);
    }
}
