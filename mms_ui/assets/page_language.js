// Every page (mms_ui/app.py, page_language_script, which sets window.__mmsLang and window.__mmsLabels first): the
// document's lang attribute in the UI language, Streamlit's English labels translated, the data-origin banner a
// note, every scrolling table reachable by keyboard. Registered once per page load. No '<' before a letter in
// this file: st.html's sanitizer (DOMPurify) drops a script whose text has one.
document.documentElement.lang = window.__mmsLang;
if (!window.__mmsTableFocus) {
  // at most one look every 200 ms: a page's first drawing makes thousands of changes
  var mmsTablesPending = false;
  var mmsTranslate = function () {
    var T = window.__mmsLabels;
    if (window.__mmsLang === "en") { return; }
    document.querySelectorAll('[data-testid="stSkipToContent"]').forEach(function (a) {
      if (a.textContent !== T.skip) { a.textContent = T.skip; }
    });
    document.querySelectorAll('[aria-label="Link to heading"]').forEach(function (a) {
      a.setAttribute("aria-label", T.heading);
    });
    document.querySelectorAll('[aria-label^="Help for "]').forEach(function (b) {
      b.setAttribute("aria-label", T.help + " " + b.getAttribute("aria-label").slice(9));
    });
    document.querySelectorAll('button[aria-label="Open"]').forEach(function (b) {
      b.setAttribute("aria-label", T.open);
    });
  };
  var mmsMarkBanner = function () {
    document.querySelectorAll('.st-key-mms_origin [role="alert"]').forEach(function (box) {
      box.setAttribute("role", "note");
    });
  };
  var mmsMarkTables = function () {
    mmsTablesPending = false;
    mmsTranslate();
    mmsMarkBanner();
    document.querySelectorAll('[data-testid="stTable"] > div:not([tabindex])').forEach(function (box) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var heads = Array.prototype.map.call(box.querySelectorAll("thead th"), function (th) { return th.textContent; });
      box.setAttribute("aria-label", heads.filter(Boolean).join(", ") || "table");
    });
  };
  window.__mmsTableFocus = new MutationObserver(function () {
    if (mmsTablesPending) { return; }
    mmsTablesPending = true;
    setTimeout(mmsMarkTables, 200);
  });
  // labels too: React may set a help button's English aria-label again without adding a node (one run
  // per page load leaves no later change to catch it); our own Polish labels no longer match, so no loop
  window.__mmsTableFocus.observe(document.body, {childList: true, subtree: true, attributes: true,
                                                  attributeFilter: ["aria-label"]});
}
