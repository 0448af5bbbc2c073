package io.gregor.console.zookeeper;

import static io.gregor.console.Html.esc;

import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import io.gregor.console.browse.ValueView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The ZooKeeper tree under the cluster's chroot ({@code /zookeeper?path=/brokers/ids}), one znode at a
 * time: a breadcrumb of its ancestors, its children as links down, its data (pretty JSON, text or hex,
 * {@link ValueView}; SCRAM credentials redacted, {@link Redaction}) and its Stat. Paths are relative to
 * the chroot of {@code --zookeeper}, as the brokers see them. A malformed path is a 400 page, a missing
 * znode a 404, a znode ZooKeeper's ACLs keep from the console a 403, ZooKeeper unreachable a 503.
 */
public final class ZooKeeperPage implements Route {
    public static final String PATH = "/zookeeper";
    /** The most children listed (a sequential node's parent can hold many). */
    static final int MAX_CHILDREN = 1000;

    private final ConsoleContext context;

    public ZooKeeperPage(ConsoleContext context) {
        this.context = context;
    }

    /** What one read of a znode found. */
    private record Znode(byte[] data, Stat stat, List<String> children) {
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        ZnodePath path = ZnodePath.parse(request.param("path", "/"));
        String chroot = context.cluster().zookeeper("reading the chroot", zk -> zk.paths().chroot());
        Znode znode = read(path, path.onServer(chroot));

        StringBuilder body = new StringBuilder();
        body.append("<p class=\"note\">ZooKeeper ").append(esc(context.cluster().zookeeperConnect()))
                .append(chroot.isEmpty() ? " (no chroot)" : ", paths under the chroot <span class=\"mono\">"
                        + esc(chroot) + "</span>").append(".</p>");
        body.append(breadcrumb(path));
        body.append("<h2>Children</h2>").append(children(path, znode.children()));
        body.append("<h2>Data</h2>").append(data(path, znode.data()));
        body.append("<h2>Stat</h2>").append(stat(znode.stat()));
        return PageResponse.html(context.layout().page("ZooKeeper " + path.path(), PATH, body.toString()));
    }

