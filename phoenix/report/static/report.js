/* PHOENIX report pages: draw the embedded plotly figures.
 * Night pages: a box's link (#qc-<id>) opens its trending plot in a panel; Esc or x closes it.
 * Trending pages: every figure is drawn when it scrolls into view. */
(function () {
  "use strict";
  var node = document.getElementById("phoenix-data");
  if (!node) { return; }
  var data = JSON.parse(node.textContent);
  var config = { responsive: true, displaylogo: false };

  function openBox(id) {
    var box = data.boxes[id];
    var panel = document.getElementById("trend-panel");
    document.querySelectorAll("a.box.active").forEach(function (a) { a.classList.remove("active"); });
    if (!box) { panel.hidden = true; return; }
    var link = document.getElementById("box-" + id);
    if (link) { link.classList.add("active"); }
    var figure = data.series[box.series];
    var traces = figure.data.slice();
    if (box.highlight) { traces.push(box.highlight); }
    document.getElementById("trend-title").textContent = box.title;
    document.getElementById("trend-info").textContent = box.info;
    panel.hidden = false;
    Plotly.react("trend-plot", traces, figure.layout, config);
  }

  function onHash() { openBox(decodeURIComponent(location.hash.slice(1))); }

  function closePanel() {
    history.replaceState(null, "", location.pathname + location.search);
    openBox("");
  }

  function drawAll() {
    var pending = Object.keys(data.figures);
    function draw(id) {
      var figure = data.figures[id];
      Plotly.newPlot(id, figure.data, figure.layout, config);
    }
    if (!("IntersectionObserver" in window)) { pending.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target.id); }
      });
    }, { rootMargin: "300px" });
    pending.forEach(function (id) { observer.observe(document.getElementById(id)); });
  }

  if (data.kind === "night") {
    window.addEventListener("hashchange", onHash);
    document.querySelector("#trend-panel .close").addEventListener("click", function (event) {
      event.preventDefault();
      closePanel();
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closePanel(); } });
    onHash();
  } else if (data.kind === "trending") {
    drawAll();
  }
})();
