package io.gregor.console.actions;

import io.gregor.console.ConsoleRequest;
import io.gregor.console.PageResponse;

/**
 * A change to the cluster, made in three steps so nothing happens by accident: a form (GET), a review
 * (POST, step "review": checks the input, asks the cluster to validate where it can, and shows exactly
 * what will happen with a Confirm button) and the execution (POST, step "execute": does what the review
 * showed, then redirects to the page that shows the result). Registered only when the console is not
 * read-only; every POST has passed the form-token check before it gets here.
 */
public interface Action {
    /** The form field that says which POST step this is. */
    String STEP = "step";

    PageResponse form(ConsoleRequest request);

    PageResponse review(ConsoleRequest request);

    PageResponse execute(ConsoleRequest request);

    /** The POST route: review or execute, by the form's step. */
    default PageResponse submit(ConsoleRequest request) {
        return "execute".equals(request.formValue(STEP, "review")) ? execute(request) : review(request);
    }
}
