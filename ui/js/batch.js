// The county bureau's view: several draft files (or a folder of them) scored into one table,
// saved as an Excel workbook. All scoring happens in the core; this only shows its result.
import { call } from "./api.js";
import { h, replace } from "./dom.js";
import { BATCH_COLUMNS, batchCells, batchHeadline } from "./format.js";
import { message } from "./modal.js";
import { afterSave, savedTo } from "./saved.js";

/** Shows the summary page; `batch` is a summary the core made, or null to choose files. */
export function showBatch(app, { back, batch = null }) {
  const pick = async (what) => {
    try {
      const result = await call("batch_pick", { pick: what });
      if (result) showBatch(app, { back, batch: result });
    } catch (e) {
      message("无法汇总", e.message);
    }
  };
  const save = async () => {
    try {
      const path = await call("batch_save");
      if (!path) return;
      await afterSave("汇总表已保存", `${savedTo(path)}。`, "汇总表");
    } catch (e) {
      message("保存失败", e.message);
    }
  };
  const body = [];
  if (!batch) {
    body.push(h("p", { class: "empty", text: "选择各单位报来的草稿文件（.json），或存放它们的文件夹。每个文件按同一评分标准算出自评分，汇总成一张表，可保存为 Excel 报送市人社局。" }));
  } else {
    body.push(h("p", { class: "batch-headline", id: "batch-headline", text: batchHeadline(batch) }));
    body.push(
      h(
        "div",
        { class: "batch-scroll" },
        h(
          "table",
          { class: "drafts batch", id: "batch-table" },
          h("thead", {}, h("tr", {}, BATCH_COLUMNS.map((t) => h("th", { text: t })))),
          h(
            "tbody",
            {},
            batch.rows.map((r) =>
              h(
                "tr",
                { class: r.vetoed ? "vetoed" : "" },
                batchCells(r).map((c, i) => h("td", { class: [4, 5, 6, 7].includes(i) ? "num" : "", text: c, title: i === 12 ? r.file : "" })),
              ),
            ),
          ),
        ),
      ),
    );
    if (batch.failures.length) {
      body.push(h("h2", { text: "无法读取的文件" }));
      body.push(
        h(
          "table",
          { class: "drafts batch-failures", id: "batch-failures" },
          h("thead", {}, h("tr", {}, ["文件", "原因"].map((t) => h("th", { text: t })))),
          h("tbody", {}, batch.failures.map((f) => h("tr", {}, h("td", { text: f.file }), h("td", { text: f.reason })))),
        ),
      );
    }
  }
  replace(
    app,
    h(
      "section",
      { class: "home batch-page" },
      h(
        "div",
        { class: "home-head" },
        h("h1", { text: "汇总多个草稿文件" }),
        h(
          "div",
          { class: "home-buttons" },
          h("button", { id: "batch-files", class: batch ? "" : "primary", text: "选择多个文件…", onclick: () => pick("files") }),
          h("button", { id: "batch-folder", text: "选择文件夹…", onclick: () => pick("folder") }),
          batch && batch.rows.length ? h("button", { id: "batch-save", class: "primary", text: "保存为 Excel…", onclick: save }) : null,
          h("button", { id: "batch-back", text: "返回草稿列表", onclick: back }),
        ),
      ),
      body,
    ),
  );
}
