// The bridge to the application: in the window, Tauri's commands; in the local browser mode
// (`labour-brand serve`), the same commands posted to the page's own server (same origin, its
// secret in an HttpOnly cookie). Where the window opens a native file dialog, the browser
// chooses files to upload or receives a download, and the command returns what the window's
// would (null when nothing was chosen). Every command is a thin call of the core's
// application layer.
import { commandError } from "./format.js";

/** Whether the page runs in the desktop window (else in a browser, served locally). */
export const inWindow = () => Boolean(window.__TAURI__);

/** Commands that pick files in the window: what the browser lets the user choose. */
const PICKS = {
  import_draft: { accept: ".json,.lbdraft" },
  restore_backup: { accept: ".sqlite3" },
  batch_pick: { accept: ".json,.lbdraft", multiple: true },
  add_evidence: { accept: ".pdf,.jpg,.jpeg,.png", multiple: true },
};
/** Commands that save a file in the window: a download in the browser. */
const SAVES = new Set(["export_draft", "export_unsaved", "export_forms", "export_bundle", "backup_drafts", "batch_save"]);

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

/** Files the user chooses for command `cmd` (a folder's draft files for a folder pick); []
 * when cancelled. The chooser's input stays in the page (hidden) while it is open: browsers
 * fire its events reliably then, and a WebDriver test can hand it files. */
function choose(cmd, { accept, multiple = false, folder = false }) {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = accept;
    input.multiple = multiple || folder;
    input.hidden = true;
    input.dataset.pick = cmd;
    if (folder) input.webkitdirectory = true;
    const done = (files) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener("change", () => {
      const exts = accept.split(",");
      done([...(input.files ?? [])].filter((f) => !folder || exts.some((e) => f.name.toLowerCase().endsWith(e))));
    });
    input.addEventListener("cancel", () => done([]));
    document.body.append(input);
    input.click();
  });
}

/** A file's contents as base64 (read natively by the browser engine). */
function base64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).slice(String(r.result).indexOf(",") + 1));
    r.onerror = () => reject(new Error(`无法读取「${file.name}」`));
    r.readAsDataURL(file);
  });
}

async function inBrowser(cmd, args) {
  if (PICKS[cmd]) {
    const chosen = await choose(cmd, { ...PICKS[cmd], folder: cmd === "batch_pick" && args.pick === "folder" });
    if (!chosen.length) return null;
    const files = await Promise.all(chosen.map(async (f) => ({ name: f.name, data: await base64(f) })));
    return post(cmd, { ...args, files });
  }
  if (SAVES.has(cmd)) {
    const out = await post(cmd, args);
    const a = document.createElement("a");
    a.href = out.download;
    a.download = out.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    return out.result;
  }
  return post(cmd, args);
}

/** Invokes a command; rejects with an Error holding the core's Chinese message and the
 * error's stable `code`. */
export async function call(cmd, args = {}) {
  try {
    return inWindow() ? await window.__TAURI__.core.invoke(cmd, args) : await inBrowser(cmd, args);
  } catch (e) {
    throw commandError(e);
  }
}

/** Listens to an app event (the window's close request; a browser tab has none). */
export function listen(event, handler) {
  return inWindow() ? window.__TAURI__.event.listen(event, handler) : Promise.resolve(() => {});
}
