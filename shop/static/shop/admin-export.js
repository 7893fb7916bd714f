// Wire django-import-export's "select all" box on the export page without an inline handler (see the template).
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll(".select-toggle")) {
    toggle.addEventListener("change", (event) => onSelectToggleChange(event));
  }
});
