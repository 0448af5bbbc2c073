/**
 * Kafka's ACL vocabulary, shared by the admin client, the tools, the broker's authorizer and the
 * ZooKeeper store: resource types, operations, permission types and pattern types with Kafka's wire
 * codes and names, a resource pattern, an access control entry, a binding of the two, and the
 * filter that DescribeAcls and DeleteAcls carry (with Kafka's matching rules). All immutable.
 */
package io.gregor.clients.acl;
