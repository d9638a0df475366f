import { test } from "node:test";
import assert from "node:assert/strict";
import { emptyDraft, normalize, setField, getField, factValue, setFact, toggleOption, setEvidence, visibleItems, factPlacement } from "../js/draft.js";

test("fields are set by path without touching the original", () => {
  const d = emptyDraft();
  const e = setField(d, "form1.unit_opinion.date", "2024-05-20");
  assert.equal(getField(e, "form1.unit_opinion.date"), "2024-05-20");
  assert.equal(d.form1.unit_opinion.date, null);
});

test("normalize fills a partial draft", () => {
  const d = normalize({ form1: { brand_name: "港城家政员" }, facts: { "common.workers": 5 } });
  assert.equal(d.form1.brand_name, "港城家政员");
  assert.equal(d.form1.summary, "");
  assert.deepEqual(d.form1.county_opinion, { text: "", date: null });
  assert.deepEqual(d.facts, { "common.workers": 5 });
  assert.deepEqual(d.evidence, {});
});

test("typed values become facts; blank is not filled, and no is not blank", () => {
  assert.equal(factValue("count", " 4200 "), "4200");
  assert.equal(factValue("money", ""), null);
  assert.equal(factValue("yesno", "yes"), true);
  assert.equal(factValue("yesno", "no"), false);
  assert.equal(factValue("yesno", ""), null);
  assert.equal(factValue("oneof", "province"), "province");
  assert.deepEqual(factValue("severalof", []), []);
  let d = setFact(emptyDraft(), "basic.1.plan", false);
  assert.equal(d.facts["basic.1.plan"], false, "filled: no is kept");
  d = setFact(d, "basic.1.plan", null);
  assert.ok(!("basic.1.plan" in d.facts), "cleared back to not filled");
});

test("several-of options keep the declared order", () => {
  const order = ["a", "b", "c"];
  let d = toggleOption(emptyDraft(), "k", "c", true, order);
  d = toggleOption(d, "k", "a", true, order);
  assert.deepEqual(d.facts.k, ["a", "c"]);
  d = toggleOption(d, "k", "a", false, order);
  d = toggleOption(d, "k", "c", false, order);
  assert.deepEqual(d.facts.k, [], "unticking all means filled: none");
});

test("evidence notes", () => {
  let d = setEvidence(emptyDraft(), "basic.1", "实施方案文件");
  assert.equal(d.evidence["basic.1"], "实施方案文件");
  d = setEvidence(d, "basic.1", "  ");
  assert.deepEqual(d.evidence, {});
});

test("visible items and where each fact input goes", () => {
  const rubric = {
    items: [
      { id: "basic.1", group: "basic", facts: ["b1"] },
      { id: "skill.1", group: "skill", facts: ["w"] },
      { id: "skill.3", group: "skill", facts: ["s", "w"] },
      { id: "service.1", group: "service", facts: ["w"] },
    ],
  };
  const items = visibleItems(rubric, "skill");
  assert.deepEqual(items.map((i) => i.id), ["basic.1", "skill.1", "skill.3"]);
  assert.deepEqual(factPlacement(items), [
    { id: "basic.1", own: ["b1"], shared: [] },
    { id: "skill.1", own: ["w"], shared: [] },
    { id: "skill.3", own: ["s"], shared: ["w"] },
  ]);
  assert.deepEqual(visibleItems(rubric, null).map((i) => i.id), ["basic.1"]);
});
