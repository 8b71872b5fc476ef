// Buttons marked data-print print the page (the CSP allows no inline onclick handlers).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
