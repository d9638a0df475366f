// Where a saved file went, as the window and the browser say it.
import assert from "node:assert/strict";
import { test } from "node:test";

globalThis.window = {};
const { savedTo } = await import("../js/saved.js");

test("in the browser a saved file is a download, named, in the browser's list", () => {
  delete globalThis.window.__TAURI__;
  assert.equal(savedTo("连云港石化技工.pdf"), "已下载「连云港石化技工.pdf」（见浏览器的下载列表）");
  assert.equal(savedTo(), "已下载（见浏览器的下载列表）");
});

test("in the window it is the path the user chose", () => {
  globalThis.window.__TAURI__ = {};
  assert.equal(savedTo("/home/u/文档/连云港石化技工.pdf"), "已保存到 /home/u/文档/连云港石化技工.pdf");
  assert.equal(savedTo(), "已保存");
});
