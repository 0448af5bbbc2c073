package io.gregor.coordination.acl;

import io.gregor.clients.acl.AclEntry;
import java.util.Set;

/**
 * The ACLs of one resource pattern and the ZooKeeper version of the znode they were read from
 * ({@link #NO_ZNODE} when there is none), so that an update can be made conditional on it. Immutable.
 */
public record VersionedAcls(Set<AclEntry> acls, int zkVersion) {
    public static final int NO_ZNODE = -1;
    public static final VersionedAcls NONE = new VersionedAcls(Set.of(), NO_ZNODE);

    public VersionedAcls {
        acls = Set.copyOf(acls);
    }

    public boolean exists() {
        return zkVersion != NO_ZNODE;
    }
}
