package io.gregor.coordination.acl;

import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourceType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.AclEntry;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkOperationException;
import io.gregor.coordination.zk.ZkPaths;
import io.gregor.coordination.zk.ZnodeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACLs in ZooKeeper, in Kafka's layout ({@link AclZnodes}): reads, writes conditional on the znode
 * version (so that two brokers changing one resource's ACLs at once never lose a change: the loser
 * reads again and retries), and change notifications. Blocking ZooKeeper calls: never call on a
 * Netty event loop or a Curator event thread. Thread-safe (stateless over the client).
 */
public final class AclStore {
    private static final Logger log = LoggerFactory.getLogger(AclStore.class);
    private static final List<PatternType> STORED = List.of(PatternType.LITERAL, PatternType.PREFIXED);

    private final GregorZkClient zk;
    private final ZkPaths paths;
    private final CuratorFramework curator;

    public AclStore(GregorZkClient zk) {
        this.zk = zk;
        this.paths = zk.paths();
        this.curator = zk.curator();
    }

    /** Creates the ACL and change-notification folders, one per resource type, as a Kafka broker does. */
    public void ensurePaths() {
        for (PatternType patternType : STORED) {
            for (ResourceType type : ResourceType.values()) {
                if (type.isConcrete()) {
                    zk.ensurePath(paths.resolve(AclZnodes.typePath(patternType, type)));
                }
            }
        }
        zk.ensurePath(paths.resolve(AclZnodes.LITERAL_CHANGES));
        zk.ensurePath(paths.resolve(AclZnodes.EXTENDED_CHANGES));
    }

    /** Every stored resource pattern with its ACLs; unreadable znodes and unknown types are skipped with a warning. */
    public Map<ResourcePattern, VersionedAcls> loadAll() {
        Map<ResourcePattern, VersionedAcls> all = new HashMap<>();
        for (PatternType patternType : STORED) {
            for (String typeName : children(AclZnodes.root(patternType))) {
                ResourceType type = ResourceType.fromName(typeName);
                if (!type.isConcrete()) {
                    log.warn("Ignoring ACLs of unknown resource type {} under {}", typeName, AclZnodes.root(patternType));
                    continue;
                }
                for (String name : children(AclZnodes.typePath(patternType, type))) {
                    ResourcePattern pattern = new ResourcePattern(type, name, patternType);
                    VersionedAcls acls = readOrSkip(pattern);
                    if (!acls.acls().isEmpty()) {
                        all.put(pattern, acls);
                    }
                }
            }
        }
        return all;
    }

    private VersionedAcls readOrSkip(ResourcePattern pattern) {
        try {
            return read(pattern);
        } catch (ZnodeParseException e) {
            log.warn("Ignoring unreadable ACLs of {}: {}", pattern, e.getMessage());
            return VersionedAcls.NONE;
        }
    }

    /**
     * The ACLs of {@code pattern} with their znode version; {@link VersionedAcls#NONE} when there is no znode.
     *
     * @throws ZnodeParseException when the znode holds something other than Kafka's ACL JSON
     */
    public VersionedAcls read(ResourcePattern pattern) {
        String path = paths.resolve(AclZnodes.path(pattern));
        try {
            Stat stat = new Stat();
            byte[] data = curator.getData().storingStatIn(stat).forPath(path);
            return new VersionedAcls(AclZnodes.decodeAcls(path, data), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            return VersionedAcls.NONE;
        } catch (ZnodeParseException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOperationException.wrap("getData", path, e);
        }
    }

    /** Creates the znode of {@code pattern} holding {@code acls}; empty if it exists already (read and retry). */
    public OptionalInt createIfAbsent(ResourcePattern pattern, Set<AclEntry> acls) {
        String path = paths.resolve(AclZnodes.path(pattern));
        try {
            curator.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                    .forPath(path, AclZnodes.encodeAcls(acls));
            return OptionalInt.of(0);
        } catch (KeeperException.NodeExistsException e) {
            return OptionalInt.empty();
        } catch (Exception e) {
            throw ZkOperationException.wrap("create", path, e);
        }
    }

    /** Replaces the ACLs of {@code pattern} if its znode is still at {@code expectedVersion}: the new version, or empty. */
    public OptionalInt setIfVersion(ResourcePattern pattern, Set<AclEntry> acls, int expectedVersion) {
        String path = paths.resolve(AclZnodes.path(pattern));
        try {
            Stat stat = curator.setData().withVersion(expectedVersion).forPath(path, AclZnodes.encodeAcls(acls));
            return OptionalInt.of(stat.getVersion());
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            return OptionalInt.empty();
        } catch (Exception e) {
            throw ZkOperationException.wrap("setData", path, e);
        }
    }

    /** Deletes the znode of {@code pattern} if still at {@code expectedVersion}; true also when it is gone already. */
    public boolean deleteIfVersion(ResourcePattern pattern, int expectedVersion) {
        String path = paths.resolve(AclZnodes.path(pattern));
        try {
            curator.delete().withVersion(expectedVersion).forPath(path);
            return true;
        } catch (KeeperException.NoNodeException e) {
            return true;
        } catch (KeeperException.BadVersionException e) {
            return false;
        } catch (Exception e) {
            throw ZkOperationException.wrap("delete", path, e);
        }
    }

    /** Tells every broker that the ACLs of {@code pattern} changed: a sequential notification znode. */
    public void notifyChange(ResourcePattern pattern) {
        String prefix = paths.resolve(AclZnodes.changesRoot(pattern.patternType()) + "/" + AclZnodes.CHANGE_PREFIX);
        try {
            curator.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(prefix, AclZnodes.encodeChange(pattern));
        } catch (Exception e) {
            throw ZkOperationException.wrap("create", prefix, e);
        }
    }

    /** Deletes change notifications older than {@code maxAgeMs} (Kafka keeps them 15 minutes); failures are logged. */
    public void purgeNotificationsOlderThan(long maxAgeMs, long nowMs) {
        for (String root : List.of(AclZnodes.LITERAL_CHANGES, AclZnodes.EXTENDED_CHANGES)) {
            for (String child : children(root)) {
                String path = paths.resolve(root + "/" + child);
                try {
                    Stat stat = curator.checkExists().forPath(path);
                    if (stat != null && nowMs - stat.getCtime() > maxAgeMs) {
                        curator.delete().forPath(path);
                    }
                } catch (KeeperException.NoNodeException gone) {
                    // another broker purged it
                } catch (Exception e) {
                    log.warn("Could not purge the ACL change notification {}: {}", path, e.toString());
                }
            }
        }
    }

    private List<String> children(String kafkaPath) {
        String path = paths.resolve(kafkaPath);
        try {
            return curator.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw ZkOperationException.wrap("getChildren", path, e);
        }
    }
}
