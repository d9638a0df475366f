// The browser edition's bridge (ui/js/api.js): what a 403 becomes, and how refusals of single
// uploads join a command's result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeRefused, PICKS, sessionLost } from "../js/api.js";

test("a 403 is session_lost with how to get back in; other statuses are not", () => {
  const lost = sessionLost(403, null);
  assert.equal(lost.code, "session_lost");
  assert.ok(lost.message_zh.includes("重新打开") && lost.message_zh.includes("仍保留在页面里"));
  const fromServer = { code: "session_lost", message_zh: "服务器的说明" };
  assert.equal(sessionLost(403, fromServer), fromServer);
  assert.equal(sessionLost(400, { code: "x" }), null);
  assert.equal(sessionLost(200, null), null);
});

test("several evidence files: those refused at upload join the refusals, the others are attached", () => {
  const big = { code: "evidence_too_large", message_zh: "「照片.jpg」有 39 MB，超过单个佐证文件 30 MB 的上限" };
  const r = mergeRefused("add_evidence", { added: [{ id: 1 }], refused: [] }, [big]);
  assert.deepEqual(r, { added: [{ id: 1 }], refused: [big] });
  // All refused at upload: nothing was sent, the refusals still show.
  assert.deepEqual(mergeRefused("add_evidence", null, [big]), { added: [], refused: [big] });
  // One file for another command: its refusal is the error.
  assert.throws(() => mergeRefused("import_draft", null, [big]), (e) => e === big);
  assert.deepEqual(mergeRefused("import_draft", { id: 3 }, []), { id: 3 });
  assert.deepEqual(Object.values(PICKS).map((p) => p.purpose), ["draft", "backup", "draft", "draft", "evidence"]);
  // The desk lists a file refused at upload beside those it received.
  const r2 = mergeRefused("review_receive", { files: [{ outcome: "new", file: "a.json" }] }, [{ ...big, file: "照片.jpg" }]);
  assert.deepEqual(r2.files.map((f) => f.outcome), ["new", "refused"]);
  assert.match(r2.files[1].reason, /30 MB/);
});
