package io.gregor.clients.admin;

/**
 * A group as ListGroups names it: id, protocol type ("consumer", or "" for a group that only has
 * committed offsets) and state (Kafka's names: Empty, Stable, PreparingRebalance, CompletingRebalance,
 * Dead; "" from a broker older than ListGroups v4).
 */
public record ConsumerGroupListing(String groupId, String protocolType, String state) {
}
