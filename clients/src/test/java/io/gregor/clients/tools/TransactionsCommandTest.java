package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.ProducerState;
import io.gregor.clients.admin.TransactionDescription;
import io.gregor.clients.admin.TransactionListing;
import io.gregor.clients.network.ScriptedBroker;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse.Topics.Partitions.ActiveProducers;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.DescribeTransactionsResponse;
import io.gregor.clients.protocol.schemas.DescribeTransactionsResponse.TransactionStates;
import io.gregor.clients.protocol.schemas.ListTransactionsResponse;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** gregor-transactions.sh: its arguments, Kafka's table layout, and its requests against a scripted broker. */
class TransactionsCommandTest {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TransactionsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String printed(java.util.function.Consumer<PrintStream> print) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        print.accept(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsEveryCommandsOptionsToStdoutAndExitsZero() {
        Outcome o = run("--help");
        assertEquals(0, o.code);
        for (String option : List.of("--bootstrap-server", "--command-config", "--transactional-id", "--start-offset",
                "--producer-epoch", "--coordinator-epoch", "--broker-id", "--duration-filter")) {
            assertTrue(o.out.contains(option), option + " in " + o.out);
        }
        assertEquals("", o.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "list",
            "--bootstrap-server h:1",
            "--bootstrap-server h:1 frobnicate",
            "--bootstrap-server h:1 find-hanging",
            "--bootstrap-server h:1 list extra",
            "--bootstrap-server h:1 list --duration-filter soon",
            "--bootstrap-server h:1 list --transactional-id t",
            "--bootstrap-server h:1 describe",
            "--bootstrap-server h:1 describe-producers --topic t",
            "--bootstrap-server h:1 describe-producers --partition 0",
            "--bootstrap-server h:1 describe-producers --topic t --partition x",
            "--bootstrap-server h:1 describe-producers --topic t --partition -1",
            "--bootstrap-server h:1 abort --topic t --partition 0",
            "--bootstrap-server h:1 abort --topic t --partition 0 --producer-id 5",
            "--bootstrap-server h:1 abort --topic t --partition 0 --producer-id 5 --producer-epoch 1",
            "--bootstrap-server h:1 abort --topic t --partition 0 --producer-id 5 --producer-epoch 40000 --coordinator-epoch 1",
            "--bootstrap-server h:1 abort --topic t --partition 0 --start-offset 1 --start-offset 2",
            "--bootstrap-server h:1 describe --transactional-id a --bogus 1"})
    void badArgumentsPrintUsageToStderrAndExitOne(String args) {
        Outcome o = run(args.split(" "));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("Option"), o.err);
        assertEquals("", o.out);
    }

    @Test
    void tablesFollowKafkasLayout() {
        String list = printed(out -> TransactionsOutput.list(Map.of(2, List.of(
                new TransactionListing("copier-1", 4000L, "Ongoing"))), out));
        assertEquals("TransactionalId\tCoordinator\tProducerId\tTransactionState\t\n"
                + "copier-1       \t2          \t4000      \tOngoing         \t\n", list);
        String describe = printed(out -> TransactionsOutput.describe(new TransactionDescription(1, "copier-1",
                "Ongoing", 4000L, (short) 3, 60000, 1000L, List.of(new TopicPartition("out", 0),
                new TopicPartition("out", 2))), 1500L, out));
        String[] lines = describe.split("\n");
        assertEquals(List.of("1", "copier-1", "4000", "3", "Ongoing", "60000", "1000", "500", "out-0,out-2"),
                List.of(lines[1].split("\t")).stream().map(String::trim).toList());
        String producers = printed(out -> TransactionsOutput.producers(List.of(
                new ProducerState(7L, 0, 4, 99L, -1, -1L)), out));
        assertEquals(List.of("7", "0", "-1", "4", "99", "None"),
                List.of(producers.split("\n")[1].split("\t")).stream().map(String::trim).toList());
    }

