// Leaving a draft's forms: exporting them (PDF or Word, after asking about vetoes, unfilled items
// and texts over their limits) and leaving the editor while saves fail (asking the user, with an
// export of the unsaved text to a draft file).
import { call } from "../api.js";
import { h } from "../dom.js";
import { overLimit } from "../format.js";
import { confirm, dialog, message } from "../modal.js";
import { afterSave, savedTo } from "../saved.js";

const KINDS = {
  pdf: { what: "PDF", title: "PDF 已导出", question: "仍要导出 PDF 吗？", text: (info) => `${savedTo(info.path)}。共 ${info.pages} 页，打印后请在推荐意见处签字盖章。` },
  docx: { what: "Word 文件", title: "Word 文件已导出", question: "仍要导出 Word 文件吗？", text: (info) => `${savedTo(info.path)}。这是可在 WPS 或 Word 中修改的电子版；送审的纸质表格请用“导出 PDF”打印盖章。` },
};

/** Exports the forms as `format` ("pdf" or "docx"); `st` is the editor's state ({ id, draft,
 * meta, evaluation }), `options` the page's choices. */
export async function exportForms(st, format, options) {
  const k = KINDS[format];
  const s = st.evaluation?.score;
  // Like a veto: the form says 500 字以内; a text over its limit still prints (on the 附页).
  const over = overLimit(st.evaluation?.counts);
  if (over && !(await confirm(over.title, over.message, "仍然导出"))) return;
  if (s && (s.vetoed || !s.complete)) {
    const why = s.vetoed ? `有 ${s.vetoes.length} 项一票否决项未满足，申报将不予通过。` : `尚有 ${s.incomplete.length} 项未填完，评分表中这些项目的自评分将留空。`;
    if (!(await confirm("确认导出", `${why}${k.question}`, "仍然导出"))) return;
  }
  try {
    const info = await call("export_forms", { id: st.id, draft: st.draft, format, options });
    if (!info) return;
    await afterSave(k.title, k.text(info), k.what);
  } catch (e) {
    message("导出失败", e.message);
  }
}

/** Exports the application bundle (申报材料): the forms with every attached file, one PDF. */
export async function exportBundle(st, compact) {
  const s = st.evaluation?.score;
  if (s?.vetoed && !(await confirm("确认导出", `有 ${s.vetoes.length} 项一票否决项未满足，申报将不予通过。仍要导出申报材料吗？`, "仍然导出"))) return;
  try {
    const info = await call("export_bundle", { id: st.id, draft: st.draft, compact });
    if (!info) return;
    const body = [h("p", { text: `${savedTo(info.path)}。共 ${info.pages} 页，每页页脚印有页码和材料校验码 ${info.bundle_code}，封面另有表格校验码 ${info.code}。目录和佐证材料清单中的页码即页脚的页码。` })];
    if (info.unproved.length) {
      body.push(h("p", { text: "以下项目得分但尚未附佐证材料（不影响导出）：" }), h("ul", {}, info.unproved.map((t) => h("li", { text: t }))));
    }
    await afterSave("申报材料已导出", body, "PDF");
  } catch (e) {
    message("导出失败", e.message);
  }
}

/** Saves what is pending before the editor is left; when saving fails, asks the user and
 * offers to export the text to a file. Resolves true when leaving is fine. */
export async function leave(st, saver, closing) {
  // While saves are failing, ask at once instead of waiting for another attempt.
  if (!saver.failures) {
    try {
      await saver.flush();
      return true;
    } catch {
      // fall through to the question
    }
  }
  for (;;) {
    const choice = await dialog({
      title: closing ? "保存失败，仍要退出吗？" : "保存失败，仍要返回草稿列表吗？",
      body: [
        h("p", { text: `最近的修改还没有保存到本机：${saver.lastError ?? ""}` }),
        h("p", { text: "修改仍保留在窗口中，程序会继续自动重试。可以先把当前内容导出为草稿文件，保存到别处（以后可用“导入草稿文件”找回）。" }),
      ],
      buttons: [
        { label: "放弃修改", value: "discard", danger: true },
        { label: "导出为草稿文件…", value: "export" },
        { label: "再试一次", value: "retry" },
        { label: "继续编辑", value: "stay", primary: true },
      ],
    });
    if (choice === "retry") {
      try {
        await saver.flush();
        return true;
      } catch {
        continue;
      }
    }
    if (choice === "export") {
      try {
        const path = await call("export_unsaved", { edition: st.meta.rubric_edition, draft: st.draft });
        if (path) {
          await message("已导出", `当前内容${savedTo(path)}。`);
          return true;
        }
      } catch (e) {
        await message("导出失败", e.message);
      }
      continue;
    }
    if (choice === "discard") {
      if (!(await confirm("放弃修改", "确定放弃尚未保存的修改吗？此操作无法撤销。", "放弃修改", true))) continue;
      saver.discard();
      await call("discard_unsaved", { id: st.id });
      return true;
    }
    return false;
  }
}
