// The header's "Menu" button on a phone: shows or hides the navigation (CSP: no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var header = document.getElementById("top");
  if (!header) return;
  var button = header.querySelector(".nav-toggle");
  button.addEventListener("click", function () {
    var open = header.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // A click outside closes the "Quản trị" menu.
  document.addEventListener("click", function (event) {
    header.querySelectorAll("details.more[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
});
