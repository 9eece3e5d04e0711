// A mailed link's page: moves the token from the address bar's fragment into the form and
// takes it out of the address bar, so that history keeps no token (decision 0021). The
// field to paste the link into, for browsers that run no script, is then hidden.
/* global document, location, history, HTMLInputElement, HTMLElement -- runs in the browser */
const input = document.getElementById("link");
if (input instanceof HTMLInputElement && location.hash.length > 1) {
  input.value = location.hash.slice(1);
  history.replaceState(null, "", location.pathname);
  const field = input.closest("[data-link-paste]");
  if (field instanceof HTMLElement) field.hidden = true;
}
