package io.gregor.clients.admin;

import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterUserScramCredentialsRequest;
import io.gregor.clients.protocol.schemas.AlterUserScramCredentialsResponse;
import io.gregor.clients.protocol.schemas.DescribeUserScramCredentialsRequest;
import io.gregor.clients.protocol.schemas.DescribeUserScramCredentialsResponse;
import io.gregor.clients.security.ScramMechanism;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SCRAM credential calls of {@link GregorAdmin} (KIP-554): DescribeUserScramCredentials and
 * AlterUserScramCredentials, to any broker. Upsertions are salted on the client as Kafka's admin
 * client does: a random salt (130 random bits written in base 36, as Kafka makes it) and RFC 5802's
 * salted password from {@link ScramMechanism#saltedPassword}. Blocking; thread-safe.
 */
final class ScramCredentialRequests {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommonClientConfig config;
    private final NetworkClient client;

    ScramCredentialRequests(CommonClientConfig config, NetworkClient client) {
        this.config = config;
        this.client = client;
    }

    /** Each user's credentials; a user without any (RESOURCE_NOT_FOUND) is left out. Empty {@code users}: every user that has one. */
    Map<String, List<ScramCredentialInfo>> describe(Collection<String> users) {
        Struct req = ApiMessages.request(ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS).newStruct();
        if (users.isEmpty()) {
            req.set(DescribeUserScramCredentialsRequest.USERS, null);
        } else {
            users.forEach(u -> req.addElement(DescribeUserScramCredentialsRequest.USERS)
                    .set(DescribeUserScramCredentialsRequest.Users.NAME, u));
        }
        Struct resp = client.sendToAnyNode(ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS, req,
                ApiKey.DESCRIBE_USER_SCRAM_CREDENTIALS.maxVersion, config.defaultApiTimeoutMs());
        check(resp.getShort(DescribeUserScramCredentialsResponse.ERROR_CODE),
                resp.getString(DescribeUserScramCredentialsResponse.ERROR_MESSAGE), "DescribeUserScramCredentials");
        Map<String, List<ScramCredentialInfo>> result = new LinkedHashMap<>();
        for (Struct r : resp.getStructs(DescribeUserScramCredentialsResponse.RESULTS)) {
            String user = r.getString(DescribeUserScramCredentialsResponse.Results.USER);
            Errors error = Errors.forCode(r.getShort(DescribeUserScramCredentialsResponse.Results.ERROR_CODE));
            if (error == Errors.RESOURCE_NOT_FOUND) {
                continue;
            }
            check(error.code(), r.getString(DescribeUserScramCredentialsResponse.Results.ERROR_MESSAGE),
                    "describing the SCRAM credentials of user " + user);
            List<ScramCredentialInfo> infos = new ArrayList<>();
            for (Struct c : r.getStructs(DescribeUserScramCredentialsResponse.Results.CREDENTIAL_INFOS)) {
                ScramMechanism mechanism = ScramMechanism.forType(c.getByte(DescribeUserScramCredentialsResponse.Results.CredentialInfos.MECHANISM));
                if (mechanism != null) {
                    infos.add(new ScramCredentialInfo(mechanism,
                            c.getInt(DescribeUserScramCredentialsResponse.Results.CredentialInfos.ITERATIONS)));
                }
            }
            result.put(user, infos);
        }
        return result;
    }

    void alter(List<ScramCredentialAlteration> alterations) {
        Struct req = ApiMessages.request(ApiKey.ALTER_USER_SCRAM_CREDENTIALS).newStruct();
        for (ScramCredentialAlteration a : alterations) {
            if (a.isDeletion()) {
                req.addElement(AlterUserScramCredentialsRequest.DELETIONS)
                        .set(AlterUserScramCredentialsRequest.Deletions.NAME, a.user())
                        .set(AlterUserScramCredentialsRequest.Deletions.MECHANISM, a.mechanism().type());
            } else {
                byte[] salt = new BigInteger(130, RANDOM).toString(Character.MAX_RADIX).getBytes(StandardCharsets.UTF_8);
                byte[] salted = a.mechanism().saltedPassword(a.password(), salt, a.iterations());
                req.addElement(AlterUserScramCredentialsRequest.UPSERTIONS)
                        .set(AlterUserScramCredentialsRequest.Upsertions.NAME, a.user())
                        .set(AlterUserScramCredentialsRequest.Upsertions.MECHANISM, a.mechanism().type())
                        .set(AlterUserScramCredentialsRequest.Upsertions.ITERATIONS, a.iterations())
                        .set(AlterUserScramCredentialsRequest.Upsertions.SALT, ByteBuffer.wrap(salt))
                        .set(AlterUserScramCredentialsRequest.Upsertions.SALTED_PASSWORD, ByteBuffer.wrap(salted));
            }
        }
        Struct resp = client.sendToAnyNode(ApiKey.ALTER_USER_SCRAM_CREDENTIALS, req,
                ApiKey.ALTER_USER_SCRAM_CREDENTIALS.maxVersion, config.defaultApiTimeoutMs());
        for (Struct r : resp.getStructs(AlterUserScramCredentialsResponse.RESULTS)) {
            check(r.getShort(AlterUserScramCredentialsResponse.Results.ERROR_CODE),
                    r.getString(AlterUserScramCredentialsResponse.Results.ERROR_MESSAGE),
                    "altering the SCRAM credentials of user " + r.getString(AlterUserScramCredentialsResponse.Results.USER));
        }
    }

    private static void check(short code, String message, String what) {
        Errors error = Errors.forCode(code);
        if (error != Errors.NONE) {
            throw new GregorApiException(error, message == null || message.isEmpty() ? what : what + ": " + message);
        }
    }
}
