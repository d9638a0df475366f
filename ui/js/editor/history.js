// The history dialog: the versions of a draft, newest first, naming one to keep it, and
// restoring one (the current state is kept as a version first, by the core).
import { call } from "../api.js";
import { errorText } from "../autosave.js";
import { h } from "../dom.js";
import { shortTime, versionTotalText } from "../format.js";
import { confirm, dialog, message, toast } from "../modal.js";

async function nameVersion(id, revision) {
  const name = await dialog({ title: revision === null ? "为当前内容命名保留" : "为此版本命名保留", body: [h("p", { text: "命名的版本会一直保留，不会因版本过多而被清理。例如“送审前”。" })], input: { value: "" }, buttons: [{ label: "取消", value: null }, { label: "保留", value: true, primary: true }] });
  if (typeof name !== "string" || !name.trim()) return;
  try {
    await call("name_version", { id, revision, name: name.trim() });
    toast(`已保留为「${name.trim()}」`);
  } catch (e) {
    message("无法保留", e.message);
  }
}

/** Shows the history of draft `id`; `restored(record)` gets the record after a restore.
 * `saver` is flushed before anything is restored. */
export async function showHistory(id, saver, restored) {
  await saver.flush().catch(() => {});
  const versions = await call("history", { id });
  const list = versions.length
    ? h(
        "ul",
        { class: "history", id: "history-list" },
        versions.map((v) =>
          h(
            "li",
            { dataset: { version: String(v.revision) } },
            h(
              "div",
              { class: "version" },
              h("strong", { text: v.pin ? `「${v.pin}」` : v.reason_zh }),
              h("span", { class: "when", text: ` ${shortTime(v.saved_at)} · ${versionTotalText(v.total)}${v.code ? ` · 校验码 ${v.code}` : ""}` }),
              h("div", { class: "changes", text: v.changes }),
            ),
            h("div", { class: "version-actions" }, v.pin ? null : h("button", { class: "small", text: "命名保留", onclick: () => nameVersion(id, v.revision) }), h("button", { text: "恢复此版本", dataset: { revision: String(v.revision) }, onclick: () => restore(id, v.revision, saver, restored) })),
          ),
        ),
      )
    : h("p", { text: "还没有更早的版本。每次打开编辑、更改品牌类型、导出和恢复之前，以及编辑时每 10 分钟，都会保留一个版本。" });
  const choice = dialog({ title: "历史版本", body: [list], buttons: [{ label: "为当前内容命名…", value: "name" }, { label: "关闭", value: null, primary: true }] });
  document.getElementById("history-list")?.scrollTo(0, 0); // newest first, shown from the top
  if ((await choice) === "name") nameVersion(id, null);
}

async function restore(id, revision, saver, restored) {
  document.getElementById("modal-root").replaceChildren();
  if (!(await confirm("恢复历史版本", "用这个版本替换当前内容？当前内容会先保留为一个版本，可以再恢复回来。", "恢复"))) return;
  try {
    await saver.flush();
  } catch (e) {
    message("无法恢复", `当前的修改还没有保存（${errorText(e)}），请稍后再试。`);
    return;
  }
  const rec = await call("restore_version", { id, revision });
  await restored(rec);
  toast("已恢复所选版本");
}
