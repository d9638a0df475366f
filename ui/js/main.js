// Entry point: checks the draft store, shows the list, opens drafts, and saves before closing.
import { call, listen } from "./api.js";
import { h, replace } from "./dom.js";
import { showEditor } from "./editor.js";
import { showHome } from "./home.js";
import { message } from "./modal.js";

const app = document.getElementById("app");
const topActions = document.getElementById("top-actions");
let editor = null;
let rubric = null;

const setTopActions = (nodes) => replace(topActions, nodes);

async function goHome() {
  editor = null;
  setTopActions([]);
  await showHome(app, { openEditor });
}

async function openEditor(id) {
  try {
    editor = await showEditor(app, { id, rubric, goHome, setTopActions });
  } catch (e) {
    await message("无法打开草稿", e.message);
    goHome();
  }
}

/** Unexpected errors are shown, and kept for the end-to-end tests to report. */
window.__errors = [];
const report = (text) => {
  window.__errors.push(text);
  import("./modal.js").then((m) => m.toast(`出错了：${text}`));
};
window.addEventListener("error", (e) => report(String(e.message)));
window.addEventListener("unhandledrejection", (e) => report(String(e.reason?.message ?? e.reason)));

/** Exposed for the end-to-end tests: the draft being edited. */
window.labourBrand = { current: () => editor?.current() ?? null, flush: () => editor?.flush() };

async function start() {
  const status = await call("store_status");
  if (!status.ok) {
    replace(
      app,
      h(
        "section",
        { class: "store-error" },
        h("h1", { text: "草稿数据库无法使用" }),
        h("p", { text: status.error ?? "" }),
        h("p", { text: "原文件不会被改动。可以先把它复制备份，再选择下面的按钮：原文件会被移到一旁（改名保存），然后新建一个空的数据库。" }),
        h("button", {
          class: "danger",
          text: "将原数据库移到一旁并新建",
          onclick: async () => {
            try {
              const aside = await call("reset_store");
              await message("已新建数据库", aside ? `原数据库已保存为 ${aside}` : "已新建数据库。");
              start();
            } catch (e) {
              message("操作失败", e.message);
            }
          },
        }),
      ),
    );
    return;
  }
  rubric = await call("rubric");
  await goHome();
}

listen("app://close-requested", async () => {
  try {
    await editor?.flush();
  } finally {
    await call("quit");
  }
});

start().catch((e) => replace(app, h("p", { class: "error", text: `启动失败：${e.message}` })));
