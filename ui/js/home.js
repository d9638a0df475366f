// The home view: the list of drafts, with new / open / rename / duplicate / delete (undo) /
// import / export, and the recycle bin.
import { call } from "./api.js";
import { showBatch } from "./batch.js";
import { showDesk } from "./review.js";
import { h, replace } from "./dom.js";
import { draftStatus, shortTime } from "./format.js";
import { confirm, dialog, message, toast } from "./modal.js";
import { savedTo } from "./saved.js";

export async function showHome(app, { openEditor, bin = false }) {
  const rerender = () => showHome(app, { openEditor, bin });
  let drafts;
  try {
    drafts = await call(bin ? "list_deleted" : "list_drafts");
  } catch (e) {
    replace(app, h("p", { class: "page-error", text: `无法读取草稿：${e.message}` }));
    return;
  }
  const create = async () => {
    try {
      const rec = await call("create_draft");
      openEditor(rec.meta.id);
    } catch (e) {
      message("无法新建草稿", e.message);
    }
  };
  const importFile = async () => {
    try {
      const meta = await call("import_draft");
      if (meta) {
        toast(`已导入草稿「${meta.name}」`);
        rerender();
      }
    } catch (e) {
      message("导入失败", e.message);
    }
  };
  const backup = async () => {
    try {
      const path = await call("backup_drafts");
      if (path) message("备份完成", `全部草稿（含回收站和历史版本）${savedTo(path)}。换电脑或重装系统后，用“从备份恢复”即可找回。`);
    } catch (e) {
      message("备份失败", e.message);
    }
  };
  const restore = async () => {
    try {
      const r = await call("restore_backup");
      if (!r) return;
      rerender();
      message("恢复完成", r.drafts
        ? `已从备份恢复 ${r.drafts} 个草稿（含 ${r.versions} 个历史版本）。原有草稿都保留；与现有草稿重复的，恢复的一份名称后加“（恢复）”。`
        : "备份中没有草稿。");
    } catch (e) {
      message("恢复失败", e.message);
    }
  };
  const actions = (d) => {
    if (bin) {
      return [
        h("button", { text: "恢复", onclick: async () => { await call("undelete_draft", { id: d.id }); toast(`已恢复「${d.name}」`); rerender(); } }),
        h("button", {
          class: "danger",
          text: "彻底删除",
          onclick: async () => {
            if (await confirm("彻底删除", `彻底删除「${d.name}」及其全部历史版本？此操作无法撤销。`, "彻底删除", true)) {
              await call("purge_draft", { id: d.id });
              rerender();
            }
          },
        }),
      ];
    }
    return [
      h("button", { class: "primary", text: "打开", onclick: () => openEditor(d.id) }),
      h("button", {
        text: "重命名",
        onclick: async () => {
          const name = await dialog({ title: "重命名草稿", input: { value: d.name }, buttons: [{ label: "取消", value: null }, { label: "确定", value: true, primary: true }] });
          if (typeof name === "string" && name.trim()) {
            try {
              await call("rename_draft", { id: d.id, name });
              rerender();
            } catch (e) {
              message("重命名失败", e.message);
            }
          }
        },
      }),
      h("button", { text: "复制", onclick: async () => { await call("duplicate_draft", { id: d.id }); rerender(); } }),
      h("button", {
        text: "导出草稿文件",
        onclick: async () => {
          try {
            const path = await call("export_draft", { id: d.id });
            if (path) toast(savedTo(path));
          } catch (e) {
            message("导出失败", e.message);
          }
        },
      }),
      h("button", {
        class: "danger",
        text: "删除",
        onclick: async () => {
          await call("delete_draft", { id: d.id });
          rerender();
          toast(`已将「${d.name}」移入回收站`, { label: "撤销", run: async () => { await call("undelete_draft", { id: d.id }); rerender(); } });
        },
      }),
    ];
  };
  const rows = drafts.map((d) => {
    if (d.unreadable) {
      // Listed with the reason; it is never opened or rewritten here, only moved to the bin.
      return h(
        "tr",
        { class: "unreadable", dataset: { draft: String(d.id) } },
        h("td", { class: "draft-name-cell", text: d.name }),
        h("td", { text: "—" }),
        h("td", { text: shortTime(d.updated_at) }),
        h("td", { class: "num", text: "—" }),
        h("td", {}, h("span", { class: "pill bad", text: "无法读取" }), h("div", { class: "why", text: d.unreadable })),
        h("td", {}, bin ? null : h("div", { class: "row-actions" }, h("button", { class: "danger", text: "删除", onclick: async () => { await call("delete_draft", { id: d.id }); rerender(); } }))),
      );
    }
    const st = draftStatus(d);
    return h(
      "tr",
      { dataset: { draft: String(d.id) } },
      // In the recycle bin a name is not a link: it cannot be opened from there.
      h("td", {}, bin ? h("span", { class: "draft-name", text: d.name }) : h("button", { class: "link draft-name", text: d.name, onclick: () => openEditor(d.id) })),
      h("td", { text: d.type_name ?? "未选择" }),
      h("td", { text: shortTime(d.updated_at) }),
      h("td", { class: "num", text: d.vetoed ? "一票否决" : `${d.total}` }),
      h("td", {}, h("span", { class: `pill ${st.tone}`, text: st.text })),
      h("td", {}, h("div", { class: "row-actions" }, actions(d))),
    );
  });
  replace(
    app,
    h(
      "section",
      { class: "home" },
      h(
        "div",
        { class: "home-head" },
        h("h1", { text: bin ? "回收站" : "我的申报草稿" }),
        h(
          "div",
          { class: "home-buttons" },
          bin
            ? h("button", { text: "返回草稿列表", onclick: () => showHome(app, { openEditor }) })
            : [
                h("button", { class: "primary", id: "new-draft", text: "新建草稿", onclick: create }),
                h("button", { id: "import-draft", text: "导入草稿文件", onclick: importFile }),
                h("button", { id: "batch", text: "汇总多个草稿文件", title: "县区人社局：把各单位报来的草稿文件汇总成一张表（Excel）", onclick: () => showBatch(app, { back: rerender }) }),
                h("button", { id: "desk", text: "县区审核", title: "县区人社局：接收、逐项审核、推荐并报送各单位的申报", onclick: () => showDesk(app, { back: rerender }) }),
                h("button", { id: "backup", text: "备份全部草稿", onclick: backup }),
                h("button", { id: "restore", text: "从备份恢复", onclick: restore }),
                h("button", { id: "recycle-bin", text: "回收站", onclick: () => showHome(app, { openEditor, bin: true }) }),
              ],
        ),
      ),
      drafts.length === 0
        ? h("p", { class: "empty", text: bin ? "回收站是空的。" : "还没有草稿。点击“新建草稿”开始填写推荐表和评分表。" })
        : h(
            "table",
            { class: "drafts" },
            h("thead", {}, h("tr", {}, ["名称", "类型", "最后保存", "总分", "状态", ""].map((t) => h("th", { text: t })))),
            h("tbody", {}, rows),
          ),
    ),
  );
}
