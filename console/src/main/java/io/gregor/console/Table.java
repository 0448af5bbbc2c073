package io.gregor.console;

import static io.gregor.console.Html.esc;

/**
 * An HTML table built row by row: headers are text (escaped here), cells are HTML the page has escaped
 * ({@link #text} escapes one for it). A header starting with '#' is a number column (right-aligned).
 */
public final class Table {
    private final StringBuilder html = new StringBuilder();
    private final boolean[] numeric;

    public Table(String id, String... headers) {
        numeric = new boolean[headers.length];
        html.append("<table id=\"").append(esc(id)).append("\"><thead><tr>");
        for (int i = 0; i < headers.length; i++) {
            numeric[i] = headers[i].startsWith("#");
            String h = numeric[i] ? headers[i].substring(1) : headers[i];
            html.append(numeric[i] ? "<th class=\"num\">" : "<th>").append(esc(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
    }

    /** A row; {@code rowClass} (may be null) marks it, e.g. "under-replicated"; cells are HTML. */
    public Table row(String rowClass, String... cells) {
        html.append(rowClass == null || rowClass.isEmpty() ? "<tr>" : "<tr class=\"" + esc(rowClass) + "\">");
        for (int i = 0; i < cells.length; i++) {
            html.append(i < numeric.length && numeric[i] ? "<td class=\"num\">" : "<td>").append(cells[i]).append("</td>");
        }
        html.append("</tr>");
        return this;
    }

    /** One escaped text cell. */
    public static String text(Object value) {
        return esc(value);
    }

    /** An escaped link to {@code href} with {@code label}. */
    public static String link(String href, Object label) {
        return "<a href=\"" + esc(href) + "\">" + esc(label) + "</a>";
    }

    public String html() {
        return html + "</tbody></table>";
    }
}
