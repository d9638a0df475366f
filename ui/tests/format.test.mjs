import { test } from "node:test";
import assert from "node:assert/strict";
import { resultPoints, resultBar, counterText, overLimit, versionTotalText, clock, shortTime, draftStatus, itemLabel, barPercent, chipLabel, withoutNumber, totalText, savedClock } from "../js/format.js";
import { reachableText } from "../js/panel.js";

test("the 基本情况 counter flags going over 500", () => {
  assert.deepEqual(counterText(500, 500), { text: "已输入 500 / 500 字", over: false, count: 500 });
  assert.equal(counterText(501, 500).over, true);
  assert.equal(counterText(0, 500).text, "已输入 0 / 500 字");
});

test("the export question names the first text over its limit", () => {
  const counts = [
    { field: "form1.summary", label: "基本情况", count: 500, limit: 500 },
    { field: "form1.unit_opinion.text", label: "培育建设单位推荐意见", count: 306, limit: 300 },
  ];
  const over = overLimit(counts);
  assert.equal(over.field, "form1.unit_opinion.text");
  assert.equal(over.title, "培育建设单位推荐意见超过 300 字");
  assert.match(over.message, /已输入 306 字.*多 6 字/);
  assert.equal(overLimit(counts.slice(0, 1)), null);
  assert.equal(overLimit(undefined), null);
});

test("a version's total is said from its kind, never parsed from text", () => {
  assert.equal(versionTotalText({ kind: "points", points: 104 }), "总分 104");
  assert.equal(versionTotalText({ kind: "points", points: 0 }), "总分 0");
  assert.equal(versionTotalText({ kind: "vetoed" }), "一票否决");
  assert.equal(versionTotalText({ kind: "unreadable" }), "");
  assert.equal(versionTotalText(undefined), "");
});

test("a 推荐意见 counter takes the limit the core sends", () => {
  assert.deepEqual(counterText(300, 300), { text: "已输入 300 / 300 字", over: false, count: 300 });
  assert.equal(counterText(301, 300).over, true);
});

test("times", () => {
  assert.equal(clock(new Date(2024, 4, 20, 9, 5, 7)), "09:05:07");
  assert.equal(shortTime("2026-11-24T08:30:12.123+08:00"), "2026-11-24 08:30");
  assert.equal(shortTime(""), "");
});

test("list status, labels, bars and file names", () => {
  // The words are the core's (the same in the CLI and the county summary); the tone is the page's.
  assert.deepEqual(draftStatus({ vetoed: true, complete: true, status: "一票否决" }), { text: "一票否决", tone: "bad" });
  assert.deepEqual(draftStatus({ vetoed: false, complete: false, status: "未填完" }), { text: "未填完", tone: "warn" });
  assert.deepEqual(draftStatus({ unreadable: "更新版本", status: "无法读取" }), { text: "无法读取", tone: "bad" });
  assert.equal(itemLabel("basic.6"), "基本条件第6项");
  assert.equal(itemLabel("skill.2"), "分类条件第2项");
  assert.equal(barPercent(20, 22), 91);
  assert.equal(barPercent(0, 0), 0);
  assert.equal(barPercent(30, 22), 100);
});

test("item results in the panel", () => {
  assert.equal(resultPoints({ state: "scored", points: 20, max: 22 }), "20/22");
  assert.equal(resultPoints({ state: "vetoed", points: 0, max: 4 }), "否决");
  assert.equal(resultPoints({ state: "scored", points: 0, max: 0 }), "满足");
  assert.equal(resultPoints({ state: "incomplete", points: 0, max: 0 }), "—");
  assert.equal(resultBar({ state: "scored", points: 0, max: 0 }), 100);
  assert.equal(resultBar({ state: "incomplete", points: 0, max: 0 }), 0);
  assert.equal(resultBar({ state: "scored", points: 11, max: 22 }), 50);
});

test("chips and labels carry the item's short name", () => {
  assert.equal(chipLabel("basic.7", "龙头企业"), "第7项 龙头企业");
  assert.equal(chipLabel("skill.1", "从业人数"), "分类第1项 从业人数");
  assert.equal(itemLabel("basic.7", "龙头企业"), "基本条件第7项 龙头企业");
  assert.equal(itemLabel("basic.7"), "基本条件第7项");
});

