// The presentation page's keys (mms_core/present/screen.py, TOUR_KEYS_SCRIPT): a clicker's PageDown/PageUp, the
// arrows and space move the tour; Q shows the QR code large. A focused button or link keeps its own Space and
// Enter. Step changes are announced to screen readers (a polite live region that outlives the reruns).
// Registered once per page load.
if (!window.__mmsTourKeys) {
  window.__mmsTourKeys = true;
  var live = document.createElement("div");
  live.id = "mms-live"; live.className = "mms-sr-only";
  live.setAttribute("aria-live", "polite"); live.setAttribute("role", "status");
  document.body.appendChild(live);
  var announce = function () {
    var panel = document.querySelector("[data-mms-announce]");
    if (panel && live.textContent !== panel.dataset.mmsAnnounce) { live.textContent = panel.dataset.mmsAnnounce; }
  };
  new MutationObserver(announce).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                         attributeFilter: ["data-mms-announce"]});
  announce();
  var toggleQr = function (open) {
    var big = document.querySelector(".mms-qr-big");
    document.body.classList.toggle("mms-qr-open", big ? open : false);
  };
  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest(".mms-qr-toggle")) {
      toggleQr(!document.body.classList.contains("mms-qr-open"));
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target && event.target.closest ? event.target : null;
    if (target && target.closest("input, textarea, select, [contenteditable=true], [role=combobox], [role=listbox]")) {
      return;
    }
    if (target && (event.key === " " || event.key === "Enter") &&
        target.closest("button, a, summary, [role=button], [role=link], [role=tab], [role=checkbox], [role=switch]")) {
      return;  // a focused control keeps its own keys
    }
    if (!document.querySelector(".st-key-tour_next")) return;  // not on the presentation page
    if (event.key === "q" || event.key === "Q") { event.preventDefault(); toggleQr(!document.body.classList.contains("mms-qr-open")); return; }
    if (event.key === "Escape") { toggleQr(false); return; }
    var forward = ["PageDown", "ArrowRight", "ArrowDown", " "], back = ["PageUp", "ArrowLeft", "ArrowUp"];
    var key = forward.indexOf(event.key) >= 0 ? "tour_next" : back.indexOf(event.key) >= 0 ? "tour_prev"
            : event.key === "Home" ? "tour_home" : null;
    var button = key && document.querySelector(".st-key-" + key + " button");
    if (!button) return;
    event.preventDefault();
    button.click();
  });
}
