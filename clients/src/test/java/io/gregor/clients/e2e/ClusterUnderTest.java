package io.gregor.clients.e2e;

/** A running Kafka-protocol cluster that client end-to-end tests talk to. */
public interface ClusterUnderTest extends AutoCloseable {
    String bootstrapServers();

    /** The number of live brokers (bounds the replication factor tests may ask for). */
    int brokerCount();

    @Override
    void close() throws Exception;
}
