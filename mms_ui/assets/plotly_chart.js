// Draws one plotly figure in the page itself (no iframe) with plotly.js's "cartesian" bundle,
// served from static/vendor/plotly: about a third of the full bundle Streamlit's own
// st.plotly_chart loads, and loaded once per page for all its charts.
// data = {figure: JSON of the figure (built by plotly.py), config: plotly.js config, label: text for screen readers}.
const BUNDLE = "app/static/vendor/plotly/plotly-cartesian.min.js";

function appRoot() {
  // Streamlit's own script sits at <root>/static/js/index.*.js, whatever the base path.
  const own = document.querySelector('script[src*="/static/js/index"]');
  if (own) return own.src.split("/static/js/")[0] + "/";
  return new URL("./", document.baseURI).href;
}

function loadPlotly() {
  if (!window.__mmsPlotly) {
    window.__mmsPlotly = new Promise((resolve, reject) => {
      if (window.Plotly) { resolve(window.Plotly); return; }
      const script = document.createElement("script");
      script.src = appRoot() + BUNDLE;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => { window.__mmsPlotly = undefined; reject(new Error("plotly.js not loaded")); };
      document.head.appendChild(script);
    });
  }
  return window.__mmsPlotly;
}

export default function (component) {
  const { parentElement, data } = component;
  let box = parentElement.querySelector(".mms-plot");
  if (!box) {
    box = document.createElement("div");
    box.className = "mms-plot";
    box.setAttribute("role", "img");
    parentElement.appendChild(box);
  }
  const figure = JSON.parse(data.figure);
  box.setAttribute("aria-label", data.label || "");
  box.style.minHeight = (figure.layout && figure.layout.height ? figure.layout.height : 420) + "px";
  // plotly measures its labels (automargin) in the document: draw once the box is in it.
  const attached = () => new Promise((resolve) => {
    const check = () => (box.isConnected && box.offsetWidth > 0 ? resolve() : requestAnimationFrame(check));
    check();
  });
  Promise.all([loadPlotly(), attached()]).then(([Plotly]) => {
    Plotly.react(box, figure.data, figure.layout, Object.assign({ responsive: true }, data.config));
  }).catch(() => { box.textContent = data.error || ""; });
}
