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
  const dur = (seconds) => {
    const minutes = Math.floor(Math.max(0, seconds) / 60);
    const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    if (days) return `${days} d ${hours} h`;
    if (hours) return `${hours} h ${mins} min`;
    return `${mins} min`;
  };
  const tick = () => {
    const left = remaining - Math.floor((Date.now() - start) / 1000);
    sla.textContent = left < 0 ? `overdue by ${dur(-left)}` : `${dur(left)} left`;
    if (left < 0) sla.className = "sla sla-overdue";
  };
  window.setInterval(tick, 15000);
})();
