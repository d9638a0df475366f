// The editor's inputs as DOM: a text or date field of the forms, and the input of a fact by its
// declared kind. What each shows is decided in ./fields.js; `ctx` is the editor:
// { draft(), changed(next, t0), flush(), slot(field) }.
import { factValue, getField, setFact, setField, toggleOption } from "../draft.js";
import { h, replace } from "../dom.js";
import { answerForKey, blankDateHint, clickedAnswer, controlKind, severalStatus, shownYear, yearValue, yesNoButtons } from "./fields.js";

/** A text input (or textarea) for a form field spec (see fields.js `inputSpec`). */
export function textField(ctx, spec) {
  const attrs = {
    id: spec.id,
    value: getField(ctx.draft(), spec.key) ?? "",
    placeholder: spec.placeholder,
    dataset: { field: spec.key },
    "aria-label": spec.label,
    oninput: (e) => ctx.changed(setField(ctx.draft(), spec.key, e.target.value), performance.now()),
    onchange: ctx.flush,
  };
  const input = spec.kind === "textarea" ? h("textarea", { ...attrs, rows: spec.rows }) : h("input", { ...attrs, type: "text" });
  const field = h("label", { class: "field" }, h("span", { class: "label", text: spec.label }), input, ctx.slot(spec.key));
  if (!spec.counter) return field;
  return h("div", { class: "summary-wrap" }, field, h("span", { class: "counter", id: spec.counter, "data-counter": spec.key }));
}

/** A date; left empty, the form prints "年 月 日" for handwriting. */
export function dateField(ctx, spec) {
  const value = getField(ctx.draft(), spec.key) ?? "";
  return h(
    "label",
    { class: "field date" },
    h("span", { class: "label", text: spec.label }),
    h("input", {
      type: "date",
      id: spec.id,
      value,
      class: value ? null : "blank",
      "aria-label": spec.label,
      onchange: (e) => {
        e.target.classList.toggle("blank", !e.target.value);
        ctx.changed(setField(ctx.draft(), spec.key, e.target.value || null));
        ctx.flush();
      },
    }),
    h("span", { class: "hint year-hint", text: blankDateHint(shownYear(ctx.draft())) }),
    ctx.slot(spec.key),
  );
}

/** The 申报年度: printed on the blank "年 月 日" lines; a new draft has the current year. */
export function yearField(ctx, spec) {
  const paintHints = () => {
    for (const el of document.querySelectorAll(".year-hint")) el.textContent = blankDateHint(shownYear(ctx.draft()));
  };
  return h(
    "label",
    { class: "field year" },
    h("span", { class: "label", text: spec.label }),
    h("input", {
      type: "number",
      id: spec.id,
      min: 2000,
      max: 2100,
      step: 1,
      value: String(shownYear(ctx.draft())),
      dataset: { field: spec.key },
      "aria-label": spec.label,
      onchange: (e) => {
        ctx.changed(setField(ctx.draft(), spec.key, yearValue(e.target.value)));
        ctx.flush();
        paintHints();
      },
    }),
    h("span", { class: "hint", text: "本轮申报的年份，打印在未填日期的“年 月 日”处" }),
    ctx.slot(spec.key),
  );
}

/** A 是 | 否 switch: one click to answer, ←/→ or Y/N from the keyboard; a second click on the
 * chosen answer clears it back to "not filled". */
function yesNo(ctx, key, d, current) {
  const group = h("span", { class: "yesno", role: "radiogroup", "aria-label": d.label, dataset: { fact: key, field: `facts.${key}` } });
  const buttons = yesNoButtons(current).map((b) =>
    h("button", { type: "button", role: "radio", class: "seg", text: b.text, dataset: { value: b.value ? "yes" : "no" }, onclick: () => choose(clickedAnswer(current, b.value)) }),
  );
  function paint() {
    yesNoButtons(current).forEach((b, i) => {
      buttons[i].setAttribute("aria-checked", b.checked ? "true" : "false");
      buttons[i].tabIndex = b.tabIndex;
    });
  }
  function choose(answer) {
    current = answer;
    paint();
    ctx.changed(setFact(ctx.draft(), key, answer), performance.now());
    ctx.flush();
  }
  paint();
  group.addEventListener("keydown", (e) => {
    const pick = answerForKey(e.key);
    if (pick === undefined) return;
    e.preventDefault();
    choose(pick);
    buttons[pick ? 0 : 1].focus();
  });
  replace(group, buttons);
  return group;
}

function numberInput(ctx, key, d, current) {
  return h(
    "span",
    { class: "number" },
    h("input", {
      type: "text",
      inputmode: "decimal",
      value: current ?? "",
      dataset: { fact: key, field: `facts.${key}` },
      "aria-label": d.label,
      oninput: (e) => ctx.changed(setFact(ctx.draft(), key, factValue(d.kind, e.target.value)), performance.now()),
      onchange: ctx.flush,
    }),
    d.unit ? h("span", { class: "unit", text: d.unit }) : null,
    h("span", { class: "understood", dataset: { understood: key } }),
  );
}

function oneOf(ctx, key, d, current) {
  const selected = current ?? "";
  const control = h(
    "select",
    {
      dataset: { fact: key, field: `facts.${key}` },
      "aria-label": d.label,
      onchange: (e) => {
        ctx.changed(setFact(ctx.draft(), key, factValue(d.kind, e.target.value)), performance.now());
        ctx.flush();
      },
    },
    h("option", { value: "", text: "— 未填写 —" }),
    d.options.map((o) => h("option", { value: o.key, text: o.label, selected: o.key === selected ? true : null })),
  );
  control.value = selected;
  return control;
}

function several(ctx, key, d, current) {
  const order = d.options.map((o) => o.key);
  const status = h("span", { class: "hint", text: severalStatus(current) });
  const boxes = d.options.map((o) =>
    h(
      "label",
      { class: "check" },
      h("input", {
        type: "checkbox",
        checked: Array.isArray(current) && current.includes(o.key),
        dataset: { fact: key, option: o.key },
        onchange: (e) => {
          ctx.changed(toggleOption(ctx.draft(), key, o.key, e.target.checked, order), performance.now());
          status.textContent = severalStatus(ctx.draft().facts[key]);
          ctx.flush();
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
      ctx.changed(setFact(ctx.draft(), key, []), performance.now());
      status.textContent = severalStatus([]);
      ctx.flush();
    },
  });
  const group = h("span", { class: "several", dataset: { field: `facts.${key}` } }, boxes, none, status);
  // While the focus is in the group the user is still ticking: the unticked boxes may yet be
  // ticked, so a tick never lowers 最高可达; leaving the group settles it.
  group.addEventListener("focusin", () => ctx.openGroup?.(key, true));
  group.addEventListener("focusout", (e) => {
    if (!group.contains(e.relatedTarget)) ctx.openGroup?.(key, false);
  });
  return group;
}

const CONTROLS = { number: numberInput, yesno: yesNo, oneof: oneOf, several };

/** The input of fact `key` declared by `d`, with its label, help and message slot. */
export function factInput(ctx, key, d) {
  const control = CONTROLS[controlKind(d)](ctx, key, d, ctx.draft().facts[key]);
  return h("div", { class: `fact kind-${d.kind}` }, h("span", { class: "label", text: d.label }), control, d.help ? h("span", { class: "hint", text: d.help }) : null, ctx.slot(`facts.${key}`));
}