    @Test
    void abortByStartOffsetWritesAnAbortMarkerForTheProducerWhoseTransactionStartsThere() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker().withTopics(Map.of("out", 1))) {
            broker.on(ApiKey.DESCRIBE_PRODUCERS, (h, r) -> {
                Struct resp = ApiMessages.response(ApiKey.DESCRIBE_PRODUCERS).newStruct();
                Struct p = resp.addElement(DescribeProducersResponse.TOPICS).set(DescribeProducersResponse.Topics.NAME, "out")
                        .addElement(DescribeProducersResponse.Topics.PARTITIONS)
                        .set(DescribeProducersResponse.Topics.Partitions.PARTITION_INDEX, 0);
                p.addElement(DescribeProducersResponse.Topics.Partitions.ACTIVE_PRODUCERS)
                        .set(ActiveProducers.PRODUCER_ID, 11L).set(ActiveProducers.PRODUCER_EPOCH, 1)
                        .set(ActiveProducers.COORDINATOR_EPOCH, 4).set(ActiveProducers.CURRENT_TXN_START_OFFSET, 30L);
                p.addElement(DescribeProducersResponse.Topics.Partitions.ACTIVE_PRODUCERS)
                        .set(ActiveProducers.PRODUCER_ID, 12L).set(ActiveProducers.PRODUCER_EPOCH, 6)
                        .set(ActiveProducers.COORDINATOR_EPOCH, 5).set(ActiveProducers.CURRENT_TXN_START_OFFSET, 42L);
                return resp;
            });
            broker.on(ApiKey.WRITE_TXN_MARKERS, (h, r) -> {
                Struct resp = ApiMessages.response(ApiKey.WRITE_TXN_MARKERS).newStruct();
                resp.addElement(WriteTxnMarkersResponse.MARKERS).set(WriteTxnMarkersResponse.Markers.PRODUCER_ID, 12L)
                        .addElement(WriteTxnMarkersResponse.Markers.TOPICS).set(WriteTxnMarkersResponse.Markers.Topics.NAME, "out")
                        .addElement(WriteTxnMarkersResponse.Markers.Topics.PARTITIONS)
                        .set(WriteTxnMarkersResponse.Markers.Topics.Partitions.PARTITION_INDEX, 0);
                return resp;
            });
            Outcome o = run("--bootstrap-server", broker.bootstrap(), "abort", "--topic", "out", "--partition", "0",
                    "--start-offset", "42");
            assertEquals(0, o.code, o.err);
            Struct marker = broker.received(ApiKey.WRITE_TXN_MARKERS).get(0).body().getStructs(WriteTxnMarkersRequest.MARKERS).get(0);
            assertEquals(12L, marker.getLong(WriteTxnMarkersRequest.Markers.PRODUCER_ID));
            assertEquals((short) 6, marker.getShort(WriteTxnMarkersRequest.Markers.PRODUCER_EPOCH));
            assertEquals(5, marker.getInt(WriteTxnMarkersRequest.Markers.COORDINATOR_EPOCH));
            assertFalse(marker.getBool(WriteTxnMarkersRequest.Markers.TRANSACTION_RESULT), "an ABORT marker");

            Outcome none = run("--bootstrap-server", broker.bootstrap(), "abort", "--topic", "out", "--partition", "0",
                    "--start-offset", "43");
            assertEquals(1, none.code);
            assertTrue(none.err.contains("Could not find any open transactions starting at offset 43"), none.err);
            assertEquals(1, broker.received(ApiKey.WRITE_TXN_MARKERS).size());
        }
    }

    @Test
    void listAndDescribeAskTheBrokersAndTheTransactionCoordinator() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker().withTopics(Map.of())) {
            broker.on(ApiKey.LIST_TRANSACTIONS, (h, r) -> {
                Struct resp = ApiMessages.response(ApiKey.LIST_TRANSACTIONS).newStruct();
                resp.addElement(ListTransactionsResponse.TRANSACTION_STATES)
                        .set(ListTransactionsResponse.TransactionStates.TRANSACTIONAL_ID, "copier-1")
                        .set(ListTransactionsResponse.TransactionStates.PRODUCER_ID, 4000L)
                        .set(ListTransactionsResponse.TransactionStates.TRANSACTION_STATE, "Ongoing");
                return resp;
            });
            broker.on(ApiKey.FIND_COORDINATOR, (h, r) -> ApiMessages.response(ApiKey.FIND_COORDINATOR).newStruct()
                    .set(FindCoordinatorResponse.NODE_ID, ScriptedBroker.NODE_ID)
                    .set(FindCoordinatorResponse.HOST, "127.0.0.1").set(FindCoordinatorResponse.PORT, broker.port()));
            broker.on(ApiKey.DESCRIBE_TRANSACTIONS, (h, r) -> {
                Struct resp = ApiMessages.response(ApiKey.DESCRIBE_TRANSACTIONS).newStruct();
                Struct s = resp.addElement(DescribeTransactionsResponse.TRANSACTION_STATES)
                        .set(TransactionStates.TRANSACTIONAL_ID, "copier-1").set(TransactionStates.TRANSACTION_STATE, "Empty")
                        .set(TransactionStates.TRANSACTION_TIMEOUT_MS, 60000).set(TransactionStates.TRANSACTION_START_TIME_MS, -1L)
                        .set(TransactionStates.PRODUCER_ID, 4000L).set(TransactionStates.PRODUCER_EPOCH, (short) 2);
                s.set(TransactionStates.ERROR_CODE, Errors.NONE.code());
                return resp;
            });
            Outcome list = run("--bootstrap-server", broker.bootstrap(), "list");
            assertEquals(0, list.code, list.err);
            assertEquals(List.of("copier-1", "1", "4000", "Ongoing"),
                    List.of(list.out.split("\n")[1].split("\t")).stream().map(String::trim).toList());
            Outcome describe = run("--bootstrap-server", broker.bootstrap(), "describe", "--transactional-id", "copier-1");
            assertEquals(0, describe.code, describe.err);
            assertEquals(List.of("1", "copier-1", "4000", "2", "Empty", "60000", "None", "None", ""),
                    List.of(describe.out.split("\n")[1].split("\t", -1)).stream().map(String::trim).toList().subList(0, 9));
        }
    }
}
