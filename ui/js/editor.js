// The editor: the two forms (./editor/form.js) with their inputs (./editor/inputs.js, decided
// in ./editor/fields.js), a score panel updated on every keystroke, autosave, the history
// (./editor/history.js) and the exports (./editor/exporting.js). Everything is scored by the
// draft's own rubric edition.
import { call } from "./api.js";
import { Autosaver, diskBanner, statusText } from "./autosave.js";
import { normalize } from "./draft.js";
import { h, replace } from "./dom.js";
import { clock, counterText, savedClock } from "./format.js";
import { message, toast } from "./modal.js";
import { renderPanel } from "./panel.js";
import { cardPoints, editionNotice, jumpTarget } from "./editor/fields.js";
import { exportBundle, exportForms, leave } from "./editor/exporting.js";
import { form1Section, renderForm2 } from "./editor/form.js";
import { showHistory } from "./editor/history.js";

/** Keystroke → score shown, → the frame that paints it, → the frame after that; read by the
 * end-to-end test as a key-to-pixels figure. */
window.__perf = window.__perf ?? { samples: [], calls: [], paint: [], frames: [] };
const keep = (list, value) => {
  list.push(value);
  if (list.length > 200) list.shift();
};

export async function showEditor(app, { id, rubric: current, fields, goHome, setTopActions, reopen }) {
  const rec = await call("load_draft", { id });
  // A draft of an older edition is shown and scored by that edition until it is moved.
  const rubric = rec.meta.rubric_edition === current.edition_id ? current : await call("rubric", { edition: rec.meta.rubric_edition });
  const st = { id, meta: rec.meta, draft: normalize(rec.draft), evaluation: null, seq: 0, shown: 0, touched: new Set(), showRequired: false };
  // The files attached to the items (佐证材料), and the painters of the cards that list them.
  let evidence = await call("list_evidence", { id });
  const evidencePainters = new Map();
  const msgSlots = new Map();
  const saveStatus = h("span", { class: "save-status", id: "save-status", text: `已保存 ${savedClock(rec.meta.updated_at)}` });
  // A full disk gets a lasting banner over the form until a save succeeds.
  const banner = h("div", { class: "disk-banner", id: "disk-banner", role: "alert", hidden: true });
  const saver = new Autosaver({
    save: async (draft) => {
      st.meta = await call("save_draft", { id: st.id, draft });
    },
    onState: (s) => {
      if (s.status === "saved") showCode();
      saveStatus.textContent = statusText(s, clock);
      saveStatus.title = saveStatus.textContent;
      saveStatus.className = `save-status ${s.status}`;
      const b = diskBanner(s);
      if (b) replace(banner, h("strong", { text: b.title }), h("span", { text: b.text }));
      if (b || s.status === "saved") banner.hidden = !b;
    },
  });
  // The 校验码 printed on the forms, shown beside the export for the saved state.
  const codeLabel = h("span", { class: "version-code", id: "version-code", title: "导出的表格页脚印有同一校验码，可据此核对纸质表格与本草稿的版本" });
  // The bundle's own code covers the evidence too: shown beside 导出申报材料.
  const bundleLabel = h("span", { class: "bundle-code", id: "bundle-code", title: "导出的申报材料每页页脚印有此材料校验码；它涵盖表格和全部佐证材料（文件、标题、顺序），任一处改动都会改变它" });
  // Both codes in one small two-line block beside the exports (it stays at 1093 px too).
  const codes = h("span", { class: "codes" }, codeLabel, bundleLabel);
  async function showCode() {
    const [code, bundle] = await Promise.all([
      call("version_code", { draft: st.draft }).catch(() => null),
      call("bundle_code", { id: st.id, draft: st.draft }).catch(() => null),
    ]);
    codeLabel.textContent = code ? `校验码 ${code}` : "";
    bundleLabel.textContent = bundle ? `材料 ${bundle}` : "";
  }
  if (rec.recovered) {
    // Typed before the page restarted and not yet in the database: save it now.
    saver.changed(st.draft);
    toast("已恢复页面重新加载前输入的内容");
  }
  const panel = h("aside", { class: "panel", id: "score-panel", "aria-label": "自评分" });
  const form = h("div", { class: "form-scroll", id: "form" });
  const form2 = h("section", { class: "form2", id: "form2" });

  async function evaluate(t0 = performance.now()) {
    const seq = ++st.seq;
    const evidenceItems = [...new Set(evidence.map((f) => f.item_id))];
    let ev;
    try {
      ev = await call("evaluate", { edition: st.meta.rubric_edition, draft: st.draft, evidenceItems, openFacts: st.openFacts ?? [] });
    } catch (e) {
      // The local server is out of reach (the browser edition's 403): the banner says so and
      // the panel keeps its last result until a save gets through again.
      if (e?.code === "session_lost") return;
      throw e;
    }
    if (seq < st.shown) return; // a newer result is already shown
    // The core's part: the command's round trip (arguments and result through the IPC).
    keep(window.__perf.calls, performance.now() - t0);
    st.shown = seq;
    st.evaluation = ev;
    // The panel and the cards' result lines are drawn again only when what they show changed:
    // most keystrokes in a text change a counter and nothing else, and the page's one thread
    // then stays free for the next key (docs/performance.md).
    const drawn = JSON.stringify([ev.score, ev.findings]);
    if (drawn !== st.drawn) {
      st.drawn = drawn;
      renderPanel(panel, ev, rubric, jump);
      showItems(ev);
    }
    showTexts(ev);
    window.__perf.last = performance.now() - t0;
    keep(window.__perf.samples, window.__perf.last);
    requestAnimationFrame(() => {
      keep(window.__perf.paint, performance.now() - t0);
      requestAnimationFrame(() => keep(window.__perf.frames, performance.now() - t0));
    });
  }

  function showInline(ev) {
    showItems(ev);
    showTexts(ev);
  }

  /** Each card's result line. */
  function showItems(ev) {
    for (const r of ev.score.items) {
      const slot = ctx.resultSlots.get(r.id);
      if (slot) replace(slot, h("strong", { text: cardPoints(r) }), r.explanation);
      slot?.closest(".item")?.setAttribute("data-state", r.state);
    }
  }

  /** The findings beside their fields, what a number was read as, the counters. */
  function showTexts(ev) {
    for (const slot of msgSlots.values()) replace(slot);
    for (const f of ev.findings) {
      if (f.required && !st.showRequired && !st.touched.has(f.field)) continue;
      msgSlots.get(f.field)?.appendChild(h("span", { class: `msg ${f.severity}`, text: f.message, title: f.message }));
    }
    // "5000万元" or "2.5亿" typed into a number field: show how it was understood.
    for (const span of form.querySelectorAll("[data-understood]")) span.textContent = ev.understood?.[span.dataset.understood] ?? "";
    // The counters of the limited texts: counts and limits come from the core.
    for (const n of ev.counts ?? []) {
      const counter = form.querySelector(`[data-counter="${n.field}"]`);
      if (!counter) continue;
      const c = counterText(n.count, n.limit);
      counter.textContent = c.text;
      counter.classList.toggle("over", c.over);
    }
  }

  // Failures show in the status line and are retried by the saver itself.
  const flush = () => saver.flush().catch(() => {});
  const ctx = {
    id,
    rubric,
    fields,
    evidenceOf: (item) => evidence.filter((f) => f.item_id === item),
    onEvidence: (item, paint) => evidencePainters.set(item, paint),
    async refreshEvidence() {
      evidence = await call("list_evidence", { id });
      for (const paint of evidencePainters.values()) paint();
      evaluate();
      showCode();
    },
    resultSlots: new Map(),
    /** A several-choice group entered (`open`) or left: scored as still being ticked, or settled. */
    openGroup(key, open) {
      const next = open ? [key] : [];
      if (JSON.stringify(next) === JSON.stringify(st.openFacts ?? [])) return;
      st.openFacts = next;
      evaluate();
    },
    draft: () => st.draft,
    changed(next, t0) {
      st.draft = next;
      saver.changed(st.draft);
      evaluate(t0);
    },
    flush,
    slot(field) {
      const s = h("div", { class: "field-msg", dataset: { for: field } });
      msgSlots.set(field, s);
      return s;
    },
    dropSlots: (which) => [...msgSlots.keys()].filter(which).forEach((k) => msgSlots.delete(k)),
  };
  const drawForm2 = () => {
    evidencePainters.clear();
    renderForm2(ctx, form2);
    if (st.evaluation) showInline(st.evaluation);
  };
  function renderForm() {
    msgSlots.clear();
    replace(form, banner, notice(), form1Section(ctx, drawForm2), form2);
    drawForm2();
  }

  /** The notice on a draft of an older rubric edition, with the move to the current one. */
  function notice() {
    const n = editionNotice(rubric, current);
    if (!n) return null;
    const move = async () => {
      try {
        await saver.flush();
        const u = await call("upgrade_edition", { id: st.id });
        toast(`已改用现行标准，原内容已保留为「${u.kept_as}」`);
        stop();
        reopen();
      } catch (e) {
        message("无法改用现行标准", e.message);
      }
    };
    return h("div", { class: "edition-notice", id: "edition-notice", role: "note" }, h("span", { text: n.text }), h("button", { text: n.action, onclick: move }));
  }

  function jump(target) {
    const t = jumpTarget(target);
    const q = (attr, key) => form.querySelector(`[${attr}="${CSS.escape(key)}"]`);
    let el = t.by === "fact" ? q("data-fact", t.key) : t.by === "field" ? q("data-field", t.key) : t.by === "evidence" ? q("data-evidence", t.key) : null;
    if (t.by === "item") {
      const card = q("data-item", t.key);
      const missing = st.evaluation?.score.items.find((r) => r.id === t.key)?.missing ?? [];
      el = (missing.length && card?.querySelector(`[data-fact="${CSS.escape(missing[0])}"]`)) || card?.querySelector("input, select, .yesno");
      card?.scrollIntoView({ block: "start", behavior: "smooth" });
    }
    if (el?.classList?.contains("yesno")) el = el.querySelector('[tabindex="0"]') ?? el.querySelector("button");
    const folded = el?.closest?.("details");
    if (folded) folded.open = true;
    if (el) {
      el.scrollIntoView({ block: "center", behavior: "smooth" });
      el.focus({ preventScroll: true });
    }
  }

  const restored = async (rec2) => {
    st.meta = rec2.meta;
    st.draft = normalize(rec2.draft);
    renderForm();
    await evaluate();
    showCode();
  };

  let exporting = false; // the native Save dialog may be open: a second Ctrl+P does nothing
  async function exportAs(format) {
    if (exporting) return;
    exporting = true;
    try {
      await flush();
      st.showRequired = true;
      if (st.evaluation) showInline(st.evaluation);
      const options = { forms: "all", compact: document.getElementById("opt-compact").checked, fingerprint: document.getElementById("opt-fingerprint").checked };
      if (format === "bundle") await exportBundle(st, options.compact);
      else await exportForms(st, format, options);
    } finally {
      exporting = false;
    }
  }
  const onKey = (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const k = e.key.toLowerCase();
    if (exporting || document.getElementById("modal-root").childElementCount) {
      if (k === "p" || k === "e") e.preventDefault();
      return;
    }
    if (k === "s") {
      e.preventDefault();
      flush();
    } else if (k === "p" || k === "e") {
      e.preventDefault();
      exportAs("pdf");
    }
  };
  document.addEventListener("keydown", onKey);
  const stop = () => {
    saver.discard();
    document.removeEventListener("keydown", onKey);
  };
  const backHome = async () => {
    if (!(await leave(st, saver, false))) return;
    stop();
    goHome();
  };

  setTopActions([
    h("button", { id: "back-home", text: "← 草稿列表", onclick: backHome }),
    saveStatus,
    h("button", { id: "history-button", text: "历史版本", onclick: () => showHistory(st.id, saver, restored) }),
    // The two print options, one above the other (they take one button's width).
    h(
      "span",
      { class: "opts" },
      h("label", { class: "opt" }, h("input", { type: "checkbox", id: "opt-compact" }), "精简版"),
      h("label", { class: "opt", title: "在每页页脚印上校验码，便于核对纸质表格（历史版本中每个版本也标有校验码）" }, h("input", { type: "checkbox", id: "opt-fingerprint", checked: true }), "打印校验码"),
    ),
    codes,
    h("button", { id: "export-word", text: "导出 Word", title: "可在 WPS / Word 中修改的电子版（.docx）", onclick: () => exportAs("docx") }),
    h("button", { id: "export-bundle", text: "导出申报材料", title: "封面、目录、附件1、附件2、佐证材料清单和全部佐证材料，合成一个 PDF", onclick: () => exportAs("bundle") }),
    h("button", { class: "primary", id: "export-pdf", text: "导出 PDF", title: "Ctrl+P", onclick: () => exportAs("pdf") }),
  ]);
  // A field left (or a type ticked) counts as visited: its "required" message may show now.
  const visited = (e) => {
    const field = e.target.closest?.("[data-field]")?.dataset.field;
    if (field && !st.touched.has(field)) {
      st.touched.add(field);
      if (st.evaluation) showInline(st.evaluation);
    }
  };
  form.addEventListener("focusout", visited);
  form.addEventListener("change", visited);
  replace(app, h("div", { class: "editor" }, form, panel));
  renderForm();
  await evaluate();
  showCode();
  // A reload comes back where the user was (per draft, for this tab).
  const scrollKey = `lb-scroll-${id}`;
  const kept = Number(sessionStorage.getItem(scrollKey));
  if (kept > 0) form.scrollTop = kept;
  let scrollTimer = null;
  form.addEventListener("scroll", () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => sessionStorage.setItem(scrollKey, String(Math.round(form.scrollTop))), 200);
  });
  return {
    flush: () => saver.flush(),
    leave: (closing) => leave(st, saver, closing),
    stop,
    current: () => ({ id: st.id, draft: st.draft }),
    saveState: () => ({ dirty: saver.dirty(), failures: saver.failures, error: saver.lastError }),
  };
}
