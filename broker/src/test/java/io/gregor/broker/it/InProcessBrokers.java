package io.gregor.broker.it;

import io.gregor.broker.GregorServer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;

/**
 * In-process brokers on a fresh loopback ZooKeeper with an Apache admin client on the first broker's
 * PLAINTEXT listener, returned once the admin client sees every broker; closed in reverse.
 */
record InProcessBrokers(GregorCluster cluster, GregorServer[] brokers, String bootstrap, Admin admin)
        implements AutoCloseable {

    static InProcessBrokers start(int count, Map<String, String> overrides, Duration wait) throws Exception {
        GregorCluster cluster = GregorCluster.start();
        Admin admin = null;
        try {
            GregorServer[] brokers = cluster.startInProcessBrokers(count, overrides);
            String bootstrap = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT");
            admin = ApacheClients.admin(bootstrap);
            Admin client = admin;
            Awaitility.await(count + " brokers in metadata").atMost(wait)
                    .until(() -> client.describeCluster().nodes().get().size() == count);
            return new InProcessBrokers(cluster, brokers, bootstrap, admin);
        } catch (Exception | Error e) {
            if (admin != null) {
                admin.close();
            }
            cluster.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        admin.close();
        cluster.close();
    }
}
