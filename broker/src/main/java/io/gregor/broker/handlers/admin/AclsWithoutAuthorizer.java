package io.gregor.broker.handlers.admin;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.CreateAclsRequest;
import io.gregor.clients.protocol.schemas.CreateAclsResponse;
import io.gregor.clients.protocol.schemas.DeleteAclsRequest;
import io.gregor.clients.protocol.schemas.DeleteAclsResponse;
import io.gregor.clients.protocol.schemas.DescribeAclsResponse;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeAcls, CreateAcls and DeleteAcls on a broker without an authorizer, answered as Kafka
 * answers them then: SECURITY_DISABLED for the request (DescribeAcls) or for each binding and
 * filter (CreateAcls, DeleteAcls), with Kafka's messages, so {@code kafka-acls.sh} prints what it
 * prints against Kafka. With an authorizer, {@code security.AclHandlers} replace them. Stateless.
 */
public final class AclsWithoutAuthorizer {
    static final String DESCRIBE_MESSAGE = "No Authorizer is configured on the broker";
    static final String CHANGE_MESSAGE = "No Authorizer is configured.";

    private AclsWithoutAuthorizer() {
    }

    public static void register(ApiHandlerRegistry registry) {
        registry.register(ApiKey.DESCRIBE_ACLS, describe());
        registry.register(ApiKey.CREATE_ACLS, create());
        registry.register(ApiKey.DELETE_ACLS, delete());
    }

    static ApiHandler describe() {
        return (context, request) -> CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.DESCRIBE_ACLS).newStruct()
                        .set(DescribeAclsResponse.ERROR_CODE, Errors.SECURITY_DISABLED.code())
                        .set(DescribeAclsResponse.ERROR_MESSAGE, DESCRIBE_MESSAGE));
    }

    static ApiHandler create() {
        return (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.CREATE_ACLS).newStruct();
            for (int i = 0; i < request.getStructs(CreateAclsRequest.CREATIONS).size(); i++) {
                response.addElement(CreateAclsResponse.RESULTS)
                        .set(CreateAclsResponse.Results.ERROR_CODE, Errors.SECURITY_DISABLED.code())
                        .set(CreateAclsResponse.Results.ERROR_MESSAGE, CHANGE_MESSAGE);
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    static ApiHandler delete() {
        return (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.DELETE_ACLS).newStruct();
            for (int i = 0; i < request.getStructs(DeleteAclsRequest.FILTERS).size(); i++) {
                response.addElement(DeleteAclsResponse.FILTER_RESULTS)
                        .set(DeleteAclsResponse.FilterResults.ERROR_CODE, Errors.SECURITY_DISABLED.code())
                        .set(DeleteAclsResponse.FilterResults.ERROR_MESSAGE, CHANGE_MESSAGE);
            }
            return CompletableFuture.completedFuture(response);
        };
    }
}
