// The county desk's wording of what the core returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deskCells, differenceText, decisionText, pendingText, paperLines, receivedHeadline, receivedLine, itemPoints, valueText } from "../js/review/format.js";

const row = {
  application: 5, brand: "连云港焊工", unit: "连云港焊接技术协会", version: 2, versions: 2,
  self_total: 104, self_vetoed: false, assessed_total: 82, assessed_vetoed: false, difference: -22,
  evidence_files: 0, evidence_complete: false, open_hints: 2, doubtful: 1, decision: null, rank: null,
};

test("a row says both scores, the signed difference and what is still to do", () => {
  const cells = deskCells(row);
  assert.deepEqual(cells, ["5", "连云港焊工", "连云港焊接技术协会", "第 2 版（共 2 版）", "104", "82", "−22", "无", "2 条提示、1 项存疑", "待定"]);
  assert.equal(differenceText({ ...row, difference: 3 }), "+3");
  assert.equal(differenceText({ ...row, difference: 0 }), "0");
  assert.equal(differenceText({ ...row, assessed_vetoed: true }), "");
  assert.equal(deskCells({ ...row, assessed_vetoed: true })[5], "否决");
  assert.equal(pendingText({ ...row, open_hints: 0, doubtful: 0 }), "");
});

test("the decision reads its order when recommended", () => {
  assert.equal(decisionText({ decision: "recommend", rank: 3 }), "推荐（第 3）");
  assert.equal(decisionText({ decision: "return" }), "退回补正");
  assert.equal(decisionText({ decision: null }), "待定");
});

test("receiving names every file, new, duplicate or refused", () => {
  const report = { files: [
    { outcome: "new", file: "a.lbdraft", application: 1, number: 1, brand: "甲" },
    { outcome: "duplicate", file: "b.lbdraft", reason: "与已接收的第 1 号申报第 1 版完全相同" },
    { outcome: "refused", file: "c.pdf", reason: "不是申报草稿文件（.pdf）" },
  ] };
  assert.equal(receivedHeadline(report), "新接收 1 份，重复 1 个，未接收 1 个");
  assert.equal(receivedLine(report.files[0]), "已接收：a.lbdraft → 第 1 号申报「甲」第 1 版");
  assert.match(receivedLine(report.files[2]), /^未接收：c\.pdf，不是申报草稿文件/);
});

test("an item's points: a met veto item reads 满足, not 0", () => {
  const item = { veto: true, claimed: { state: "scored", points: 0 }, assessed: { state: "vetoed", points: 0 } };
  assert.equal(itemPoints(item), "自评 满足 · 核定 否决");
  assert.equal(itemPoints({ veto: false, claimed: { state: "scored", points: 20 }, assessed: { state: "scored", points: 0 } }), "自评 20 分 · 核定 0 分");
  assert.equal(valueText(true), "是");
  assert.equal(valueText("2.78"), "2.78");
});

test("a paper check says which version, or that none matches", () => {
  assert.match(paperLines("0000-0000", [])[0], /都不符/);
  const lines = paperLines("AAAA-BBBB", [{ what: "申报表校验码", application: 5, brand: "连云港焊工", number: 1, latest: 2, changes: [{ what: "龙头企业年销售额", before: "27,800 亿元", after: "2.78 亿元" }] }]);
  assert.equal(lines[0], "申报表校验码：第 5 号申报「连云港焊工」第 1 版（最新为第 2 版）");
  assert.equal(lines[1], "此后改动：龙头企业年销售额：27,800 亿元 → 2.78 亿元");
});
