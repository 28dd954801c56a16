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
