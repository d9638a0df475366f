// The two forms as the editor shows them: 附件1 in the official order (labels and limits from
// the core's field list), then 附件2's item cards drawn from the rubric, each with the inputs of
// its facts, its official 评分依据, an evidence note and its live result.
import { factPlacement, setField, visibleItems } from "../draft.js";
import { h, replace } from "../dom.js";
import { itemLabel } from "../format.js";
import { form1Rows, reportingUnit } from "./fields.js";
import { evidenceSection } from "./evidence.js";
import { dateField, factInput, textField, yearField } from "./inputs.js";

/** The 劳务品牌类型 boxes; ticking one redraws 附件2 for that category. */
function typeChooser(ctx, spec, onType) {
  return h(
    "fieldset",
    { class: "types", dataset: { field: spec.key } },
    h("legend", { text: `${spec.name}（勾选一类）` }),
    ctx.rubric.types.map((t) =>
      h(
        "label",
        { class: "type" },
        h("input", {
          type: "radio",
          name: "brand_type",
          value: t.key,
          checked: ctx.draft().form1.brand_type === t.key,
          dataset: { type: t.key },
          onchange: () => {
            ctx.changed(setField(ctx.draft(), spec.key, t.key), performance.now());
            ctx.flush();
            onType();
          },
        }),
        t.name,
      ),
    ),
    ctx.slot(spec.key),
  );
}

function input(ctx, spec, onType) {
  if (spec.kind === "type") return typeChooser(ctx, spec, onType);
  if (spec.kind === "date") return dateField(ctx, spec);
  if (spec.kind === "year") return yearField(ctx, spec);
  return textField(ctx, spec);
}

/** 附件1's section. */
export function form1Section(ctx, onType) {
  return h(
    "section",
    { class: "form1", id: "form1" },
    h("h2", { text: "附件1 连云港市市级劳务品牌推荐表" }),
    form1Rows(ctx.fields).map((row) => (row.length === 1 ? input(ctx, row[0], onType) : h("div", { class: "two" }, row.map((s) => input(ctx, s, onType))))),
  );
}

/** One item's card. */
function itemCard(ctx, item, placement) {
  const decl = (key) => ctx.rubric.facts.find((f) => f.key === key);
  const result = h("p", { class: "item-result" });
  ctx.resultSlots.set(item.id, result);
  const card = h(
    "article",
    { class: "item", id: `item-${item.id}`, dataset: { item: item.id } },
    h("header", {}, h("span", { class: "item-id", text: itemLabel(item.id) }), h("span", { class: "project", text: item.project }), h("span", { class: "points-text", text: `分值 ${item.points_text}` })),
    h("p", { class: "standard", text: item.standard }),
    // The official 评分依据 stays on the card; folded only where the window is small.
    h("details", { class: "basis", open: window.innerWidth >= 1200 ? true : null }, h("summary", { text: "评分依据" }), h("p", { text: item.basis })),
    h("div", { class: "facts" }, placement.own.map((k) => factInput(ctx, k, decl(k)))),
    placement.shared.length ? h("p", { class: "hint", text: `同时使用上方已填写的：${placement.shared.map((k) => `「${decl(k).label}」`).join("、")}` }) : null,
    result,
  );
  // The evidence goes above the live result: files, 添加佐证…, the note.
  card.insertBefore(evidenceSection(ctx, item, card), result);
  return card;
}

/** Draws 附件2 into `section`: the 填报单位 and the cards of the 基本条件 and the chosen type. */
export function renderForm2(ctx, section) {
  ctx.dropSlots((key) => key.startsWith("facts.") || key.startsWith("evidence."));
  ctx.resultSlots.clear();
  const items = visibleItems(ctx.rubric, ctx.draft().form1.brand_type);
  const placement = factPlacement(items);
  let lastGroup = null;
  const cards = [];
  items.forEach((item, i) => {
    if (item.group !== "basic" && lastGroup !== item.group) {
      const t = ctx.rubric.types.find((x) => x.key === item.group);
      cards.push(h("h3", { class: "group-head", text: `分类条件 · ${t.heading}` }));
      lastGroup = item.group;
    } else if (item.group === "basic" && i === 0) {
      cards.push(h("h3", { class: "group-head", text: "基本条件（11 项均为一票否决项目）" }));
    }
    cards.push(itemCard(ctx, item, placement[i]));
  });
  if (!ctx.draft().form1.brand_type) cards.push(h("p", { class: "empty", text: "请在附件1中勾选劳务品牌类型，这里将显示该类别的 5 项分类条件。" }));
  const unit = reportingUnit(ctx.fields);
  replace(section, h("h2", { text: "附件2 连云港市市级劳务品牌评分表" }), unit ? textField(ctx, unit) : null, cards);
}
