package io.gregor.broker.security;

import io.gregor.coordination.acl.AclEntry;
import io.gregor.coordination.acl.ResourcePattern;

/** One ACL on one resource pattern, as CreateAcls carries it and DescribeAcls lists it. Immutable. */
public record AclBinding(ResourcePattern pattern, AclEntry entry) {
}
