package io.gregor.broker.e2e;

import io.gregor.clients.e2e.ClusterUnderTest;
import io.gregor.clients.e2e.GregorClientsContractTest;

/** Gregor's client contract (admin, producer, consumer, tools) against real ZooKeeper and a real Gregor broker. */
class GregorClientsContractE2ETest extends GregorClientsContractTest {
    @Override
    protected ClusterUnderTest startCluster() throws Exception {
        return GregorTestCluster.start();
    }
}
