// The county's desk (县区初审推荐): receive the applications of the county, check each item by
// item beside its evidence in a layer of the county's own, recommend, print and package for the
// city. Every score, hint and blocker comes from the core; this page shows them and sends the
// clerk's decisions back.
import { call } from "./api.js";
import { h, replace } from "./dom.js";
import { dialog, message } from "./modal.js";
import { afterSave, savedTo } from "./saved.js";
import {
  DESK_COLUMNS,
  deskCells,
  itemPoints,
  paperLines,
  receivedHeadline,
  receivedLine,
  valueText,
  verdictText,
} from "./review/format.js";

/** Asks for several fields at once; resolves with their values by key, or null. */
async function form(title, fields, okLabel = "确定") {
  const inputs = fields.map((f) =>
    f.multiline
      ? h("textarea", { id: `field-${f.key}`, rows: 3, "aria-label": f.label, value: f.value ?? "" })
      : h("input", { type: "text", id: `field-${f.key}`, "aria-label": f.label, value: f.value ?? "", placeholder: f.placeholder ?? "" }),
  );
  const body = fields.map((f, i) => h("label", { class: "form-row" }, h("span", { text: f.label }), inputs[i]));
  const ok = await dialog({ title, body, buttons: [{ label: "取消", value: false }, { label: okLabel, value: true, primary: true }] });
  if (ok !== true) return null;
  return Object.fromEntries(fields.map((f, i) => [f.key, inputs[i].value.trim()]));
}

async function attempt(title, run) {
  try {
    return await run();
  } catch (e) {
    await message(title, e.message);
    return undefined;
  }
}

/** Shows the desk; `back` returns to the drafts. */
export async function showDesk(app, { back }) {
  const view = await attempt("无法打开县区审核", () => call("review_view"));
  if (!view) return back();
  if (!view.settings.reviewer) {
    const s = await askSettings(view.settings, true);
    if (!s) return back();
  }
  return renderDesk(app, { back });
}

async function askSettings(current, first = false) {
  const v = await form(first ? "县区审核：请先填写（只需填写一次）" : "审核设置", [
    { key: "county", label: "县区人社局名称（填报单位）", value: current.county, placeholder: "如：连云港市海州区人力资源和社会保障局" },
    { key: "reviewer", label: "审核人姓名（每一步操作都记入审核日志）", value: current.reviewer },
    { key: "preparer", label: "填表人（推荐汇总表；空则同审核人）", value: current.preparer },
    { key: "date", label: "推荐日期（年-月-日，如 2026-12-07；空则留待手写）", value: current.date },
  ]);
  if (!v) return null;
  return attempt("无法保存设置", () => call("review_settings", { settings: v }));
}

