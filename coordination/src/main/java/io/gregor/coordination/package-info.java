/**
 * ZooKeeper through Curator, in Kafka's ZooKeeper-mode layout (see DESIGN.md "ZooKeeper (coordination)").
 *
 * <ul>
 *   <li>{@code zk}: the znode model ({@link io.gregor.coordination.zk.ZkPaths}, one record and JSON codec
 *       per znode type) and the blocking facade {@link io.gregor.coordination.zk.GregorZkClient} with
 *       its {@link io.gregor.coordination.zk.TopicZkStore}.</li>
 *   <li>{@code registry}: the broker's ephemeral registration, kept across session expiries.</li>
 *   <li>{@code controller}: controller election (Curator LeaderLatch on {@code /gregor/controller_latch}),
 *       the controller epoch fence for writes, and a tracker of the active controller for brokers.</li>
 * </ul>
 *
 * <p>Every ZooKeeper call here blocks the calling thread. Callers run them on their own threads,
 * never on a Netty event loop.
 */
package io.gregor.coordination;
