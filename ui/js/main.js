// Entry point: checks the draft store, shows the list, opens drafts, and saves before closing.
import { call, inWindow, listen } from "./api.js";
import { h, replace } from "./dom.js";
import { showEditor } from "./editor.js";
import { showHome } from "./home.js";
import { showHelp } from "./help.js";
import { message } from "./modal.js";

const app = document.getElementById("app");
const topActions = document.getElementById("top-actions");
let editor = null;
let rubric = null;
let fields = null;

const setTopActions = (nodes) => replace(topActions, nodes);

async function goHome() {
  editor = null;
  setTopActions([]);
  await call("close_draft");
  await showHome(app, { openEditor });
}

async function openEditor(id) {
  try {
    editor = await showEditor(app, { id, rubric, fields, goHome, setTopActions, reopen: () => openEditor(id) });
  } catch (e) {
    await message("无法打开草稿", e.message);
    goHome();
  }
}

document.getElementById("help-button").addEventListener("click", showHelp);
document.addEventListener("keydown", (e) => {
  if (e.key === "F1" && !document.getElementById("modal-root").childElementCount) {
    e.preventDefault();
    showHelp();
  }
});

/** Unexpected errors are shown, and kept for the end-to-end tests to report. */
window.__errors = [];
const report = (text) => {
  window.__errors.push(text);
  import("./modal.js").then((m) => m.toast(`出错了：${text}`));
};
window.addEventListener("error", (e) => report(String(e.message)));
window.addEventListener("unhandledrejection", (e) => report(String(e.reason?.message ?? e.reason)));

/** Exposed for the end-to-end tests: the draft being edited. */
window.labourBrand = {
  current: () => editor?.current() ?? null,
  flush: () => editor?.flush(),
  saveState: () => editor?.saveState() ?? null,
};

function storeErrorPage(status) {
  const canReset = status.can_reset;
  replace(
    app,
    h(
      "section",
      { class: "store-error" },
      h("h1", { text: "草稿数据库无法使用" }),
      h("p", { text: status.error?.message_zh ?? "" }),
      status.path ? h("p", {}, "数据库文件：", h("code", { text: status.path })) : null,
      canReset
        ? [
            h("p", { text: "原文件不会被改动。可以先把它复制备份，再选择下面的按钮：原文件会被移到一旁（改名保存），然后新建一个空的数据库。" }),
            h("button", {
              class: "danger",
              text: "将原数据库移到一旁并新建",
              onclick: async () => {
                try {
                  const aside = await call("reset_store");
                  await message("已新建数据库", aside ? `原数据库已保存为 ${aside}` : "数据库可以正常使用，未做改动。");
                  start();
                } catch (e) {
                  // Nothing was moved: say why, then show the store's state as it is now.
                  await message("没有移走原数据库", e.message);
                  start();
                }
              },
            }),
          ]
        : h("p", { text: "数据没有损坏，本软件也不会改动它。请让电脑管理员给上面的文件夹开放写入权限（或把数据库放到可写的位置，见使用说明），然后重新启动本软件。" }),
    ),
  );
}

async function start() {
  const status = await call("store_status");
  if (!status.ok) {
    storeErrorPage(status);
    return;
  }
  rubric = await call("rubric");
  fields = await call("form_fields");
  // After the page process was restarted, reopen the draft that was open.
  const open = await call("open_draft");
  if (open !== null && open !== undefined) await openEditor(open);
  else await goHome();
}

listen("app://close-requested", async () => {
  await call("close_answered");
  let ok = true;
  try {
    ok = editor ? await editor.leave(true) : true;
  } catch {
    ok = true;
  }
  if (ok) {
    editor?.stop();
    await call("quit");
  } else {
    await call("close_cancelled");
  }
});

// In the local browser mode a tab has no window to close: 退出 ends the program (after what is
// pending is saved), and leaving the tab with unsaved text asks first.
if (!inWindow()) {
  const quit = h("button", {
    type: "button",
    class: "help-button",
    id: "quit-button",
    text: "退出",
    title: "保存后退出本程序（浏览器模式）",
    onclick: async () => {
      if (editor && !(await editor.leave(true))) return;
      editor?.stop();
      await call("quit").catch(() => {});
      replace(app, h("p", { class: "page-done", id: "quit-done", text: "劳务品牌申报助手已退出，输入的内容都已保存。可以关闭此页。" }));
      setTopActions([]);
      // Nothing to press any more: the program has ended.
      quit.remove();
      document.getElementById("help-button")?.remove();
    },
  });
  document.getElementById("help-button").after(quit);
  // The server stops by itself ten minutes after the last tab has gone: an open tab says it is
  // here (browsers slow timers in background tabs to once a minute, which is enough).
  setInterval(() => call("ping").catch(() => {}), 30_000);
  window.addEventListener("beforeunload", (e) => {
    if (editor?.saveState()?.dirty) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
}

start().catch((e) => replace(app, h("p", { class: "page-error", text: `启动失败：${e.message}` })));
