package io.gregor.clients.e2e;

import io.gregor.clients.network.InMemoryKafka;

/** The client contract against the in-memory protocol stand-in (until a real broker is wired in). */
class InMemoryKafkaContractTest extends GregorClientsContractTest {
    @Override
    protected ClusterUnderTest startCluster() throws Exception {
        InMemoryKafka kafka = new InMemoryKafka();
        return new ClusterUnderTest() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrap();
            }

            @Override
            public int brokerCount() {
                return 1;
            }

            @Override
            public void close() throws Exception {
                kafka.close();
            }
        };
    }
}
