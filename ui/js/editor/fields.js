// Pure decisions of the editor's inputs: which input each form field gets (labels, limits and
// "required" come from the core's field list, `form_fields`), the 是/否 switch, the several-
// choice status, the points shown on an item, and where a jump lands. No DOM here: tested by
// `node --test ui/tests/`.

/** How the window presents a field beyond what the core says (kind, label, note, limit): element
 * id, rows, examples. A field missing here gets an id from its key. */
const PRESENTATION = {
  "form1.brand_name": { id: "brand-name", placeholder: "地域+产业/行业/产品+人，如“连云港海鲜厨师”" },
  "form1.brand_type": { id: "brand-type" },
  "form1.unit": { id: "unit" },
  "form1.leader": { id: "leader", pair: "form1.leader_title" },
  "form1.leader_title": { id: "leader-title" },
  "form1.summary": { id: "summary", rows: 7, placeholder: "500 字以内情况简介。包括从业规模、职业培训、创业载体、龙头企业、产业园区等情况" },
  "form1.year": { id: "round-year" },
  "form1.unit_opinion.text": { id: "unit-opinion", rows: 2 },
  "form1.unit_opinion.date": { id: "unit-opinion-date" },
  "form1.county_opinion.text": { id: "county-opinion", rows: 2 },
  "form1.county_opinion.date": { id: "county-opinion-date" },
  "form2.reporting_unit": { id: "reporting-unit" },
};

/** The input for each kind of value the core names (`kind` of `form_fields`). */
const INPUTS = { choice: "type", year: "year", date: "date", block: "textarea", text: "text" };

/** One input: the core's field with how the window shows it. */
export function inputSpec(field) {
  const p = PRESENTATION[field.key] ?? { id: field.key.replaceAll(".", "-") };
  const kind = INPUTS[field.kind] ?? "text";
  const note = p.note ?? field.note ?? null;
  return {
    key: field.key,
    id: p.id,
    kind,
    label: note ? `${field.label}（${note}）` : field.label,
    name: field.label,
    rows: p.rows ?? 3,
    placeholder: p.placeholder ?? null,
    counter: field.limit ? `${p.id}-counter` : null,
    required: field.required,
  };
}

/** The rows of 附件1 in form order: one input each, 负责人 and 职务 side by side. */
export function form1Rows(fields) {
  const specs = fields.filter((f) => f.key.startsWith("form1.")).map(inputSpec);
  const byKey = new Map(specs.map((s) => [s.key, s]));
  const paired = new Set(Object.values(PRESENTATION).map((p) => p.pair).filter(Boolean));
  const rows = [];
  for (const s of specs) {
    if (paired.has(s.key)) continue;
    const partner = PRESENTATION[s.key]?.pair;
    rows.push(partner && byKey.has(partner) ? [s, byKey.get(partner)] : [s]);
  }
  return rows;
}

/** The 填报单位 input of the 附件2 header. */
export function reportingUnit(fields) {
  const f = fields.find((x) => x.key === "form2.reporting_unit");
  return f ? inputSpec(f) : null;
}

/** The 申报年度 shown for a draft: its own, else the current year (what the core prints). */
export function shownYear(draft, now = new Date()) {
  return draft?.form1?.year ?? now.getFullYear();
}

/** The 申报年度 to store for what was typed: a whole year, or null (blank → the current year). */
export function yearValue(raw) {
  const t = String(raw ?? "").trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  return Number.parseInt(t, 10);
}

/** What a blank date prints, said beside the date input. */
export function blankDateHint(year) {
  return `留空则打印“${year} 年　月　日”供手写`;
}

/** The 是/否 buttons for an answer (true, false or not given): which is pressed, and the one
 * Tab stops at (the pressed one, or 是 when none is). */
export function yesNoButtons(current) {
  return [
    { value: true, text: "是" },
    { value: false, text: "否" },
  ].map((b) => {
    const checked = current === b.value;
    const tabStop = checked || (current !== true && current !== false && b.value === true);
    return { ...b, checked, tabIndex: tabStop ? 0 : -1 };
  });
}

/** The answer a click gives: the other answer, or nothing when the chosen one is clicked again. */
export function clickedAnswer(current, value) {
  return current === value ? null : value;
}

/** The answer a key gives in a 是/否 switch: ← or Y is 是, → or N is 否; other keys nothing. */
export function answerForKey(key) {
  const k = String(key).toLowerCase();
  if (k === "arrowleft" || k === "y") return true;
  if (k === "arrowright" || k === "n") return false;
  return undefined;
}

/** The input a fact declaration gets. */
export function controlKind(decl) {
  if (decl.kind === "count" || decl.kind === "money" || decl.kind === "percent") return "number";
  if (decl.kind === "yesno" || decl.kind === "oneof") return decl.kind;
  return "several";
}

/** The status beside several-choice boxes: 未填写 (never answered), 都没有, 已选 N 项. */
export function severalStatus(chosen) {
  if (!Array.isArray(chosen)) return "未填写";
  return chosen.length ? `已选 ${chosen.length} 项` : "都没有";
}

/** The points shown on an item's card before its explanation (the panel shows them shorter,
 * format.js `resultPoints`). */
export function cardPoints(r) {
  if (r.state === "vetoed") return "一票否决 ";
  if (r.max === 0) return r.state === "scored" ? "满足 " : "";
  return `${r.points}/${r.max} 分 `;
}

/** Where a jump from the score panel or a finding lands: a fact, a form field, an evidence
 * note or an item card. */
export function jumpTarget(id) {
  const s = String(id);
  if (s.startsWith("facts.")) return { by: "fact", key: s.slice(6) };
  if (s.startsWith("form1.") || s.startsWith("form2.")) return { by: "field", key: s };
  if (s.startsWith("evidence.")) return { by: "evidence", key: s.slice(9) };
  return { by: "item", key: s };
}

/** The notice on a draft made with another rubric edition than the current one, or null. */
export function editionNotice(draftRubric, current) {
  if (!draftRubric || !current || draftRubric.edition_id === current.edition_id) return null;
  return {
    text: `本草稿按《${draftRubric.edition}》评分；现行标准为《${current.edition}》。改用现行标准后，已填写的内容保留，按新标准重新计分，原内容另存为一个版本。`,
    action: "改用现行标准",
  };
}

const KIND_NAMES = { pdf: "PDF", jpeg: "JPG", png: "PNG" };

/** An attached file as its list shows it: "商标注册证（PDF，4 页）". */
export function evidenceLine(file) {
  const kind = KIND_NAMES[file.kind] ?? String(file.kind).toUpperCase();
  return file.kind === "pdf" ? `${file.title}（${kind}，${file.pages} 页）` : `${file.title}（${kind}）`;
}

/** The heading of an item's evidence: how many files, and whether a note is kept. */
export function evidenceHeading(files, note) {
  const n = files.length;
  const parts = [n ? `佐证材料（${n} 个文件）` : "佐证材料"];
  if (note) parts.push("有备注");
  return parts.join(" · ");
}

/** The base64 part of a data URL ("data:image/png;base64,iVBOR…" → "iVBOR…"). */
export function base64Of(dataUrl) {
  const s = String(dataUrl ?? "");
  const i = s.indexOf(";base64,");
  return i >= 0 ? s.slice(i + 8) : "";
}
