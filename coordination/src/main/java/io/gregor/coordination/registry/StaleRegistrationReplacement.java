package io.gregor.coordination.registry;

import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkOperationException;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the stale registration of a previous process of this broker, proven gone, with ours in
 * one ZooKeeper multi-op: delete the znode inspected, conditional on the data version read with it,
 * and create ours (ephemeral, our session). Atomic, so {@code /brokers/ids} never lacks the broker
 * and the controller sees one change: a new broker epoch (czxid), which it handles as a bounce.
 *
 * <p><b>Exactly the znode inspected?</b> ZooKeeper's delete and check ops compare the data version,
 * not the czxid, and registrations are never rewritten, so every registration has version 0. The
 * op would therefore also delete a different registration created between our read (which gave
 * czxid, owner and endpoints) and the multi-op, one round trip later. For that, the stale session
 * must end (expire, or be removed by a peer's controller failure detector) inside that round trip
 * and another process configured with our {@code broker.id} must register inside it too. No
 * process of this broker can be that other registrant (we hold its ports). If it happens anyway,
 * that duplicate process sees its registration deleted while its session lives, tries to register
 * again, finds ours (other endpoints than its own) and, as at any start, waits and then fails with
 * {@link BrokerIdAlreadyRegisteredException}: the same outcome as if it had started second.
 */
final class StaleRegistrationReplacement {

    private static final Logger log = LoggerFactory.getLogger(StaleRegistrationReplacement.class);

    private final GregorZkClient zk;
    private final String path;
    private final BrokerInfo ours;

    StaleRegistrationReplacement(GregorZkClient zk, String path, BrokerInfo ours) {
        this.zk = zk;
        this.path = path;
        this.ours = ours;
    }

    /**
     * Replaces the registration whose stat is {@code stale}.
     *
     * @return the stat of our new registration, or null when the znode changed or vanished since
     *         it was read (the caller looks again)
     */
    Stat replace(Stat stale) {
        CuratorFramework curator = zk.curator();
        try {
            zk.multi(List.of(
                    curator.transactionOp().delete().withVersion(stale.getVersion()).forPath(path),
                    curator.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                            .forPath(path, ours.withTimestamp(System.currentTimeMillis()).toJson())));
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException | KeeperException.NodeExistsException raced) {
            log.info("Broker {}: {} changed while being replaced ({}); looking again", ours.brokerId(), path, raced.code());
            return null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e instanceof RuntimeException r ? r
                    : new ZkOperationException("Replacing the stale registration " + path + " failed", e);
        }
        Stat mine;
        try {
            mine = curator.checkExists().forPath(path);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ZkOperationException("Reading the registration " + path + " after replacing it failed", e);
        }
        if (mine == null || mine.getEphemeralOwner() != zk.sessionId()) {
            return null;
        }
        log.warn("Broker {}: {} was registered by session 0x{} (broker epoch {}) with exactly this broker's endpoints {}, "
                        + "which this process now holds, so the process that registered it is gone; replaced it "
                        + "(new broker epoch {}) instead of waiting up to {} ms for that session to expire",
                ours.brokerId(), path, Long.toHexString(stale.getEphemeralOwner()), stale.getCzxid(),
                ours.endpoints().stream().map(e -> e.connectionString()).toList(), mine.getCzxid(), zk.sessionTimeoutMs());
        return mine;
    }
}
