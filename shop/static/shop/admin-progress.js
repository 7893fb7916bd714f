/* A staff job page follows its job: it polls the status view (data-status-url) and shows the step and
   progress; when the job is done it opens the result, and when it was not done it shows why. A file,
   not an inline script, so the Content-Security-Policy needs no 'unsafe-inline'. */
(function () {
  "use strict";
  var page = document.querySelector("[data-status-url]");
  if (!page) { return; }
  var url = page.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var step = document.getElementById("job-step");
  var label = document.getElementById("job-status");
  var message = document.getElementById("job-message");
  var again = document.getElementById("job-again");

  function show(status) {
    if (bar) { bar.value = status.percent; bar.textContent = status.percent + "%"; }
    if (step) { step.textContent = status.step + (status.running ? "…" : ""); }
    if (label) { label.textContent = status.status_label; }
    if (status.running) { window.setTimeout(poll, 1000); return; }
    if (status.result_url) { window.location.assign(window.location.href); return; }
    if (message && status.message) {
      var text = document.createElement("p");
      text.className = "errornote";
      text.textContent = status.message;
      message.replaceChildren(text);
    }
    if (again) { again.hidden = false; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(show)
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 500);
})();
