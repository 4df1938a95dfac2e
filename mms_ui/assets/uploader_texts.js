// The file uploader's English texts replaced by the UI language's as they appear (mms_ui/upload.py,
// _translate_uploader, which sets window.__mmsUploaderTexts first). Registered once per page load.
if (!window.__mmsUploaderObserver) {
  // the size error is in a tooltip (outside the uploader) and in a hidden alert for screen readers
  const rules = [[/^(Error: )?File must be .* or smaller\.$/, "too_big"], [/^Drag and drop files? here$/, "drop"],
                 [/^(Limit )?[0-9.]+ ?[KMG]?B per file/, "limit"], [/^Browse files?$/, "browse"], [/^Upload$/, "browse"]];
  const fix = el => {
    if (!el || el.nodeType !== 1 || el.children.length) return;
    const texts = window.__mmsUploaderTexts, text = (el.textContent || "").trim();
    for (const [pattern, key] of rules) {
      if (pattern.test(text) && texts[key] && text !== texts[key]) { el.textContent = texts[key]; return; }
    }
  };
  const walk = node => {
    if (node.nodeType === 3) { fix(node.parentElement); return; }
    if (node.nodeType !== 1) return;
    fix(node);
    node.querySelectorAll("*").forEach(fix);
  };
  const translate = () => walk(document.body);
  window.__mmsUploaderObserver = new MutationObserver(records => records.forEach(r => {
    if (r.type === "characterData") fix(r.target.parentElement); else r.addedNodes.forEach(walk);
  }));
  window.__mmsUploaderObserver.observe(document.body, {childList: true, subtree: true, characterData: true});
  translate();
}
