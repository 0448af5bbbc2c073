package io.gregor.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint or properties file that does not follow its layout; names the file and line. */
public class MalformedCheckpointException extends IOException {
    public MalformedCheckpointException(Path file, int lineNumber, String problem) {
        super("malformed checkpoint file " + file + " at line " + lineNumber + ": " + problem);
    }

    public MalformedCheckpointException(String message) {
        super(message);
    }
}
