// The editor's input decisions (ui/js/editor/fields.js), with the field list as the core sends
// it (`form_fields`, src/fields.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { answerForKey, blankDateHint, cardPoints, clickedAnswer, controlKind, base64Of, editionNotice, evidenceHeading, evidenceLine, form1Rows, inputSpec, jumpTarget, reportingUnit, severalStatus, shownYear, yearValue, yesNoButtons } from "../js/editor/fields.js";

// What the core sends, kept in step by the model crate's test `the_page_tests_read_the_field_list_the_core_sends`.
const FIELDS = JSON.parse(readFileSync(new URL("./fixtures/form_fields.json", import.meta.url), "utf8"));

test("附件1 is laid out from the core's fields: its labels, a counter wherever there is a limit", () => {
  const rows = form1Rows(FIELDS);
  assert.deepEqual(
    rows.map((r) => r.map((s) => s.key)),
    [["form1.brand_name"], ["form1.brand_type"], ["form1.unit"], ["form1.leader", "form1.leader_title"], ["form1.summary"], ["form1.year"], ["form1.unit_opinion.text"], ["form1.unit_opinion.date"], ["form1.county_opinion.text"], ["form1.county_opinion.date"], ["form1.contact"]],
  );
  const flat = rows.flat();
  assert.deepEqual(flat.map((s) => s.kind), ["text", "type", "text", "text", "text", "textarea", "year", "textarea", "date", "textarea", "date", "text"]);
  assert.deepEqual(flat.filter((s) => s.counter).map((s) => s.counter), ["summary-counter", "unit-opinion-counter", "county-opinion-counter", "form1-contact-counter"]);
  // A field the page has never heard of gets its input from the core's entry alone: its id
  // from its key, its note beside the label.
  const contact = flat.at(-1);
  assert.equal(contact.id, "form1-contact");
  assert.equal(contact.label, "联系人及电话（不印在推荐表上，印在申报材料封面，便于县区人社局联系补正）");
  assert.equal(flat[0].label, "劳务品牌名称");
  assert.equal(flat.find((s) => s.key === "form1.county_opinion.text").label, "县区人社部门推荐意见（一般由县区人社局填写，可留空）");
  // A label changed in the core changes the page.
  const renamed = FIELDS.map((f) => (f.key === "form1.unit" ? { ...f, label: "培育单位" } : f));
  assert.equal(form1Rows(renamed)[2][0].label, "培育单位");
  // A new block of text would get its text area and counter without page changes.
  assert.equal(inputSpec({ key: "form1.extra", label: "其他", required: false, limit: 100, kind: "block" }).kind, "textarea");
  assert.equal(reportingUnit(FIELDS).label, "填报单位（各县区人社局盖章）");
  assert.equal(reportingUnit(FIELDS).id, "reporting-unit");
});

test("是/否: one click answers, a second click on the same answer clears it; keys Y/N and arrows", () => {
  assert.deepEqual(yesNoButtons(undefined).map((b) => [b.checked, b.tabIndex]), [[false, 0], [false, -1]]);
  assert.deepEqual(yesNoButtons(false).map((b) => [b.checked, b.tabIndex]), [[false, -1], [true, 0]]);
  assert.deepEqual(yesNoButtons(true).map((b) => b.text), ["是", "否"]);
  assert.equal(clickedAnswer(null, true), true);
  assert.equal(clickedAnswer(true, false), false);
  assert.equal(clickedAnswer(true, true), null);
  assert.equal(answerForKey("Y"), true);
  assert.equal(answerForKey("ArrowLeft"), true);
  assert.equal(answerForKey("n"), false);
  assert.equal(answerForKey("ArrowRight"), false);
  assert.equal(answerForKey("Tab"), undefined);
});

test("each fact kind gets its input; several-choice status words", () => {
  assert.deepEqual(["count", "money", "percent", "yesno", "oneof", "several"].map((kind) => controlKind({ kind })), ["number", "number", "number", "yesno", "oneof", "several"]);
  assert.equal(severalStatus(undefined), "未填写");
  assert.equal(severalStatus([]), "都没有");
  assert.equal(severalStatus(["a", "b"]), "已选 2 项");
});

test("an item card's points and where a jump lands", () => {
  assert.equal(cardPoints({ state: "vetoed", points: 0, max: 4 }), "一票否决 ");
  assert.equal(cardPoints({ state: "scored", points: 0, max: 0 }), "满足 ");
  assert.equal(cardPoints({ state: "incomplete", points: 0, max: 0 }), "");
  assert.equal(cardPoints({ state: "scored", points: 18, max: 22 }), "18/22 分 ");
  assert.deepEqual(jumpTarget("facts.common.workers"), { by: "fact", key: "common.workers" });
  assert.deepEqual(jumpTarget("form1.summary"), { by: "field", key: "form1.summary" });
  assert.deepEqual(jumpTarget("evidence.basic.3"), { by: "evidence", key: "basic.3" });
  assert.deepEqual(jumpTarget("skill.2"), { by: "item", key: "skill.2" });
});

test("a draft of an older rubric edition says so and offers the move; a current one says nothing", () => {
  const old = { edition_id: "lyg-city-2024", edition: "连云港市市级劳务品牌评分表（2024年版）" };
  const now = { edition_id: "lyg-city-2026", edition: "连云港市市级劳务品牌评分表（2026年版）" };
  assert.equal(editionNotice(now, now), null);
  const n = editionNotice(old, now);
  assert.match(n.text, /2024年版.*2026年版/);
  assert.equal(n.action, "改用现行标准");
});

test("an item's evidence as its list shows it, and a dropped file's contents", () => {
  assert.equal(evidenceLine({ title: "商标注册证", kind: "pdf", pages: 4 }), "商标注册证（PDF，4 页）");
  assert.equal(evidenceLine({ title: "横拍", kind: "jpeg", pages: 1 }), "横拍（JPG）");
  assert.equal(evidenceHeading([], ""), "佐证材料");
  assert.equal(evidenceHeading([{}, {}], "原件在档案室"), "佐证材料（2 个文件） · 有备注");
  assert.equal(base64Of("data:image/jpeg;base64,/9j/4AAQ"), "/9j/4AAQ");
  assert.equal(base64Of("data:application/octet-stream;base64,"), "");
  assert.equal(base64Of("not a data url"), "");
});

test("申报年度: a draft's own year, else the current one; what is typed becomes a whole year or blank", () => {
  const now = new Date(2026, 11, 7);
  assert.equal(shownYear({ form1: { year: 2025 } }, now), 2025);
  assert.equal(shownYear({ form1: {} }, now), 2026);
  assert.equal(shownYear({ form1: { year: null } }, now), 2026);
  assert.equal(yearValue("2027"), 2027);
  assert.equal(yearValue(" 2027 "), 2027);
  assert.equal(yearValue(""), null);
  assert.equal(yearValue("2027.5"), null);
  assert.equal(yearValue("二〇二六"), null);
  // Out of range stays a number: the core's finding names the field, nothing is dropped silently.
  assert.equal(yearValue("1999"), 1999);
  assert.equal(blankDateHint(2026), "留空则打印“2026 年　月　日”供手写");
});
