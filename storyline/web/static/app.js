// storyline's only script: filter lists submit their form as soon as a choice changes.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".autosubmit").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form) {
        el.form.requestSubmit();
      }
    });
  });
});
