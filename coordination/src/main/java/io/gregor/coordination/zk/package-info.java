/**
 * Gregor's znodes in Kafka's ZooKeeper-mode layout: paths (with an optional chroot), immutable
 * records with Jackson codecs that read and write the exact JSON Kafka uses, and the blocking
 * facade over Curator. Malformed znode data fails with {@link io.gregor.coordination.zk.ZnodeParseException}
 * naming the path.
 */
package io.gregor.coordination.zk;
