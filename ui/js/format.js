// Pure formatting helpers (no DOM, no Tauri): unit-tested with `node --test`.

/** "已输入 N / 500 字" for a count of characters and its limit (both from the core), and whether
 * it is over. */
export function counterText(count, limit) {
  return { text: `已输入 ${count} / ${limit} 字`, over: count > limit, count };
}

/**
 * The first limited text over its limit, from the core's counts ({field, label, count, limit}),
 * with the question to ask before an export; null when every text is within its limit.
 */
export function overLimit(counts) {
  const n = (counts ?? []).find((c) => c.count > c.limit);
  if (!n) return null;
  return {
    ...n,
    title: `${n.label}超过 ${n.limit} 字`,
    message: `「${n.label}」已输入 ${n.count} 字，超过附件1规定的 ${n.limit} 字以内（多 ${n.count - n.limit} 字）。导出的表格可能不被受理（超出部分将续印在附页）。仍要导出吗？`,
  };
}

function pad2(n) {
  return String(n).padStart(2, "0");
}

/** "HH:MM:SS" of a Date (local time). */
export function clock(date) {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** The clock time "HH:MM:SS" of a stored RFC 3339 time, as the status line shows saves. */
export function savedClock(iso) {
  const m = /T(\d{2}:\d{2}:\d{2})/.exec(iso ?? "");
  return m ? m[1] : "";
}

/** A stored RFC 3339 time as "YYYY-MM-DD HH:MM" (as written, no time-zone conversion). */
export function shortTime(iso) {
  if (!iso) return "";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** A command's failure as an Error: the core's Chinese message and its stable `code`
 * (`disk_full`, `store_corrupt`, …) for the page to decide by; anything else (a script error)
 * keeps its own text with the code "error". */
export function commandError(e) {
  const typed = e !== null && typeof e === "object" && typeof e.code === "string" && typeof e.message_zh === "string";
  const err = new Error(typed ? e.message_zh : String(e?.message ?? e));
  err.code = typed ? e.code : "error";
  return err;
}

/** Status words for a draft in the list: the core's words (the same in the CLI and the county
 * summary), with the tone the list shows them in. */
export function draftStatus(summary) {
  const tone = summary.unreadable || summary.vetoed || summary.errors ? "bad" : summary.complete ? "good" : "warn";
  return { text: summary.status, tone };
}

/** The label of an item id: "基本条件第3项" or "分类条件第3项", with its short name when given
 * ("基本条件第7项 龙头企业"). */
export function itemLabel(id, short = "") {
  const [group, n] = String(id).split(".");
  const base = group === "basic" ? `基本条件第${n}项` : `分类条件第${n}项`;
  return short ? `${base} ${short}` : base;
}

/** A compact label for chips: "第7项 龙头企业" (基本条件) or "分类第1项 从业人数". */
export function chipLabel(id, short = "") {
  const [group, n] = String(id).split(".");
  const base = group === "basic" ? `第${n}项` : `分类第${n}项`;
  return short ? `${base} ${short}` : base;
}

/** An official 标准 without its leading number ("2、有中长期发展规划。" → "有中长期发展规划。"),
 * for places that already say which item it is. */
export function withoutNumber(standard) {
  return String(standard ?? "").replace(/^\s*\d+\s*[、.．]\s*/, "");
}

/** A version's 总分 from the core's Total ({kind: "points", points} | {kind: "vetoed"} | {kind: "unreadable"}). */
export function versionTotalText(total) {
  if (total?.kind === "points") return `总分 ${total.points}`;
  if (total?.kind === "vetoed") return "一票否决";
  return "";
}

/** The 总分 as shown: "一票否决" for a vetoed draft, never a number that cannot be had. */
export function totalText(score) {
  return score.vetoed ? "一票否决" : String(score.total);
}

/** Width in percent of a points bar (0–100), safe for max 0. */
export function barPercent(points, max) {
  if (!max) return points > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.round((points / max) * 100)));
}

/**
 * The points shown for an item result: "20/22", "否决", and for a 基本条件 item without bonuses
 * (max 0) "满足" rather than a puzzling "0/0" ("—" while unfilled).
 */
export function resultPoints(r) {
  if (r.state === "vetoed") return "否决";
  if (r.max === 0) return r.state === "scored" ? "满足" : "—";
  return `${r.points}/${r.max}`;
}

/** The bar width (percent) for an item result: full for a met item without bonuses. */
export function resultBar(r) {
  if (r.max === 0) return r.state === "scored" ? 100 : 0;
  return barPercent(r.points, r.max);
}

/** The columns of the county summary, as the workbook's 汇总 sheet has them. */
export const BATCH_COLUMNS = ["劳务品牌名称", "类型", "培育建设单位", "负责人", "从业人员", "基本条件加分", "分类得分", "总分", "一票否决项", "未填项目", "达到省级标准", "校验码", "文件"];

/** One summarised draft file as the cells of a table row (see BATCH_COLUMNS). */
export function batchCells(row) {
  const provincial = row.provincial_total ? `${row.provincial_met}/${row.provincial_total}` : "";
  const total = row.vetoed ? "否决" : String(row.total);
  return [
    row.brand_name || "（未填名称）",
    row.type_name,
    row.unit,
    row.leader,
    row.workers ?? "",
    String(row.basic_bonus),
    String(row.category_total),
    total,
    row.vetoes.join("、"),
    row.unfilled.length > 3 ? `${row.unfilled.slice(0, 3).join("、")} 等 ${row.unfilled.length} 项` : row.unfilled.join("、"),
    provincial,
    row.code,
    fileName(row.file),
  ];
}

/** The last part of a path, on Windows or elsewhere. */
export function fileName(path) {
  return String(path).split(/[\\/]/).pop();
}

/** The line above the summary table: how many files, how many vetoed or unreadable. */
export function batchHeadline(batch) {
  const vetoed = batch.rows.filter((r) => r.vetoed).length;
  const parts = [`共汇总 ${batch.rows.length} 个草稿文件`];
  if (vetoed) parts.push(`${vetoed} 个有一票否决项`);
  if (batch.failures.length) parts.push(`${batch.failures.length} 个文件无法读取（见下方）`);
  return parts.join("，") + "。";
}
