package io.gregor.console.zookeeper;

import io.gregor.console.ConsoleError;
import java.util.ArrayList;
import java.util.List;

/**
 * A znode path as the ZooKeeper page takes it: relative to the cluster's chroot (so "/" is the chroot and
 * "/brokers/ids" what the brokers call /brokers/ids), checked by ZooKeeper's rules before it is used: it
 * starts with '/', has no empty, "." or ".." segment, no trailing '/' (but the root) and no control
 * characters. Anything else is a 400 {@link ConsoleError} that says so.
 */
record ZnodePath(String path) {

    static ZnodePath parse(String text) {
        if (text == null || text.isEmpty()) {
            return new ZnodePath("/");
        }
        if (!text.startsWith("/")) {
            throw bad(text, "it must start with '/'");
        }
        if (text.length() > 1 && text.endsWith("/")) {
            throw bad(text, "it must not end with '/'");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || (c >= '\ud800' && c <= '\uf8ff') || (c >= '\ufff0' && c <= '\uffff')) {
                throw bad(text, "it holds a character ZooKeeper does not allow in a path");
            }
        }
        if (text.length() > 1) {
            for (String segment : text.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw bad(text, "it has an empty, '.' or '..' segment");
                }
            }
        }
        return new ZnodePath(text);
    }

    private static ConsoleError bad(String text, String why) {
        return new ConsoleError(400, "Bad ZooKeeper path", "'" + text + "' is not a ZooKeeper path: " + why + ".");
    }

    boolean isRoot() {
        return path.equals("/");
    }

    /** The path of the child {@code name}. */
    ZnodePath child(String name) {
        return new ZnodePath(isRoot() ? "/" + name : path + "/" + name);
    }

    /** The absolute path on the ZooKeeper server, under {@code chroot} ("" for none). */
    String onServer(String chroot) {
        return chroot.isEmpty() ? path : isRoot() ? chroot : chroot + path;
    }

    /** The path and each ancestor, from the root down: "/", "/brokers", "/brokers/ids". */
    List<ZnodePath> lineage() {
        List<ZnodePath> out = new ArrayList<>();
        out.add(new ZnodePath("/"));
        if (!isRoot()) {
            int i = 0;
            while ((i = path.indexOf('/', i + 1)) > 0) {
                out.add(new ZnodePath(path.substring(0, i)));
            }
            out.add(this);
        }
        return out;
    }

    /** The last segment ("" for the root). */
    String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** True under {@code ancestor} (strictly below it). */
    boolean isUnder(String ancestor) {
        return path.startsWith(ancestor + "/");
    }
}
