package io.gregor.clients.acl;


/** One ACL on one resource pattern, as CreateAcls carries it and DescribeAcls lists it. Immutable. */
public record AclBinding(ResourcePattern pattern, AclEntry entry) {
}
