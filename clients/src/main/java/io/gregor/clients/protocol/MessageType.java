package io.gregor.clients.protocol;

/** Which side of an exchange a message is: a request or a response. */
public enum MessageType {
    REQUEST, RESPONSE
}
