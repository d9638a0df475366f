// Saying where a file the app wrote went. In the window it is the path the user chose in the
// Save dialog, and the app can open the file or its folder; in the browser it is a download
// (the browser lists it; a page can open neither files nor folders), so only 关闭 is offered.
import { call, inWindow } from "./api.js";
import { h } from "./dom.js";
import { dialog } from "./modal.js";

/** "已保存到 …" (the window's path) or "已下载 …" (the browser's file name); without a path,
 * only which of the two. */
export function savedTo(path) {
  if (inWindow()) return path ? `已保存到 ${path}` : "已保存";
  return path ? `已下载「${path}」（见浏览器的下载列表）` : "已下载（见浏览器的下载列表）";
}

/** The dialog after a file was saved: `title`, its text (a string, or nodes), and `what` the
 * open button opens. */
export async function afterSave(title, text, what) {
  const body = typeof text === "string" ? [h("p", { text })] : text;
  const buttons = inWindow()
    ? [{ label: "关闭", value: null }, { label: "打开所在文件夹", value: "reveal" }, { label: `打开 ${what}`, value: "open", primary: true }]
    : [{ label: "关闭", value: null, primary: true }];
  const choice = await dialog({ title, body, buttons });
  if (choice === "open") await call("open_exported");
  if (choice === "reveal") await call("reveal_exported");
}
