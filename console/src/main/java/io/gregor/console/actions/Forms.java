package io.gregor.console.actions;

import static io.gregor.console.Html.esc;

import io.gregor.console.FormToken;
import java.util.Map;

/** The HTML of the actions' forms: a POST form with the form token and its step, inputs, hidden fields. */
final class Forms {
    private Forms() {
    }

    /** Opens a POST form to {@code action} for {@code step}, carrying the token. */
    static String open(String id, String action, String step, FormToken token) {
        return "<form class=\"action\" id=\"" + esc(id) + "\" method=\"post\" action=\"" + esc(action) + "\">"
                + token.hiddenInput() + hidden(Action.STEP, step);
    }

    static String hidden(String name, Object value) {
        return "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
    }

    /** Every entry as a hidden field: the confirmation form sends back exactly what was reviewed. */
    static String hidden(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(hidden(k, v)));
        return out.toString();
    }

    static String input(String name, String label, String type, Object value, String extra) {
        return "<label for=\"" + esc(name) + "\">" + esc(label) + "</label><input type=\"" + esc(type) + "\" id=\""
                + esc(name) + "\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\"" + extra + ">";
    }

    /** The review step's Confirm button and a way out that changes nothing: back to {@code cancelTo}. */
    static String confirm(String label, String cancelTo) {
        return "<button type=\"submit\" class=\"confirm\" id=\"confirm\">" + esc(label) + "</button> "
                + "<a id=\"cancel\" href=\"" + esc(cancelTo) + "\">Cancel</a></form>";
    }

    static String submit(String label) {
        return "<button type=\"submit\" id=\"review\">" + esc(label) + "</button></form>";
    }
}
