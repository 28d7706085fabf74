// The desk's error summary takes the focus after a failed submit; a link of the summary puts the cursor in its field
// (a plain in-page link only scrolls), opening the refusal box if needed.
const summary = document.getElementById("error-summary");
summary?.focus();
summary?.querySelectorAll("a").forEach(a => a.addEventListener("click", e => {
  const field = document.getElementById(a.hash.slice(1));
  if (!field) return;
  e.preventDefault();
  field.closest("details")?.setAttribute("open", "");
  field.focus();
  field.scrollIntoView({ block: "center" });
}));
