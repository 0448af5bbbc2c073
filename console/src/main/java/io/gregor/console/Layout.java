package io.gregor.console;

import static io.gregor.console.Html.esc;

/**
 * The frame every page shares: title, the stylesheet and script from the jar, a nav bar linking every
 * page ({@link Navigation}), a "read-only" badge when the console was started with {@code --read-only},
 * and the page's own body. Stateless and thread safe.
 */
public final class Layout {
    private final Navigation navigation;
    private final boolean readOnly;

    public Layout(Navigation navigation, boolean readOnly) {
        this.navigation = navigation;
        this.readOnly = readOnly;
    }

    public Navigation navigation() {
        return navigation;
    }

    /** A whole HTML page; {@code title} is text (escaped here), {@code body} is HTML already escaped by the page. */
    public String page(String title, String activePath, String body) {
        StringBuilder nav = new StringBuilder();
        nav.append("<a class=\"brand\" href=\"/\">Gregor console</a>");
        for (Navigation.Entry e : Navigation.PAGES) {
            String cls = e.path().equals(activePath) ? " class=\"active\"" : "";
            if (navigation.available(e.path())) {
                nav.append("<a").append(cls).append(" href=\"").append(esc(e.path())).append("\">")
                        .append(esc(e.label())).append("</a>");
            } else {
                nav.append("<span class=\"unavailable\" title=\"not yet\">").append(esc(e.label())).append("</span>");
            }
        }
        if (readOnly) {
            nav.append("<span class=\"badge read-only\">read-only</span>");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Gregor console</title>
                <link rel="stylesheet" href="/static/console.css">
                <script src="/static/console.js" defer></script>
                </head>
                <body>
                <nav>%s</nav>
                <main>
                <h1>%s</h1>
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), nav, esc(title), body);
    }

    /** What an action that redirected here with {@code ?done=<what>} did, as a line for the page; fixed texts only. */
    public static String done(ConsoleRequest request) {
        String text = switch (request.param("done", "")) {
            case "created" -> "The topic was created.";
            case "partitions-added" -> "The partitions were added.";
            case "offsets-reset" -> "The offsets were reset.";
            default -> null;
        };
        return text == null ? "" : "<p class=\"success\" id=\"done\">" + text + "</p>";
    }

    /** The page shown for a {@link ConsoleError}: its title and message, nothing of the stack. */
    public String errorPage(ConsoleError error) {
        return page(error.title(), "", "<p class=\"error-message\" id=\"error\">" + esc(error.getMessage()) + "</p>"
                + "<p><a href=\"/\">Front page</a></p>");
    }
}
