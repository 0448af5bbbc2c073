package io.gregor.clients.network;

import java.net.InetSocketAddress;

/** A broker as metadata describes it: id and advertised endpoint. Bootstrap addresses get negative ids. */
public record Node(int id, String host, int port, String rack) {
    public Node(int id, String host, int port) {
        this(id, host, port, null);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (id: " + id + (rack == null ? "" : " rack: " + rack) + ")";
    }
}
