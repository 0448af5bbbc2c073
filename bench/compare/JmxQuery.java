import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads MBean attributes of a broker over its JMX port, for the bench scripts (Kafka and Gregor
 * publish the same names, so both are read the same way).
 * <pre>
 *   JmxQuery HOST:PORT OBJECT_NAME ATTRIBUTE [OBJECT_NAME ATTRIBUTE ...]
 * </pre>
 * Prints one line per pair: {@code OBJECT_NAME ATTRIBUTE VALUE}. An object name may be a pattern
 * (e.g. {@code ...,name=RequestsPerSec,request=FetchConsumer,version=*}): the value is then the
 * sum over the matching MBeans. A name nothing matches, or an attribute a match does not have,
 * prints {@code NaN}. Exits non-zero (reason on stderr) when the connection fails.
 */
public final class JmxQuery {
    private JmxQuery() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length % 2 != 1) {
            System.err.println("usage: JmxQuery HOST:PORT OBJECT_NAME ATTRIBUTE [OBJECT_NAME ATTRIBUTE ...]");
            System.exit(2);
        }
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + args[0] + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            for (int i = 1; i < args.length; i += 2) {
                System.out.println(args[i] + " " + args[i + 1] + " " + value(server, args[i], args[i + 1]));
            }
        }
    }

    private static String value(MBeanServerConnection server, String name, String attribute) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName(name), null);
        if (names.isEmpty()) {
            return "NaN";
        }
        double sum = 0;
        for (ObjectName n : names) {
            Object v;
            try {
                v = server.getAttribute(n, attribute);
            } catch (javax.management.AttributeNotFoundException e) {
                return "NaN";
            }
            if (!(v instanceof Number number)) {
                return "NaN";
            }
            sum += number.doubleValue();
        }
        return Double.toString(sum);
    }
}
