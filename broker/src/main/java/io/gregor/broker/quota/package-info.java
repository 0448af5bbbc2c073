/**
 * Client quotas as Kafka's ClientQuotaManager enforces them: {@code producer_byte_rate},
 * {@code consumer_byte_rate} and {@code request_percentage} per user, client id, or both (and their
 * defaults), read from {@code /config/users} and {@code /config/clients}; rates measured over
 * sample windows; a client over its quota gets {@code throttle_time_ms} in its response and its
 * connection is not read from for that long. Wired by {@link io.gregor.broker.quota.QuotaGate#install}.
 */
package io.gregor.broker.quota;