async function renderDesk(app, { back, received = null }) {
  const view = await attempt("无法打开县区审核", () => call("review_view"));
  if (!view) return back();
  const again = (extra = {}) => renderDesk(app, { back, ...extra });
  const receive = async (pick) => {
    const report = await attempt("无法接收", () => call("review_receive", { pick }));
    if (report) again({ received: report });
  };
  const save = async (what, format) => {
    const path = await attempt("保存失败", () => call("review_save", { what, format }));
    if (path === undefined || path === null) return;
    const names = { forms: "县区推荐表", report: "推荐汇总表", package: "报送包" };
    await afterSave(`${names[what]}已保存`, `${savedTo(typeof path === "string" ? path : null)}。`, names[what]);
  };
  const paper = async () => {
    const v = await form("核对纸质件", [{ key: "code", label: "纸质件页脚的校验码（如 3F2A-91C0）" }], "核对");
    if (!v?.code) return;
    const found = await attempt("无法核对", () => call("review_paper", { code: v.code }));
    if (!found) return;
    await dialog({ title: found.length ? "校验码对应的申报" : "校验码不符", body: paperLines(v.code, found).map((t) => h("p", { class: "paper-line", text: t })) });
  };
  const rows = view.rows;
  const body = [];
  if (received) {
    body.push(
      h(
        "div",
        { class: "received", id: "review-received" },
        h("p", { class: "batch-headline", text: receivedHeadline(received) }),
        h("ul", {}, received.files.map((f) => h("li", { class: `received-${f.outcome}`, text: receivedLine(f) }))),
      ),
    );
  }
  if (!rows.length) {
    body.push(h("p", { class: "empty", text: "还没有接收申报。点击“接收文件”或“接收文件夹”，选择各单位报来的草稿包（.lbdraft）或草稿文件（.json）。每份材料按原样登记，并记下接收时间和校验值。" }));
  } else {
    body.push(
      h(
        "div",
        { class: "batch-scroll" },
        h(
          "table",
          { class: "drafts batch desk", id: "review-table" },
          h("thead", {}, h("tr", {}, DESK_COLUMNS.map((t) => h("th", { text: t })))),
          h(
            "tbody",
            {},
            rows.map((r) =>
              h(
                "tr",
                {
                  class: `desk-row${r.assessed_vetoed ? " vetoed" : ""}`,
                  dataset: { application: String(r.application), sha: r.sha256 },
                  title: r.blockers.length ? `尚不能推荐：${r.blockers.join("；")}` : "",
                  onclick: () => showVersion(app, { back: () => again(), version: r.sha256 }),
                },
                deskCells(r).map((c, i) => h("td", { class: [4, 5, 6].includes(i) ? "num" : "", text: c })),
              ),
            ),
          ),
        ),
      ),
    );
  }
  replace(
    app,
    h(
      "section",
      { class: "home batch-page desk-page" },
      h(
        "div",
        { class: "home-head" },
        h("h1", { text: `县区审核${view.settings.county ? ` · ${view.settings.county}` : ""}` }),
        h(
          "div",
          { class: "home-buttons" },
          h("button", { id: "review-files", class: rows.length ? "" : "primary", text: "接收文件…", onclick: () => receive("files") }),
          h("button", { id: "review-folder", text: "接收文件夹…", onclick: () => receive("folder") }),
          h("button", { id: "review-paper", text: "核对纸质件", onclick: paper }),
          rows.length ? h("button", { id: "review-forms", text: "县区推荐表（PDF）", onclick: () => save("forms", "pdf") }) : null,
          rows.length ? h("button", { id: "review-report-pdf", text: "推荐汇总表（PDF）", onclick: () => save("report", "pdf") }) : null,
          rows.length ? h("button", { id: "review-report-xlsx", text: "推荐汇总表（Excel）", onclick: () => save("report", "xlsx") }) : null,
          rows.length ? h("button", { id: "review-package", class: "primary", text: "生成报送包…", onclick: () => save("package", "lbreview") }) : null,
          h("button", { id: "review-settings", text: "设置", onclick: async () => (await askSettings(view.settings)) && again() }),
          h("button", { id: "review-back", text: "返回草稿列表", onclick: back }),
        ),
      ),
      h("p", { class: "desk-reviewer", text: `审核人：${view.settings.reviewer}　推荐日期：${view.settings.date || "（留待手写）"}` }),
      body,
    ),
  );
}

