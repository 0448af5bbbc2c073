package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/**
 * Schemas of the SASL authentication APIs, SaslHandshake (never flexible) and SaslAuthenticate, and
 * of the ACL APIs DescribeAcls, CreateAcls and DeleteAcls, and of the SCRAM credential APIs
 * DescribeUserScramCredentials and AlterUserScramCredentials.
 * Field names, types, versions, nullability and defaults follow Kafka's message specs.
 */
public final class SecuritySchemas {
    private SecuritySchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                SaslHandshakeRequest.SPEC,
                SaslHandshakeResponse.SPEC,
                SaslAuthenticateRequest.SPEC,
                SaslAuthenticateResponse.SPEC,
                DescribeAclsRequest.SPEC,
                DescribeAclsResponse.SPEC,
                CreateAclsRequest.SPEC,
                CreateAclsResponse.SPEC,
                DeleteAclsRequest.SPEC,
                DeleteAclsResponse.SPEC,
                DescribeUserScramCredentialsRequest.SPEC,
                DescribeUserScramCredentialsResponse.SPEC,
                AlterUserScramCredentialsRequest.SPEC,
                AlterUserScramCredentialsResponse.SPEC);
    }
}
