// In-page dialogs (confirm, prompt, message) and a toast with an optional action.
import { h, replace } from "./dom.js";

const root = () => document.getElementById("modal-root");

/** Shows a dialog; resolves with the value of the button pressed (or null on Esc). */
export function dialog({ title, body = [], buttons = [{ label: "确定", value: true, primary: true }], input = null }) {
  return new Promise((resolve) => {
    let field = null;
    const close = (value) => {
      replace(root());
      document.removeEventListener("keydown", onKey, true);
      resolve(value);
    };
    const onKey = (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        close(null);
      }
    };
    if (input) field = h("input", { type: "text", value: input.value ?? "", id: "dialog-input", "aria-label": title });
    const box = h(
      "div",
      { class: "modal", role: "dialog", "aria-modal": "true", "aria-label": title },
      h("h2", { text: title }),
      h("div", { class: "modal-body" }, body),
      field,
      h(
        "div",
        { class: "modal-buttons" },
        buttons.map((b) =>
          h("button", {
            class: b.primary ? "primary" : b.danger ? "danger" : "",
            text: b.label,
            dataset: { value: String(b.value) },
            onclick: () => close(field && b.value === true ? field.value : b.value),
          }),
        ),
      ),
    );
    replace(root(), h("div", { class: "modal-backdrop" }, box));
    document.addEventListener("keydown", onKey, true);
    if (field) {
      field.focus();
      field.select();
      field.addEventListener("keydown", (e) => {
        if (e.key === "Enter") close(field.value);
      });
    } else {
      box.querySelector("button.primary")?.focus();
    }
  });
}

/** Asks a yes/no question. */
export async function confirm(title, text, okLabel = "确定", danger = false) {
  const v = await dialog({
    title,
    body: [h("p", { text })],
    buttons: [
      { label: "取消", value: false },
      { label: okLabel, value: true, primary: !danger, danger },
    ],
  });
  return v === true;
}

/** Shows a message. */
export async function message(title, text) {
  await dialog({ title, body: [h("p", { text })] });
}

let toastTimer = null;
/** A short note at the bottom; with an action button ("撤销") when given. */
export function toast(text, action = null) {
  const el = document.getElementById("toast");
  replace(el, h("span", { text }), action ? h("button", { text: action.label, onclick: () => { el.hidden = true; action.run(); } }) : null);
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), action ? 8000 : 3500);
}
