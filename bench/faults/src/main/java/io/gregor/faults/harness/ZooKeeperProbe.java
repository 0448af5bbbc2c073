package io.gregor.faults.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Whether ZooKeeper serves: its {@code srvr} four-letter command answers with a {@code Mode:} line
 * (the script enables {@code srvr} in {@code 4lw.commands.whitelist}). Bounded to about a second.
 */
final class ZooKeeperProbe {
    private final String host;
    private final int port;

    ZooKeeperProbe(String connect) {
        int colon = connect.lastIndexOf(':');
        this.host = connect.substring(0, colon);
        this.port = Integer.parseInt(connect.substring(colon + 1));
    }

    boolean serving() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
            return answer.contains("Mode:");
        } catch (IOException e) {
            return false;
        }
    }
}
