package io.gregor.coordination.zk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * The ACLs Kafka gives the znodes it creates when {@code zookeeper.set.acl=true}: all rights to the
 * creator (the SASL user or TLS certificate it authenticated as) and read to everyone, except
 * under the sensitive roots ({@code /config/users} and {@code /config/brokers}, which hold SCRAM
 * credentials and broker passwords, and {@code /delegation_token/tokens}), where only the creator
 * may read; the old consumers' {@code /consumers} stays open. Paths are matched below the chroot
 * (Gregor prefixes the chroot itself); the chroot and its parents get the non-sensitive ACLs, as
 * Kafka's chroot creation does. Without secure ACLs every znode is open. Stateless and thread-safe.
 */
public final class KafkaZnodeAcls implements ACLProvider {
    /** Kafka's sensitive roots: only the creator reads below them. */
    public static final List<String> SENSITIVE_ROOTS = List.of("/config/users", "/config/brokers", "/delegation_token/tokens");
    private static final String OLD_CONSUMERS = "/consumers";

    private final String chroot;
    private final boolean secure;

    /** ACLs for znodes under {@code chroot} ("" for none); {@code secure} is {@code zookeeper.set.acl}. */
    public KafkaZnodeAcls(String chroot, boolean secure) {
        this.chroot = chroot;
        this.secure = secure;
    }

    /** The ACL Kafka gives {@code path} (a path below the chroot, e.g. {@code /brokers/ids/1}). */
    public static List<ACL> aclFor(String path, boolean secure) {
        if (!secure || OLD_CONSUMERS.equals(path)) {
            return ZooDefs.Ids.OPEN_ACL_UNSAFE;
        }
        List<ACL> acls = new ArrayList<>(ZooDefs.Ids.CREATOR_ALL_ACL);
        if (!isSensitive(path)) {
            acls.addAll(ZooDefs.Ids.READ_ACL_UNSAFE);
        }
        return Collections.unmodifiableList(acls); // not List.copyOf: ZooKeeper asks it contains(null)
    }

    /** True for paths under one of {@link #SENSITIVE_ROOTS} (Kafka matches them as prefixes). */
    public static boolean isSensitive(String path) {
        return path != null && SENSITIVE_ROOTS.stream().anyMatch(path::startsWith);
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return aclFor("/", secure);
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        String relative = path;
        if (!chroot.isEmpty()) {
            if (path.equals(chroot)) {
                relative = "/";
            } else if (path.startsWith(chroot + "/")) {
                relative = path.substring(chroot.length());
            } else {
                relative = "/"; // a parent of the chroot
            }
        }
        return aclFor(relative, secure);
    }
}
