// The autosave scheduler: saves at most `delay` ms after the last change (short, so that the
// last keystroke is in the database within half a second), at once when asked (leaving a
// field, Ctrl+S, closing), one save at a time, and never drops a change that arrives while a
// save is running. A failed save keeps the document and is retried with growing waits until
// it succeeds; nothing is given up without the user's word. Timers are injected so that the
// logic is unit-tested without a clock.

/** Waits between retries after a failed save (the last one repeats). */
export const RETRY_DELAYS = [500, 1000, 2000, 4000, 8000, 15000];

/** The message of an error, without the "Error: " that String(error) adds. */
export function errorText(e) {
  if (e && typeof e === "object" && "message" in e) return String(e.message);
  return String(e ?? "");
}

export class Autosaver {
  /**
   * @param {object} o
   * @param {(doc: any) => Promise<any>} o.save   writes one document
   * @param {(state: {status: string, at?: Date, error?: string, code?: string, retryIn?: number}) => void} o.onState
   * @param {number} [o.delay]
   * @param {number[]} [o.retryDelays]
   * @param {(fn: () => void, ms: number) => any} [o.setTimer]
   * @param {(t: any) => void} [o.clearTimer]
   * @param {() => Date} [o.now]
   */
  constructor({ save, onState, delay = 250, retryDelays = RETRY_DELAYS, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (t) => clearTimeout(t), now = () => new Date() }) {
    this.save = save;
    this.onState = onState;
    this.delay = delay;
    this.retryDelays = retryDelays;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.now = now;
    this.pending = null; // the newest unsaved document
    this.hasPending = false;
    this.timer = null;
    this.running = null; // promise of the save in progress
    this.failures = 0; // failed tries since the last success
    this.lastError = null;
  }

  schedule(ms) {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.flush().catch(() => {}); // the failure is reported through onState and retried
    }, ms);
  }

  /** A change: schedule a save `delay` ms from now (restarting the wait). */
  changed(doc) {
    this.pending = doc;
    this.hasPending = true;
    // While saves fail, keep the retry rhythm instead of hammering the database.
    this.schedule(this.failures ? this.retryDelay() : this.delay);
    if (!this.failures) this.onState({ status: "pending" });
  }

  retryDelay() {
    return this.retryDelays[Math.min(this.failures - 1, this.retryDelays.length - 1)];
  }

  /** Saves whatever is pending now; resolves when everything pending is written, rejects when
   * a save failed (the document is kept and a retry is scheduled). */
  async flush() {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    while (this.running) await this.running.catch(() => {});
    if (!this.hasPending) return;
    const doc = this.pending;
    this.hasPending = false;
    this.onState({ status: "saving" });
    this.running = (async () => {
      try {
        await this.save(doc);
        this.failures = 0;
        this.lastError = null;
        if (!this.hasPending) this.onState({ status: "saved", at: this.now() });
      } catch (e) {
        // Keep the document (unless a newer one arrived) and try again later.
        if (!this.hasPending) {
          this.pending = doc;
          this.hasPending = true;
        }
        this.failures += 1;
        this.lastError = errorText(e);
        const retryIn = this.retryDelay();
        this.schedule(retryIn);
        this.onState({ status: "error", error: this.lastError, code: e?.code ?? "error", retryIn });
        throw e;
      } finally {
        this.running = null;
      }
    })();
    await this.running;
    if (this.hasPending) await this.flush();
  }

  /** Whether a change is not yet written. */
  dirty() {
    return this.hasPending || this.running !== null;
  }

  /** Forgets what is pending (the user chose to discard it) and stops retrying. */
  discard() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.hasPending = false;
    this.pending = null;
    this.failures = 0;
  }
}

/** The lasting banner an autosave state calls for, or null: a full disk, or (in the browser
 * edition) a lost connection to the local server, is said loudly until a save succeeds (the
 * text stays in the page and is retried quietly meanwhile). */
export function diskBanner(state) {
  if (state.status === "error" && state.code === "disk_full") {
    return {
      title: "磁盘空间不足，修改暂未保存",
      text: `${state.error ?? ""} 输入的内容仍保留在窗口中，腾出空间后会自动保存；现在关闭窗口会先询问。`,
    };
  }
  if (state.status === "error" && state.code === "session_lost") {
    return {
      title: "与本机服务的连接已失效，修改暂未保存",
      text: "请从开始菜单（或桌面）重新打开“劳务品牌申报助手（浏览器版）”。本页输入的内容仍保留在页面里，重新打开后会自动保存——请不要关闭本页。",
    };
  }
  return null;
}

/** The status line text for an autosave state. */
export function statusText(state, clock) {
  switch (state.status) {
    case "saving":
      return "正在保存…";
    case "pending":
      return "有修改，即将保存…";
    case "saved":
      return `已保存 ${clock(state.at)}`;
    case "error": {
      const retry = state.retryIn ? `，${Math.max(1, Math.round(state.retryIn / 1000))} 秒后自动重试` : "";
      return `保存失败：${state.error ?? ""}${retry}（修改仍保留在窗口中）`;
    }
    default:
      return "";
  }
}
