package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The data of {@code /brokers/topics/<t>/partitions/<p>/state}:
 * {@code {"version":1,"leader":1,"leader_epoch":4,"isr":[1,2,3],"controller_epoch":7}}, plus
 * {@code leader_recovery_state} (KIP-704) written only when not RECOVERED (0). The partition epoch
 * is not in the JSON: it is the znode's zkVersion (see {@link VersionedPartitionState}).
 * A leader of -1 means no leader.
 */
public record PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch,
                             byte leaderRecoveryState) {

    public static final int VERSION = 1;
    public static final int NO_LEADER = -1;
    public static final byte RECOVERED = 0;

    public PartitionState {
        isr = List.copyOf(isr);
        if (leaderEpoch < 0) {
            throw new IllegalArgumentException("leader epoch must be >= 0, got " + leaderEpoch);
        }
    }

    public PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {
        this(leader, leaderEpoch, isr, controllerEpoch, RECOVERED);
    }

    public byte[] toJson() {
        ObjectNode json = ZkJson.object();
        json.put("version", VERSION);
        json.put("leader", leader);
        json.put("leader_epoch", leaderEpoch);
        json.set("isr", ZkJson.intArray(isr));
        json.put("controller_epoch", controllerEpoch);
        if (leaderRecoveryState != RECOVERED) {
            json.put("leader_recovery_state", leaderRecoveryState);
        }
        return ZkJson.toBytes(json);
    }

    public static PartitionState fromJson(String path, byte[] data) {
        ZkJson json = ZkJson.parse(path, data);
        json.requireVersion(VERSION, VERSION);
        int recovery = json.has("leader_recovery_state") ? json.requireInt("leader_recovery_state") : RECOVERED;
        if (recovery < 0 || recovery > 1) {
            throw json.error("unknown leader_recovery_state " + recovery);
        }
        int leaderEpoch = json.requireInt("leader_epoch");
        if (leaderEpoch < 0) {
            throw json.error("negative leader_epoch " + leaderEpoch);
        }
        return new PartitionState(json.requireInt("leader"), leaderEpoch, json.requireIntList("isr"),
                json.requireInt("controller_epoch"), (byte) recovery);
    }
}
