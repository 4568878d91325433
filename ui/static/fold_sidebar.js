(() => {
  // Issue 22: on a window narrow enough that Streamlit draws the sidebar over the page, a
  // page picked in its menu folds it, whatever the browser (Streamlit itself does so only
  // for a phone's user agent). Installed once per tab; static, no case data.
  if (window.sjsFoldSidebar) return;
  window.sjsFoldSidebar = true;
  const part = (id) => document.querySelector(`[data-testid="${id}"]`);
  document.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element) || !target.closest('[data-testid="stSidebarNav"] a')) return;
    // After Streamlit's own handler: on a phone it has folded the sidebar already.
    window.setTimeout(() => {
      const sidebar = part("stSidebar");
      const main = part("stMain");
      if (!sidebar || !main || sidebar.getAttribute("data-collapsed") !== "false") return;
      // Beside the page (a wide window) the page starts where the sidebar ends.
      if (sidebar.getBoundingClientRect().right <= main.getBoundingClientRect().left + 1) return;
      const fold = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (fold) fold.click();
    }, 0);
  });
})();
