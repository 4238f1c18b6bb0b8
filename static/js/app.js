/*
 * Recovery: behaviour shared by every page. No framework, no inline scripts (CSP).
 *
 * - Moves focus to a form's error summary when the page loads (or htmx swaps one in),
 *   so that it is read out.
 * - Tells the person when an htmx request fails, instead of silently doing nothing.
 *
 * htmx sends the CSRF token from the hx-headers attribute on <body>.
 */
(function () {
    "use strict";

    function focusErrorSummary(root) {
        var summary = root.matches && root.matches(".app-error-summary") ? root : root.querySelector(".app-error-summary");
        if (summary) {
            summary.focus();
        }
    }

    function showMessage(text) {
        var container = document.getElementById("messages");
        if (!container) {
            return;
        }
        var alert = document.createElement("div");
        alert.className = "alert alert-danger alert-dismissible fade show";
        alert.setAttribute("role", "alert");
        alert.textContent = text;
        var close = document.createElement("button");
        close.type = "button";
        close.className = "btn-close";
        close.setAttribute("data-bs-dismiss", "alert");
        close.setAttribute("aria-label", "Dismiss this message");
        alert.appendChild(close);
        container.replaceChildren(alert);
    }

    document.addEventListener("DOMContentLoaded", function () {
        focusErrorSummary(document);
    });

    // A form sent with htmx and answered with errors: focus its error summary too.
    // afterSettle is dispatched on the newly swapped-in content.
    document.addEventListener("htmx:afterSettle", function (event) {
        if (event.target instanceof Element) {
            focusErrorSummary(event.target);
        }
    });

    document.addEventListener("htmx:responseError", function (event) {
        var status = event.detail.xhr ? event.detail.xhr.status : 0;
        if (status === 403) {
            showMessage("You do not have permission to do that. If you were signed out, reload the page and sign in again.");
        } else {
            showMessage("Something went wrong (error " + status + "). Your change may not have been saved: reload the page and try again.");
        }
    });

    document.addEventListener("htmx:sendError", function () {
        showMessage("Could not reach Recovery. Check your connection, then try again.");
    });
})();
