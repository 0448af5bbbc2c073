package io.gregor.coordination.zk;

/** A znode's data is not the JSON (or text) Kafka's layout prescribes; names the path and the data. */
public final class ZnodeParseException extends RuntimeException {

    private final String path;

    public ZnodeParseException(String path, String problem, byte[] data, Throwable cause) {
        super("Malformed data at znode " + path + ": " + problem + " (data: " + ZkJson.preview(data) + ")", cause);
        this.path = path;
    }

    public ZnodeParseException(String path, String problem, byte[] data) {
        this(path, problem, data, null);
    }

    /** The znode path whose data could not be parsed. */
    public String path() {
        return path;
    }
}
