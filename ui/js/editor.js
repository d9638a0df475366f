// The editor: 附件1 fields in the official order, the 附件2 facts drawn from the rubric's fact
// declarations, a score panel updated on every keystroke, autosave, history and PDF export.
import { call } from "./api.js";
import { Autosaver, diskBanner, errorText, statusText } from "./autosave.js";
import { factPlacement, factValue, normalize, setEvidence, setFact, setField, toggleOption, visibleItems } from "./draft.js";
import { h, replace } from "./dom.js";
import { clock, counterText, itemLabel, overLimit, savedClock, shortTime, versionTotalText } from "./format.js";
import { confirm, dialog, message, toast } from "./modal.js";
import { renderPanel } from "./panel.js";

/** Keystroke → score shown, measured inside the webview (read by the end-to-end test). */
/** Keystroke → the frame that paints the new score (first animation frame after it was put in
 * the page) and → the frame after that (which starts once the first was presented); read by the
 * end-to-end test as a key-to-pixels figure. */
window.__perf = window.__perf ?? { samples: [], paint: [], frames: [] };

export async function showEditor(app, { id, rubric, goHome, setTopActions }) {
  const rec = await call("load_draft", { id });
  const st = {
    id,
    meta: rec.meta,
    draft: normalize(rec.draft),
    evaluation: null,
    seq: 0,
    shown: 0,
    msgSlots: new Map(),
    touched: new Set(), // fields the user has visited: only these show "required" messages
    showRequired: false, // set at export: every empty required field is shown
    resultSlots: new Map(),
  };
  const saveStatus = h("span", { class: "save-status", id: "save-status", text: `已保存 ${savedClock(rec.meta.updated_at)}` });
  // A full disk gets a lasting banner over the form until a save succeeds.
  const banner = h("div", { class: "disk-banner", id: "disk-banner", role: "alert", hidden: true });
  function showBanner(s) {
    const b = diskBanner(s);
    if (b) {
      replace(banner, h("strong", { text: b.title }), h("span", { text: b.text }));
      banner.hidden = false;
    } else if (s.status === "saved") {
      banner.hidden = true;
      replace(banner);
    }
  }
  const saver = new Autosaver({
    save: async (draft) => {
      st.meta = await call("save_draft", { id: st.id, draft });
    },
    onState: (s) => {
      if (s.status === "saved") showCode();
      saveStatus.textContent = statusText(s, clock);
      saveStatus.title = saveStatus.textContent;
      saveStatus.className = `save-status ${s.status}`;
      showBanner(s);
    },
  });
  // The 校验码 printed on the forms, shown beside the export for the saved state.
  const codeLabel = h("span", { class: "version-code", id: "version-code", title: "导出的表格页脚印有同一校验码，可据此核对纸质表格与本草稿的版本" });
  async function showCode() {
    try {
      const code = await call("version_code", { draft: st.draft });
      codeLabel.textContent = `校验码 ${code} · 第 ${st.meta.revision} 版`;
    } catch {
      codeLabel.textContent = "";
    }
  }
  if (rec.recovered) {
    // Typed before the page restarted and not yet in the database: save it now.
    saver.changed(st.draft);
    toast("已恢复页面重新加载前输入的内容");
  }

  const panel = h("aside", { class: "panel", id: "score-panel", "aria-label": "自评分" });
  const form = h("div", { class: "form-scroll", id: "form" });

  // ── evaluation ────────────────────────────────────────────────────────────────
  async function evaluate(t0 = performance.now()) {
    const seq = ++st.seq;
    const ev = await call("evaluate", { draft: st.draft });
    if (seq < st.shown) return; // a newer result is already shown
    st.shown = seq;
    st.evaluation = ev;
    renderPanel(panel, ev, rubric, jump);
    showInline(ev);
    const dt = performance.now() - t0;
    window.__perf.samples.push(dt);
    if (window.__perf.samples.length > 200) window.__perf.samples.shift();
    window.__perf.last = dt;
    requestAnimationFrame(() => {
      window.__perf.paint.push(performance.now() - t0);
      if (window.__perf.paint.length > 200) window.__perf.paint.shift();
      requestAnimationFrame(() => {
        window.__perf.frames.push(performance.now() - t0);
        if (window.__perf.frames.length > 200) window.__perf.frames.shift();
      });
    });
  }

  function showInline(ev) {
    for (const slot of st.msgSlots.values()) replace(slot);
    for (const f of ev.findings) {
      if (f.required && !st.showRequired && !st.touched.has(f.field)) continue;
      const slot = st.msgSlots.get(f.field);
      if (slot) slot.appendChild(h("span", { class: `msg ${f.severity}`, text: f.message, title: f.message }));
    }
    for (const r of ev.score.items) {
      const slot = st.resultSlots.get(r.id);
      const pts = r.state === "vetoed" ? "一票否决 " : r.max === 0 ? (r.state === "scored" ? "满足 " : "") : `${r.points}/${r.max} 分 `;
      if (slot) replace(slot, h("strong", { text: pts }), r.explanation);
      slot?.closest(".item")?.setAttribute("data-state", r.state);
    }
    // "5000万元" or "2.5亿" typed into a number field: show how it was understood.
    for (const span of form.querySelectorAll("[data-understood]")) {
      span.textContent = ev.understood?.[span.dataset.understood] ?? "";
    }
    // The counters of the limited texts: counts and limits come from the core.
    for (const n of ev.counts ?? []) {
      const counter = form.querySelector(`[data-counter="${n.field}"]`);
      if (!counter) continue;
      const c = counterText(n.count, n.limit);
      counter.textContent = c.text;
      counter.classList.toggle("over", c.over);
    }
  }

  function changed(next, t0) {
    st.draft = next;
    saver.changed(st.draft);
    evaluate(t0);
  }

  // Failures show in the status line and are retried by the saver itself.
  const flush = () => saver.flush().catch(() => {});

  // ── inputs ────────────────────────────────────────────────────────────────────
  const slot = (field) => {
    const s = h("div", { class: "field-msg", dataset: { for: field } });
    st.msgSlots.set(field, s);
    return s;
  };

  function textField({ label, path, field, multiline = false, id, placeholder, rows = 3 }) {
    const value = path.split(".").reduce((n, p) => n?.[p], st.draft) ?? "";
    const attrs = {
      id,
      value,
      placeholder,
      dataset: { field },
      "aria-label": label,
      oninput: (e) => changed(setField(st.draft, path, e.target.value), performance.now()),
      onchange: flush,
    };
    const input = multiline ? h("textarea", { ...attrs, rows }) : h("input", { ...attrs, type: "text" });
    return h("label", { class: "field" }, h("span", { class: "label", text: label }), input, slot(field));
  }

  function dateField(label, path, id) {
    const value = path.split(".").reduce((n, p) => n?.[p], st.draft) ?? "";
    return h(
      "label",
      { class: "field date" },
      h("span", { class: "label", text: label }),
      h("input", {
        type: "date",
        id,
        value,
        class: value ? null : "empty",
        "aria-label": label,
        onchange: (e) => {
          e.target.classList.toggle("empty", !e.target.value);
          changed(setField(st.draft, path, e.target.value || null));
          flush();
        },
      }),
      h("span", { class: "hint", text: "留空则打印“年 月 日”供手写" }),
    );
  }

  const decl = (key) => rubric.facts.find((f) => f.key === key);

  /** A 是 | 否 switch: one click to answer, ←/→ or Y/N (是/否) from the keyboard; a second click
   * on the chosen answer clears it back to "not filled". */
  function yesNo(key, d, current) {
    const group = h("span", { class: "yesno", role: "radiogroup", "aria-label": d.label, dataset: { fact: key, field: `facts.${key}` } });
    const buttons = [
      ["yes", "是"],
      ["no", "否"],
    ].map(([value, text]) => h("button", { type: "button", role: "radio", class: "seg", text, dataset: { value }, onclick: () => choose(current === (value === "yes") ? null : value === "yes") }));
    /** Shows `current`: the chosen answer pressed; the one Tab stops at is it (or 是 when none). */
    function paint() {
      for (const b of buttons) {
        const yes = b.dataset.value === "yes";
        const on = current === yes;
        b.setAttribute("aria-checked", on ? "true" : "false");
        b.tabIndex = on || (current !== true && current !== false && yes) ? 0 : -1;
      }
    }
    function choose(bool) {
      current = bool;
      paint();
      changed(setFact(st.draft, key, bool), performance.now());
      flush();
    }
    paint();
    group.addEventListener("keydown", (e) => {
      const k = e.key.toLowerCase();
      const pick = k === "arrowleft" || k === "y" ? true : k === "arrowright" || k === "n" ? false : undefined;
      if (pick === undefined) return;
      e.preventDefault();
      choose(pick);
      buttons[pick ? 0 : 1].focus();
    });
    replace(group, buttons);
    return group;
  }

  function factInput(key) {
    const d = decl(key);
    const field = `facts.${key}`;
    const current = st.draft.facts[key];
    let control;
    if (d.kind === "count" || d.kind === "money" || d.kind === "percent") {
      control = h(
        "span",
        { class: "number" },
        h("input", {
          type: "text",
          inputmode: "decimal",
          value: current ?? "",
          dataset: { fact: key, field },
          "aria-label": d.label,
          oninput: (e) => changed(setFact(st.draft, key, factValue(d.kind, e.target.value)), performance.now()),
          onchange: flush,
        }),
        d.unit ? h("span", { class: "unit", text: d.unit }) : null,
        h("span", { class: "understood", dataset: { understood: key } }),
      );
    } else if (d.kind === "yesno") {
      control = yesNo(key, d, current);
    } else if (d.kind === "oneof") {
      const selected = current ?? "";
      control = h(
        "select",
        {
          dataset: { fact: key, field },
          "aria-label": d.label,
          onchange: (e) => {
            changed(setFact(st.draft, key, factValue(d.kind, e.target.value)), performance.now());
            flush();
          },
        },
        h("option", { value: "", text: "— 未填写 —" }),
        d.options.map((o) => h("option", { value: o.key, text: o.label, selected: o.key === selected ? true : null })),
      );
      control.value = selected;
    } else {
      const order = d.options.map((o) => o.key);
      const chosen = Array.isArray(current) ? current : null;
      const status = h("span", { class: "hint", text: chosen === null ? "未填写" : chosen.length ? `已选 ${chosen.length} 项` : "都没有" });
      const boxes = d.options.map((o) =>
        h(
          "label",
          { class: "check" },
          h("input", {
            type: "checkbox",
            checked: chosen?.includes(o.key),
            dataset: { fact: key, option: o.key },
            onchange: (e) => {
              changed(toggleOption(st.draft, key, o.key, e.target.checked, order), performance.now());
              const n = st.draft.facts[key].length;
              status.textContent = n ? `已选 ${n} 项` : "都没有";
              flush();
            },
          }),
          o.label,
        ),
      );
      const none = h("button", {
        type: "button",
        class: "small",
        text: "都没有",
        onclick: () => {
          for (const b of boxes) b.querySelector("input").checked = false;
          changed(setFact(st.draft, key, []), performance.now());
          status.textContent = "都没有";
          flush();
        },
      });
      control = h("span", { class: "several", dataset: { field } }, boxes, none, status);
    }
    return h("div", { class: `fact kind-${d.kind}` }, h("span", { class: "label", text: d.label }), control, d.help ? h("span", { class: "hint", text: d.help }) : null, slot(field));
  }

  // ── the form ──────────────────────────────────────────────────────────────────
  function typeChooser() {
    return h(
      "fieldset",
      { class: "types", dataset: { field: "form1.brand_type" } },
      h("legend", { text: "劳务品牌类型（勾选一类）" }),
      rubric.types.map((t) =>
        h(
          "label",
          { class: "type" },
          h("input", {
            type: "radio",
            name: "brand_type",
            value: t.key,
            checked: st.draft.form1.brand_type === t.key,
            dataset: { type: t.key },
            onchange: () => {
              changed(setField(st.draft, "form1.brand_type", t.key), performance.now());
              flush();
              renderForm2();
            },
          }),
          t.name,
        ),
      ),
      slot("form1.brand_type"),
    );
  }

  const form2 = h("section", { class: "form2", id: "form2" });

  function renderForm2() {
    for (const key of [...st.msgSlots.keys()]) if (key.startsWith("facts.") || key.startsWith("evidence.")) st.msgSlots.delete(key);
    st.resultSlots.clear();
    const items = visibleItems(rubric, st.draft.form1.brand_type);
    const placement = factPlacement(items);
    let lastProject = null;
    const cards = [];
    items.forEach((item, i) => {
      if (item.group !== "basic" && lastProject !== item.group) {
        const t = rubric.types.find((x) => x.key === item.group);
        cards.push(h("h3", { class: "group-head", text: `分类条件 · ${t.heading}` }));
        lastProject = item.group;
      } else if (item.group === "basic" && i === 0) {
        cards.push(h("h3", { class: "group-head", text: "基本条件（11 项均为一票否决项目）" }));
      }
      const p = placement[i];
      const result = h("p", { class: "item-result" });
      st.resultSlots.set(item.id, result);
      cards.push(
        h(
          "article",
          { class: "item", id: `item-${item.id}`, dataset: { item: item.id } },
          h("header", {}, h("span", { class: "item-id", text: itemLabel(item.id) }), h("span", { class: "project", text: item.project }), h("span", { class: "points-text", text: `分值 ${item.points_text}` })),
          h("p", { class: "standard", text: item.standard }),
          // The official 评分依据 stays on the card; folded only where the window is small.
          h("details", { class: "basis", open: window.innerWidth >= 1200 ? true : null }, h("summary", { text: "评分依据" }), h("p", { text: item.basis })),
          h("div", { class: "facts" }, p.own.map(factInput)),
          p.shared.length ? h("p", { class: "hint", text: `同时使用上方已填写的：${p.shared.map((k) => `「${decl(k).label}」`).join("、")}` }) : null,
          // Folded until used: most cards need no note, and every line costs scrolling.
          h(
            "details",
            { class: "evidence", open: st.draft.evidence[item.id] ? true : null },
            h("summary", { text: "佐证材料（仅供本单位留存，不打印）" }),
            h("input", {
              type: "text",
              value: st.draft.evidence[item.id] ?? "",
              dataset: { evidence: item.id },
              "aria-label": `佐证材料：${itemLabel(item.id)}`,
              oninput: (e) => changed(setEvidence(st.draft, item.id, e.target.value)),
              onchange: flush,
            }),
          ),
          result,
        ),
      );
    });
    if (!st.draft.form1.brand_type) cards.push(h("p", { class: "empty", text: "请在附件1中勾选劳务品牌类型，这里将显示该类别的 5 项分类条件。" }));
    replace(form2, h("h2", { text: "附件2 连云港市市级劳务品牌评分表" }), textField({ label: "填报单位：（各县区人社局盖章）", path: "form2.reporting_unit", field: "form2.reporting_unit", id: "reporting-unit" }), cards);
    if (st.evaluation) showInline(st.evaluation);
  }

  function renderForm() {
    st.msgSlots.clear();
    const counter = (field, id) => h("span", { class: "counter", id, "data-counter": field });
    replace(
      form,
      banner,
      h(
        "section",
        { class: "form1", id: "form1" },
        h("h2", { text: "附件1 连云港市市级劳务品牌推荐表" }),
        textField({ label: "劳务品牌名称", path: "form1.brand_name", field: "form1.brand_name", id: "brand-name", placeholder: "地域+产业/行业/产品+人，如“连云港海鲜厨师”" }),
        typeChooser(),
        textField({ label: "培育建设单位", path: "form1.unit", field: "form1.unit", id: "unit" }),
        h("div", { class: "two" }, textField({ label: "劳务品牌负责人", path: "form1.leader", field: "form1.leader", id: "leader" }), textField({ label: "职务", path: "form1.leader_title", field: "form1.leader_title", id: "leader-title" })),
        h("div", { class: "summary-wrap" }, textField({ label: "基本情况", path: "form1.summary", field: "form1.summary", id: "summary", multiline: true, rows: 7, placeholder: "500 字以内情况简介。包括从业规模、职业培训、创业载体、龙头企业、产业园区等情况" }), counter("form1.summary", "summary-counter")),
        h("div", { class: "summary-wrap" }, textField({ label: "培育建设单位推荐意见", path: "form1.unit_opinion.text", field: "form1.unit_opinion.text", id: "unit-opinion", multiline: true, rows: 2 }), counter("form1.unit_opinion.text", "unit-opinion-counter")),
        dateField("推荐意见日期", "form1.unit_opinion.date", "unit-opinion-date"),
        h("div", { class: "summary-wrap" }, textField({ label: "县区人社部门推荐意见（一般由县区人社局填写，可留空）", path: "form1.county_opinion.text", field: "form1.county_opinion.text", id: "county-opinion", multiline: true, rows: 2 }), counter("form1.county_opinion.text", "county-opinion-counter")),
        dateField("县区意见日期", "form1.county_opinion.date", "county-opinion-date"),
      ),
      form2,
    );
    renderForm2();
  }

  // ── navigation, history, export ───────────────────────────────────────────────
  function jump(target) {
    const id = String(target);
    let el = null;
    if (id.startsWith("facts.")) el = form.querySelector(`[data-fact="${CSS.escape(id.slice(6))}"]`);
    else if (id.startsWith("form1.") || id.startsWith("form2.")) el = form.querySelector(`[data-field="${CSS.escape(id)}"]`);
    else if (id.startsWith("evidence.")) el = form.querySelector(`[data-evidence="${CSS.escape(id.slice(9))}"]`);
    else {
      const card = form.querySelector(`[data-item="${CSS.escape(id)}"]`);
      const missing = st.evaluation?.score.items.find((r) => r.id === id)?.missing ?? [];
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

  async function showHistory() {
    await flush();
    const versions = await call("history", { id: st.id });
    const nameIt = async (revision) => {
      const name = await dialog({ title: revision === null ? "为当前内容命名保留" : "为此版本命名保留", body: [h("p", { text: "命名的版本会一直保留，不会因版本过多而被清理。例如“送审前”。" })], input: { value: "" }, buttons: [{ label: "取消", value: null }, { label: "保留", value: true, primary: true }] });
      if (typeof name !== "string" || !name.trim()) return;
      try {
        await call("name_version", { id: st.id, revision, name: name.trim() });
        toast(`已保留为「${name.trim()}」`);
      } catch (e) {
        message("无法保留", e.message);
      }
    };
    const list = versions.length
      ? h(
          "ul",
          { class: "history", id: "history-list" },
          versions.map((v) =>
            h(
              "li",
              { dataset: { version: String(v.revision) } },
              h(
                "div",
                { class: "version" },
                h("strong", { text: v.pin ? `「${v.pin}」` : v.reason_zh }),
                h("span", { class: "when", text: ` ${shortTime(v.saved_at)} · 第 ${v.revision} 版 · ${versionTotalText(v.total)}` }),
                h("div", { class: "changes", text: v.changes }),
              ),
              h("div", { class: "version-actions" }, v.pin ? null : h("button", { class: "small", text: "命名保留", onclick: () => nameIt(v.revision) }), h("button", { text: "恢复此版本", dataset: { revision: String(v.revision) }, onclick: () => restore(v.revision) })),
            ),
          ),
        )
      : h("p", { text: "还没有更早的版本。每次打开编辑、更改品牌类型、导出和恢复之前，以及编辑时每 10 分钟，都会保留一个版本。" });
    const choice = dialog({ title: "历史版本", body: [list], buttons: [{ label: "为当前内容命名…", value: "name" }, { label: "关闭", value: null, primary: true }] });
    document.getElementById("history-list")?.scrollTo(0, 0); // newest first, shown from the top
    if ((await choice) === "name") nameIt(null);
  }

  async function restore(revision) {
    document.getElementById("modal-root").replaceChildren();
    if (!(await confirm("恢复历史版本", `用第 ${revision} 版替换当前内容？当前内容会先保留为一个版本，可以再恢复回来。`, "恢复"))) return;
    try {
      await saver.flush();
    } catch (e) {
      message("无法恢复", `当前的修改还没有保存（${errorText(e)}），请稍后再试。`);
      return;
    }
    const rec2 = await call("restore_version", { id: st.id, revision });
    st.meta = rec2.meta;
    st.draft = normalize(rec2.draft);
    renderForm();
    await evaluate();
    showCode();
    toast(`已恢复第 ${revision} 版`);
  }

  /** Exports the PDF (kind "pdf") or the editable Word copy (kind "word"). */
  async function exportAs(kind) {
    if (exporting) return;
    exporting = true;
    try {
      await exportOnce(kind);
    } finally {
      exporting = false;
    }
  }
  const exportPdf = () => exportAs("pdf");

  async function exportOnce(kind) {
    const what = kind === "word" ? "Word 文件" : "PDF";
    const question = kind === "word" ? "仍要导出 Word 文件吗？" : "仍要导出 PDF 吗？";
    await flush();
    st.showRequired = true;
    if (st.evaluation) showInline(st.evaluation);
    const s = st.evaluation?.score;
    // Like a veto: the form says 500 字以内; a text over its limit still prints (on the 附页).
    const over = overLimit(st.evaluation?.counts);
    if (over) {
      if (!(await confirm(over.title, over.message, "仍然导出"))) return;
    }
    if (s && (s.vetoed || !s.complete)) {
      const why = s.vetoed ? `有 ${s.vetoes.length} 项一票否决项未满足，申报将不予通过。` : `尚有 ${s.incomplete.length} 项未填完，评分表中这些项目的自评分将留空。`;
      if (!(await confirm("确认导出", `${why}${question}`, "仍然导出"))) return;
    }
    const options = {
      forms: "all",
      compact: document.getElementById("opt-compact").checked,
      fingerprint: document.getElementById("opt-fingerprint").checked,
      revision: st.meta.revision,
    };
    try {
      const info = await call(kind === "word" ? "export_word" : "export_pdf", { id: st.id, draft: st.draft, options });
      if (!info) return;
      const text = kind === "word"
        ? `已保存到 ${info.path}。这是可在 WPS 或 Word 中修改的电子版；送审的纸质表格请用“导出 PDF”打印盖章。`
        : `已保存到 ${info.path}（共 ${info.pages} 页）。打印后请在推荐意见处签字盖章。`;
      const choice = await dialog({
        title: kind === "word" ? "Word 文件已导出" : "PDF 已导出",
        body: [h("p", { text })],
        buttons: [{ label: "关闭", value: null }, { label: "打开所在文件夹", value: "reveal" }, { label: `打开 ${what}`, value: "open", primary: true }],
      });
      if (choice === "open") await call("open_exported");
      if (choice === "reveal") await call("reveal_exported");
    } catch (e) {
      message("导出失败", e.message);
    }
  }

  let exporting = false; // the native Save dialog may be open: a second Ctrl+P does nothing
  const onKey = (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (exporting || document.getElementById("modal-root").childElementCount) {
      if (e.key.toLowerCase() === "p" || e.key.toLowerCase() === "e") e.preventDefault();
      return;
    }
    const k = e.key.toLowerCase();
    if (k === "s") {
      e.preventDefault();
      flush();
    } else if (k === "p" || k === "e") {
      e.preventDefault();
      exportPdf();
    }
  };
  document.addEventListener("keydown", onKey);

  /** Saves what is pending before the editor is left; when saving fails, asks the user and
   * offers to export the text to a file. Resolves true when leaving is fine. */
  async function leave(closing) {
    // While saves are failing, ask at once instead of waiting for another attempt.
    if (!saver.failures) {
      try {
        await saver.flush();
        return true;
      } catch {
        // fall through to the question
      }
    }
    for (;;) {
      const choice = await dialog({
        title: closing ? "保存失败，仍要退出吗？" : "保存失败，仍要返回草稿列表吗？",
        body: [
          h("p", { text: `最近的修改还没有保存到本机：${saver.lastError ?? ""}` }),
          h("p", { text: "修改仍保留在窗口中，程序会继续自动重试。可以先把当前内容导出为草稿文件，保存到别处（以后可用“导入草稿文件”找回）。" }),
        ],
        buttons: [
          { label: "放弃修改", value: "discard", danger: true },
          { label: "导出为草稿文件…", value: "export" },
          { label: "再试一次", value: "retry" },
          { label: "继续编辑", value: "stay", primary: true },
        ],
      });
      if (choice === "retry") {
        try {
          await saver.flush();
          return true;
        } catch {
          continue;
        }
      }
      if (choice === "export") {
        try {
          const path = await call("export_unsaved", { draft: st.draft });
          if (path) {
            await message("已导出", `当前内容已保存到 ${path}。`);
            return true;
          }
        } catch (e) {
          await message("导出失败", e.message);
        }
        continue;
      }
      if (choice === "discard") {
        if (!(await confirm("放弃修改", "确定放弃尚未保存的修改吗？此操作无法撤销。", "放弃修改", true))) continue;
        saver.discard();
        await call("discard_unsaved", { id: st.id });
        return true;
      }
      return false;
    }
  }

  const backHome = async () => {
    if (!(await leave(false))) return;
    saver.discard();
    document.removeEventListener("keydown", onKey);
    goHome();
  };

  setTopActions([
    h("button", { id: "back-home", text: "← 草稿列表", onclick: backHome }),
    saveStatus,
    h("button", { id: "history-button", text: "历史版本", onclick: showHistory }),
    h("label", { class: "opt" }, h("input", { type: "checkbox", id: "opt-compact" }), "精简版"),
    h("label", { class: "opt", title: "在每页页脚印上校验码和版本号，便于核对纸质表格" }, h("input", { type: "checkbox", id: "opt-fingerprint", checked: true }), "打印校验码"),
    codeLabel,
    h("button", { id: "export-word", text: "导出 Word", title: "可在 WPS / Word 中修改的电子版（.docx）", onclick: () => exportAs("word") }),
    h("button", { class: "primary", id: "export-pdf", text: "导出 PDF", title: "Ctrl+P", onclick: exportPdf }),
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
  return {
    flush: () => saver.flush(),
    leave,
    stop: () => {
      saver.discard();
      document.removeEventListener("keydown", onKey);
    },
    current: () => ({ id: st.id, draft: st.draft }),
    saveState: () => ({ dirty: saver.dirty(), failures: saver.failures, error: saver.lastError }),
  };
}
