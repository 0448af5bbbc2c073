/**
 * ACL storage in ZooKeeper, in Kafka's layout and JSON ({@code /kafka-acl}, {@code /kafka-acl-extended},
 * their change notifications), and the watch that tells a broker which resource's ACLs changed.
 * The authorizer that uses them lives in the broker ({@code io.gregor.broker.security}).
 */
package io.gregor.coordination.acl;
