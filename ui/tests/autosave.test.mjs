import { test } from "node:test";
import assert from "node:assert/strict";
import { Autosaver, statusText } from "../js/autosave.js";

function fakeTimers() {
  const timers = new Map();
  let next = 1;
  return {
    setTimer: (fn, ms) => {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimer: (id) => timers.delete(id),
    fire() {
      const all = [...timers.entries()];
      timers.clear();
      for (const [, t] of all) t.fn();
    },
    count: () => timers.size,
    delays: () => [...timers.values()].map((t) => t.ms),
  };
}

test("a burst of keystrokes is saved once, after the delay", async () => {
  const t = fakeTimers();
  const saved = [];
  const states = [];
  const a = new Autosaver({ save: async (d) => saved.push(d), onState: (s) => states.push(s.status), delay: 800, ...t });
  a.changed({ n: 1 });
  a.changed({ n: 2 });
  a.changed({ n: 3 });
  assert.equal(t.count(), 1, "one timer, restarted");
  assert.deepEqual(t.delays(), [800]);
  assert.deepEqual(saved, []);
  t.fire();
  await a.flush();
  assert.deepEqual(saved, [{ n: 3 }]);
  assert.equal(states.at(-1), "saved");
  assert.equal(a.dirty(), false);
});

test("flush saves at once and cancels the timer", async () => {
  const t = fakeTimers();
  const saved = [];
  const a = new Autosaver({ save: async (d) => saved.push(d), onState: () => {}, ...t });
  a.changed("x");
  await a.flush();
  assert.deepEqual(saved, ["x"]);
  assert.equal(t.count(), 0);
  await a.flush();
  assert.deepEqual(saved, ["x"], "nothing pending, nothing saved");
});

test("a change during a running save is saved right after it", async () => {
  const t = fakeTimers();
  const saved = [];
  let release;
  const a = new Autosaver({
    save: (d) =>
      new Promise((r) => {
        saved.push(d);
        if (d === "first") release = r;
        else r();
      }),
    onState: () => {},
    ...t,
  });
  a.changed("first");
  const f = a.flush();
  a.changed("second");
  const g = a.flush();
  release();
  await f;
  await g;
  assert.deepEqual(saved, ["first", "second"]);
  assert.equal(a.dirty(), false);
});

test("a failed save keeps the document for the next try", async () => {
  const t = fakeTimers();
  let fail = true;
  const saved = [];
  const states = [];
  const a = new Autosaver({
    save: async (d) => {
      if (fail) throw new Error("disk full");
      saved.push(d);
    },
    onState: (s) => states.push(s),
    ...t,
  });
  a.changed("doc");
  await assert.rejects(a.flush());
  assert.equal(states.at(-1).status, "error");
  assert.ok(a.dirty());
  fail = false;
  await a.flush();
  assert.deepEqual(saved, ["doc"]);
});

test("the default delay makes the last keystroke durable within half a second", () => {
  const t = fakeTimers();
  const a = new Autosaver({ save: async () => {}, onState: () => {}, ...t });
  a.changed("x");
  assert.ok(t.delays()[0] <= 300, `debounce ${t.delays()[0]} ms`);
});

test("a failed save is retried by itself with growing waits until it succeeds", async () => {
  const t = fakeTimers();
  let failuresLeft = 3;
  const saved = [];
  const states = [];
  const a = new Autosaver({
    save: async (d) => {
      if (failuresLeft-- > 0) throw new Error("草稿数据库正被其他程序占用");
      saved.push(d);
    },
    onState: (s) => states.push(s),
    ...t,
  });
  a.changed("typed while locked");
  t.fire(); // the debounce
  await new Promise((r) => setImmediate(r));
  const waits = [];
  for (let i = 0; i < 3; i++) {
    assert.equal(t.count(), 1, "a retry is scheduled");
    waits.push(t.delays()[0]);
    t.fire();
    await new Promise((r) => setImmediate(r));
  }
  assert.deepEqual(waits, [500, 1000, 2000]);
  assert.deepEqual(saved, ["typed while locked"]);
  assert.equal(states.at(-1).status, "saved");
  assert.equal(a.dirty(), false);
  assert.equal(t.count(), 0, "no more retries");
  const error = states.find((s) => s.status === "error");
  assert.equal(error.error, "草稿数据库正被其他程序占用", "no JavaScript 'Error:' prefix");
});

test("typing while saves fail keeps the newest text and the retry rhythm", async () => {
  const t = fakeTimers();
  let fail = true;
  const saved = [];
  const a = new Autosaver({
    save: async (d) => {
      if (fail) throw new Error("locked");
      saved.push(d);
    },
    onState: () => {},
    ...t,
  });
  a.changed("a");
  await assert.rejects(a.flush());
  a.changed("ab");
  assert.deepEqual(t.delays(), [500], "not the short debounce while failing");
  fail = false;
  t.fire();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(saved, ["ab"]);
});

test("discard forgets the pending document only when asked", async () => {
  const t = fakeTimers();
  const a = new Autosaver({ save: async () => { throw new Error("x"); }, onState: () => {}, ...t });
  a.changed("doc");
  await assert.rejects(a.flush());
  assert.ok(a.dirty());
  a.discard();
  assert.equal(a.dirty(), false);
  assert.equal(t.count(), 0);
});

test("status texts", () => {
  const clock = () => "09:05:07";
  assert.equal(statusText({ status: "saved", at: new Date() }, clock), "已保存 09:05:07");
  assert.equal(statusText({ status: "saving" }, clock), "正在保存…");
  assert.equal(statusText({ status: "error", error: "磁盘已满", retryIn: 2000 }, clock), "保存失败：磁盘已满，2 秒后自动重试（修改仍保留在窗口中）");
});

test("a full disk gets a lasting banner; other failures and the states in between do not change it", async () => {
  const { diskBanner } = await import("../js/autosave.js");
  const full = { status: "error", code: "disk_full", error: "磁盘空间不足，草稿没有受到影响：请在 /d 所在的磁盘上腾出空间（至少 11 MB）后重试", retryIn: 1000 };
  const b = diskBanner(full);
  assert.equal(b.title, "磁盘空间不足，修改暂未保存");
  assert.ok(b.text.includes("至少 11 MB") && b.text.includes("仍保留在窗口中"), b.text);
  assert.equal(diskBanner({ status: "error", code: "store_busy", error: "占用" }), null);
  assert.equal(diskBanner({ status: "saving" }), null);
  assert.equal(diskBanner({ status: "saved", at: new Date() }), null);
});

test("the code of a failed save reaches the state, so the page decides by code", async () => {
  const states = [];
  const timers = [];
  const saver = new Autosaver({
    save: async () => {
      const e = new Error("磁盘空间不足");
      e.code = "disk_full";
      throw e;
    },
    onState: (s) => states.push(s),
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  saver.changed({ a: 1 });
  await saver.flush().catch(() => {});
  const last = states.at(-1);
  assert.equal(last.status, "error");
  assert.equal(last.code, "disk_full");
  assert.ok(saver.dirty(), "the text is kept");
});

test("a lost connection to the local server (403) is a lasting banner: how to get back in, keep the page", async () => {
  const { diskBanner, statusText } = await import("../js/autosave.js");
  const lost = { status: "error", code: "session_lost", error: "与本机服务的连接已失效", retryIn: 4000 };
  const b = diskBanner(lost);
  assert.ok(b.title.includes("连接已失效"));
  assert.ok(b.text.includes("重新打开") && b.text.includes("不要关闭本页"));
  assert.ok(statusText(lost, () => "").includes("修改仍保留在窗口中"));
});