    private Znode read(ZnodePath path, String onServer) {
        return context.cluster().zookeeper("reading " + path.path(), zk -> {
            CuratorFramework curator = zk.curator();
            try {
                Stat stat = new Stat();
                byte[] data = curator.getData().storingStatIn(stat).forPath(onServer);
                List<String> children = curator.getChildren().forPath(onServer);
                return new Znode(data, stat, children);
            } catch (KeeperException.NoNodeException e) {
                throw new ConsoleError(404, "No such znode", "There is no znode at " + path.path()
                        + " (under the chroot) in ZooKeeper.");
            } catch (KeeperException.NoAuthException e) {
                throw new ConsoleError(403, "Not allowed", "ZooKeeper's ACLs do not let the console read "
                        + path.path() + ".");
            } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException e) {
                throw new ConsoleError(503, "ZooKeeper unavailable", "ZooKeeper (" + context.cluster().zookeeperConnect()
                        + ") did not answer while reading " + path.path() + ": " + e.getMessage(), e);
            } catch (ConsoleError e) {
                throw e;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new ConsoleError(502, "ZooKeeper error", "ZooKeeper failed while reading " + path.path() + ": "
                        + e, e);
            }
        });
    }

    private static String breadcrumb(ZnodePath path) {
        StringBuilder out = new StringBuilder("<p class=\"breadcrumb mono\" id=\"breadcrumb\">");
        List<ZnodePath> lineage = path.lineage();
        for (int i = 0; i < lineage.size(); i++) {
            ZnodePath p = lineage.get(i);
            String label = p.isRoot() ? "root" : p.name();
            out.append(i > 0 ? " / " : "");
            out.append(i == lineage.size() - 1 ? "<b>" + esc(label) + "</b>" : "<a href=\"" + esc(href(p)) + "\">"
                    + esc(label) + "</a>");
        }
        return out.append("</p>").toString();
    }

    static String href(ZnodePath path) {
        return PATH + "?path=" + Html.url(path.path());
    }

    private static String children(ZnodePath path, List<String> names) {
        if (names.isEmpty()) {
            return "<p class=\"note\" id=\"children\">No children.</p>";
        }
        List<String> sorted = new ArrayList<>(names);
        boolean numeric = sorted.stream().allMatch(n -> n.matches("\\d{1,18}"));
        sorted.sort(numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder());
        StringBuilder out = new StringBuilder("<ul class=\"children mono\" id=\"children\">");
        for (String name : sorted.subList(0, Math.min(sorted.size(), MAX_CHILDREN))) {
            out.append("<li><a href=\"").append(esc(href(path.child(name)))).append("\">").append(esc(name))
                    .append("</a></li>");
        }
        out.append("</ul>");
        if (sorted.size() > MAX_CHILDREN) {
            out.append("<p class=\"note\">Showing the first ").append(MAX_CHILDREN).append(" of ").append(sorted.size())
                    .append(" children.</p>");
        }
        return out.toString();
    }

    private static String data(ZnodePath path, byte[] raw) {
        if (raw == null || raw.length == 0) {
            return "<p class=\"note\" id=\"data\" data-format=\"empty\">No data.</p>";
        }
        Redaction.Result kept = Redaction.apply(path, raw);
        ValueView.Shown shown = ValueView.show(kept.data(), ValueView.Format.AUTO);
        StringBuilder out = new StringBuilder();
        if (!kept.redacted().isEmpty()) {
            out.append("<p class=\"note\" id=\"redacted\">").append(kept.redacted().contains("*")
                    ? "This user config is not in Kafka's format, so all of it is redacted."
                    : "SCRAM credentials redacted: " + esc(String.join(", ", kept.redacted())) + ".").append("</p>");
        }
        out.append("<pre class=\"value\" id=\"data\" data-format=\"").append(esc(shown.format())).append("\">")
                .append(esc(shown.text())).append("</pre>");
        if (shown.note() != null) {
            out.append("<p class=\"note\">").append(esc(shown.note())).append("</p>");
        }
        return out.toString();
    }

    private static String stat(Stat s) {
        StringBuilder out = new StringBuilder("<table class=\"kv\" id=\"stat\">");
        row(out, "czxid", zxid(s.getCzxid()), "the transaction that created it");
        row(out, "mzxid", zxid(s.getMzxid()), "the transaction that last changed its data");
        row(out, "pzxid", zxid(s.getPzxid()), "the transaction that last changed its children");
        row(out, "ctime", time(s.getCtime()), null);
        row(out, "mtime", time(s.getMtime()), null);
        row(out, "version", Integer.toString(s.getVersion()), "changes of its data");
        row(out, "cversion", Integer.toString(s.getCversion()), "changes of its children");
        row(out, "aclVersion", Integer.toString(s.getAversion()), "changes of its ACL");
        row(out, "ephemeralOwner", s.getEphemeralOwner() == 0 ? "0x0" : "0x" + Long.toHexString(s.getEphemeralOwner()),
                s.getEphemeralOwner() == 0 ? "persistent" : "ephemeral: the owner's session id");
        row(out, "dataLength", Integer.toString(s.getDataLength()), "bytes");
        row(out, "numChildren", Integer.toString(s.getNumChildren()), null);
        return out.append("</table>").toString();
    }

    private static void row(StringBuilder out, String key, String value, String about) {
        out.append("<tr><th class=\"mono\">").append(esc(key)).append("</th><td><span class=\"mono\" id=\"stat-")
                .append(esc(key)).append("\">").append(esc(value)).append("</span>")
                .append(about == null ? "" : " <span class=\"note\">" + esc(about) + "</span>").append("</td></tr>");
    }

    private static String zxid(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }

    private static String time(long ms) {
        return Instant.ofEpochMilli(ms) + " (" + ms + ")";
    }
}
