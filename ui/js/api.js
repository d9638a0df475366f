// The bridge to the application: in the window, Tauri's commands; in the local browser mode
// (`labour-brand serve`), the same commands posted to the page's own server (same origin, its
// secret in an HttpOnly cookie). Every command is a thin call of the core's application layer.
import { commandError } from "./format.js";

/** Whether the page runs in the desktop window (else in a browser, served locally). */
export const inWindow = () => Boolean(window.__TAURI__);

async function post(cmd, args) {
  const r = await fetch(`/api/${encodeURIComponent(cmd)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(args),
    credentials: "same-origin",
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw body ?? new Error(`本机服务未响应（${r.status}）/ the local server did not answer`);
  return body;
}

/** Invokes a command; rejects with an Error holding the core's Chinese message and the
 * error's stable `code`. */
export async function call(cmd, args = {}) {
  try {
    return inWindow() ? await window.__TAURI__.core.invoke(cmd, args) : await post(cmd, args);
  } catch (e) {
    throw commandError(e);
  }
}

/** Listens to an app event (the window's close request; a browser tab has none). */
export function listen(event, handler) {
  return inWindow() ? window.__TAURI__.event.listen(event, handler) : Promise.resolve(() => {});
}
