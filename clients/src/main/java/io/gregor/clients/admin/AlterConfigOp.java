package io.gregor.clients.admin;

/** One change of an incremental config alteration: set a value or delete it (back to the default). */
public record AlterConfigOp(String name, String value, OpType op) {
    /** Kafka's IncrementalAlterConfigs operation codes. */
    public enum OpType {
        SET(0), DELETE(1), APPEND(2), SUBTRACT(3);

        public final byte code;

        OpType(int code) {
            this.code = (byte) code;
        }
    }

    public static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(name, value, OpType.SET);
    }

    public static AlterConfigOp delete(String name) {
        return new AlterConfigOp(name, null, OpType.DELETE);
    }
}
