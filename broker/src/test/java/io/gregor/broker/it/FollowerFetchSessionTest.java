package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.fetcher.FetchSessionStats.Totals;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Followers fetch in incremental fetch sessions (KIP-227): two brokers, 1,000 partitions with two
 * replicas, so each broker follows 500 from the other. Once every replica is in sync, a follower's
 * Fetch lists only the partitions whose fetch offset moved and its answer carries only those with
 * news, instead of all 500 each time; the records still reach every follower, and the quiet
 * partitions, which the fetches no longer name, stay in sync past {@code replica.lag.time.max.ms}.
 */
class FollowerFetchSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 1_000;
    private static final int WRITTEN = 10;
    /** A window of this many fetches (of up to replica.fetch.wait.max.ms, 500 ms, each) outlasts the lag time. */
    private static final int STEADY_REQUESTS = 20;
    /** The windows that need not outlast it (settling, writing). */
    private static final int SHORT_WINDOW = 8;
    private static final long REPLICA_LAG_MS = 8_000;
    private static final String ISR_SHRINKS = "kafka.server:type=ReplicaManager,name=IsrShrinksPerSec";

    @Test
    void inSteadyStateAFollowerFetchListsAndGetsBackOnlyPartitionsWithNews() throws Exception {
        try (InProcessBrokers c = InProcessBrokers.start(2,
                Map.of("replica.lag.time.max.ms", Long.toString(REPLICA_LAG_MS)), WAIT)) {
            c.admin().createTopics(List.of(new NewTopic("sessions", PARTITIONS, (short) 2))).all().get(60, TimeUnit.SECONDS);
            await("every replica in sync").atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        TopicDescription d = c.admin().describeTopics(List.of("sessions")).allTopicNames()
                                .get(10, TimeUnit.SECONDS).get("sessions");
                        return d.partitions().size() == PARTITIONS
                                && d.partitions().stream().allMatch(p -> p.isr().size() == 2);
                    });
            GregorServer[] brokers = c.brokers();
            long shrinksBefore = isrShrinks(brokers);
            // a new partition's ISR starts full: its follower may still be truncating or backed off a moment
            Totals[] settling = window(brokers, SHORT_WINDOW, () -> { });
            Totals[] idle = window(brokers, STEADY_REQUESTS, () -> { });
            Totals[] writing = window(brokers, SHORT_WINDOW, () -> {
                try (KafkaProducer<String, String> producer = ApacheClients.producer(c.bootstrap(), Map.of("acks", "all"))) {
                    for (int p = 0; p < WRITTEN; p++) {
                        producer.send(new ProducerRecord<>("sessions", p, null, "v" + p)).get(30, TimeUnit.SECONDS);
                    }
                }
            });
            for (int i = 0; i < brokers.length; i++) {
                report(i, "settling after creation", settling[i]);
                report(i, "idle", idle[i]);
                report(i, WRITTEN + " records written", writing[i]);
            }
            // every follower has the records, and no replica fell out of sync while its partition was quiet
            for (int p = 0; p < WRITTEN; p++) {
                TopicPartition tp = new TopicPartition("sessions", p);
                for (GregorServer b : brokers) {
                    await().atMost(WAIT).until(() -> b.replicaManager().partition(tp)
                            .map(partition -> partition.logEndOffset() == 1L).orElse(false));
                }
            }
            assertEquals(shrinksBefore, isrShrinks(brokers), "no ISR shrank while the partitions were quiet");
            assertTrue(c.admin().describeTopics(List.of("sessions")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("sessions").partitions().stream().allMatch(p -> p.isr().size() == 2));
            for (Totals[] window : List.of(idle, writing)) {
                for (Totals t : window) {
                    assertTrue(t.partitionsSent() < t.requests() * (PARTITIONS / 20.0), "partitions listed: " + t);
                    assertTrue(t.partitionsAnswered() < t.requests() * (PARTITIONS / 20.0), "partitions answered: " + t);
                }
            }
        }
    }

    private static long isrShrinks(GregorServer[] brokers) {
        long shrinks = 0;
        for (GregorServer b : brokers) {
            shrinks += b.metrics().registry().meter(ISR_SHRINKS).getCount();
        }
        return shrinks;
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What each broker's follower fetches listed and got back while {@code action} ran and until each sent {@code requests} more. */
    private static Totals[] window(GregorServer[] brokers, int requests, Action action) throws Exception {
        Totals[] before = new Totals[brokers.length];
        for (int i = 0; i < brokers.length; i++) {
            before[i] = brokers[i].replicaManager().fetchSessionTotals();
        }
        action.run();
        Totals[] during = new Totals[brokers.length];
        for (int i = 0; i < brokers.length; i++) {
            GregorServer b = brokers[i];
            Totals start = before[i];
            await().atMost(WAIT).until(() -> b.replicaManager().fetchSessionTotals().minus(start).requests()
                    >= requests);
            during[i] = b.replicaManager().fetchSessionTotals().minus(start);
        }
        return during;
    }

    private static void report(int broker, String what, Totals t) {
        System.out.printf("broker %d, %s: %d fetches (%d full), %.2f partitions listed and %.2f answered per fetch%n",
                broker, what, t.requests(), t.fullRequests(), (double) t.partitionsSent() / t.requests(),
                (double) t.partitionsAnswered() / t.requests());
    }
}
