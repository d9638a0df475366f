// The score panel: 总分, the highest still reachable, a loud 一票否决 banner, unfilled items,
// every item's points with its explanation, the provincial comparison and the findings.
import { h, replace } from "./dom.js";
import { chipLabel, itemLabel, resultBar, resultPoints, totalText, withoutNumber } from "./format.js";

/** Renders an Evaluation (from the core) into the panel element. */
export function renderPanel(panel, evaluation, rubric, jump) {
  const s = evaluation.score;
  const typeName = s.brand_type ? rubric.types.find((t) => t.key === s.brand_type)?.name : null;
  const item = (id) => rubric.items.find((i) => i.id === id);
  const short = (id) => item(id)?.short ?? "";
  const vetoes = s.vetoes.map((id) => h("li", {}, h("button", { class: "link", text: `${itemLabel(id)}：${withoutNumber(item(id)?.standard)}`, onclick: () => jump(id) })));
  const incomplete = s.incomplete.map((id) => h("button", { class: "chip", text: chipLabel(id, short(id)), title: itemLabel(id, short(id)), dataset: { jump: id }, onclick: () => jump(id) }));
  const items = s.items.map((r) =>
    h(
      "div",
      { class: `score-row ${r.state}`, dataset: { result: r.id } },
      h(
        "div",
        { class: "score-line" },
        h("button", { class: "link item-name", text: itemLabel(r.id, short(r.id)), onclick: () => jump(r.id) }),
        h("div", { class: `bar${r.max === 0 ? " met" : ""}`, title: `${r.points} / ${r.max}` }, h("div", { class: "fill", style: { width: `${resultBar(r)}%` } })),
        h("span", { class: "pts", text: resultPoints(r) }),
      ),
      h("p", { class: "why", text: r.explanation }),
    ),
  );
  const provincial = s.provincial.map((p) =>
    h("li", { class: p.met === true ? "met" : p.met === false ? "unmet" : "unknown" }, h("span", { class: "mark", text: p.met === true ? "✓" : p.met === false ? "✗" : "？" }), ` ${itemLabel(p.id)}：${p.explanation}`),
  );
  const findings = evaluation.findings.map((f) =>
    h("li", { class: f.severity }, h("button", { class: "link", text: f.message, onclick: () => jump(f.field) })),
  );
  replace(
    panel,
    h(
      "div",
      { class: "total-box" },
      h("div", { class: "total-label", text: typeName ? `自评总分 · ${typeName}` : "自评总分（尚未选择类型）" }),
      h("div", { class: `total${s.vetoed ? " vetoed" : ""}`, id: "total", text: totalText(s) }),
      h("div", { class: "total-sub", id: "reachable", text: reachableText(s) }),
    ),
    s.vetoed
      ? h("div", { class: "veto-banner", id: "veto-banner", role: "alert" }, h("strong", { text: `一票否决：${s.vetoes.length} 项基本条件未满足，申报将不予通过` }), h("ul", {}, vetoes))
      : null,
    s.incomplete.length ? h("div", { class: "incomplete", id: "incomplete" }, h("span", { text: `尚未填完 ${s.incomplete.length} 项：` }), incomplete) : null,
    h("h3", { text: "逐项得分" }),
    h("div", { class: "score-list", id: "score-list" }, items),
    provincial.length ? [h("h3", { text: "与省级劳务品牌认定标准对照" }), h("ul", { class: "provincial", id: "provincial" }, provincial)] : null,
    findings.length ? [h("h3", { text: `检查提示（${findings.length}）` }), h("ul", { class: "findings", id: "findings" }, findings)] : null,
  );
}

/** The line under the total: the parts, and the highest reachable only where it means something. */
export function reachableText(s) {
  const parts = `基本条件加分 ${s.basic_bonus} 分 · 分类条件 ${s.category_total} 分`;
  if (s.vetoed) return `${parts} · 一票否决项未满足，不计总分`;
  if (!s.brand_type) return `${parts} · 勾选劳务品牌类型后显示最高可达分数`;
  return `${parts} · 最高可达 ${s.max_reachable} 分`;
}
