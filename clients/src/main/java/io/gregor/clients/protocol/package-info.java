/**
 * The Kafka wire protocol: message schemas declared once in Java ({@link io.gregor.clients.protocol.SchemaDsl},
 * family files in {@code schemas/}, registered in {@link io.gregor.clients.protocol.ApiMessages}),
 * values as {@link io.gregor.clients.protocol.Struct}, one generic codec
 * ({@link io.gregor.clients.protocol.MessageCodec}) for every API and version, request/response
 * headers, the API table ({@link io.gregor.clients.protocol.ApiKey}) and error codes
 * ({@link io.gregor.clients.protocol.Errors}). See SCHEMAS-HOWTO.md to add schemas.
 */
package io.gregor.clients.protocol;
