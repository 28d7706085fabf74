// A button marked data-print prints the page (the Content-Security-Policy allows no inline onclick).
document.querySelectorAll("[data-print]").forEach(b => b.addEventListener("click", () => window.print()));
