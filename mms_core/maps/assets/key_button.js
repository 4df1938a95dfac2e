// a map's shape as a named button: Enter/Space activate it; the keys listened to once (true: just now).
// The label is escaped HTML, read as text by an inert parser. See mms_core.maps.folium_map.KEY_BUTTON_JS.
window.mmsKeyButton = window.mmsKeyButton || function (path, label, activate) {
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", new DOMParser().parseFromString(label, "text/html").body.textContent);
    path.setAttribute("tabindex", "0");
    if (path.mmsKeys) { return false; }
    path.mmsKeys = true;
    path.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") { return; }
        event.preventDefault();
        event.stopPropagation();
        activate();
    });
    return true;
};