test("the veto banner does not repeat the number", () => {
  assert.equal(withoutNumber("2、有中长期发展规划。"), "有中长期发展规划。");
  assert.equal(withoutNumber("11、建立培训制度"), "建立培训制度");
  assert.equal(withoutNumber("有成型的产品"), "有成型的产品");
});

test("a vetoed total reads 一票否决, never a number", () => {
  assert.equal(totalText({ vetoed: true, total: 126 }), "一票否决");
  assert.equal(totalText({ vetoed: false, total: 86 }), "86");
  const base = { basic_bonus: 4, category_total: 60, max_reachable: 118 };
  assert.match(reachableText({ ...base, vetoed: true, brand_type: "skill" }), /不计总分/);
  assert.doesNotMatch(reachableText({ ...base, vetoed: true, brand_type: "skill" }), /最高可达/);
  assert.match(reachableText({ ...base, vetoed: false, brand_type: null }), /勾选劳务品牌类型后/);
  assert.match(reachableText({ ...base, vetoed: false, brand_type: "skill" }), /最高可达 118 分/);
});

test("save times are shown the same way everywhere (HH:MM:SS)", () => {
  assert.equal(savedClock("2026-11-25T20:43:37.120+08:00"), "20:43:37");
  assert.equal(savedClock(""), "");
});

test("a draft with errors (e.g. 基本情况 over 500 字) is shown in the bad tone", () => {
  assert.deepEqual(draftStatus({ vetoed: false, complete: true, errors: 1, status: "有 1 处错误" }), { text: "有 1 处错误", tone: "bad" });
  assert.deepEqual(draftStatus({ vetoed: false, complete: true, errors: 0, status: "已填完" }), { text: "已填完", tone: "good" });
});

test("a summarised file as table cells: numbers, 否决 instead of a vetoed total, short unfilled list", async () => {
  const { batchCells, batchHeadline, fileName, BATCH_COLUMNS } = await import("../js/format.js");
  const row = {
    file: "C:\\报送\\东海水晶.json", brand_name: "东海水晶工匠", type_name: "文化旅游类劳务品牌", unit: "东海县", leader: "张明",
    workers: "3500", basic_bonus: 12, category_total: 114, total: 126, vetoed: false, complete: true,
    vetoes: [], unfilled: [], provincial_met: 5, provincial_total: 5, code: "9094-BBCB",
  };
  const cells = batchCells(row);
  assert.equal(cells.length, BATCH_COLUMNS.length);
  assert.deepEqual(cells.slice(4, 8), ["3500", "12", "114", "126"]);
  assert.equal(cells[10], "5/5");
  assert.equal(cells[12], "东海水晶.json");
  const vetoed = { ...row, vetoed: true, vetoes: ["独立品牌名称"], unfilled: ["a", "b", "c", "d"], provincial_total: 0, workers: null };
  const v = batchCells(vetoed);
  assert.equal(v[7], "否决");
  assert.equal(v[8], "独立品牌名称");
  assert.equal(v[9], "a、b、c 等 4 项");
  assert.equal(v[10], "");
  assert.equal(v[4], "");
  assert.equal(fileName("/home/a/b.json"), "b.json");
  assert.equal(batchHeadline({ rows: [row, vetoed], failures: [{ file: "x", reason: "y" }] }), "共汇总 2 个草稿文件，1 个有一票否决项，1 个文件无法读取（见下方）。");
  assert.equal(batchHeadline({ rows: [row], failures: [] }), "共汇总 1 个草稿文件。");
});

test("a command's error keeps its code and shows the core's Chinese message", async () => {
  const { commandError } = await import("../js/format.js");
  const e = commandError({ code: "disk_full", message: "磁盘空间不足 / the disk is full", message_zh: "磁盘空间不足", message_en: "the disk is full" });
  assert.equal(e.message, "磁盘空间不足");
  assert.equal(e.code, "disk_full");
  // Nothing is split by its wording: a thrown script error keeps its text and gets no code.
  const s = commandError(new Error("a / b"));
  assert.equal(s.message, "a / b");
  assert.equal(s.code, "error");
  assert.equal(commandError("plain").message, "plain");
});
