// The reader's colour theme, set on <html> before the first paint. Loaded by app/layout.tsx as a plain blocking
// <script src> in <head>: a file from 'self', so the Content-Security-Policy needs nothing extra for it.
// The choice ("light", "dark"; absent means "system") is kept in localStorage by app/_components/theme-toggle.tsx.
// data-theme="light" | "dark" pins the colours (app/globals.css); without it the system setting decides.
// data-theme-choice says the script ran, so the toggle is shown only where it can work.
(function () {
  var root = document.documentElement;
  var choice = null;
  try {
    choice = window.localStorage.getItem("attune-theme");
  } catch (e) {
    // Storage refused (privacy settings): follow the system.
  }
  if (choice === "light" || choice === "dark") {
    root.setAttribute("data-theme", choice);
  } else {
    choice = "system";
    root.removeAttribute("data-theme");
  }
  root.setAttribute("data-theme-choice", choice);
})();
