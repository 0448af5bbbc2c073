package io.gregor.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.network.SocketServerSettings;
import io.gregor.coordination.admin.PartitionLimits;
import io.gregor.coordination.zk.ZkRequestLimit;
import io.gregor.clients.record.TimestampType;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManagerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {
    @TempDir
    Path dir;

    private static Map<String, String> minimal(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("broker.id", "1", "zookeeper.connect", "127.0.0.1:2181"));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return raw;
    }

    private static ConfigException rejected(String... pairs) {
        return assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(minimal(pairs)));
    }

    @Test
    void socketBuffersReachTheSocketServerAndMinusOneMeansTheOsDefault() {
        BrokerConfig c = BrokerConfig.fromMap(minimal("socket.send.buffer.bytes", "-1", "socket.receive.buffer.bytes", "65536"));
        SocketServerSettings settings = SocketServerSettings.from(c);
        assertEquals(SocketServerSettings.OS_DEFAULT_BUFFER, settings.sendBufferBytes());
        assertEquals(65_536, settings.receiveBufferBytes());
        assertEquals("socket.send.buffer.bytes", rejected("socket.send.buffer.bytes", "-2").key());
    }

    @Test
    void transactionCoordinatorKeysHaveKafkasDefaultsAndRefuseBadValuesByName() {
        assertEquals(new io.gregor.broker.txn.TransactionConfig(50, (short) 3, 2, 104_857_600, 900_000, 10_000,
                604_800_000, 3_600_000), BrokerConfig.fromMap(minimal()).transactionConfig());
        assertEquals(7, BrokerConfig.fromMap(minimal("transaction.state.log.num.partitions", "7",
                "transaction.max.timeout.ms", "60000")).transactionConfig().stateLogNumPartitions());
        assertEquals("transaction.max.timeout.ms", rejected("transaction.max.timeout.ms", "0").key());
        assertEquals("transaction.state.log.num.partitions", rejected("transaction.state.log.num.partitions", "x").key());
        assertEquals("transaction.abort.timed.out.transaction.cleanup.interval.ms",
                rejected("transaction.abort.timed.out.transaction.cleanup.interval.ms", "-5").key());
    }

    @Test
    void defaultsAreKafkas() {
        BrokerConfig c = BrokerConfig.fromMap(minimal());
        assertEquals(1, c.brokerId());
        assertEquals(List.of(new EndPoint("PLAINTEXT", null, 9092, "PLAINTEXT")), c.listeners());
        assertEquals(c.listeners(), c.advertisedListeners());
        assertEquals(List.of(Path.of("/tmp/gregor-logs")), c.logDirs());
        assertEquals(18_000, c.zookeeperSessionTimeoutMs());
        assertEquals(18_000, c.zookeeperConnectionTimeoutMs());
        assertEquals(1, c.numPartitions());
        assertEquals(1, c.defaultReplicationFactor());
        assertTrue(c.autoCreateTopicsEnable());
        assertFalse(c.uncleanLeaderElectionEnable());
        assertEquals(1_048_588, c.messageMaxBytes());
        assertEquals(104_857_600, c.socketRequestMaxBytes());
        assertEquals(-1, c.socketSendBufferBytes(), "Gregor's default: the OS's autotuning (Kafka's is 102400)");
        assertEquals(102_400, c.socketReceiveBufferBytes());
        assertEquals(8, c.numIoThreads());
        assertEquals(3, c.numNetworkThreads());
        assertEquals(600_000L, c.connectionsMaxIdleMs());
        assertEquals(50, c.offsetsTopicNumPartitions());
        assertEquals(168 * 3_600_000L, c.logRetentionMs());
        assertEquals(168 * 3_600_000L, c.logRollMs());
        assertEquals("producer", c.compressionType());
        assertNull(c.rack());
        assertEquals("PLAINTEXT", c.interBrokerListenerName());
    }

    @Test
    void logConfigComesFromBrokerLogKeys() {
        LogConfig log = BrokerConfig.fromMap(minimal("log.segment.bytes", "1048576", "log.retention.minutes", "5",
                "log.roll.ms", "60000", "message.max.bytes", "2000000", "log.index.interval.bytes", "100",
                "log.message.timestamp.type", "LogAppendTime", "log.retention.bytes", "999")).logConfig();
        assertEquals(1_048_576, log.segmentBytes());
        assertEquals(300_000L, log.retentionMs());
        assertEquals(60_000L, log.segmentMs());
        assertEquals(2_000_000, log.maxMessageBytes());
        assertEquals(100, log.indexIntervalBytes());
        assertEquals(999L, log.retentionBytes());
        assertEquals(TimestampType.LOG_APPEND_TIME, log.messageTimestampType());
    }

    @Test
    void logCleanerKeysConfigureTheCleanerAndTheTopicCompactionDefaults() {
        BrokerConfig defaults = BrokerConfig.fromMap(minimal());
        assertEquals(new LogManagerConfig(defaults.logDirs(), 1, "c", defaults.logConfig(), 1, 60_000L, 300_000L),
                defaults.logManagerConfig("c"), "Kafka's cleaner defaults: enabled, 1 thread, 15 s backoff");
        assertEquals(0.5, defaults.logConfig().minCleanableDirtyRatio());
        assertEquals(86_400_000L, defaults.logConfig().deleteRetentionMs());
        assertEquals("delete", defaults.logConfig().cleanupPolicy());

        BrokerConfig c = BrokerConfig.fromMap(minimal("log.cleaner.enable", "false", "log.cleaner.threads", "3",
                "log.cleaner.backoff.ms", "250", "log.cleaner.min.cleanable.ratio", "0.01",
                "log.cleaner.delete.retention.ms", "1000", "log.cleaner.min.compaction.lag.ms", "5",
                "log.cleaner.max.compaction.lag.ms", "60000", "log.cleanup.policy", "compact"));
        LogManagerConfig manager = c.logManagerConfig("c");
        assertFalse(manager.cleanerEnable());
        assertEquals(3, manager.cleanerThreads());
        assertEquals(250L, manager.cleanerBackoffMs());
        LogConfig log = c.logConfig();
        assertEquals(0.01, log.minCleanableDirtyRatio());
        assertEquals(1000L, log.deleteRetentionMs());
        assertEquals(5L, log.minCompactionLagMs());
        assertEquals(60_000L, log.maxCompactionLagMs());
        assertTrue(log.compact());
        assertEquals("0.01", c.effectiveValues().get("log.cleaner.min.cleanable.ratio"));
    }

    @Test
    void badLogCleanerValuesAreRejectedNamingTheKey() {
        assertTrue(rejected("log.cleaner.min.cleanable.ratio", "1.5").getMessage().contains("log.cleaner.min.cleanable.ratio"));
        assertTrue(rejected("log.cleaner.min.cleanable.ratio", "half").getMessage().contains("not a number"));
        assertTrue(rejected("log.cleaner.threads", "0").getMessage().contains("log.cleaner.threads"));
        assertTrue(rejected("log.cleanup.policy", "keep").getMessage().contains("log.cleanup.policy"));
    }

    @Test
    void deprecatedLogMessageFormatVersionIsAcceptedAsKafka39DoesAndABadOneNamesTheKey() {
        for (String version : new String[] {"0.8.2", "0.10.2", "0.10.2.1", "0.11.0-IV2", "2.8.1", "3.0-IV1", "3.9"}) {
            BrokerConfig.fromMap(minimal("log.message.format.version", version));
        }
        assertTrue(rejected("log.message.format.version", "0.7.0").getMessage().contains("log.message.format.version"));
        assertTrue(rejected("log.message.format.version", "latest").getMessage().contains("log.message.format.version"));
    }

    @Test
    void retentionMsWinsOverMinutesAndHoursAndNegativeMeansUnlimited() {
        assertEquals(1234L, BrokerConfig.fromMap(minimal("log.retention.ms", "1234", "log.retention.hours", "1")).logRetentionMs());
        assertEquals(-1L, BrokerConfig.fromMap(minimal("log.retention.hours", "-1")).logRetentionMs());
    }

    @Test
    void listenersWithEphemeralPortAndAdvertisedListeners() {
        BrokerConfig c = BrokerConfig.fromMap(minimal("listeners", "PLAINTEXT://127.0.0.1:0",
                "advertised.listeners", "PLAINTEXT://broker1.example:19092"));
        assertEquals(0, c.listeners().get(0).port());
        assertEquals("broker1.example", c.advertisedListeners().get(0).host());
    }

    @Test
    void overridesFromTheCommandLineWinOverTheFile() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "broker.id=3\nzookeeper.connect=127.0.0.1:2181/gregor\nnum.partitions=2\nlog.dirs=/a,/b\n");
        BrokerConfig c = BrokerConfig.load(file, Map.of("num.partitions", "7"));
        assertEquals(3, c.brokerId());
        assertEquals(7, c.numPartitions());
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), c.logDirs());
        assertEquals("7", c.effectiveValues().get("num.partitions"));
        assertEquals("/a,/b", c.effectiveValues().get("log.dirs"));
        assertEquals(java.util.Set.of("broker.id", "zookeeper.connect", "num.partitions", "log.dirs"), c.explicitlySetKeys());
    }

    @Test
    void effectiveValuesListEveryKnownKeyIncludingDefaults() {
        Map<String, String> values = BrokerConfig.fromMap(minimal()).effectiveValues();
        assertEquals("true", values.get("auto.create.topics.enable"));
        assertEquals("1048588", values.get("message.max.bytes"));
        assertEquals(Long.toString(168 * 3_600_000L), values.get("log.retention.ms"));
    }

    @Test
    void replicaSocketTimeoutDefaultsToKafkasAndMustCoverTheFetchLongPoll() {
        assertEquals(30_000, BrokerConfig.fromMap(minimal()).replicaSocketTimeoutMs());
        ConfigException shorter = rejected("replica.socket.timeout.ms", "400", "replica.fetch.wait.max.ms", "500");
        assertEquals("replica.socket.timeout.ms", shorter.key());
        assertTrue(shorter.getMessage().contains("replica.fetch.wait.max.ms"), shorter.getMessage());
    }

    @Test
    void unknownKeysAreNotFatal() {
        assertEquals(1, BrokerConfig.fromMap(minimal("some.future.key", "x")).brokerId());
    }

    @Test
    void badValuesAreRejectedWithOneLineNamingKeyAndValue() {
        ConfigException notNumber = rejected("num.io.threads", "many");
        assertEquals("num.io.threads", notNumber.key());
        assertTrue(notNumber.getMessage().contains("num.io.threads") && notNumber.getMessage().contains("many"));
        assertFalse(notNumber.getMessage().contains("\n"));

        assertEquals("num.partitions", rejected("num.partitions", "0").key());
        assertEquals("socket.request.max.bytes", rejected("socket.request.max.bytes", "99999999999").key());
        assertEquals("auto.create.topics.enable", rejected("auto.create.topics.enable", "yes").key());
        assertEquals("compression.type", rejected("compression.type", "brotli").key());
        ConfigException listener = rejected("listeners", "PLAINTEXT://127.0.0.1:notaport");
        assertEquals("listeners", listener.key());
        assertTrue(listener.getMessage().contains("PLAINTEXT://127.0.0.1:notaport"));
        assertEquals("listeners", rejected("listeners", "127.0.0.1:9092").key());
        assertEquals("listeners", rejected("listeners", "INTERNAL://127.0.0.1:9093").key()); // no protocol for INTERNAL
        assertEquals("advertised.listeners", rejected("advertised.listeners", "OTHER://h:1").key());
        assertEquals("broker.id", rejected("broker.id", "-1").key());
    }

    @Test
    void missingZookeeperConnectIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(Map.of("broker.id", "0")));
        assertTrue(e.getMessage().contains("zookeeper.connect"));
    }

    @Test
    void hostileInputBoundsHaveSaneDefaultsAndRefuseConflictsNamingTheKey() {
        BrokerConfig defaults = BrokerConfig.fromMap(minimal());
        assertEquals(new PartitionLimits(10_000, 10_000), defaults.partitionLimits());
        assertEquals(30_000, defaults.fetchMaxWaitMs());
        assertEquals(ZkRequestLimit.systemPropertyValue(), defaults.zookeeperRequestLimit().juteMaxBuffer());

        BrokerConfig set = BrokerConfig.fromMap(minimal("max.partitions.per.request", "500", "max.partitions.per.topic", "600",
                "fetch.max.wait.ms", "1000", "zookeeper.jute.maxbuffer", "65536", "offsets.topic.num.partitions", "50"));
        assertEquals(new PartitionLimits(500, 600), set.partitionLimits());
        assertEquals(1000, set.fetchMaxWaitMs());
        assertEquals(65536, set.zookeeperRequestLimit().juteMaxBuffer());

        assertTrue(rejected("num.partitions", "20", "max.partitions.per.topic", "10").getMessage()
                .contains("num.partitions"));
        assertTrue(rejected("max.partitions.per.request", "10").getMessage().contains("offsets.topic.num.partitions"));
        assertTrue(rejected("zookeeper.jute.maxbuffer", "100").getMessage().contains("zookeeper.jute.maxbuffer"));
        assertTrue(rejected("fetch.max.wait.ms", "-1").getMessage().contains("fetch.max.wait.ms"));
    }
}