/** One version, item by item, its evidence opened beside it. */
async function showVersion(app, { back, version, viewing = null }) {
  const d = await attempt("无法打开申报", () => call("review_detail", { version }));
  if (!d) return back();
  const v = d.version;
  const again = (extra = {}) => showVersion(app, { back, version: v.sha256, viewing, ...extra });
  const act = async (title, cmd, args) => {
    const r = await attempt(title, () => call(cmd, { version: v.sha256, ...args }));
    if (r) again();
  };
  const judge = async (item, verdict) => {
    let reason = "";
    if (verdict !== "accepted") {
      const f = await form(`${verdictText(verdict)}：${item.label}`, [{ key: "reason", label: "理由（将写入补正告知单）", value: item.judgement?.reason ?? "", multiline: true }]);
      if (!f) return;
      reason = f.reason;
    }
    act("无法记录审核意见", "review_judge", { item: item.id, verdict, reason, evidence: viewing?.sha ?? null });
  };
  const correct = async (item, fact) => {
    const f = await form(`核定「${fact.label}」`, [
      { key: "value", label: `核定值${fact.unit ? `（${fact.unit}）` : ""}；申报值为 ${fact.claimed}`, value: valueText(fact.correction?.value) },
      { key: "reason", label: "核定理由", value: fact.correction?.reason ?? "", multiline: true },
    ]);
    if (!f) return;
    const value = f.value === "" ? null : fact.kind === "yesno" ? f.value === "是" : f.value;
    act("无法记录核定数据", "review_correct", { fact: fact.key, value, reason: f.reason });
  };
  const ack = async (hint) => {
    const f = await form("确认提示", [{ key: "note", label: `${hint.text}。核对了什么？`, value: "已核对纸质材料，数据无误", multiline: true }]);
    if (f) act("无法确认提示", "review_ack", { hint: hint.code, note: f.note });
  };
  const ackAll = async () => {
    const open = d.hints.filter((x) => !x.settled);
    const f = await form(`确认全部 ${open.length} 条提示`, [{ key: "note", label: "核对了什么？（记入每一条提示和审核日志）", value: "已逐条核对纸质材料，数据无误", multiline: true }]);
    if (!f) return;
    for (const x of open) {
      const ok = await attempt("无法确认提示", () => call("review_ack", { version: v.sha256, hint: x.code, note: f.note }));
      if (!ok) break;
    }
    again();
  };
  const open = async (m) => {
    const e = await attempt("无法打开佐证材料", () => call("review_evidence", { version: v.sha256, evidence: m.sha256 }));
    if (e) again({ viewing: { sha: m.sha256, item: m.item_id, view: e } });
  };
  const decide = async (decision) => {
    const opinion = document.getElementById("review-opinion").value;
    const r = await attempt("无法记录决定", () => call("review_decide", { application: d.application, decision, opinion }));
    if (r) again();
  };
  const notice = async (format) => {
    const path = await attempt("保存失败", () => call("review_save", { what: "notice", version: v.sha256, format }));
    if (path) await afterSave("补正告知单已保存", `${savedTo(typeof path === "string" ? path : null)}。`, "补正告知单");
  };

  const items = d.items.map((item) =>
    h(
      "div",
      { class: `review-item${item.judgement ? ` verdict-${item.judgement.verdict}` : ""}`, dataset: { item: item.id } },
      h("div", { class: "review-item-head" }, h("strong", { text: item.label }), item.veto ? h("span", { class: "pill bad", text: "一票否决" }) : null, h("span", { class: "review-points", text: itemPoints(item) })),
      h("p", { class: "review-standard", text: item.standard }),
      h("p", { class: "review-explain", text: item.assessed.explanation }),
      item.facts.length
        ? h(
            "ul",
            { class: "review-facts" },
            item.facts.map((f) =>
              h(
                "li",
                { dataset: { fact: f.key } },
                h("span", { text: `${f.label}：${f.claimed}${f.unit && f.claimed !== "（未填）" ? ` ${f.unit}` : ""}` }),
                f.correction ? h("span", { class: "correction", text: ` → 核定 ${valueText(f.correction.value)}${f.unit ? ` ${f.unit}` : ""}（${f.correction.reason}）` }) : null,
                h("button", { class: "link", text: f.correction ? "改核定" : "核定…", onclick: () => correct(item, f) }),
              ),
            ),
          )
        : null,
      h(
        "div",
        { class: "review-evidence" },
        item.evidence.length
          ? item.evidence.map((m) => h("button", { class: `evidence-open${viewing?.sha === m.sha256 ? " open" : ""}`, dataset: { sha: m.sha256 }, text: m.title, onclick: () => open(m) }))
          : h("span", { class: "muted", text: "未附佐证材料" }),
      ),
      item.previous && !item.judgement ? h("p", { class: "previous", text: `上一版本的审核意见：${verdictText(item.previous.verdict)}${item.previous.reason ? `（${item.previous.reason}）` : ""}，请重新确认` }) : null,
      h(
        "div",
        { class: "verdicts" },
        ["accepted", "rejected", "doubtful"].map((k) =>
          h("button", { class: `verdict verdict-${k}${item.judgement?.verdict === k ? " chosen" : ""}`, dataset: { verdict: k }, text: verdictText(k), onclick: () => judge(item, k) }),
        ),
        item.judgement ? h("span", { class: "verdict-reason", text: item.judgement.reason ? `理由：${item.judgement.reason}` : `（${item.judgement.by}）` }) : null,
      ),
    ),
  );

  const hints = d.hints.map((hnt) =>
    h(
      "li",
      { class: `hint${hnt.settled ? " settled" : ""}`, dataset: { code: hnt.code } },
      h("span", { text: hnt.text }),
      hnt.settled ? h("span", { class: "muted", text: ` — ${hnt.settled}` }) : h("button", { class: "link", text: "确认…", onclick: () => ack(hnt) }),
    ),
  );

  const viewer = viewing
    ? h(
        "aside",
        { class: "review-viewer", id: "review-viewer" },
        h("div", { class: "viewer-head" }, h("strong", { text: viewing.view.title }), h("button", { class: "link", text: "关闭", onclick: () => again({ viewing: null }) })),
        viewing.view.kind === "pdf"
          ? [
              h("p", { class: "muted", text: `PDF，共 ${viewing.view.page_count} 页${viewing.view.page_count > viewing.view.pages.length ? `，显示前 ${viewing.view.pages.length} 页` : ""}` }),
              viewing.view.pages.map((p) =>
                h(
                  "figure",
                  { class: "viewer-page" },
                  p.jpeg ? h("img", { src: `data:image/jpeg;base64,${p.jpeg}`, alt: `第 ${p.page} 页` }) : h("pre", { text: p.text || "（此页没有可显示的文字或扫描图像）" }),
                  h("figcaption", { text: `第 ${p.page} 页` }),
                ),
              ),
            ]
          : h("img", { src: `data:image/${viewing.view.kind === "jpg" ? "jpeg" : viewing.view.kind};base64,${viewing.view.data}`, alt: viewing.view.title, id: "viewer-image" }),
      )
    : null;

  replace(
    app,
    h(
      "section",
      { class: "home desk-page desk-version" },
      h(
        "div",
        { class: "home-head" },
        h("h1", { text: `${d.draft.form1.brand_name || "未命名"}` }),
        h(
          "div",
          { class: "home-buttons" },
          h("button", { id: "notice-pdf", text: "补正告知单（PDF）", onclick: () => notice("pdf") }),
          h("button", { id: "notice-docx", text: "补正告知单（Word）", onclick: () => notice("docx") }),
          h("button", { id: "review-list", text: "返回审核列表", onclick: back }),
        ),
      ),
      h(
        "p",
        { class: "desk-summary", id: "review-summary" },
        `第 ${d.application} 号申报 · ${d.draft.form1.unit} · 第 ${v.number} 版（${v.file_name}，${v.received_at.slice(0, 16).replace("T", " ")} 接收）· 校验码 ${v.code} · `,
        h("strong", { id: "review-totals", text: `自评分 ${d.self_total} · 核定分 ${d.assessed_vetoed ? "否决" : d.assessed_total}` }),
      ),
      d.versions.length > 1
        ? h(
            "div",
            { class: "versions" },
            h("span", { text: "版本：" }),
            d.versions.map(([n, sha]) => h("button", { class: `link${sha === v.sha256 ? " chosen" : ""}`, text: `第 ${n} 版`, onclick: () => showVersion(app, { back, version: sha }) })),
          )
        : null,
      d.changes.length
        ? h("div", { class: "changes", id: "review-changes" }, h("h2", { text: `较第 ${v.number - 1} 版的改动` }), h("ul", {}, d.changes.map((c) => h("li", { text: `${c.what}：${c.before || "（无）"} → ${c.after || "（无）"}` }))))
        : null,
      d.hints.length
        ? h(
            "div",
            { class: "hints", id: "review-hints" },
            h("h2", { text: "提示（逐条确认或处理后才能推荐）" }),
            h("ul", {}, hints),
            d.hints.filter((x) => !x.settled).length > 1 ? h("button", { id: "ack-all", text: "逐条核对后，全部确认…", onclick: ackAll }) : null,
          )
        : null,
      h("div", { class: `desk-columns${viewer ? " with-viewer" : ""}` }, h("div", { class: "review-items", id: "review-items" }, items), viewer),
      h(
        "div",
        { class: "decision", id: "review-decision" },
        h("h2", { text: "县区人社部门推荐意见" }),
        d.blockers.length ? h("p", { class: "blockers", id: "review-blockers", text: `尚不能推荐：${d.blockers.join("；")}` }) : null,
        h("textarea", { id: "review-opinion", rows: 3, "aria-label": "推荐意见", value: d.opinion || "经审核，该劳务品牌申报材料真实完整，同意推荐。" }),
        h(
          "div",
          { class: "verdicts" },
          [
            ["recommend", "推荐"],
            ["decline", "不推荐"],
            ["return", "退回补正"],
            ["withdrawn", "撤回"],
          ].map(([k, label]) => h("button", { class: `decide${d.decision === k ? " chosen" : ""}`, dataset: { decision: k }, text: label, onclick: () => decide(k) })),
        ),
      ),
    ),
  );
}
