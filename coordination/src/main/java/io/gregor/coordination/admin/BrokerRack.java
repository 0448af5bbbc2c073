package io.gregor.coordination.admin;

/** A live broker as the replica assignor sees it: its id and its rack ({@code broker.rack}), null if unset. */
public record BrokerRack(int id, String rack) {
}
