// Reader settings: toggle buttons (aria-pressed) for the classes listed in main.js.
// The group is rendered hidden and shown here, since without JavaScript a choice
// could not be kept; the CSS media preferences cover that case.
import { SETTINGS, saveSettings } from "../main.js";

export function init(element) {
  const root = document.documentElement;
  for (const button of element.querySelectorAll("button[data-setting]")) {
    const name = button.dataset.setting;
    if (!SETTINGS.includes(name)) continue;
    button.setAttribute("aria-pressed", String(root.classList.contains(name)));
    button.addEventListener("click", () => {
      const on = root.classList.toggle(name);
      button.setAttribute("aria-pressed", String(on));
      saveSettings(root);
    });
  }
  element.hidden = false;
}
