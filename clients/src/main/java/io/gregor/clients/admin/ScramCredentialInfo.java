package io.gregor.clients.admin;

import io.gregor.clients.security.ScramMechanism;

/** One SCRAM credential of a user as DescribeUserScramCredentials reports it: its mechanism and iteration count (never its keys). */
public record ScramCredentialInfo(ScramMechanism mechanism, int iterations) {
}
