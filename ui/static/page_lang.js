(() => {
  // Issue 23: the document says the reader's language (WCAG 3.1.1), so a screen reader
  // reads Korean with a Korean voice and the browser picks Korean fonts and line breaks.
  // The app keeps the language in the URL (?lang=ko, ui/i18n.py); Streamlit changes the
  // URL without loading a new document, so the language is read again after each change.
  // Installed once per tab; static, no case data.
  const apply = () => {
    const lang = new URLSearchParams(window.location.search).get("lang");
    if (lang === "en" || lang === "ko") document.documentElement.lang = lang;
  };
  apply();
  if (window.sjsPageLang) return;
  window.sjsPageLang = true;
  for (const name of ["pushState", "replaceState"]) {
    const original = window.history[name];
    window.history[name] = function (...args) {
      const result = original.apply(this, args);
      apply();
      return result;
    };
  }
  window.addEventListener("popstate", apply);
})();
