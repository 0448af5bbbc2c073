package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kafka's replica assignment for new topics and added partitions. Leaders go round-robin over the
 * brokers (sorted by id) from a start index; each follower is the leader's broker shifted by an
 * amount that grows by one every time the partitions have gone once round the brokers, so leaders
 * and followers are both spread evenly. When every broker has a rack, the broker list is first
 * arranged to alternate racks and a follower is skipped while its rack (or broker) already holds a
 * replica of the partition and other racks (brokers) do not. Stateless and thread-safe.
 */
public final class ReplicaAssignor {

    private ReplicaAssignor() {
    }

    /**
     * Assigns {@code partitions} partitions numbered from {@code firstPartition}.
     *
     * @param startIndex the broker index of the first leader, or -1 for a random one
     * @param replicaShift the initial follower shift, or -1 for a random one
     * @throws AdminException INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR (more replicas than brokers)
     */
    public static Map<Integer, List<Integer>> assign(List<BrokerRack> brokers, int partitions, int replicationFactor,
                                                     int firstPartition, int startIndex, int replicaShift) {
        if (partitions <= 0) {
            throw new AdminException(Errors.INVALID_PARTITIONS, "Number of partitions must be larger than 0, got " + partitions);
        }
        if (replicationFactor <= 0) {
            throw new AdminException(Errors.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, got " + replicationFactor);
        }
        if (replicationFactor > brokers.size()) {
            throw new AdminException(Errors.INVALID_REPLICATION_FACTOR, "Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokers.size() + ".");
        }
        List<BrokerRack> sorted = new ArrayList<>(brokers);
        sorted.sort(Comparator.comparingInt(BrokerRack::id));
        boolean rackAware = sorted.stream().allMatch(b -> b.rack() != null);
        int n = sorted.size();
        int start = startIndex >= 0 ? startIndex % n : ThreadLocalRandom.current().nextInt(n);
        int shift = replicaShift >= 0 ? replicaShift : ThreadLocalRandom.current().nextInt(n);
        return rackAware
                ? assignRackAware(sorted, partitions, replicationFactor, Math.max(0, firstPartition), start, shift)
                : assignRackUnaware(sorted.stream().map(BrokerRack::id).toList(), partitions, replicationFactor,
                Math.max(0, firstPartition), start, shift);
    }

    /** Assignment for a new topic with a random start, as Kafka does. */
    public static Map<Integer, List<Integer>> assign(List<BrokerRack> brokers, int partitions, int replicationFactor) {
        return assign(brokers, partitions, replicationFactor, 0, -1, -1);
    }

    private static Map<Integer, List<Integer>> assignRackUnaware(List<Integer> brokers, int partitions, int rf,
                                                                 int firstPartition, int start, int shift) {
        int n = brokers.size();
        Map<Integer, List<Integer>> result = new TreeMap<>();
        int partition = firstPartition;
        for (int i = 0; i < partitions; i++, partition++) {
            if (partition > 0 && partition % n == 0) {
                shift++;
            }
            int first = (partition + start) % n;
            List<Integer> replicas = new ArrayList<>(rf);
            replicas.add(brokers.get(first));
            for (int j = 0; j < rf - 1; j++) {
                replicas.add(brokers.get(followerIndex(first, shift, j, n)));
            }
            result.put(partition, List.copyOf(replicas));
        }
        return result;
    }

    private static Map<Integer, List<Integer>> assignRackAware(List<BrokerRack> brokers, int partitions, int rf,
                                                               int firstPartition, int start, int shift) {
        Map<Integer, String> rackOf = new LinkedHashMap<>();
        brokers.forEach(b -> rackOf.put(b.id(), b.rack()));
        List<Integer> arranged = rackAlternatedBrokers(rackOf);
        int n = arranged.size();
        int racks = (int) rackOf.values().stream().distinct().count();
        Map<Integer, List<Integer>> result = new TreeMap<>();
        int partition = firstPartition;
        for (int i = 0; i < partitions; i++, partition++) {
            if (partition > 0 && partition % n == 0) {
                shift++;
            }
            int first = (partition + start) % n;
            int leader = arranged.get(first);
            List<Integer> replicas = new ArrayList<>(rf);
            replicas.add(leader);
            Set<String> racksUsed = new HashSet<>(Set.of(rackOf.get(leader)));
            Set<Integer> brokersUsed = new HashSet<>(Set.of(leader));
            int k = 0;
            for (int j = 0; j < rf - 1; j++) {
                while (true) {
                    int broker = arranged.get(followerIndex(first, shift * racks, k++, n));
                    String rack = rackOf.get(broker);
                    if ((!racksUsed.contains(rack) || racksUsed.size() == racks)
                            && (!brokersUsed.contains(broker) || brokersUsed.size() == n)) {
                        replicas.add(broker);
                        racksUsed.add(rack);
                        brokersUsed.add(broker);
                        break;
                    }
                }
            }
            result.put(partition, List.copyOf(replicas));
        }
        return result;
    }

    private static int followerIndex(int firstIndex, int shift, int replica, int n) {
        return (firstIndex + 1 + (shift + replica) % (n - 1)) % n;
    }

    /**
     * Brokers ordered so that consecutive entries come from different racks: racks in name order,
     * taking the next broker (by id) of each rack in turn, e.g. racks a:[0,1] b:[2] c:[3] give 0,2,3,1.
     */
    public static List<Integer> rackAlternatedBrokers(Map<Integer, String> rackOf) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        new TreeMap<>(rackOf).forEach((id, rack) -> byRack.computeIfAbsent(rack, r -> new ArrayList<>()).add(id));
        List<Integer> result = new ArrayList<>(rackOf.size());
        for (int round = 0; result.size() < rackOf.size(); round++) {
            for (List<Integer> rackBrokers : byRack.values()) {
                if (round < rackBrokers.size()) {
                    result.add(rackBrokers.get(round));
                }
            }
        }
        return result;
    }
}
