// The 佐证材料 of an item's card: its files (rename, move, remove), 添加佐证… with the native
// dialog, and files dropped on the card (their bytes go to the core, never a path); the short
// note stays beside them. `ctx` is the editor's ({ id, evidenceOf(item), refreshEvidence(),
// draft(), changed(), flush(), slot() }).
import { attachDropped, call } from "../api.js";
import { h, replace } from "../dom.js";
import { setEvidence } from "../draft.js";
import { itemLabel } from "../format.js";
import { dialog, message, toast } from "../modal.js";
import { base64Of, evidenceHeading, evidenceLine } from "./fields.js";

/** Says what an attach refused, file by file. */
function sayRefused(refused) {
  if (refused.length) message("有文件未能添加", refused.map((e) => e.message_zh ?? e.message).join("\n"));
}

async function rename(ctx, file) {
  const title = await dialog({ title: "修改佐证材料标题", body: [h("p", { text: "标题印在目录和佐证材料清单中。" })], input: { value: file.title }, buttons: [{ label: "取消", value: null }, { label: "确定", value: true, primary: true }] });
  if (typeof title !== "string") return;
  await call("retitle_evidence", { evidence: file.id, title });
  ctx.refreshEvidence();
}

function fileRow(ctx, file, i, count) {
  const act = (text, label, run, disabled) => h("button", { type: "button", class: "small", text, "aria-label": label, disabled: disabled ? true : null, onclick: run });
  return h(
    "li",
    { dataset: { evidenceFile: String(file.id) } },
    h("span", { class: "evidence-title", text: `${i + 1}. ${evidenceLine(file)}`, title: file.file_name }),
    act("↑", "上移", async () => { await call("move_evidence", { evidence: file.id, by: -1 }); ctx.refreshEvidence(); }, i === 0),
    act("↓", "下移", async () => { await call("move_evidence", { evidence: file.id, by: 1 }); ctx.refreshEvidence(); }, i === count - 1),
    act("改名", "修改标题", () => rename(ctx, file)),
    act("移除", "移除此文件", async () => { await call("remove_evidence", { evidence: file.id }); toast(`已移除「${file.title}」`); ctx.refreshEvidence(); }),
  );
}

/** Draws the list of an item's files into `list` and its heading into `summary`. */
export function paintEvidence(ctx, item, list, summary) {
  const files = ctx.evidenceOf(item);
  replace(list, files.map((f, i) => fileRow(ctx, f, i, files.length)));
  summary.textContent = evidenceHeading(files, ctx.draft().evidence[item]);
}

async function addByDialog(ctx, item) {
  try {
    const r = await call("add_evidence", { id: ctx.id, item });
    if (!r) return;
    if (r.added.length) toast(`已添加 ${r.added.length} 个文件`);
    sayRefused(r.refused);
  } catch (e) {
    message("无法添加佐证材料", e.message);
  }
  ctx.refreshEvidence();
}

/** The file's contents as a data URL (read natively by the browser engine). */
function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(new Error(`无法读取「${file.name}」`));
    r.readAsDataURL(file);
  });
}

async function addDropped(ctx, item, files) {
  try {
    const r = await attachDropped(ctx.id, item, files, async (f) => base64Of(await readAsDataUrl(f)));
    if (r.added.length) toast(`已添加 ${r.added.length} 个文件`);
    sayRefused(r.refused);
  } catch (e) {
    message("无法添加佐证材料", e.message);
  }
  ctx.refreshEvidence();
}

/** The evidence section of an item's card; `card` receives the drops. */
export function evidenceSection(ctx, item, card) {
  const summary = h("summary", {});
  const list = h("ol", { class: "evidence-files", dataset: { evidenceFiles: item.id } });
  const note = h("input", {
    type: "text",
    value: ctx.draft().evidence[item.id] ?? "",
    dataset: { evidence: item.id },
    placeholder: "备注（仅供本单位留存，不打印）",
    "aria-label": `佐证材料备注：${itemLabel(item.id)}`,
    oninput: (e) => ctx.changed(setEvidence(ctx.draft(), item.id, e.target.value)),
    onchange: ctx.flush,
  });
  const section = h(
    "details",
    { class: "evidence", open: ctx.evidenceOf(item.id).length || ctx.draft().evidence[item.id] ? true : null },
    summary,
    list,
    h("div", { class: "evidence-actions" }, h("button", { type: "button", class: "small", text: "添加佐证…", dataset: { addEvidence: item.id }, onclick: () => addByDialog(ctx, item.id) }), h("span", { class: "hint", text: "PDF、JPG 或 PNG；也可以把文件拖到这一项上" })),
    note,
    ctx.slot(`evidence.${item.id}`),
  );
  ctx.onEvidence(item.id, () => paintEvidence(ctx, item.id, list, summary));
  paintEvidence(ctx, item.id, list, summary);
  card.addEventListener("dragover", (e) => {
    if ([...(e.dataTransfer?.types ?? [])].includes("Files")) {
      e.preventDefault();
      card.classList.add("dropping");
    }
  });
  card.addEventListener("dragleave", () => card.classList.remove("dropping"));
  card.addEventListener("drop", (e) => {
    card.classList.remove("dropping");
    const files = [...(e.dataTransfer?.files ?? [])];
    if (!files.length) return;
    e.preventDefault();
    section.open = true;
    addDropped(ctx, item.id, files);
  });
  return section;
}
