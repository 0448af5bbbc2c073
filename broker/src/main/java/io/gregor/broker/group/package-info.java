/**
 * The group coordinator: the {@code __consumer_offsets} topic, committed offsets stored in it with
 * Kafka's key/value schemas, and the FindCoordinator, OffsetCommit and OffsetFetch handlers.
 * {@link io.gregor.broker.group.GroupHandlers#register} is the one entry point the server calls.
 */
package io.gregor.broker.group;
