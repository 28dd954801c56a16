// ringfence console: progressive enhancement only; every page works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "/" && document.activeElement === document.body) {
    const search = document.getElementById("number-search");
    if (search) { event.preventDefault(); search.focus(); }
  }
});
// The verification clock: the server computed the seconds left when it rendered the page; count on
// from there so an open page stays right (the page itself is correct without this).
(() => {
  const sla = document.getElementById("sla");
  if (!sla || sla.dataset.remaining === undefined) return;
  const start = Date.now();
  const remaining = Number(sla.dataset.remaining);
  // The words come from the page, in the page's language: "{d} d {h} h", "{t} left", …
  const say = (key, values) => {
    const pattern = sla.dataset[key] || "";
    return pattern.replace(/\{(\w)\}/g, (_, k) => String(values[k]));
  };
  const dur = (seconds) => {
    const minutes = Math.floor(Math.max(0, seconds) / 60);
    const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    if (d) return say("days", { d, h });
    if (h) return say("hours", { h, m });
    return say("minutes", { m });
  };
  const tick = () => {
    const left = remaining - Math.floor((Date.now() - start) / 1000);
    sla.textContent = left < 0 ? say("overdue", { t: dur(-left) }) : say("left", { t: dur(left) });
    if (left < 0) sla.className = "sla sla-overdue";
  };
  window.setInterval(tick, 15000);
})();
