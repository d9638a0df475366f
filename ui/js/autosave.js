// The autosave scheduler: saves at most `delay` ms after the last change, at once when asked
// (leaving a field, Ctrl+S, closing), one save at a time, and never drops a change that arrives
// while a save is running. Timers are injected so that the logic is unit-tested without a clock.

export class Autosaver {
  /**
   * @param {object} o
   * @param {(doc: any) => Promise<any>} o.save   writes one document
   * @param {(state: {status: string, at?: Date, error?: string}) => void} o.onState
   * @param {number} [o.delay]
   * @param {(fn: () => void, ms: number) => any} [o.setTimer]
   * @param {(t: any) => void} [o.clearTimer]
   * @param {() => Date} [o.now]
   */
  constructor({ save, onState, delay = 800, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (t) => clearTimeout(t), now = () => new Date() }) {
    this.save = save;
    this.onState = onState;
    this.delay = delay;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.now = now;
    this.pending = null; // the newest unsaved document
    this.hasPending = false;
    this.timer = null;
    this.running = null; // promise of the save in progress
  }

  /** A change: schedule a save `delay` ms from now (restarting the wait). */
  changed(doc) {
    this.pending = doc;
    this.hasPending = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.flush();
    }, this.delay);
    this.onState({ status: "pending" });
  }

  /** Saves whatever is pending now; resolves when everything pending is written. */
  async flush() {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    while (this.running) await this.running;
    if (!this.hasPending) return;
    const doc = this.pending;
    this.hasPending = false;
    this.onState({ status: "saving" });
    this.running = (async () => {
      try {
        await this.save(doc);
        if (!this.hasPending) this.onState({ status: "saved", at: this.now() });
      } catch (e) {
        // Keep the document so that the next flush tries again.
        if (!this.hasPending) {
          this.pending = doc;
          this.hasPending = true;
        }
        this.onState({ status: "error", error: String(e) });
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
    case "error":
      return `保存失败：${state.error ?? ""}`;
    default:
      return "";
  }
}
