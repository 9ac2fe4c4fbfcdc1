// Keeps a waiting job's page up to date: asks the server where the job stands every second,
// says so in the status line (a polite live region), and reloads the page once the job is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  var status = document.getElementById("job-status");
  function words(s) {
    if (s.state === "queued") {
      return "Waiting for a free worker: " + s.position + " of " + s.waiting +
        " in the queue (all " + s.workers + " workers are busy).";
    }
    return status.textContent.replace(/started [0-9]+ s ago/, "started " + Math.round(s.seconds) + " s ago");
  }
  function poll() {
    fetch("/jobs/" + id + ".json", {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state === "finished" || s.state === "unknown") { window.location.reload(); return; }
        var text = words(s);
        if (text !== status.textContent) { status.textContent = text; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
