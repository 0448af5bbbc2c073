package io.gregor.core.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionIndexTest {
    @TempDir
    Path dir;

    @Test
    void fileIsByteForByteTheOneKafkasTransactionIndexWrites() throws Exception {
        Path kafkaFile = dir.resolve("kafka.txnindex");
        try (org.apache.kafka.storage.internals.log.TransactionIndex kafka =
                     new org.apache.kafka.storage.internals.log.TransactionIndex(0L, new File(kafkaFile.toString()))) {
            kafka.append(new org.apache.kafka.storage.internals.log.AbortedTxn(4711L, 100L, 250L, 180L));
            kafka.append(new org.apache.kafka.storage.internals.log.AbortedTxn(-2L, 260L, 300L, 301L));
            kafka.flush();
        }
        Path ourFile = dir.resolve("gregor.txnindex");
        try (TransactionIndex index = new TransactionIndex(0L, ourFile)) {
            index.append(new AbortedTxn(4711L, 100L, 250L, 180L));
            index.append(new AbortedTxn(-2L, 260L, 300L, 301L));
            index.flush();
        }
        assertEquals(34, TransactionIndex.ENTRY_SIZE);
        assertArrayEquals(Files.readAllBytes(kafkaFile), Files.readAllBytes(ourFile));
        assertArrayEquals(toArray(TransactionIndex.encode(new AbortedTxn(4711L, 100L, 250L, 180L))),
                java.util.Arrays.copyOf(Files.readAllBytes(kafkaFile), 34));
    }

    @Test
    void kafkasTransactionIndexReadsTheFileGregorWrote() throws Exception {
        Path file = dir.resolve("00000000000000000000.txnindex");
        try (TransactionIndex index = new TransactionIndex(0L, file)) {
            index.append(new AbortedTxn(1L, 0L, 10L, 11L));
            index.append(new AbortedTxn(2L, 5L, 20L, 21L));
            index.flush();
        }
        assertEquals(68, Files.size(file));
        try (org.apache.kafka.storage.internals.log.TransactionIndex kafka =
                     new org.apache.kafka.storage.internals.log.TransactionIndex(0L, new File(file.toString()))) {
            assertEquals(List.of(
                    new org.apache.kafka.storage.internals.log.AbortedTxn(1L, 0L, 10L, 11L),
                    new org.apache.kafka.storage.internals.log.AbortedTxn(2L, 5L, 20L, 21L)), kafka.allAbortedTxns());
        }
    }

    @Test
    void gregorReadsTheFileKafkaWrote() throws Exception {
        Path file = dir.resolve("00000000000000000000.txnindex");
        try (org.apache.kafka.storage.internals.log.TransactionIndex kafka =
                     new org.apache.kafka.storage.internals.log.TransactionIndex(0L, new File(file.toString()))) {
            kafka.append(new org.apache.kafka.storage.internals.log.AbortedTxn(7L, 3L, 9L, 10L));
            kafka.flush();
        }
        try (TransactionIndex index = new TransactionIndex(0L, file)) {
            assertEquals(List.of(new AbortedTxn(7L, 3L, 9L, 10L)), index.allAbortedTxns());
        }
    }

    @Test
    void noFileIsCreatedUntilATransactionIsAborted() throws Exception {
        Path file = dir.resolve("00000000000000000000.txnindex");
        try (TransactionIndex index = new TransactionIndex(0L, file)) {
            index.flush();
            assertFalse(Files.exists(file));
            index.append(new AbortedTxn(1L, 0L, 1L, 2L));
            assertTrue(Files.exists(file));
        }
    }

    @Test
    void searchReturnsTheAbortedTransactionsOverlappingTheRangeAndStopsAtTheLastStableOffset() throws Exception {
        try (TransactionIndex index = new TransactionIndex(0L, dir.resolve("x.txnindex"))) {
            index.append(new AbortedTxn(1L, 0L, 10L, 11L));
            index.append(new AbortedTxn(2L, 12L, 20L, 30L));
            index.append(new AbortedTxn(3L, 25L, 40L, 41L));
            TxnIndexSearchResult result = index.collectAbortedTxns(11L, 26L);
            assertEquals(List.of(new AbortedTxn(2L, 12L, 20L, 30L)), result.abortedTransactions());
            assertTrue(result.complete());
            TxnIndexSearchResult open = index.collectAbortedTxns(0L, 100L);
            assertEquals(3, open.abortedTransactions().size());
            assertFalse(open.complete());
        }
    }

    @Test
    void truncationDropsTheEntriesWhoseMarkerIsCutAndSurvivesReopening() throws Exception {
        Path file = dir.resolve("x.txnindex");
        try (TransactionIndex index = new TransactionIndex(0L, file)) {
            index.append(new AbortedTxn(1L, 0L, 10L, 11L));
            index.append(new AbortedTxn(2L, 12L, 20L, 21L));
            index.truncateTo(20L);
            assertEquals(List.of(new AbortedTxn(1L, 0L, 10L, 11L)), index.allAbortedTxns());
        }
        assertEquals(TransactionIndex.ENTRY_SIZE, Files.size(file));
        try (TransactionIndex reopened = new TransactionIndex(0L, file)) {
            assertEquals(List.of(new AbortedTxn(1L, 0L, 10L, 11L)), reopened.allAbortedTxns());
            reopened.append(new AbortedTxn(3L, 15L, 16L, 17L));
            assertEquals(16L, reopened.lastMarkerOffset());
        }
    }

    @Test
    void aTornLastEntryIsCutOffAtOpen() throws Exception {
        Path file = dir.resolve("x.txnindex");
        try (TransactionIndex index = new TransactionIndex(0L, file)) {
            index.append(new AbortedTxn(1L, 0L, 10L, 11L));
        }
        Files.write(file, new byte[] {0, 0, 1}, java.nio.file.StandardOpenOption.APPEND);
        try (TransactionIndex index = new TransactionIndex(0L, file)) {
            assertEquals(1, index.allAbortedTxns().size());
        }
        assertEquals(TransactionIndex.ENTRY_SIZE, Files.size(file));
    }

    @Test
    void markersMustComeInOrder() throws Exception {
        try (TransactionIndex index = new TransactionIndex(0L, dir.resolve("x.txnindex"))) {
            index.append(new AbortedTxn(1L, 0L, 10L, 11L));
            assertThrows(IllegalArgumentException.class, () -> index.append(new AbortedTxn(2L, 0L, 10L, 11L)));
        }
    }

    @Test
    void renameAndDeleteMoveTheFile() throws Exception {
        Path file = dir.resolve("x.txnindex");
        TransactionIndex index = new TransactionIndex(0L, file);
        index.append(new AbortedTxn(1L, 0L, 10L, 11L));
        Path renamed = dir.resolve("x.txnindex.deleted");
        index.renameTo(renamed);
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(renamed));
        index.deleteIfExists();
        assertFalse(Files.exists(file) || Files.exists(renamed));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
