package io.gregor.coordination;

import io.gregor.coordination.zk.GregorZkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of integration tests: one real ZooKeeper server per test class, and per test a fresh chroot
 * with an admin client ({@link #zk}) on which the broker's persistent paths exist.
 */
public abstract class ZooKeeperTestBase {

    protected static ZooKeeperFixture fixture;
    protected String chroot;
    protected GregorZkClient zk;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        fixture = new ZooKeeperFixture();
    }

    @AfterAll
    static void stopZooKeeper() {
        fixture.close();
    }

    @BeforeEach
    void connectUnderFreshChroot() {
        chroot = fixture.newChroot();
        zk = fixture.client(chroot);
        zk.createPersistentPaths();
    }
}
