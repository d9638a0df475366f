// The bridge to the Rust shell. Every call goes to a thin command over the core.
import { commandError } from "./format.js";

function tauri() {
  const t = window.__TAURI__;
  if (!t) throw new Error("未在桌面程序中运行 / not running inside the app");
  return t;
}

/** Invokes a command; rejects with an Error holding the Chinese part of the core's message
 * and the error's stable `code`. */
export async function call(cmd, args = {}) {
  try {
    return await tauri().core.invoke(cmd, args);
  } catch (e) {
    throw commandError(e);
  }
}

/** Listens to an app event. */
export function listen(event, handler) {
  return tauri().event.listen(event, handler);
}

