// The bridge to the application: in the window, Tauri's commands; in the local browser mode
// (`labour-brand serve`), the same commands posted to the page's own server (same origin, its
// secret in an HttpOnly cookie). Both are made from the core's one command table. Where the
// window opens a native file dialog, the browser chooses files and uploads them — one file per
// request, its raw bytes, so that no size limit of a JSON body or of memory applies — or
// receives a download, and the command returns what the window's would (null when nothing was
// chosen). A 403 (the server restarted, or the link was used) is the error `session_lost`:
// the page keeps what was typed and says how to get back in.
import { commandError } from "./format.js";

/** Whether the page runs in the desktop window (else in a browser, served locally). */
export const inWindow = () => Boolean(window.__TAURI__);

/** Commands that pick files in the window: what the browser lets the user choose, and what
 * the upload is for (it sets the server's size limit). */
export const PICKS = {
  import_draft: { accept: ".json,.lbdraft", purpose: "draft" },
  restore_backup: { accept: ".sqlite3", purpose: "backup" },
  batch_pick: { accept: ".json,.lbdraft", multiple: true, purpose: "draft" },
  review_receive: { accept: ".json,.lbdraft", multiple: true, purpose: "draft" },
  add_evidence: { accept: ".pdf,.jpg,.jpeg,.png", multiple: true, purpose: "evidence" },
};

/** The error a 403 becomes: the connection to the local server is lost (see docs/security.md). */
export function sessionLost(status, body) {
  if (status !== 403) return null;
  return body?.code ? body : { code: "session_lost", message_zh: "与本机服务的连接已失效。请从开始菜单（或桌面）重新打开“劳务品牌申报助手（浏览器版）”；本页中尚未保存的内容仍保留在页面里，重新打开后会自动保存。" };
}

/** Where refusals of single uploads go: several evidence files are attached one by one, and
 * those refused at upload (over 30 MB) join the command's own refusals; for a single file the
 * refusal is the error. */
export function mergeRefused(cmd, result, refusedAtUpload) {
  if (!refusedAtUpload.length) return result;
  // The desk lists every file it was given: one refused at upload is listed with the reason.
  if (cmd === "review_receive") {
    const refused = refusedAtUpload.map((e) => ({ outcome: "refused", file: e.file ?? "", reason: e.message_zh ?? e.message ?? String(e) }));
    return { files: [...(result?.files ?? []), ...refused] };
  }
  if (cmd !== "add_evidence") throw refusedAtUpload[0];
  const r = result ?? { added: [], refused: [] };
  return { ...r, refused: [...refusedAtUpload, ...(r.refused ?? [])] };
}
/** Commands that save a file in the window: a download in the browser. */
const SAVES = new Set(["export_draft", "export_unsaved", "export_forms", "export_bundle", "backup_drafts", "batch_save", "review_save"]);

async function post(cmd, args) {
  const r = await fetch(`/api/${encodeURIComponent(cmd)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(args),
    credentials: "same-origin",
  });
  const body = await r.json().catch(() => null);
  const lost = sessionLost(r.status, body);
  if (lost) throw lost;
  if (!r.ok) throw body ?? new Error(`本机服务未响应（${r.status}）/ the local server did not answer`);
  return body;
}

/** Uploads one file as raw bytes (streamed by the browser); its token, or the refusal. */
async function upload(file, purpose) {
  const r = await fetch(`/upload?for=${purpose}`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream", "X-File-Name": encodeURIComponent(file.name) },
    body: file,
    credentials: "same-origin",
  });
  const body = await r.json().catch(() => null);
  const lost = sessionLost(r.status, body);
  if (lost) throw lost;
  if (!r.ok) throw body ?? new Error(`「${file.name}」上传失败（${r.status}）`);
  return { name: file.name, upload: body.upload };
}

/** Uploads `chosen` one after the other for `cmd` and runs it on those that arrived. */
async function withUploads(cmd, args, chosen) {
  const files = [];
  const refused = [];
  for (const f of chosen) {
    try {
      files.push(await upload(f, PICKS[cmd].purpose));
    } catch (e) {
      if (e?.code === "session_lost") throw e;
      refused.push(e);
    }
  }
  const result = files.length ? await post(cmd, { ...args, files }) : null;
  return mergeRefused(cmd, result, refused);
}

/** Files dropped on an evidence item: in the window their bytes go through the command
 * `add_evidence_data` one by one; in the browser they are uploaded like chosen files. Returns
 * `{added, refused}` as `add_evidence` does. */
export async function attachDropped(id, item, files, readBase64) {
  if (!inWindow()) {
    try {
      return (await withUploads("add_evidence", { id, item }, files)) ?? { added: [], refused: [] };
    } catch (e) {
      throw commandError(e);
    }
  }
  const out = { added: [], refused: [] };
  for (const f of files) {
    try {
      out.added.push(await call("add_evidence_data", { id, item, name: f.name, data: await readBase64(f) }));
    } catch (e) {
      out.refused.push(e);
    }
  }
  return out;
}

/** Files the user chooses for command `cmd` (a folder's draft files for a folder pick); []
 * when cancelled. The chooser's input stays in the page (hidden) while it is open: browsers
 * fire its events reliably then, and a WebDriver test can hand it files. */
function choose(cmd, { accept, multiple = false, folder = false, every = false }) {
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
      done([...(input.files ?? [])].filter((f) => !folder || every || exts.some((e) => f.name.toLowerCase().endsWith(e))));
    });
    input.addEventListener("cancel", () => done([]));
    document.body.append(input);
    input.click();
  });
}

async function inBrowser(cmd, args) {
  if (PICKS[cmd]) {
    // A folder for the desk: every file in it, so that what is not a draft is named, not dropped.
    const folder = (cmd === "batch_pick" || cmd === "review_receive") && args.pick === "folder";
    const chosen = await choose(cmd, { ...PICKS[cmd], folder, every: cmd === "review_receive" });
    if (!chosen.length) return null;
    return withUploads(cmd, args, chosen);
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
