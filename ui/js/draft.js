// Pure operations on the draft document (the same JSON shape as the core's Draft).
// Every function returns a new draft; nothing is mutated.

/** An empty draft. */
export function emptyDraft() {
  return {
    form1: {
      brand_name: "",
      brand_type: null,
      unit: "",
      leader: "",
      leader_title: "",
      summary: "",
      unit_opinion: { text: "", date: null },
      county_opinion: { text: "", date: null },
    },
    form2: { reporting_unit: "" },
    facts: {},
    evidence: {},
  };
}

/** Fills in anything missing from a loaded draft, so the editor can rely on the shape. */
export function normalize(draft) {
  const base = emptyDraft();
  const d = draft ?? {};
  const f1 = { ...base.form1, ...(d.form1 ?? {}) };
  f1.unit_opinion = { ...base.form1.unit_opinion, ...(f1.unit_opinion ?? {}) };
  f1.county_opinion = { ...base.form1.county_opinion, ...(f1.county_opinion ?? {}) };
  return {
    form1: f1,
    form2: { ...base.form2, ...(d.form2 ?? {}) },
    facts: { ...(d.facts ?? {}) },
    evidence: { ...(d.evidence ?? {}) },
  };
}

/** Sets a 附件1 / 附件2 field by dotted path, e.g. "form1.unit_opinion.date". */
export function setField(draft, path, value) {
  const parts = path.split(".");
  const copy = structuredClone(draft);
  let node = copy;
  for (const p of parts.slice(0, -1)) node = node[p];
  node[parts.at(-1)] = value;
  return copy;
}

/** Reads a field by dotted path. */
export function getField(draft, path) {
  return path.split(".").reduce((n, p) => (n == null ? n : n[p]), draft);
}

/**
 * The JSON value to store for what was typed into a fact input of a given kind.
 * Numbers stay text (the core reads them exactly); blank means "not filled" (null).
 */
export function factValue(kind, raw) {
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case "count":
    case "money":
    case "percent": {
      const t = String(raw).trim();
      return t === "" ? null : t;
    }
    case "yesno":
      if (raw === "yes" || raw === true) return true;
      if (raw === "no" || raw === false) return false;
      return null;
    case "oneof":
      return raw === "" ? null : raw;
    case "severalof":
      return Array.isArray(raw) ? [...raw] : null;
    default:
      return null;
  }
}

/** Sets a fact; null clears it back to "not filled". Other facts are kept. */
export function setFact(draft, key, value) {
  const facts = { ...draft.facts };
  if (value === null || value === undefined) delete facts[key];
  else facts[key] = value;
  return { ...draft, facts };
}

/** Ticks or unticks one option of a several-of fact (a first tick turns "not filled" into a list). */
export function toggleOption(draft, key, option, on, order) {
  const current = Array.isArray(draft.facts[key]) ? draft.facts[key] : [];
  const set = new Set(current);
  if (on) set.add(option);
  else set.delete(option);
  const list = order ? order.filter((o) => set.has(o)) : [...set];
  return setFact(draft, key, list);
}

/** Sets the 佐证材料 note of an item (blank removes it). */
export function setEvidence(draft, itemId, text) {
  const evidence = { ...draft.evidence };
  if (String(text ?? "").trim() === "") delete evidence[itemId];
  else evidence[itemId] = text;
  return { ...draft, evidence };
}

/** The items the editor shows for a type: the 基本条件 and the chosen category. */
export function visibleItems(rubric, brandType) {
  return rubric.items.filter((i) => i.group === "basic" || i.group === brandType);
}

/**
 * For each visible item, the facts whose inputs it shows: a fact used by several items is
 * shown once, at its first use; later items refer back to it.
 */
export function factPlacement(items) {
  const seen = new Set();
  return items.map((item) => {
    const own = [];
    const shared = [];
    for (const key of item.facts) {
      if (seen.has(key)) shared.push(key);
      else {
        seen.add(key);
        own.push(key);
      }
    }
    return { id: item.id, own, shared };
  });
}
