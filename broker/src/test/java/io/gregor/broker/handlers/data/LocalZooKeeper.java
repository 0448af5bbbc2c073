package io.gregor.broker.handlers.data;

import io.gregor.broker.it.GregorCluster;
import io.gregor.coordination.zk.GregorZkClient;
import org.apache.curator.test.TestingServer;

/** A real ZooKeeper on 127.0.0.1 (Curator's TestingServer) and a client under a chroot with the broker's paths. */
final class LocalZooKeeper implements AutoCloseable {
    final TestingServer server;
    final GregorZkClient zk;

    LocalZooKeeper(String chroot) throws Exception {
        server = GregorCluster.startLoopbackZooKeeper();
        zk = GregorZkClient.connect(server.getConnectString() + chroot, 4000, 10_000);
        zk.createPersistentPaths();
    }

    @Override
    public void close() throws Exception {
        zk.close();
        server.close();
    }
}
