/*
 * Plans: show a follow-up field only when the answer that needs it is chosen.
 * No inline scripts (CSP). Without JavaScript every field simply stays visible.
 *
 * Markup: <div data-plans-show-when="NAME"> shows when the checkbox NAME is ticked;
 *         <div data-plans-show-when="NAME=VALUE"> when the radio or select NAME has VALUE.
 */
(function () {
    "use strict";

    function currentValue(form, name) {
        var fields = form.querySelectorAll("[name='" + name + "']");
        for (var i = 0; i < fields.length; i++) {
            var field = fields[i];
            if (field.type === "checkbox") {
                return field.checked ? "on" : "";
            }
            if (field.type === "radio") {
                if (field.checked) {
                    return field.value;
                }
            } else {
                return field.value;
            }
        }
        return "";
    }

    function update(form) {
        var blocks = form.querySelectorAll("[data-plans-show-when]");
        for (var i = 0; i < blocks.length; i++) {
            var rule = blocks[i].getAttribute("data-plans-show-when").split("=");
            var value = currentValue(form, rule[0]);
            var shown = rule.length > 1 ? value === rule[1] : value === "on";
            // A block holding an error always shows, so the person can see and fix it.
            if (blocks[i].querySelector(".is-invalid")) {
                shown = true;
            }
            blocks[i].hidden = !shown;
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        var forms = document.querySelectorAll("form");
        for (var i = 0; i < forms.length; i++) {
            if (forms[i].querySelector("[data-plans-show-when]")) {
                update(forms[i]);
                forms[i].addEventListener("change", function (event) {
                    update(event.currentTarget);
                });
            }
        }
    });
})();
